"""Nothing in the save folder is read or written through a symbolic link: planted temp names,
backups, lock files, store files that are links themselves, and linked subfolders all leave the
link's target untouched."""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from kundenspiel.store import PlayerRef, SaveStore, StoreError
from kundenspiel.store import files as store_files
from kundenspiel.store.groups import GroupStore
from tests.store.conftest import TickingClock, play, start

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")

SECRET = b"geheime Datei der Trainerin\n"
# Valid store content, so a store that followed the link would happily read it.
FOREIGN_INDEX = json.dumps(
    {"players": {"1": {"key": "f" * 32, "name": "Mallory", "created_at": "2025-01-01T00:00:00Z"}}}
).encode()
FOREIGN_GROUPS = json.dumps(
    {"groups": {"1": {"code": "XXXX", "title": "Fremd", "created_at": "2025-01-01T00:00:00Z"}}}
).encode()


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim"
    path.write_bytes(SECRET)
    return path


@pytest.fixture
def anna(store: SaveStore, clock: TickingClock) -> PlayerRef:
    player = store.ensure_player("Anna")
    play(store, start(store, player), 1, clock)
    return player


def player_file(root: Path, player: PlayerRef) -> Path:
    return root / "players" / f"{player.key}.json"


def plant(link: Path, target: Path) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(target)


def broken_links(folder: Path) -> list[Path]:
    return sorted(path for path in folder.glob("*.broken-*.json") if path.is_symlink())


@pytest.mark.parametrize("suffix", [".tmp", ".bak.tmp"])
def test_links_at_the_old_fixed_temp_names_are_never_written_through(
    store: SaveStore, root: Path, anna: PlayerRef, clock: TickingClock, victim: Path, suffix: str
) -> None:
    plant(root / f"index.json{suffix}", victim)
    plant(player_file(root, anna).with_name(f"{anna.key}.json{suffix}"), victim)
    plant(root / f"groups.json{suffix}", victim)
    (record,) = store.playthroughs(anna.key)
    play(store, record, 1, clock)
    store.ensure_player("Bernd")
    GroupStore(root).create("Servicetraining")
    GroupStore(root).create("Noch eine")
    assert victim.read_bytes() == SECRET
    for path in (root / "index.json", player_file(root, anna), root / "groups.json"):
        assert not path.is_symlink()
        assert not store_files.backup_path(path).is_symlink()
    assert [r.choice_ids for r in store.playthroughs(anna.key)] == [["wahl_0", "wahl_1"]]


def test_a_link_at_the_next_temp_name_is_skipped_not_followed(
    store: SaveStore,
    root: Path,
    anna: PlayerRef,
    clock: TickingClock,
    victim: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tokens = iter(["aaaa", "bbbb", "cccc", "dddd"])
    monkeypatch.setattr(store_files.secrets, "token_hex", lambda size: next(tokens))
    path = player_file(root, anna)
    plant(path.with_name(f"{path.name}.aaaa.tmp"), victim)
    (record,) = store.playthroughs(anna.key)
    play(store, record, 1, clock)
    assert victim.read_bytes() == SECRET
    assert not path.is_symlink()
    assert len(store.playthroughs(anna.key)[0].steps) == 2


def test_an_index_that_is_a_link_is_set_aside_unread(root: Path, victim: Path, clock: TickingClock) -> None:
    victim.write_bytes(FOREIGN_INDEX)
    plant(root / "index.json", victim)
    store = SaveStore(root, clock=clock)
    assert store.players() == []
    (notice,) = store.notices()
    assert "symbolischer Link" in notice.message
    assert "weder gelesen noch beschrieben" in notice.message
    (moved,) = broken_links(root)
    assert notice.path == moved
    assert os.readlink(moved) == str(victim)
    assert victim.read_bytes() == FOREIGN_INDEX
    assert not (root / "index.json").is_symlink()
    store.ensure_player("Anna")
    assert victim.read_bytes() == FOREIGN_INDEX


def test_a_player_file_that_is_a_link_is_set_aside_and_its_backup_restored(
    store: SaveStore, root: Path, anna: PlayerRef, clock: TickingClock, victim: Path
) -> None:
    path = player_file(root, anna)
    good = json.loads(path.read_bytes())
    foreign = json.loads(path.read_bytes())
    foreign["playthroughs"]["1"]["scenario_id"] = "fremd"
    victim.write_bytes(json.dumps(foreign).encode())
    before = victim.read_bytes()
    plant(path, victim)

    (record,) = store.playthroughs(anna.key)
    assert record.scenario_id == "drucker"
    assert record.choice_ids == []  # the backup: the state before the last save
    (notice,) = store.notices()
    assert notice.message.startswith("Der Spielstand von „Anna“ war ein symbolischer Link")
    assert notice.message.endswith("der letzte gute Stand wurde wiederhergestellt.")
    assert broken_links(path.parent) == [notice.path]
    play(store, record, 2, clock)
    assert victim.read_bytes() == before
    assert not path.is_symlink()
    assert good["profile"] == json.loads(path.read_bytes())["profile"]


def test_a_group_list_that_is_a_link_is_set_aside_unread(root: Path, victim: Path) -> None:
    SaveStore(root)
    victim.write_bytes(FOREIGN_GROUPS)
    plant(root / "groups.json", victim)
    groups = GroupStore(root)
    assert groups.groups() == []
    created = groups.create("Servicetraining")
    assert [group.code for group in groups.groups()] == [created.code]
    assert victim.read_bytes() == FOREIGN_GROUPS
    assert not (root / "groups.json").is_symlink()
    assert broken_links(root)


def test_a_backup_that_is_a_link_is_set_aside_and_never_written_through(
    store: SaveStore, root: Path, anna: PlayerRef, clock: TickingClock, victim: Path
) -> None:
    path = player_file(root, anna)
    backup = store_files.backup_path(path)
    plant(backup, victim)
    (record,) = store.playthroughs(anna.key)
    play(store, record, 1, clock)
    assert victim.read_bytes() == SECRET
    assert not backup.is_symlink()
    (notice,) = store.notices()
    assert notice.message.startswith(f"Die Sicherung „{backup}“ war ein symbolischer Link")
    assert os.readlink(notice.path) == str(victim)


def test_a_backup_link_is_never_restored_from(
    store: SaveStore, root: Path, anna: PlayerRef, victim: Path
) -> None:
    path = player_file(root, anna)
    foreign = json.loads(path.read_bytes())
    foreign["playthroughs"]["1"]["scenario_id"] = "fremd"
    victim.write_bytes(json.dumps(foreign).encode())
    plant(store_files.backup_path(path), victim)
    path.write_bytes(b"kaputt")
    assert store.playthroughs(anna.key) == []
    messages = [notice.message for notice in store.notices()]
    assert any(message.startswith("Die Sicherung") for message in messages)
    assert any("Eine gute Sicherung gab es nicht" in message for message in messages)


@pytest.mark.parametrize(
    "lock", ["index.json.lock", "PLAYER.json.lock", "groups.json.lock", "PLAYER.session.lock"]
)
def test_a_planted_lock_file_link_is_replaced_not_followed(
    store: SaveStore, root: Path, anna: PlayerRef, clock: TickingClock, victim: Path, lock: str
) -> None:
    link = root / "locks" / lock.replace("PLAYER", anna.key)
    plant(link, victim)
    (record,) = store.playthroughs(anna.key)
    play(store, record, 1, clock)
    store.ensure_player("Bernd")
    GroupStore(root).create("Servicetraining")
    claim = store.claim_player(anna.key)
    assert claim is not None
    claim.release()
    assert victim.read_bytes() == SECRET
    assert link.exists() and not link.is_symlink()


@pytest.mark.parametrize("folder", ["players", "locks"])
def test_a_linked_subfolder_is_refused_in_german(tmp_path: Path, folder: str) -> None:
    root = tmp_path / "saves"
    elsewhere = tmp_path / "anderswo"
    elsewhere.mkdir()
    root.mkdir()
    (root / folder).symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(StoreError, match=r"ist ein symbolischer Link\. Aus Sicherheitsgründen"):
        SaveStore(root).ensure_player("Anna")
    if folder == "locks":
        with pytest.raises(StoreError, match="symbolischer Link"):
            GroupStore(root).create("Servicetraining")
    assert list(elsewhere.iterdir()) == []


def test_a_linked_subfolder_planted_while_the_store_is_open_is_refused(
    store: SaveStore, root: Path, anna: PlayerRef, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "anderswo"
    (root / "locks").rename(elsewhere)
    (root / "locks").symlink_to(elsewhere, target_is_directory=True)
    before = sorted(path.name for path in elsewhere.iterdir())
    with pytest.raises(StoreError, match="symbolischer Link"):
        store.ensure_player("Bernd")
    assert sorted(path.name for path in elsewhere.iterdir()) == before


def test_the_save_folder_itself_may_be_a_link(tmp_path: Path, clock: TickingClock) -> None:
    real = tmp_path / "echt"
    real.mkdir()
    (tmp_path / "saves").symlink_to(real, target_is_directory=True)
    store = SaveStore(tmp_path / "saves", clock=clock)
    anna = store.ensure_player("Anna")
    play(store, start(store, anna), 1, clock)
    assert (real / "players" / f"{anna.key}.json").is_file()
    assert store.notices() == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_place_of_the_index_is_set_aside_without_hanging(root: Path, clock: TickingClock) -> None:
    root.mkdir(parents=True)
    os.mkfifo(root / "index.json")
    store = SaveStore(root, clock=clock)
    assert store.players() == []
    (notice,) = store.notices()
    assert "war beschädigt" in notice.message
    assert (root / "index.json").is_file()


def test_leftover_temp_files_of_killed_writers_are_removed_when_the_store_opens(
    root: Path, anna: PlayerRef, clock: TickingClock
) -> None:
    path = player_file(root, anna)
    stale = [path.with_name(f"{path.name}.{i:016x}.tmp") for i in range(3)]
    stale += [path.with_name(f"{path.name}.bak.{'e' * 16}.tmp"), path.with_name(f"{path.name}.tmp")]
    stale += [root / f"index.json.{'a' * 16}.tmp", root / f"groups.json.{'b' * 16}.tmp"]
    fresh = path.with_name(f"{path.name}.{'f' * 16}.tmp")  # a write in progress elsewhere
    foreign = [path.with_name("notizen.tmp"), root / "index.json.tmp.keep"]
    for leftover in [*stale, fresh, *foreign]:
        leftover.write_bytes(b"halb")
    # Ten minutes and a second ago (file times are real ones): that old, no write is in progress.
    long_ago = time.time() - timedelta(minutes=10, seconds=1).total_seconds()
    for leftover in [*stale, *foreign]:
        os.utime(leftover, (long_ago, long_ago))
    store = SaveStore(root, clock=clock)
    assert [leftover for leftover in stale if leftover.exists()] == []
    assert fresh.exists()
    assert all(leftover.exists() for leftover in foreign)
    (record,) = store.playthroughs(anna.key)
    play(store, record, 1, clock)
    assert store.notices() == []
