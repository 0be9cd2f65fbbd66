"""``kundenspiel new``: a starter file that passes ``check --strict``, never overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from kundenspiel.cli import main
from kundenspiel.engine import check_file
from kundenspiel.engine.starter import invalid_id_message, suggest_id


def test_new_file_passes_strict_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "doppelte_sendung", "--folder", str(tmp_path)]) == 0
    target = tmp_path / "doppelte_sendung.yaml"
    assert f"{target} angelegt" in capsys.readouterr().out
    result = check_file(target)
    assert result.diagnostics == []
    assert result.scenario is not None and result.scenario.id == "doppelte_sendung"
    assert {test.ending for test in result.scenario.tests} == {e.id for e in result.scenario.endings}
    assert main(["check", "--strict", str(target)]) == 0


def test_existing_files_are_never_overwritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "fall.yaml"
    target.write_text("meins", encoding="utf-8")
    assert main(["new", "fall", "--folder", str(tmp_path)]) == 1
    assert "gibt es schon – nichts überschrieben" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "meins"


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        ("Große Reklamation", "„grosse_reklamation“"),
        ("1fall", "„fall“"),
        ("zuhören", "„zuhoeren“"),
        ("x" * 65, "zu lang (65 Zeichen, höchstens 64)"),
    ],
)
def test_invalid_ids_are_refused_with_a_proposal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], given: str, hint: str
) -> None:
    assert main(["new", given, "--folder", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("kundenspiel new: ") and hint in error
    assert "Traceback" not in error
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_a_problem_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "fall", "--folder", str(tmp_path / "fehlt")]) == 1
    assert "gibt es nicht" in capsys.readouterr().err


def test_id_rules() -> None:
    assert invalid_id_message("gut_2") is None
    assert suggest_id("###") is None
    assert invalid_id_message("###") is not None and "zum Beispiel" not in (invalid_id_message("###") or "")


def test_control_characters_in_id_and_folder_are_shown_visibly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "fall\x1b[2J\u202e", "--folder", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "„fall\\x1b[2J\\u202e“ ist keine gültige id" in err
    assert "\x1b" not in err and "\u202e" not in err
    assert main(["new", "fall", "--folder", str(tmp_path / "fehlt\x07")]) == 1
    err = capsys.readouterr().err
    assert "fehlt\\x07“ gibt es nicht" in err and "\x07" not in err
