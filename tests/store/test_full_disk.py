"""A repair on a full disk never leaves less than it found: it changes nothing and says so in
German; when space returns, the repair goes ahead with its notice. A missing file of which only
a damaged copy is left is reported, not silently started anew."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kundenspiel.store import PlayerRef, PlaythroughRecord, SaveStore, StoreError
from tests.store.conftest import METERS, START, TickingClock, play, start

DAMAGED = b'{"playthroughs": {"1": {"id": '


def player_file(root: Path, player: PlayerRef) -> Path:
    return root / "players" / f"{player.key}.json"


def backup_of(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def folder_state(folder: Path) -> dict[str, bytes]:
    """Every file of a folder with its bytes: a repair that failed must leave exactly this."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


@contextmanager
def full_disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Inside the block the disk is full: writing to a file fails, and so does flushing one (where
    delayed allocation reports it). Folders can still be synced: nothing is written there."""

    def no_space(*args: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        if stat.S_ISREG(os.fstat(descriptor).st_mode):
            no_space()
        real_fsync(descriptor)

    with monkeypatch.context() as patch:
        patch.setattr(os, "write", no_space)
        patch.setattr(os, "fsync", fsync)
        yield


def new_record(player: PlayerRef) -> PlaythroughRecord:
    return PlaythroughRecord(
        id="1" * 32,
        player_key=player.key,
        scenario_id="drucker",
        scenario_version=2,
        content_hash="ab" * 32,
        started_at=START,
        updated_at=START,
        start_meters=METERS,
    )


@pytest.fixture
def anna(store: SaveStore, clock: TickingClock) -> PlayerRef:
    """Anna with one playthrough of two steps; the backup holds the state after the first."""
    player = store.ensure_player("Anna")
    play(store, start(store, player), 2, clock)
    return player


def test_repair_with_a_backup_on_a_full_disk_changes_nothing(
    store: SaveStore, root: Path, anna: PlayerRef, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = player_file(root, anna)
    path.write_bytes(DAMAGED)
    before = folder_state(path.parent)

    with full_disk(monkeypatch), pytest.raises(StoreError) as raised:
        store.playthroughs(anna.key)
    assert folder_state(path.parent) == before
    message = str(raised.value)
    assert message.startswith("Der Spielstand von „Anna“ ist beschädigt und konnte nicht repariert werden")
    assert "es wurde nichts verändert" in message
    assert "Platz auf dem Datenträger" in message
    assert store.notices() == []

    # Space is back: the repair happens now, with its notice.
    (record,) = store.playthroughs(anna.key)
    assert record.choice_ids == ["wahl_0"]
    (notice,) = store.notices()
    assert "der letzte gute Stand wurde wiederhergestellt" in notice.message
    assert notice.path.read_bytes() == DAMAGED


def test_repair_without_a_backup_on_a_full_disk_is_reported_when_space_returns(
    store: SaveStore, root: Path, anna: PlayerRef, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = player_file(root, anna)
    backup_of(path).unlink()
    path.write_bytes(DAMAGED)
    before = folder_state(path.parent)

    with full_disk(monkeypatch):
        with pytest.raises(StoreError):
            store.playthroughs(anna.key)
        assert folder_state(path.parent) == before
        with pytest.raises(StoreError, match="nichts verändert"):
            store.save_playthrough(new_record(anna))
    assert folder_state(path.parent) == before

    assert store.playthroughs(anna.key) == []
    (notice,) = store.notices()
    assert "Eine gute Sicherung gab es nicht" in notice.message
    assert notice.path.read_bytes() == DAMAGED


def test_damaged_index_on_a_full_disk_keeps_the_folder_as_it_was(
    root: Path, anna: PlayerRef, clock: TickingClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = root / "index.json"
    index.write_bytes(b"\xff\xfe")
    before = folder_state(root)
    with full_disk(monkeypatch), pytest.raises(StoreError) as raised:
        SaveStore(root, clock=clock)
    assert folder_state(root) == before
    assert str(raised.value).startswith("Die Spielerliste ist beschädigt und konnte nicht repariert werden")
    store = SaveStore(root, clock=clock)
    assert [player.name for player in store.players()] == ["Anna"]
    assert len(store.notices()) == 1


def test_a_missing_file_with_only_a_damaged_copy_left_is_reported_once(
    store: SaveStore, root: Path, anna: PlayerRef
) -> None:
    path = player_file(root, anna)
    backup_of(path).unlink()
    broken = path.with_name(f"{anna.key}.broken-20250314-090000.json")
    path.rename(broken)

    assert store.playthroughs(anna.key) == []
    (notice,) = store.notices()
    assert notice.message.startswith(
        "Der Spielstand von „Anna“ fehlte, und eine gute Sicherung gibt es nicht"
    )
    assert f"„{broken}“" in notice.message
    assert store.playthroughs(anna.key) == []
    assert store.notices() == []
    assert broken.exists()
    # The player can go on playing; the profile came back from the index.
    assert store.ensure_player("Anna") == anna
    start(store, anna)
    assert len(store.playthroughs(anna.key)) == 1


def test_a_missing_file_without_any_copy_is_simply_new(store: SaveStore, root: Path) -> None:
    bernd = store.ensure_player("Bernd")
    assert store.playthroughs(bernd.key) == []
    assert store.notices() == []


def test_a_folder_in_place_of_a_player_file_is_set_aside_and_restored_on_failure(
    store: SaveStore, root: Path, anna: PlayerRef, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = player_file(root, anna)
    path.unlink()
    path.mkdir()
    (path / "inhalt").write_bytes(b"bleibt")
    with full_disk(monkeypatch), pytest.raises(StoreError, match="nichts verändert"):
        store.playthroughs(anna.key)
    assert (path / "inhalt").read_bytes() == b"bleibt"

    (record,) = store.playthroughs(anna.key)
    assert record.choice_ids == ["wahl_0"]
    (notice,) = store.notices()
    assert (notice.path / "inhalt").read_bytes() == b"bleibt"
    assert path.is_file()


def test_a_damaged_group_list_on_a_full_disk_is_left_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime

    from kundenspiel.store.groups import GroupStore

    root = tmp_path / "saves"
    SaveStore(root)
    groups = GroupStore(root)
    groups.create("Servicetraining März")
    groups.create("Führung nebenbei")  # the first version is now the backup
    (root / "groups.json").write_bytes(DAMAGED)
    before = folder_state(root)
    with full_disk(monkeypatch), pytest.raises(StoreError) as raised:
        GroupStore(root, clock=lambda: datetime(2026, 12, 1, tzinfo=UTC)).groups()
    assert "Gruppenliste" in str(raised.value)
    assert folder_state(root) == before

    again = GroupStore(root)
    assert [group.title for group in again.groups()] == ["Servicetraining März"]
    notices = again.notices()
    assert len(notices) == 1 and "beschädigt" in notices[0].message
    assert notices[0].path.read_bytes() == DAMAGED
