"""``kundenspiel new``: a starter file that passes ``check --strict``, never overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kundenspiel.cli import main
from kundenspiel.engine import check_file
from kundenspiel.engine.starter import SCHEMA_FILE_NAME, invalid_id_message, suggest_id


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


def test_a_missing_folder_is_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "neu" / "tiefer"
    assert main(["new", "fall", "--folder", str(folder)]) == 0
    assert (folder / "fall.yaml").is_file()
    assert json.loads((folder / SCHEMA_FILE_NAME).read_text(encoding="utf-8"))["type"] == "object"


def test_a_file_in_place_of_the_folder_is_a_problem_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "datei\x07"
    blocker.write_text("", encoding="utf-8")
    assert main(["new", "fall", "--folder", str(blocker)]) == 1
    err = capsys.readouterr().err
    assert "datei\\x07“ ist kein Ordner" in err and "\x07" not in err and "Traceback" not in err


def test_without_folder_the_file_goes_to_the_own_scenario_folder_with_the_schema_beside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    own = tmp_path / "eigene"
    monkeypatch.setenv("KUNDENSPIEL_SCENARIOS", str(own))
    monkeypatch.chdir(tmp_path)
    assert main(["new", "fall"]) == 0
    text = (own / "fall.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={SCHEMA_FILE_NAME}"
    assert (own / SCHEMA_FILE_NAME).is_file()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["eigene"]
    # The new scenario is in the catalogue: `check fall` finds it by its id.
    assert main(["check", "--strict", "fall"]) == 0


def test_the_schema_is_never_written_through_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "fremd.json"
    target.write_text("meins", encoding="utf-8")
    (tmp_path / SCHEMA_FILE_NAME).symlink_to(target)
    assert main(["new", "fall", "--folder", str(tmp_path)]) == 0
    assert "symbolischer Link" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "meins"


def test_schema_output_option_writes_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "schema.json"
    assert main(["schema", "-o", str(output)]) == 0
    assert json.loads(output.read_text(encoding="utf-8"))["title"]
    assert main(["schema", "-o", str(tmp_path / "fehlt" / "schema.json")]) == 1
    assert "den Ordner gibt es nicht" in capsys.readouterr().err


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
