"""Same name, different laptops: each save folder's device id keeps two people apart on import."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kundenspiel.engine import Scenario
from kundenspiel.store import SaveStore, StoreNotice
from kundenspiel.store.device import DEVICE_NAME, device_id
from kundenspiel.store.groups import Group, GroupStore
from kundenspiel.store.pin import hash_pin
from kundenspiel.workshop.aggregate import aggregate
from kundenspiel.workshop.archive import archive_json, build_archive, import_archive, read_archive
from kundenspiel.workshop.collect import read_group
from tests.workshop.cli_run import run
from tests.workshop.conftest import CODE, START, make_record

PIN = "4711"


def laptop(root: Path, mini: Scenario, name: str, choices: list[str], minute: int) -> SaveStore:
    """A save folder where ``name`` played ``choices`` in the group."""
    store = SaveStore(root)
    store.ensure_player(name)
    store.save_playthrough(make_record(mini, name, choices, minute=minute))
    return store


def export(store: SaveStore, mini: Scenario, target: Path) -> Path:
    """The group's JSON export of a save folder, as ``workshop export --format json`` writes it."""
    data = read_group(store, CODE)
    group = Group(code=CODE, title="Test", created_at=START)
    archive = build_archive(data, aggregate(data, [mini]), group, START, device_id(store.root))
    target.write_text(archive_json(archive), encoding="utf-8")
    return target


def names_and_runs(store: SaveStore) -> dict[str, int]:
    return {player.name: len(store.playthroughs(player.key)) for player in store.players()}


def test_same_name_from_two_laptops_stays_two_people(tmp_path: Path, mini: Scenario) -> None:
    first = export(laptop(tmp_path / "a", mini, "Anna", ["vertroesten"], 0), mini, tmp_path / "a.json")
    second = export(laptop(tmp_path / "b", mini, "Anna", ["nachfragen"], 1), mini, tmp_path / "b.json")
    trainer = SaveStore(tmp_path / "trainer")
    import_archive(trainer, read_archive(first))
    result = import_archive(trainer, read_archive(second))
    label = device_id(tmp_path / "b")[:4]
    # Before device ids, both runs landed with one „Anna“ and one of them stopped counting.
    assert names_and_runs(trainer) == {"Anna": 1, f"Anna (Gerät {label})": 1}
    (warning,) = result.warnings
    assert "von einem anderen Gerät" in warning and f"Anna (Gerät {label})" in warning
    assert f'workshop merge {CODE} "Anna" "Anna (Gerät {label})"' in warning
    assert len({record.player_key for record in read_group(trainer, CODE).group_records()}) == 2


def test_importing_the_same_laptop_again_adds_nobody(tmp_path: Path, mini: Scenario) -> None:
    local = laptop(tmp_path / "trainer", mini, "Anna", ["vertroesten"], 0)
    other = export(laptop(tmp_path / "b", mini, "Anna", ["nachfragen"], 1), mini, tmp_path / "b.json")
    import_archive(local, read_archive(other))
    again = import_archive(local, read_archive(other))
    assert (again.added, again.unchanged, again.warnings) == (0, 1, [])
    assert sorted(names_and_runs(local).values()) == [1, 1]


def test_an_export_coming_back_to_its_own_laptop_finds_its_people(tmp_path: Path, mini: Scenario) -> None:
    own = laptop(tmp_path / "a", mini, "Anna", ["vertroesten"], 0)
    trainer = SaveStore(tmp_path / "trainer")
    import_archive(trainer, read_archive(export(own, mini, tmp_path / "a.json")))
    laptop(tmp_path / "trainer", mini, "Ben", ["nachfragen"], 2)
    result = import_archive(own, read_archive(export(trainer, mini, tmp_path / "t.json")))
    assert [warning for warning in result.warnings if "Gerät" in warning] == []
    assert names_and_runs(own) == {"Anna": 1, "Ben": 1}


def test_an_export_without_device_ids_joins_by_name_as_before(tmp_path: Path, mini: Scenario) -> None:
    path = export(laptop(tmp_path / "b", mini, "Anna", ["nachfragen"], 1), mini, tmp_path / "b.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    del document["device"]
    for entry in document["players"]:
        del entry["device"]
    path.write_text(json.dumps(document), encoding="utf-8")
    trainer = laptop(tmp_path / "trainer", mini, "Anna", ["vertroesten"], 0)
    result = import_archive(trainer, read_archive(path))
    assert result.added == 1 and [warning for warning in result.warnings if "Gerät" in warning] == []
    assert names_and_runs(trainer) == {"Anna": 2}


def test_the_device_id_is_made_once_and_never_through_a_link(tmp_path: Path) -> None:
    root = tmp_path / "saves"
    first = device_id(root)
    assert device_id(root) == first and device_id(SaveStore(root).root) == first
    assert len(first) == 8 and first.isalnum()
    other = tmp_path / "fremd.json"
    other.write_text("{}", encoding="utf-8")
    linked = tmp_path / "linked"
    linked.mkdir()
    os.symlink(other, linked / DEVICE_NAME)
    notices: list[StoreNotice] = []
    made = device_id(linked, notices)
    assert other.read_text(encoding="utf-8") == "{}"
    assert not (linked / DEVICE_NAME).is_symlink() and made in (linked / DEVICE_NAME).read_text()
    assert len(notices) == 1


def test_the_trainer_merges_two_entries_of_one_person(
    tmp_path: Path, mini: Scenario, capsys: pytest.CaptureFixture[str]
) -> None:
    trainer = laptop(tmp_path / "trainer", mini, "Anna", ["vertroesten"], 0)
    GroupStore(trainer.root).set_pin(CODE, hash_pin(PIN))
    import_archive(
        trainer,
        read_archive(
            export(laptop(tmp_path / "b", mini, "Anna", ["nachfragen"], 1), mini, tmp_path / "b.json")
        ),
    )
    twin = f"Anna (Gerät {device_id(tmp_path / 'b')[:4]})"
    code, _, err = run(capsys, trainer.root, "workshop", "merge", CODE, "Anna", twin, stdin="0000\n")
    assert code == 1 and "Die PIN ist falsch" in err
    assert names_and_runs(trainer) == {"Anna": 1, twin: 1}
    code, out, _ = run(capsys, trainer.root, "workshop", "merge", CODE, "Anna", twin, stdin=f"{PIN}\n")
    assert code == 0
    assert f"Zusammengeführt: 1 Durchlauf von „{twin}“ in der Gruppe {CODE} gehört jetzt zu „Anna“." in out
    assert f'kundenspiel forget "{twin}"' in out
    assert names_and_runs(trainer) == {"Anna": 2, twin: 0}
    code, _, err = run(capsys, trainer.root, "workshop", "merge", CODE, "Anna", "Bert", stdin=f"{PIN}\n")
    assert code == 1 and "„Bert“ hat keine Durchläufe in der Gruppe" in err and "„Anna“" in err
