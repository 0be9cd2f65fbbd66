"""``kundenspiel serve`` on the command line: options, German messages, the printed address and
QR code, the page it serves and how Ctrl+C ends it. (The game in a browser: tests/serve/.)"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import segno

from kundenspiel.cli import build_parser, game_config, main
from kundenspiel.commands.serve import announcement, announcement_text, game_command, qr_lines

HALF_BLOCKS = {"█": (1, 1), "▀": (1, 0), "▄": (0, 1), " ": (0, 0)}


def serve(*options: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kundenspiel", "serve", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_port_in_use_is_told_in_german_without_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"Port {port} ist auf 127.0.0.1 schon belegt" in err
    assert "--port" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("kein.rechner.invalid", "Die Adresse „kein.rechner.invalid“ gibt es nicht"),
        ("203.0.113.77", "gehört nicht zu diesem Computer"),
    ],
)
def test_a_bad_host_is_told_in_german(host: str, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", host, "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err


def test_a_port_out_of_range_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--port", "70000"])
    assert stopped.value.code == 2
    assert "keine Portnummer" in capsys.readouterr().err


def test_on_loopback_only_this_computer_is_promised_and_the_room_is_explained() -> None:
    told = announcement("127.0.0.1", 8000, "192.168.1.20")
    assert told.address == "http://127.0.0.1:8000/"
    text = "\n".join(told.lines)
    assert "Nur dieser Computer erreicht das Spiel" in text
    assert "--host 0.0.0.0" in text
    assert "http://192.168.1.20:8000/" in text


def test_on_all_networks_the_lan_address_is_handed_out() -> None:
    assert announcement("0.0.0.0", 8080, "10.0.0.5").address == "http://10.0.0.5:8080/"
    without_network = announcement("0.0.0.0", 8080, None)
    assert without_network.address == "http://127.0.0.1:8080/"
    assert "keinem Netzwerk" in without_network.lines[0]
    assert announcement("::1", 8000, None).address == "http://[::1]:8000/"


def read_qr(lines: list[str]) -> list[list[int]]:
    """The modules drawn by half-block lines, two rows per line."""
    rows: list[list[int]] = []
    for line in lines:
        pairs = [HALF_BLOCKS[glyph] for glyph in line]
        rows += [[top for top, _ in pairs], [bottom for _, bottom in pairs]]
    return rows


def test_the_qr_code_shows_exactly_the_modules_of_the_address() -> None:
    address = "http://192.168.1.20:8000/"
    expected = [list(row) for row in segno.make(address, error="m").matrix_iter(border=4)]
    drawn = read_qr(qr_lines(address, colour=False))
    assert drawn[: len(expected)] == expected
    # An odd number of rows: the last line's lower half is light, outside the code.
    assert len(drawn) == len(expected) + 1
    assert set(drawn[-1]) == {0}


def test_the_coloured_qr_code_is_black_on_white_whatever_the_terminal() -> None:
    lines = qr_lines("http://10.0.0.5:8000/", colour=True)
    assert all(line.startswith("\x1b[30;107m") and line.endswith("\x1b[0m") for line in lines)
    plain = [line.removeprefix("\x1b[30;107m").removesuffix("\x1b[0m") for line in lines]
    assert plain == qr_lines("http://10.0.0.5:8000/", colour=False)


def test_the_address_is_printed_framed_with_the_saves_folder(tmp_path: Path) -> None:
    text = announcement_text(announcement("0.0.0.0", 8000, "10.0.0.5"), tmp_path, colour=False)
    lines = text.splitlines()
    framed = lines.index(next(line for line in lines if "http://10.0.0.5:8000/" in line and "║" in line))
    assert lines[framed - 1].startswith("╔") and lines[framed + 1].startswith("╚")
    assert f"Spielstände: {tmp_path}" in text
    assert "Strg+C" in text


def test_each_tab_runs_this_interpreter_on_the_resolved_folders_as_a_served_game(tmp_path: Path) -> None:
    import shlex

    command = game_command(tmp_path / "saves mit Leerzeichen", tmp_path / "eigene")
    words = shlex.split(command.removeprefix("exec "))
    assert words[:3] == [sys.executable, "-m", "kundenspiel"]
    arguments = build_parser().parse_args(words[3:])
    config = game_config(arguments)
    assert config.served is True
    assert config.saves_dir == tmp_path / "saves mit Leerzeichen"
    assert config.scenario_dir == tmp_path / "eigene"
    assert game_config(build_parser().parse_args([])).served is False


def test_served_is_not_offered_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "--served" not in out
    assert "serve" in out


def test_the_page_is_german_and_its_websocket_uses_the_address_the_browser_used(tmp_path: Path) -> None:
    process = serve("--port", "0", "--saves", str(tmp_path / "saves"))
    assert process.stdout is not None
    printed = []
    for line in process.stdout:
        printed.append(line)
        if match := re.search(r"http://127\.0\.0\.1:(\d+)/", line):
            break
    else:
        process.kill()
        pytest.fail("no address printed: " + "".join(printed))
    port = match.group(1)
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": f"localhost:{port}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            page = response.read().decode()
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert "<title>kundenspiel</title>" in page
    assert "Neu verbinden" in page and "Session ended" not in page
    assert f'data-session-websocket-url="ws://localhost:{port}/ws"' in page
    # Ctrl+C: a German goodbye, exit code 0, nothing English or a traceback on stderr.
    assert process.returncode == 0
    assert "kundenspiel serve beendet" in out
    assert err == ""


IMPORTS_AT_START = """
import sys
from kundenspiel.cli import build_parser
build_parser()
import kundenspiel.ui.app
before_loading = sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "yaml", "tinydb")
    or m.startswith(("kundenspiel.store", "kundenspiel.engine", "kundenspiel.workshop")))
import kundenspiel.catalog
loading = sorted(m for m in sys.modules if m == "yaml"
    or m.startswith(("kundenspiel.engine.loader", "kundenspiel.engine.lint", "kundenspiel.engine.balance")))
print(before_loading, loading)
"""


def test_each_tabs_game_reaches_its_first_screen_without_the_store_or_the_loader() -> None:
    # Thirty games start at once when a room opens the address: what the first screen does not
    # need is imported later (the store, the models) or, with a warm cache, never (the loader).
    completed = subprocess.run(
        [sys.executable, "-c", IMPORTS_AT_START], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "[] []"


def test_a_tab_s_game_forked_from_the_warm_process_gets_its_arguments_environment_and_exit_code(
    tmp_path: Path,
) -> None:
    from kundenspiel.commands.warm_games import client_words, game_program

    tab_saves = tmp_path / "Spielstände des Tabs"
    environment = {**os.environ, "KUNDENSPIEL_SAVES": str(tab_saves)}
    with game_program() as program:
        shown = subprocess.run(
            [*program, "info"], capture_output=True, text=True, env=environment, timeout=120
        )
        refused = subprocess.run(
            [*program, "--theme", "gibtsnicht"], capture_output=True, text=True, timeout=120
        )
    assert program[-1].endswith("games.sock")
    assert shown.returncode == 0, shown.stderr
    assert str(tab_saves) in shown.stdout
    assert refused.returncode == 2
    assert "Farbschema „gibtsnicht“ gibt es nicht" in refused.stderr
    # Without the warm process the client starts the game itself.
    alone = subprocess.run(
        [*client_words(str(tmp_path / "kein.sock")), "--version"], capture_output=True, text=True, timeout=120
    )
    assert alone.returncode == 0
    assert alone.stdout.startswith("kundenspiel ")


def test_the_warm_up_game_ends_quietly_with_no_thread_left_to_fork(tmp_path: Path) -> None:
    # Its loading once outlived its screen and printed a crash into the trainer's terminal.
    script = (
        "import threading\n"
        "from kundenspiel.commands.warm_games import warm_up\n"
        "warm_up()\n"
        "print(threading.active_count())\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip().splitlines()[-1] == "1"
    assert "Fehler" not in completed.stdout + completed.stderr
    assert "Traceback" not in completed.stderr
