"""``kundenspiel completion bash|zsh``: the generated scripts, run in the real shells."""

from __future__ import annotations

import argparse
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kundenspiel.cli import build_parser, main
from kundenspiel.commands.common import GermanArgumentParser
from kundenspiel.commands.completion import bash_script, describe_parser, zsh_script

BASH = shutil.which("bash")
ZSH = shutil.which("zsh")
needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed")
needs_zsh = pytest.mark.skipif(
    ZSH is None, reason="zsh is not installed (Debian/Ubuntu: apt-get install -y zsh)"
)
# The console script of this environment, for the end-to-end checks with kundenspiel on PATH.
CONSOLE_SCRIPT = Path(sys.executable).parent / "kundenspiel"
BASH_COMPLETION = Path("/usr/share/bash-completion/bash_completion")
# Only a safety net against a shell that hangs; no assertion depends on how long anything takes.
GIVE_UP_AFTER = 60.0


def subcommand_names(parser: argparse.ArgumentParser) -> set[str]:
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(actions[0].choices)


@pytest.fixture
def bash_file(tmp_path: Path) -> Path:
    path = tmp_path / "kundenspiel.bash"
    path.write_text(bash_script(describe_parser(build_parser())), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A working folder with two scenario files, a folder and a file name with a space."""
    folder = tmp_path / "work"
    (folder / "szenarien").mkdir(parents=True)
    for name in ("druckerpatrone.yaml", "drucker notizen.txt", "abbuchung.yaml"):
        (folder / name).write_text("", encoding="utf-8")
    return folder


def bash_complete(script: Path, *words: str, cwd: Path | None = None) -> list[str]:
    """COMPREPLY of ``_kundenspiel`` for the command line ``words`` (the last is being typed)."""
    program = 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _kundenspiel; '
    program += 'printf "%s\\n" "${COMPREPLY[@]}"'
    assert BASH is not None
    completed = subprocess.run(
        [BASH, "--norc", "--noprofile", "-c", program, "bash", str(script), "kundenspiel", *words],
        capture_output=True,
        text=True,
        cwd=cwd,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    return [line for line in completed.stdout.splitlines() if line]


def run_in_pty(argv: list[str], setup: str, typed: bytes, *, cwd: Path, env: dict[str, str]) -> str:
    """Start an interactive shell on a terminal, run ``setup`` (which ends by printing READY),
    then type ``typed``; return everything the terminal showed once the shell has exited."""
    controller, terminal = pty.openpty()
    shell = subprocess.Popen(
        argv, stdin=terminal, stdout=terminal, stderr=terminal, cwd=cwd, env=env, start_new_session=True
    )
    os.close(terminal)
    shown = b""
    pending = [setup.encode() + b"\n", typed]
    give_up = time.monotonic() + GIVE_UP_AFTER
    try:
        os.write(controller, pending.pop(0))
        while shell.poll() is None and time.monotonic() < give_up:
            if pending and b"READY\r\n" in shown:
                os.write(controller, pending.pop(0))
            if select.select([controller], [], [], 0.1)[0]:
                try:
                    shown += os.read(controller, 65536)
                except OSError:  # the shell has closed the terminal
                    break
    finally:
        if shell.poll() is None:
            shell.kill()
        shell.wait()
        os.close(controller)
    assert not pending, f"the shell never got ready:\n{shown.decode(errors='replace')}"
    return shown.decode(errors="replace")


# ------------------------------------------------------------------ the subcommand


def test_completion_prints_the_script_for_each_shell(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", "bash"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# bash completion for kundenspiel")
    assert out.rstrip().endswith("complete -F _kundenspiel kundenspiel")
    assert main(["completion", "zsh"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("#compdef kundenspiel\n")
    assert "_kundenspiel_workshop_new() {" in out


def test_unknown_shell_is_a_german_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["completion", "fish"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "'fish' gibt es nicht (möglich: 'bash', 'zsh')" in err and "Traceback" not in err


def test_help_is_german_and_says_how_to_install(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    listing = " ".join(capsys.readouterr().out.split())
    assert "completion Skript für die Befehlszeilen-Ergänzung ausgeben (bash, zsh)" in listing
    with pytest.raises(SystemExit):
        main(["completion", "--help"])
    out = capsys.readouterr().out
    assert "kundenspiel completion bash > ~/.local/share/bash-completion/completions/kundenspiel\n" in out
    assert "kundenspiel completion zsh > ~/.zfunc/_kundenspiel\n" in out


def parser_with_an_extra_subcommand() -> argparse.ArgumentParser:
    """The real parser plus a subcommand this module knows nothing about."""
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    extra = commands.add_parser("zusatz", help="nur für diesen Test")
    extra.add_argument("--modus", choices=("schnell", "gründlich", "mit Pause"))
    actions = extra.add_subparsers(dest="zusatz_action")
    actions.add_parser("tief").add_argument("ziel", metavar="ORDNER")
    return parser


@needs_bash
def test_bash_script_follows_the_parser(tmp_path: Path) -> None:
    """A subcommand added anywhere shows up with its options, choices and nested actions."""
    script = tmp_path / "zusatz.bash"
    script.write_text(bash_script(describe_parser(parser_with_an_extra_subcommand())), encoding="utf-8")
    (tmp_path / "ordner").mkdir()
    (tmp_path / "datei.txt").write_text("", encoding="utf-8")
    assert "zusatz" in bash_complete(script, "")
    assert bash_complete(script, "zusatz", "--modus", "") == ["schnell", "gründlich", "mit Pause"]
    assert bash_complete(script, "zusatz", "") == ["tief"]
    assert bash_complete(script, "zusatz", "tief", "", cwd=tmp_path) == ["ordner"]


def test_hidden_options_are_offered_only_where_a_command_above_shows_them() -> None:
    parser = GermanArgumentParser(prog="kundenspiel")
    parser.add_argument("--saves", metavar="ORDNER", help="Ordner für Spielstände")
    sub = parser.add_subparsers(dest="command").add_parser("check")
    sub.add_argument("--saves", metavar="ORDNER", help=argparse.SUPPRESS)
    sub.add_argument("--intern", help=argparse.SUPPRESS)
    check = describe_parser(parser).subcommands["check"]
    assert [option.strings for option in check.options] == [("-h", "--help"), ("--saves",)]
    assert check.options[1].help == "Ordner für Spielstände" and check.options[1].kind == "dir"


# ------------------------------------------------------------------ bash


@needs_bash
def test_bash_offers_the_subcommands_of_the_parser(bash_file: Path) -> None:
    offered = bash_complete(bash_file, "")
    assert set(offered) == subcommand_names(build_parser())
    assert {"check", "workshop", "completion"} <= set(offered)
    assert bash_complete(bash_file, "ex") == ["explore", "export"]


@needs_bash
def test_bash_offers_nested_actions_and_choices(bash_file: Path) -> None:
    assert bash_complete(bash_file, "workshop", "") == ["new", "list", "pin", "merge", "delete"]
    assert bash_complete(bash_file, "workshop", "l") == ["list"]
    assert bash_complete(bash_file, "graph", "--format", "") == ["mermaid", "dot"]
    assert bash_complete(bash_file, "export", "KR7M", "--format", "") == ["csv", "md", "html", "json"]
    assert bash_complete(bash_file, "completion", "") == ["bash", "zsh"]


@needs_bash
def test_bash_completes_option_values_after_an_equals_sign(bash_file: Path) -> None:
    # bash splits --format=d into "--format" "=" "d" unless "=" was taken out of COMP_WORDBREAKS.
    assert bash_complete(bash_file, "graph", "--format", "=") == ["mermaid", "dot"]
    assert bash_complete(bash_file, "graph", "--format", "=", "d") == ["dot"]
    assert bash_complete(bash_file, "graph", "--format=d") == ["--format=dot"]


@needs_bash
def test_bash_completes_option_prefixes(bash_file: Path) -> None:
    assert bash_complete(bash_file, "check", "--st") == ["--strict"]
    assert bash_complete(bash_file, "--ver") == ["--version"]
    # The global options count after a subcommand too, and their values are skipped.
    assert bash_complete(bash_file, "--saves", "x", "check", "--sa") == ["--saves"]
    assert bash_complete(bash_file, "--saves", "check", "graph", "--format", "") == ["mermaid", "dot"]
    assert bash_complete(bash_file, "graph", "--scenarios", "x", "--fo") == ["--format"]


@needs_bash
def test_bash_completes_files_and_folders(bash_file: Path, files: Path) -> None:
    everything = {"druckerpatrone.yaml", "drucker notizen.txt", "abbuchung.yaml", "szenarien"}
    assert set(bash_complete(bash_file, "check", "", cwd=files)) == everything
    assert set(bash_complete(bash_file, "check", "a.yaml", "d", cwd=files)) == {
        "druckerpatrone.yaml",
        "drucker notizen.txt",
    }
    assert bash_complete(bash_file, "new", "x", "--folder", "", cwd=files) == ["szenarien"]
    assert bash_complete(bash_file, "--saves", "", cwd=files) == ["szenarien"]
    assert set(bash_complete(bash_file, "export", "KR7M", "-o", "", cwd=files)) == everything


@needs_bash
def test_bash_offers_nothing_for_free_text(bash_file: Path, files: Path) -> None:
    assert bash_complete(bash_file, "workshop", "new", "", cwd=files) == []
    assert bash_complete(bash_file, "graph", "a.yaml", "--format", "dot", "--theme", "", cwd=files) == []


@needs_bash
@pytest.mark.skipif(not CONSOLE_SCRIPT.exists(), reason="kundenspiel is not installed as a command")
def test_bash_completes_on_tab_with_kundenspiel_on_path(files: Path, tmp_path: Path) -> None:
    """Real readline: the script sourced from the command's output, Tab pressed in the line."""
    assert BASH is not None
    record = tmp_path / "arguments.txt"
    env = {**os.environ, "PATH": f"{CONSOLE_SCRIPT.parent}{os.pathsep}{os.environ['PATH']}", "TERM": "dumb"}
    env |= {"INPUTRC": str(tmp_path / "no-inputrc"), "HISTFILE": str(tmp_path / "history")}
    setup = (
        "PS1='$ '; source <(kundenspiel completion bash); "
        # A function of the same name records the completed line instead of starting the game.
        f"kundenspiel() {{ printf '%s\\n' \"$@\" -- >> {record}; }}; echo RE''ADY"
    )
    typed = b"kundenspiel grap\t--form\tm\tdrucker\t\tp\t\nkundenspiel check drucker\\ n\t sz\t\nexit\n"
    shown = run_in_pty([BASH, "--norc", "--noprofile", "-i"], setup, typed, cwd=files, env=env)
    assert record.exists(), shown
    assert record.read_text().split("--\n") == [
        "graph\n--format\nmermaid\ndruckerpatrone.yaml\n",
        # Names are quoted on the line and folders get their slash, as for any file completion.
        "check\ndrucker notizen.txt\nszenarien/\n",
        "",
    ]


@needs_bash
@pytest.mark.skipif(not CONSOLE_SCRIPT.exists(), reason="kundenspiel is not installed as a command")
@pytest.mark.skipif(not BASH_COMPLETION.exists(), reason="bash-completion is not installed")
def test_bash_completion_package_loads_the_installed_file(files: Path, tmp_path: Path) -> None:
    """The install line of the help, with bash-completion loading the file on the first Tab."""
    assert BASH is not None
    record = tmp_path / "arguments.txt"
    env = {**os.environ, "PATH": f"{CONSOLE_SCRIPT.parent}{os.pathsep}{os.environ['PATH']}", "TERM": "dumb"}
    env |= {"INPUTRC": str(tmp_path / "no-inputrc"), "HISTFILE": str(tmp_path / "history")}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    folder = tmp_path / "data" / "bash-completion" / "completions"
    setup = (
        f"PS1='$ '; source {BASH_COMPLETION}; mkdir -p {folder}; "
        f"kundenspiel completion bash > {folder}/kundenspiel; "
        f"kundenspiel() {{ printf '%s\\n' \"$@\" > {record}; }}; echo RE''ADY"
    )
    typed = b"kundenspiel works\tl\t\nexit\n"
    shown = run_in_pty([BASH, "--norc", "--noprofile", "-i"], setup, typed, cwd=files, env=env)
    assert record.exists(), shown
    assert record.read_text().splitlines() == ["workshop", "list"]


# ------------------------------------------------------------------ zsh

ZSH_CAPTURE = r"""
PS1='$ '
{load}
# Every candidate completion offers is written to the file; the internal lookups (-O, -A, -D)
# go straight through. After the first completion the shell exits.
compadd() {{
    if [[ ${{@[1,(i)(-|--)]}} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
    local -a captured
    builtin compadd -O captured "$@"
    (( $#captured )) && print -rl -- $captured >> {out}
    builtin compadd "$@"
}}
_capture_done() {{ exit }}
comppostfuncs=(_capture_done)
echo RE''ADY
"""
ZSH_FROM_FPATH = "fpath=({folder} $fpath); autoload -Uz compinit && compinit -u -D"
ZSH_SOURCED = "autoload -Uz compinit && compinit -u -D; source {script}"


def zsh_complete(
    tmp_path: Path,
    line: str,
    *,
    cwd: Path,
    sourced: bool = False,
    parser: argparse.ArgumentParser | None = None,
) -> list[str]:
    """What zsh's completion offers for ``line`` (Tab at its end), with the script on $fpath."""
    assert ZSH is not None
    folder = tmp_path / "functions"
    folder.mkdir(exist_ok=True)
    script = folder / "_kundenspiel"
    script.write_text(zsh_script(describe_parser(parser or build_parser())), encoding="utf-8")
    out = tmp_path / "offered.txt"
    out.unlink(missing_ok=True)
    load = (ZSH_SOURCED if sourced else ZSH_FROM_FPATH).format(folder=folder, script=script)
    setup = tmp_path / "setup.zsh"
    setup.write_text(ZSH_CAPTURE.format(load=load, out=out), encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path), "TERM": "dumb"}
    run_in_pty([ZSH, "-f", "-i"], f"source {setup}", line.encode() + b"\t", cwd=cwd, env=env)
    return sorted({word.strip() for word in out.read_text().splitlines()} if out.exists() else set())


@needs_zsh
def test_zsh_script_passes_the_syntax_check(tmp_path: Path) -> None:
    assert ZSH is not None
    script = tmp_path / "_kundenspiel"
    script.write_text(zsh_script(describe_parser(build_parser())), encoding="utf-8")
    completed = subprocess.run([ZSH, "-n", str(script)], capture_output=True, text=True)
    assert completed.returncode == 0 and completed.stderr == ""


@needs_zsh
def test_zsh_offers_subcommands_actions_and_choices(tmp_path: Path, files: Path) -> None:
    assert zsh_complete(tmp_path, "kundenspiel ", cwd=files) == sorted(subcommand_names(build_parser()))
    assert zsh_complete(tmp_path, "kundenspiel workshop ", cwd=files) == [
        "delete",
        "list",
        "merge",
        "new",
        "pin",
    ]
    assert zsh_complete(tmp_path, "kundenspiel graph --format ", cwd=files) == ["dot", "mermaid"]
    assert zsh_complete(tmp_path, "kundenspiel graph --format=", cwd=files) == ["dot", "mermaid"]
    assert zsh_complete(tmp_path, "kundenspiel check --st", cwd=files) == ["--strict"]
    assert zsh_complete(tmp_path, "kundenspiel --saves x check --sa", cwd=files) == ["--saves"]


@needs_zsh
def test_zsh_completes_files_and_folders(tmp_path: Path, files: Path) -> None:
    # The space comes quoted, as zsh puts the name on the line.
    everything = ["abbuchung.yaml", "drucker\\ notizen.txt", "druckerpatrone.yaml", "szenarien"]
    assert zsh_complete(tmp_path, "kundenspiel check ", cwd=files) == everything
    assert zsh_complete(tmp_path, "kundenspiel new x --folder ", cwd=files) == ["szenarien"]
    assert zsh_complete(tmp_path, "kundenspiel workshop new ", cwd=files) == []


@needs_zsh
def test_zsh_script_also_works_when_sourced(tmp_path: Path, files: Path) -> None:
    assert zsh_complete(tmp_path, "kundenspiel workshop ", cwd=files, sourced=True) == [
        "delete",
        "list",
        "merge",
        "new",
        "pin",
    ]


@needs_zsh
def test_zsh_script_follows_the_parser(tmp_path: Path, files: Path) -> None:
    parser = parser_with_an_extra_subcommand()
    assert "zusatz" in zsh_complete(tmp_path, "kundenspiel ", cwd=files, parser=parser)
    offered = zsh_complete(tmp_path, "kundenspiel zusatz --modus ", cwd=files, parser=parser)
    assert offered == ["gründlich", "mit Pause", "schnell"]
    assert zsh_complete(tmp_path, "kundenspiel zusatz ", cwd=files, parser=parser) == ["tief"]
    assert zsh_complete(tmp_path, "kundenspiel zusatz tief ", cwd=files, parser=parser) == ["szenarien"]
