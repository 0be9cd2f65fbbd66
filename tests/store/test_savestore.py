"""SaveStore: players and playthroughs round trip, upsert, ordering, resume points, odd names."""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from kundenspiel.store import PlayerRef, SaveStore, StoreError, player_key
from kundenspiel.store.names import normalize_name
from tests.store.conftest import METERS, START, TickingClock, make_step, play, start

ODD_NAMES = [
    "Anna/Bernd",
    "..",
    "../../etc/passwd",
    "C:\\Windows\\system32",
    "null\x00byte",
    "Glocke\x07 und Escape\x1b[31m rot",
    "Zeilen\numbruch",
    "😀🎉 Emoji-Team",
    "שלום עולם",
    "\u202eRTL-Override",
    "index.json",
    "con",
    "lone surrogate \ud800",
    "x" * 10_000,
    "Müller",
    "Tab\tund  doppelt",
]

# Every path a store may create below its root; nothing else, and nothing built from a name.
LAYOUT = re.compile(
    r"index\.json(\.bak)?|players|locks|players/[0-9a-f]{32}\.json(\.bak)?|locks/([0-9a-f]{32}|index)\.json\.lock"
)


def test_new_store_is_empty(store: SaveStore, root: Path) -> None:
    assert store.players() == []
    assert store.notices() == []
    assert (root / "players").is_dir()


def test_players_round_trip_through_a_new_store(store: SaveStore, root: Path, clock: TickingClock) -> None:
    anna = store.ensure_player("Anna")
    bernd = store.ensure_player("  Bernd\t")
    assert bernd.name == "Bernd"
    assert anna.created_at == START
    reopened = SaveStore(root, clock=clock)
    assert reopened.players() == [anna, bernd]
    assert reopened.ensure_player("Anna") == anna


def test_ensure_player_is_idempotent_and_keys_are_stable(store: SaveStore) -> None:
    first = store.ensure_player("Anna")
    again = store.ensure_player("Anna ")
    assert first == again
    assert first.key == player_key("Anna")
    assert len(store.players()) == 1


@pytest.mark.parametrize("name", ["", "   ", "\n\t "])
def test_empty_name_is_refused_in_german(store: SaveStore, name: str) -> None:
    with pytest.raises(StoreError, match=r"^Bitte gib einen Namen ein\.$"):
        store.ensure_player(name)


def test_players_are_sorted_by_name_regardless_of_case(store: SaveStore) -> None:
    for name in ["bernd", "Anna", "Älter", "carla", "Dora"]:
        store.ensure_player(name)
    names = [player.name for player in store.players()]
    assert [name.casefold() for name in names] == sorted(name.casefold() for name in names)
    assert set(names) == {"bernd", "Anna", "Älter", "carla", "Dora"}


def test_playthrough_round_trip(store: SaveStore, root: Path, clock: TickingClock) -> None:
    anna = store.ensure_player("Anna")
    record = play(store, start(store, anna), 4, clock)
    record = record.finished("ende_gut", 91, "gelungen", clock())
    store.save_playthrough(record)
    loaded = SaveStore(root, clock=clock).playthroughs(anna.key)
    assert loaded == [record]
    assert loaded[0].choice_ids == ["wahl_0", "wahl_1", "wahl_2", "wahl_3"]
    assert loaded[0].start_meters == METERS
    assert loaded[0].group_code == "GRUPPE-7"


def test_new_playthrough_is_saved_at_once(store: SaveStore) -> None:
    anna = store.ensure_player("Anna")
    record = start(store, anna)
    assert len(record.id) == 32
    assert record.status == "laufend" and record.steps == []
    assert record.started_at == record.updated_at
    assert store.playthroughs(anna.key) == [record]


def test_save_is_an_upsert_by_id(store: SaveStore, root: Path, clock: TickingClock) -> None:
    anna = store.ensure_player("Anna")
    record = play(store, start(store, anna), 6, clock)
    assert store.playthroughs(anna.key) == [record]
    documents = json.loads((root / "players" / f"{anna.key}.json").read_text())["playthroughs"]
    assert len(documents) == 1


def test_players_have_separate_files(store: SaveStore, clock: TickingClock) -> None:
    anna, bernd = store.ensure_player("Anna"), store.ensure_player("Bernd")
    play(store, start(store, anna), 2, clock)
    assert store.playthroughs(bernd.key) == []
    assert len(store.playthroughs(anna.key)) == 1


def test_playthroughs_are_sorted_by_start(store: SaveStore) -> None:
    anna = store.ensure_player("Anna")
    template = start(store, anna)
    for hours in [5, 1, 3]:
        moment = START + timedelta(hours=hours)
        store.save_playthrough(
            template.model_copy(update={"id": f"{hours:032d}", "started_at": moment, "updated_at": moment})
        )
    starts = [record.started_at for record in store.playthroughs(anna.key)]
    assert starts == sorted(starts)
    assert len(starts) == 4


def test_latest_open(store: SaveStore, clock: TickingClock) -> None:
    anna = store.ensure_player("Anna")
    assert store.latest_open(anna.key) is None
    older = play(store, start(store, anna, "drucker"), 1, clock)
    other = play(store, start(store, anna, "partnerschaft"), 1, clock)
    done = start(store, anna, "drucker")
    store.save_playthrough(play(store, done, 1, clock).finished("ende", 50, "gemischt", clock()))
    assert store.latest_open(anna.key) == other
    assert store.latest_open(anna.key, "drucker") == older
    assert store.latest_open(anna.key, "unbekannt") is None
    # Playing the older one again makes it the most recent.
    older = play(store, older, 1, clock)
    assert store.latest_open(anna.key) == older
    store.save_playthrough(older.abandoned(clock()))
    assert store.latest_open(anna.key) == other


def test_truncated_record_keeps_the_valid_prefix(store: SaveStore, root: Path, clock: TickingClock) -> None:
    anna = store.ensure_player("Anna")
    record = play(store, start(store, anna), 5, clock)
    # Resume found that the scenario no longer has the fourth choice: keep the first three.
    store.save_playthrough(record.truncated(3, clock()))
    resumed = SaveStore(root, clock=clock).latest_open(anna.key)
    assert resumed is not None
    assert resumed.choice_ids == ["wahl_0", "wahl_1", "wahl_2"]
    assert resumed.steps == record.steps[:3]
    continued = play(store, resumed, 1, clock)
    assert store.playthroughs(anna.key)[0].choice_ids == [*resumed.choice_ids, "wahl_3"]
    assert continued.id == record.id


def test_odd_names_are_stored_exactly_and_never_in_a_path(root: Path, clock: TickingClock) -> None:
    store = SaveStore(root, clock=clock)
    created = {name: store.ensure_player(name) for name in ODD_NAMES}
    for player in created.values():
        play(store, start(store, player), 1, clock)
    reopened = SaveStore(root, clock=clock)
    assert {player.name for player in reopened.players()} == {normalize_name(name) for name in ODD_NAMES}
    assert len({player.key for player in created.values()}) == len(ODD_NAMES)
    for name, player in created.items():
        assert player.name == normalize_name(name)
        assert reopened.ensure_player(name) == player
        assert len(reopened.playthroughs(player.key)) == 1
    for path in root.rglob("*"):
        relative = path.relative_to(root).as_posix()
        assert LAYOUT.fullmatch(relative), relative
    assert reopened.notices() == []


@pytest.mark.parametrize("key", ["", "../index", "A" * 32, "0" * 31, "0" * 32 + "/x", "0" * 31 + "\x00"])
def test_keys_that_could_form_a_path_are_refused(store: SaveStore, key: str) -> None:
    with pytest.raises(StoreError, match="Diesen Spieler gibt es nicht"):
        store.playthroughs(key)


def test_two_stores_on_one_root_never_reuse_a_document_id(root: Path, clock: TickingClock) -> None:
    # Two windows of one trainee: TinyDB would hand out the same cached next id in both.
    first, second = SaveStore(root, clock=clock), SaveStore(root, clock=clock)
    anna = first.ensure_player("Anna")
    made = [start(first, anna), start(second, anna), start(first, anna), start(second, anna)]
    assert {r.id for r in first.playthroughs(anna.key)} == {r.id for r in made}
    documents = json.loads((root / "players" / f"{anna.key}.json").read_text())["playthroughs"]
    assert len(documents) == 4


def test_root_that_is_a_file_is_a_german_error(tmp_path: Path) -> None:
    blocker = tmp_path / "saves"
    blocker.write_text("kein Ordner")
    with pytest.raises(StoreError, match="ist eine Datei, kein Ordner"):
        SaveStore(blocker)
    with pytest.raises(StoreError, match="ist eine Datei, kein Ordner"):
        SaveStore(blocker / "darunter")


def test_root_without_write_permission_is_a_german_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root in CI, where chmod does not stop anyone; pretend the check failed.
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    with pytest.raises(StoreError, match="keine Schreibrechte"):
        SaveStore(tmp_path / "saves")


def test_disk_errors_become_german_store_errors(
    store: SaveStore, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = store.ensure_player("Anna")
    record = start(store, anna)

    def full_disk(descriptor: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(os, "write", full_disk)
        with pytest.raises(StoreError, match=r"^Dein Spielstand konnte nicht gespeichert werden"):
            store.save_playthrough(record.with_step(make_step(0), START))
    assert store.playthroughs(anna.key) == [record]
    # The failed write leaves no temp file behind.
    assert sorted(path.name for path in (root / "players").iterdir()) == [
        f"{anna.key}.json",
        f"{anna.key}.json.bak",
    ]


def test_store_imports_neither_textual_nor_the_engine() -> None:
    probe = (
        "import sys\n"
        "sys.modules['textual'] = None\n"
        "sys.modules['kundenspiel.engine'] = None\n"
        "import kundenspiel.store\n"
        "print('ok')\n"
    )
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "ok"


def test_player_ref_is_frozen(store: SaveStore) -> None:
    anna = store.ensure_player("Anna")
    assert isinstance(anna, PlayerRef)
    with pytest.raises(ValueError):
        anna.name = "Bernd"  # type: ignore[misc]
