"""``kundenspiel check``: output format, summary and exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kundenspiel.cli import main
from kundenspiel.folders import resolve_folders
from tests.conftest import MINI_SCENARIO, SCENARIO_DIR, repository_scenarios

EXAMPLE_MARKER = "<!-- beispiel: vollständig -->"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["check", *args])
    return code, capsys.readouterr().out.splitlines()


def test_clean_file_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = run(capsys, str(MINI_SCENARIO))
    assert code == 0
    assert lines == ["1 Datei geprüft: 0 Fehler, 0 Warnungen"]


def test_errors_exit_one_and_are_printed_gcc_style(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "mini.yaml"
    broken.write_text(MINI_SCENARIO.read_text().replace("next: leitung", "next: leitun"))
    code, lines = run(capsys, str(broken))
    assert code == 1
    assert lines[0].startswith(f"{broken}:44:15: error: Ziel „leitun“ gibt es nicht")
    assert lines[-1] == "1 Datei geprüft: 1 Fehler, 0 Warnungen"


def test_warnings_pass_unless_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "anders.yaml"
    shutil.copy(MINI_SCENARIO, copy)
    code, lines = run(capsys, str(copy))
    assert code == 0
    assert lines[-1] == "1 Datei geprüft: 0 Fehler, 1 Warnung"
    code, lines = run(capsys, "--strict", str(copy))
    assert code == 1
    assert lines[-1].endswith("(--strict: Warnungen zählen als Fehler)")


def test_folders_are_searched_and_every_file_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(MINI_SCENARIO, tmp_path / "mini.yaml")
    (tmp_path / "kaputt.yml").write_text("id: [\n")
    (tmp_path / ".versteckt.yaml").write_text("id: [\n")
    (tmp_path / "notizen.txt").write_text("kein yaml")
    code, lines = run(capsys, str(tmp_path))
    assert code == 1
    assert [line for line in lines if ": error: " in line] == [
        f"{tmp_path / 'kaputt.yml'}:2:1: error: YAML-Syntaxfehler: die Datei endet mitten in einem"
        " Wert (fehlt eine schließende Klammer?)"
    ]
    assert lines[-1] == "2 Dateien geprüft: 1 Fehler, 0 Warnungen"


def test_missing_path_is_reported_as_a_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = run(capsys, str(tmp_path / "gibtsnicht.yaml"))
    assert code == 1
    assert lines[0] == f"{tmp_path / 'gibtsnicht.yaml'}:1:1: error: Datei nicht gefunden"


def test_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = run(capsys, str(tmp_path))
    assert code == 1
    assert lines == [f"{tmp_path}: keine Szenario-Dateien (*.yaml) gefunden"]


def test_usage_error_exits_two_in_german() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "kundenspiel", "check", "--gibtsnicht"],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 2
    assert "Aufruf fehlerhaft" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_without_paths_the_shipped_and_the_own_scenarios_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    own = tmp_path / "eigene"
    own.mkdir()
    broken = MINI_SCENARIO.read_text(encoding="utf-8").replace("id: mini", "id: kaputt")
    (own / "kaputt.yaml").write_text(broken.replace("  node: ", "  node: gibtsnicht_", 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KUNDENSPIEL_SCENARIOS", str(own))
    shipped = len(repository_scenarios())
    code, lines = run(capsys)
    assert code == 1
    assert all(line.startswith(f"{own / 'kaputt.yaml'}:") for line in lines[:-1])
    assert lines[-1].startswith(f"{shipped + 1} Dateien geprüft: 1 Fehler")
    (own / "kaputt.yaml").unlink()
    code, lines = run(capsys)
    assert (code, lines) == (0, [f"{shipped} Dateien geprüft: 0 Fehler, 0 Warnungen"])


def test_an_id_names_the_scenario_in_the_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, lines = run(capsys, "druckerpatrone")
    assert (code, lines) == (0, ["1 Datei geprüft: 0 Fehler, 0 Warnungen"])
    code, lines = run(capsys, "gibtsnicht")
    assert code == 1 and lines[0] == "gibtsnicht:1:1: error: Datei nicht gefunden"


def test_text_cut_by_a_comment_fails_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "mini.yaml"
    copy.write_text(MINI_SCENARIO.read_text().replace('title: "Die Reklamation"', "title: Fall #1 klären"))
    code, lines = run(capsys, "--strict", str(copy))
    assert code == 1
    assert lines[0] == (
        f"{copy}:3:13: warning: Hier beginnt ein Kommentar: der Rest der Zeile fehlt im Text."
        " Setze den Text in Anführungszeichen."
    )


def test_the_guides_complete_example_passes_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    guide = (SCENARIO_DIR / "README.md").read_text(encoding="utf-8")
    block = guide.split(EXAMPLE_MARKER, 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    scenario_id = next(line for line in block.splitlines() if line.startswith("id: "))[4:]
    example = tmp_path / f"{scenario_id}.yaml"
    example.write_text(block, encoding="utf-8")
    code, lines = run(capsys, "--strict", str(example))
    assert (code, lines) == (0, ["1 Datei geprüft: 0 Fehler, 0 Warnungen"])


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["workshop"], "Aufruf fehlerhaft: es fehlt: AKTION"),
        (["graph"], "Aufruf fehlerhaft: es fehlt: SZENARIO"),
        (["check", "--x"], "Aufruf fehlerhaft: unbekannte Angaben: --x"),
        (["graph", "x.yaml", "--format", "png"], "--format: 'png' gibt es nicht (möglich: 'mermaid', 'dot')"),
    ],
)
def test_usage_errors_are_german(arguments: list[str], expected: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "kundenspiel", *arguments], capture_output=True, text=True
    )
    assert completed.returncode == 2
    assert completed.stderr.splitlines()[0].startswith("Aufruf: kundenspiel")
    assert expected in completed.stderr


def test_an_internal_error_in_one_file_is_reported_and_the_rest_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kundenspiel.engine import loader

    shutil.copy(MINI_SCENARIO, tmp_path / "a.yaml")
    shutil.copy(MINI_SCENARIO, tmp_path / "b.yaml")
    real_check = loader.check_bytes

    def fragile(data: bytes, path: str, *, expected_id: str | None = None) -> loader.CheckResult:
        if path.endswith("a.yaml"):
            raise ValueError("a bug in a check")
        return real_check(data, path, expected_id=expected_id)

    monkeypatch.setattr(loader, "check_bytes", fragile)
    code, lines = run(capsys, str(tmp_path))
    assert code == 1
    assert lines[0] == (
        f"{tmp_path / 'a.yaml'}:1:1: error: die Datei konnte nicht vollständig geprüft werden "
        "(interner Fehler ValueError) – bitte melde das zusammen mit dieser Datei und dem Protokoll "
        "(das nennt „kundenspiel info“)"
    )
    assert lines[-1] == "2 Dateien geprüft: 1 Fehler, 1 Warnung"  # b.yaml: id ≠ file name
    logged = resolve_folders().log_file.read_text(encoding="utf-8")
    assert f"checking {tmp_path / 'a.yaml'} failed" in logged and "ValueError: a bug in a check" in logged


def test_huge_number_is_a_diagnostic_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mini.yaml"
    text = MINI_SCENARIO.read_text(encoding="utf-8")
    path.write_text(text.replace("vertrauen: 40", "vertrauen: 1" + "0" * 10_000), encoding="utf-8")
    code, lines = run(capsys, str(path))
    assert code == 1
    assert lines[0].startswith(f"{path}:21:16: error: Zahl zu groß (10.001 Ziffern)")
    assert lines[-1] == "1 Datei geprüft: 1 Fehler, 0 Warnungen"


# ESC, BEL, NUL, a C1 control (CSI) and a bidi override, each written as a YAML escape.
CONTROLS_YAML = r"\e[31m\a\0\x9b\u202e"
CONTROLS_SHOWN = r"\x1b[31m\x07\x00\x9b\u202e"


def _has_raw_controls(text: str) -> bool:
    return any(char in text for char in "\x1b\x07\x00\x9b\u202e")


def test_control_characters_from_the_file_are_printed_visibly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = MINI_SCENARIO.read_text(encoding="utf-8")
    text = text.replace("id: mini", f'id: "mini{CONTROLS_YAML}"')
    text = text.replace("  - id: leitung", f'  - id: leitung\n    "titel{CONTROLS_YAML}": x', 1)
    folder = tmp_path / "ordner\u202e\x1b[2J"
    folder.mkdir()
    path = folder / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    code, lines = run(capsys, str(path))
    assert code == 1
    shown_path = str(tmp_path / r"ordner\u202e\x1b[2J" / "mini.yaml")
    assert lines[:2] == [
        f"{shown_path}:1:5: error: „mini{CONTROLS_SHOWN}“ ist keine gültige id: erlaubt sind "
        "Kleinbuchstaben a–z, Ziffern und „_“, am Anfang ein Buchstabe (keine Umlaute, keine Leerzeichen)",
        f"{shown_path}:53:5: error: unbekannter Schlüssel „titel{CONTROLS_SHOWN}“",
    ]
    assert not any(_has_raw_controls(line) for line in lines)


def test_graph_and_explore_print_file_texts_visibly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = MINI_SCENARIO.read_text(encoding="utf-8")
    text = text.replace('title: "Die Reklamation"', f'title: "[bold]Die Reklamation{CONTROLS_YAML}"')
    text = text.replace('speaker: "Frau Demir, Kundin"', f'speaker: "Frau Demir{CONTROLS_YAML}"')
    text = text.replace('title: "Verloren"', f'title: "Verloren{CONTROLS_YAML}"')
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    for arguments in (["graph"], ["graph", "--format", "dot"]):
        assert main([*arguments, str(path)]) == 0
        out = capsys.readouterr().out
        assert not _has_raw_controls(out)
        assert f"Frau Demir{CONTROLS_SHOWN}" in out.replace("\\\\", "\\")
        assert f"Verloren{CONTROLS_SHOWN}" in out.replace("\\\\", "\\")
    assert main(["explore", str(path)]) == 0
    out = capsys.readouterr().out
    assert not _has_raw_controls(out)
    assert out.startswith(f"[bold]Die Reklamation{CONTROLS_SHOWN} (mini)")


def test_a_broken_file_named_with_controls_is_named_visibly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kaputt\x1b]0;titel\x07.yaml"
    path.write_text("id: [\n", encoding="utf-8")
    assert main(["explore", str(path)]) == 1
    err = capsys.readouterr().err
    assert not _has_raw_controls(err)
    assert r"kaputt\x1b]0;titel\x07.yaml: das Szenario hat Fehler" in err


def test_an_empty_folder_named_with_controls_is_named_visibly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "leer\x1b[2J"
    folder.mkdir()
    code, lines = run(capsys, str(folder))
    assert code == 1
    assert lines == [f"{tmp_path}/leer\\x1b[2J: keine Szenario-Dateien (*.yaml) gefunden"]
