"""Participant numbers stay what they were for the life of a group, whatever an import brings in."""

from __future__ import annotations

import json
from pathlib import Path

from kundenspiel.engine import Scenario
from kundenspiel.store import SaveStore
from kundenspiel.store.groups import GROUPS_NAME, GroupStore
from kundenspiel.store.labels import assign_labels, forget_labels, stored_labels
from kundenspiel.workshop.aggregate import aggregate
from kundenspiel.workshop.archive import import_archive, read_archive
from kundenspiel.workshop.collect import read_group
from tests.workshop.conftest import CODE, make_record
from tests.workshop.test_devices import export, laptop


def numbers_by_name(store: SaveStore) -> dict[str, int]:
    data = read_group(store, CODE)
    return {data.players[key].name: number for key, number in data.labels.items()}


def test_an_import_of_someone_who_started_earlier_renumbers_nobody(tmp_path: Path, mini: Scenario) -> None:
    trainer = laptop(tmp_path / "trainer", mini, "Ada", ["vertroesten"], 5)
    trainer.ensure_player("Ben")
    trainer.save_playthrough(make_record(mini, "Ben", ["nachfragen"], minute=6))
    assert numbers_by_name(trainer) == {"Ada": 1, "Ben": 2}
    # Zoe played on another laptop before anyone here: numbered by start time she would be 1.
    early = export(laptop(tmp_path / "b", mini, "Zoe", ["vertroesten"], 0), mini, tmp_path / "b.json")
    import_archive(trainer, read_archive(early))
    assert numbers_by_name(trainer) == {"Ada": 1, "Ben": 2, "Zoe": 3}
    assert numbers_by_name(SaveStore(trainer.root)) == {"Ada": 1, "Ben": 2, "Zoe": 3}


def test_the_debrief_keeps_person_numbers_across_an_import(tmp_path: Path, mini: Scenario) -> None:
    trainer = laptop(tmp_path / "trainer", mini, "Ada", ["vertroesten"], 5)

    def persons() -> dict[str, str]:
        debrief = aggregate(read_group(trainer, CODE), [mini])
        return {participant.name: participant.label for participant in debrief.participants}

    assert persons() == {"Ada": "Person 1"}
    early = export(laptop(tmp_path / "b", mini, "Zoe", ["vertroesten"], 0), mini, tmp_path / "b.json")
    import_archive(trainer, read_archive(early))
    assert persons() == {"Ada": "Person 1", "Zoe": "Person 2"}


def test_an_import_numbers_everyone_not_seen_before_by_start(tmp_path: Path, mini: Scenario) -> None:
    trainer = laptop(tmp_path / "trainer", mini, "Ada", ["vertroesten"], 5)
    early = export(laptop(tmp_path / "b", mini, "Zoe", ["vertroesten"], 0), mini, tmp_path / "b.json")
    import_archive(trainer, read_archive(early))
    groups = GroupStore(trainer.root)
    by_key = stored_labels(groups, CODE)
    names = {player.key: player.name for player in trainer.players()}
    assert {names[key]: number for key, number in by_key.items()} == {"Zoe": 1, "Ada": 2}


def test_numbers_are_stored_once_and_a_forgotten_number_is_never_reused(tmp_path: Path) -> None:
    groups = GroupStore(tmp_path / "saves")
    assert assign_labels(groups, CODE, ["a", "b"]) == {"a": 1, "b": 2}
    before = (tmp_path / "saves" / GROUPS_NAME).stat().st_mtime_ns
    assert assign_labels(groups, CODE.lower(), ["b", "a"]) == {"a": 1, "b": 2}
    assert (tmp_path / "saves" / GROUPS_NAME).stat().st_mtime_ns == before
    assert forget_labels(groups, "b") == 1
    assert assign_labels(groups, CODE, ["a", "c"]) == {"a": 1, "c": 3}
    assert assign_labels(groups, "ANDR", ["c"]) == {"c": 1}
    for path in (tmp_path / "saves" / GROUPS_NAME, tmp_path / "saves" / f"{GROUPS_NAME}.bak"):
        assert '"b"' not in path.read_text(encoding="utf-8")


def test_hand_edited_numbers_are_skipped_not_trusted(tmp_path: Path) -> None:
    root = tmp_path / "saves"
    root.mkdir()
    document = {
        "labels": {"1": {"code": CODE, "numbers": {"a": 2, "b": "drei", "c": -1, "d": True}, "next": 1}}
    }
    (root / GROUPS_NAME).write_text(json.dumps(document), encoding="utf-8")
    assert assign_labels(GroupStore(root), CODE, ["a", "b"]) == {"a": 2, "b": 3}
