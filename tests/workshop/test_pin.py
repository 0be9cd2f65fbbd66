"""The trainer PIN: asked at ``workshop new``, needed for names, never in an export, kept by repairs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kundenspiel.commands import trainer_pin
from kundenspiel.store.groups import GROUPS_NAME, Group, GroupStore
from kundenspiel.store.pin import hash_pin, verify_pin
from kundenspiel.workshop.aggregate import GroupData
from kundenspiel.workshop.archive import import_archive, read_archive
from kundenspiel.workshop.collect import read_group
from tests.workshop.cli_run import run
from tests.workshop.conftest import CODE, START, write_to_store

PIN = "4711"


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses after wrong PINs, recorded instead of waited."""
    waited: list[float] = []
    monkeypatch.setattr(trainer_pin, "pause", waited.append)
    return waited


@pytest.fixture
def saves(tmp_path: Path, mini_group: GroupData) -> Path:
    """A folder with the mini group's playthroughs and the group with the PIN 4711."""
    root = tmp_path / "saves"
    write_to_store(root, mini_group)
    GroupStore(root).add(Group(code=CODE, title="Kurs", created_at=START, pin_hash=hash_pin(PIN)))
    return root


def test_new_group_stores_only_a_hash_of_the_pin_from_stdin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, tmp_path, "workshop", "new", "Kurs", stdin=f"{PIN}\n")
    assert code == 0 and "Ohne Trainer-PIN" not in out
    (group,) = GroupStore(tmp_path).groups()
    assert group.pin_hash is not None and verify_pin(group.pin_hash, PIN)
    assert PIN not in (tmp_path / GROUPS_NAME).read_text(encoding="utf-8")


def test_new_group_without_input_has_no_pin_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, tmp_path, "workshop", "new", "Kurs")
    (group,) = GroupStore(tmp_path).groups()
    assert code == 0 and group.pin_hash is None
    assert f"keine Namen, bis du eine festlegst mit kundenspiel workshop pin {group.code}" in out


def test_a_pin_too_short_creates_no_group(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, tmp_path, "workshop", "new", "Kurs", stdin="12\n")
    assert code == 1 and "zu kurz: mindestens 4 Zeichen" in err
    assert GroupStore(tmp_path).groups() == []


def test_on_a_terminal_the_pin_is_asked_hidden_and_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(["4711", "4712", "4711", "4711"])  # a typo in the repetition, then right
    prompts: list[str] = []
    monkeypatch.setattr(trainer_pin, "on_terminal", lambda: True)
    monkeypatch.setattr(
        trainer_pin.getpass, "getpass", lambda prompt: prompts.append(prompt) or next(answers)
    )
    code, _, err = run(capsys, tmp_path, "workshop", "new", "Kurs")
    assert code == 0 and "Die beiden Eingaben sind verschieden. Bitte noch einmal." in err
    assert prompts == ["Neue Trainer-PIN (leer lassen: ohne PIN): ", "Dieselbe PIN noch einmal: "] * 2
    (group,) = GroupStore(tmp_path).groups()
    assert group.pin_hash is not None and verify_pin(group.pin_hash, "4711")


def test_names_in_an_export_need_the_right_pin(
    saves: Path, capsys: pytest.CaptureFixture[str], pauses: list[float]
) -> None:
    code, out, err = run(capsys, saves, "export", CODE, "--format", "md", "--namen", stdin="0000\n")
    assert code == 1 and out == "" and "Die PIN ist falsch" in err and pauses == [1.0]
    code, out, _ = run(capsys, saves, "export", CODE, "--format", "md", "--namen", stdin=f"{PIN}\n")
    assert code == 0 and "Ada" in out
    code, out, _ = run(capsys, saves, "export", CODE, "--format", "md")
    assert code == 0 and "Ada" not in out and "Person 1" in out


def test_three_wrong_pins_on_a_terminal_end_with_a_pause_each(
    saves: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, pauses: list[float]
) -> None:
    monkeypatch.setattr(trainer_pin, "on_terminal", lambda: True)
    monkeypatch.setattr(trainer_pin.getpass, "getpass", lambda prompt: "falsch")
    code, out, err = run(capsys, saves, "export", CODE, "--format", "json")
    assert code == 1 and out == "" and pauses == [1.0, 1.0, 1.0]
    assert "Noch 2 Versuche." in err and "Noch 1 Versuch." in err


def test_a_group_without_pin_shows_no_names_until_it_has_one(
    tmp_path: Path, mini_group: GroupData, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "laptop"
    write_to_store(root, mini_group)  # a laptop that never ran workshop new
    code, _, err = run(capsys, root, "export", CODE, "--format", "csv", "--namen", stdin=f"{PIN}\n")
    assert code == 1 and "hat noch keine Trainer-PIN" in err and f"kundenspiel workshop pin {CODE}" in err
    code, out, _ = run(capsys, root, "workshop", "pin", CODE, stdin=f"{PIN}\n")
    assert code == 0 and f"Die Trainer-PIN der Gruppe „Gruppe {CODE}“ ({CODE}) ist festgelegt." in out
    code, out, _ = run(capsys, root, "export", CODE, "--format", "csv", "--namen", stdin=f"{PIN}\n")
    assert code == 0 and "Ada" in out


def test_changing_the_pin_needs_the_old_one(
    saves: Path, capsys: pytest.CaptureFixture[str], pauses: list[float]
) -> None:
    code, _, err = run(capsys, saves, "workshop", "pin", CODE, stdin="0000\n9999\n")
    assert code == 1 and "Die PIN ist falsch" in err
    group = GroupStore(saves).find(CODE)
    assert group is not None and group.pin_hash is not None and verify_pin(group.pin_hash, PIN)
    code, out, _ = run(capsys, saves, "workshop", "pin", CODE, stdin=f"{PIN}\n9999\n")
    assert code == 0 and "ist geändert" in out
    group = GroupStore(saves).find(CODE)
    assert group is not None and group.pin_hash is not None and verify_pin(group.pin_hash, "9999")


def test_the_pin_hash_never_travels_in_an_export(
    saves: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "kurs.json"
    code, _, err = run(capsys, saves, "export", CODE, "--format", "json", "-o", str(target), stdin=f"{PIN}\n")
    assert code == 0, err
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["group"].get("pin_hash") is None and "scrypt" not in target.read_text(encoding="utf-8")
    # Nor does a hash planted in a file come in with an import.
    document["group"]["pin_hash"] = hash_pin("0000")
    target.write_text(json.dumps(document), encoding="utf-8")
    trainer = tmp_path / "trainer"
    from kundenspiel.store import SaveStore

    result = import_archive(SaveStore(trainer), read_archive(target))
    (group,) = GroupStore(trainer).groups()
    assert group.pin_hash is None
    (warning,) = result.warnings
    assert warning.startswith(f"Die Gruppe {CODE} hat hier noch keine Trainer-PIN")
    assert warning.endswith(f"kundenspiel workshop pin {CODE}")


def test_a_pin_survives_a_repair_of_the_group_list(tmp_path: Path) -> None:
    groups = GroupStore(tmp_path)
    kept = groups.create("Mit PIN", pin_hash=hash_pin(PIN))
    groups.create("Zweite")  # the backup now holds the group with its PIN
    (tmp_path / GROUPS_NAME).write_text('{"groups": {"1": ', encoding="utf-8")
    repaired = GroupStore(tmp_path)
    group = repaired.find(kept.code)
    assert group is not None and group.pin_hash is not None and verify_pin(group.pin_hash, PIN)
    assert any("beschädigt" in notice.message for notice in repaired.notices())


def test_labels_and_pins_live_side_by_side(saves: Path) -> None:
    from kundenspiel.store import SaveStore

    labels = read_group(SaveStore(saves), CODE).labels
    group = GroupStore(saves).set_pin(CODE, hash_pin("9999"))
    assert group.title == "Kurs" and read_group(SaveStore(saves), CODE).labels == labels


def test_an_import_keeps_the_pin_of_the_group_here(
    saves: Path, tmp_path: Path, mini_group: GroupData, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = tmp_path / "laptop"
    write_to_store(laptop, mini_group)
    GroupStore(laptop).set_pin(CODE, hash_pin("9999"))
    target = tmp_path / "laptop.json"
    assert run(capsys, laptop, "export", CODE, "--format", "json", "-o", str(target), stdin="9999\n")[0] == 0
    code, out, _ = run(capsys, saves, "import", str(target))
    assert code == 0 and "Trainer-PIN" not in out
    group = GroupStore(saves).find(CODE)
    assert group is not None and group.pin_hash is not None and verify_pin(group.pin_hash, PIN)
