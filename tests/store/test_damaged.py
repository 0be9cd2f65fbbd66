"""Damaged save files are never read as empty: moved aside byte for byte, the backup restored
when it is good, and a German notice says what happened and where the file went."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from kundenspiel.store import PlayerRef, SaveStore, StoreNotice
from tests.store.conftest import START, TickingClock, play, start

Damage = Callable[[bytes], bytes]

DAMAGES: dict[str, Damage] = {
    "empty": lambda good: b"",
    "blank": lambda good: b" \n\t\n",
    "truncated": lambda good: good[: len(good) // 2],
    "nul-filled": lambda good: b"\x00" * len(good),
    "not utf-8": lambda good: b"\xff\xfe" + good,
    "top level is a list": lambda good: b"[]",
    "table is a list": lambda good: b'{"playthroughs": [1, 2], "players": [1, 2]}',
    "document id is not a number": lambda good: b'{"playthroughs": {"eins": {}}, "players": {"eins": {}}}',
    "document is a string": lambda good: b'{"playthroughs": {"1": "x"}, "players": {"1": "x"}}',
}


def player_file(root: Path, player: PlayerRef) -> Path:
    return root / "players" / f"{player.key}.json"


def backup_of(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def broken_files(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.stem}.broken-*.json"))


def damage(path: Path, how: Damage) -> bytes:
    damaged = how(path.read_bytes())
    path.write_bytes(damaged)
    return damaged


def single_notice(store: SaveStore) -> StoreNotice:
    notices = store.notices()
    assert len(notices) == 1, notices
    notice = notices[0]
    assert str(notice.path) in notice.message
    assert store.notices() == []
    return notice


def assert_moved_aside(path: Path, damaged: bytes, notice: StoreNotice) -> None:
    (broken,) = broken_files(path)
    assert broken.read_bytes() == damaged
    assert notice.path == broken
    assert json.loads(path.read_bytes()) is not None  # the file itself is valid again


@pytest.fixture
def anna_with_history(store: SaveStore, clock: TickingClock) -> PlayerRef:
    """Anna with one playthrough of two steps; the backup holds the state after the first step."""
    anna = store.ensure_player("Anna")
    play(store, start(store, anna), 2, clock)
    return anna


@pytest.mark.parametrize("how", DAMAGES.values(), ids=DAMAGES.keys())
def test_damaged_player_file_is_restored_from_its_backup(
    store: SaveStore, root: Path, anna_with_history: PlayerRef, how: Damage
) -> None:
    path = player_file(root, anna_with_history)
    good_backup = backup_of(path).read_bytes()
    damaged = damage(path, how)

    (record,) = store.playthroughs(anna_with_history.key)

    assert record.choice_ids == ["wahl_0"]  # the last good state, one save back
    notice = single_notice(store)
    assert_moved_aside(path, damaged, notice)
    assert path.read_bytes() == good_backup
    assert notice.message.startswith("Der Spielstand von „Anna“ war beschädigt und wurde nach „")
    assert notice.message.endswith("verschoben; der letzte gute Stand wurde wiederhergestellt.")


@pytest.mark.parametrize("how", DAMAGES.values(), ids=DAMAGES.keys())
def test_damaged_player_file_without_backup_starts_empty_with_a_notice(
    store: SaveStore, root: Path, anna_with_history: PlayerRef, how: Damage
) -> None:
    path = player_file(root, anna_with_history)
    backup_of(path).unlink()
    damaged = damage(path, how)

    assert store.playthroughs(anna_with_history.key) == []

    notice = single_notice(store)
    assert_moved_aside(path, damaged, notice)
    # No playthroughs, but the profile is written again from the index.
    assert json.loads(path.read_bytes()) == {"profile": {"1": anna_with_history.model_dump(mode="json")}}
    assert "Eine gute Sicherung gab es nicht" in notice.message
    assert "die verschobene Datei bleibt erhalten" in notice.message
    # The player is still known and can go on playing.
    assert store.ensure_player("Anna") == anna_with_history


def test_damaged_backup_counts_as_no_backup(
    store: SaveStore, root: Path, anna_with_history: PlayerRef
) -> None:
    path = player_file(root, anna_with_history)
    backup_of(path).write_bytes(b"\x00" * 10)
    damage(path, DAMAGES["truncated"])
    assert store.playthroughs(anna_with_history.key) == []
    assert "Eine gute Sicherung gab es nicht" in single_notice(store).message


def test_damage_is_repaired_before_a_save_too(
    store: SaveStore, root: Path, anna_with_history: PlayerRef, clock: TickingClock
) -> None:
    path = player_file(root, anna_with_history)
    (record,) = store.playthroughs(anna_with_history.key)
    damaged = damage(path, DAMAGES["nul-filled"])
    play(store, record, 1, clock)
    assert_moved_aside(path, damaged, single_notice(store))
    # The game still holds the whole record and saves all of it, so nothing of it is lost.
    (saved,) = store.playthroughs(anna_with_history.key)
    assert saved.choice_ids == ["wahl_0", "wahl_1", "wahl_2"]


def test_player_file_that_vanished_mid_repair_comes_back_from_its_backup(
    store: SaveStore, root: Path, anna_with_history: PlayerRef
) -> None:
    path = player_file(root, anna_with_history)
    path.unlink()  # as if a repair was killed after moving the file aside
    (record,) = store.playthroughs(anna_with_history.key)
    assert record.choice_ids == ["wahl_0"]
    notice = single_notice(store)
    assert notice.message.startswith("Der Spielstand von „Anna“ fehlte; der letzte gute Stand wurde aus „")
    assert notice.path == path


def test_broken_names_stay_unique_within_one_second(root: Path, tmp_path: Path) -> None:
    frozen = TickingClock(tick=timedelta(0))
    store = SaveStore(root, clock=frozen)
    anna = store.ensure_player("Anna")
    path = player_file(root, anna)
    path.write_bytes(b"erste")
    store.playthroughs(anna.key)
    path.write_bytes(b"zweite")
    store.playthroughs(anna.key)
    stem = f"{anna.key}.broken-{START.astimezone():%Y%m%d-%H%M%S}"
    assert (path.parent / f"{stem}.json").read_bytes() == b"erste"
    assert (path.parent / f"{stem}-2.json").read_bytes() == b"zweite"
    assert len(store.notices()) == 2


@pytest.fixture
def three_players(store: SaveStore) -> list[PlayerRef]:
    """Anna, Bernd and Carla; the index backup holds only Anna and Bernd."""
    return [store.ensure_player(name) for name in ["Anna", "Bernd", "Carla"]]


@pytest.mark.parametrize("how", DAMAGES.values(), ids=DAMAGES.keys())
def test_damaged_index_is_restored_and_completed_from_the_player_files(
    store: SaveStore, root: Path, three_players: list[PlayerRef], how: Damage
) -> None:
    index = root / "index.json"
    assert len(json.loads(backup_of(index).read_bytes())["players"]) == 2
    damaged = damage(index, how)

    assert store.players() == three_players

    notice = single_notice(store)
    assert_moved_aside(index, damaged, notice)
    assert notice.message.startswith("Die Spielerliste war beschädigt und wurde nach „")
    assert notice.message.endswith("der letzte gute Stand wurde wiederhergestellt.")


@pytest.mark.parametrize("how", DAMAGES.values(), ids=DAMAGES.keys())
def test_damaged_index_without_backup_is_rebuilt_from_the_player_files(
    store: SaveStore, root: Path, three_players: list[PlayerRef], how: Damage
) -> None:
    index = root / "index.json"
    backup_of(index).unlink()
    damaged = damage(index, how)

    assert store.players() == three_players

    notice = single_notice(store)
    assert_moved_aside(index, damaged, notice)
    assert "Eine gute Sicherung gab es nicht, deshalb wurde sie aus den Spielständen neu aufgebaut" in (
        notice.message
    )


def test_player_file_without_backup_or_index_entry_becomes_an_empty_file(
    store: SaveStore, root: Path
) -> None:
    path = root / "players" / f"{'0' * 32}.json"
    path.write_bytes(b"\x00" * 64)
    assert store.playthroughs("0" * 32) == []
    notice = single_notice(store)
    assert_moved_aside(path, b"\x00" * 64, notice)
    assert notice.message.startswith(f"Der Spielstand {'0' * 32}.json war beschädigt")
    assert json.loads(path.read_bytes()) == {}


def test_damaged_index_with_no_players_becomes_an_empty_file(store: SaveStore, root: Path) -> None:
    index = root / "index.json"
    index.write_bytes(b'{"players": {"1": {"key": "abc"')
    assert store.players() == []
    notice = single_notice(store)
    assert_moved_aside(index, b'{"players": {"1": {"key": "abc"', notice)
    assert json.loads(index.read_bytes()) == {}


def test_damaged_index_is_repaired_when_a_player_is_added(
    store: SaveStore, root: Path, three_players: list[PlayerRef]
) -> None:
    index = root / "index.json"
    damaged = damage(index, DAMAGES["empty"])
    dora = store.ensure_player("Dora")
    assert store.players() == [*three_players, dora]
    assert_moved_aside(index, damaged, single_notice(store))


def test_missing_index_is_rebuilt_from_the_player_files(
    store: SaveStore, root: Path, three_players: list[PlayerRef]
) -> None:
    (root / "index.json").unlink()
    (root / "index.json.bak").unlink()
    assert store.players() == three_players
    assert single_notice(store).message.startswith("Die Spielerliste fehlte und wurde aus den Spielständen")


def test_unreadable_playthrough_is_skipped_once_and_kept_in_the_file(
    store: SaveStore, root: Path, anna_with_history: PlayerRef, clock: TickingClock
) -> None:
    path = player_file(root, anna_with_history)
    content = json.loads(path.read_bytes())
    content["playthroughs"]["99"] = {"id": "kaputt", "status": "vielleicht"}
    path.write_text(json.dumps(content))

    (record,) = store.playthroughs(anna_with_history.key)
    notice = single_notice(store)
    assert notice.message.startswith(
        "Ein Durchlauf im Spielstand von „Anna“ ist unlesbar und wird übersprungen"
    )
    assert notice.path == path
    assert store.playthroughs(anna_with_history.key) == [record]
    assert store.notices() == []  # told once, not on every read

    play(store, record, 1, clock)
    assert json.loads(path.read_bytes())["playthroughs"]["99"] == {"id": "kaputt", "status": "vielleicht"}
    assert broken_files(path) == []


def test_unreadable_index_entry_is_skipped(
    store: SaveStore, root: Path, three_players: list[PlayerRef]
) -> None:
    index = root / "index.json"
    content = json.loads(index.read_bytes())
    content["players"]["77"] = {"key": "zu kurz"}
    index.write_text(json.dumps(content))
    assert store.players() == three_players
    notice = single_notice(store)
    assert notice.message.startswith("Ein Eintrag der Spielerliste ist unlesbar und wird übersprungen")


def test_notice_shows_a_long_or_odd_name_shortened(store: SaveStore, root: Path, clock: TickingClock) -> None:
    odd = store.ensure_player("Ä\x00" + "x" * 10_000)
    play(store, start(store, odd), 2, clock)
    damage(player_file(root, odd), DAMAGES["empty"])
    store.playthroughs(odd.key)
    message = single_notice(store).message
    assert message.startswith("Der Spielstand von „Ä\N{REPLACEMENT CHARACTER}xxx")
    assert "x" * 50 not in message
    assert "\x00" not in message


def test_a_damaged_index_is_reported_as_soon_as_the_store_opens(
    store: SaveStore, root: Path, three_players: list[PlayerRef], clock: TickingClock
) -> None:
    damaged = damage(root / "index.json", DAMAGES["truncated"])
    reopened = SaveStore(root, clock=clock)
    assert_moved_aside(root / "index.json", damaged, single_notice(reopened))
    assert reopened.players() == three_players
