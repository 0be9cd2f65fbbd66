"""Two windows with one player: a claim tells the second window, and a save never silently
overwrites a playthrough that was played on elsewhere (``revision``)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kundenspiel.store import PlayerClaim, PlayerRef, PlaythroughConflict, SaveStore, StoreError
from tests.store.conftest import START, TickingClock, make_step, play, start

REPO = Path(__file__).resolve().parent.parent.parent

HOLDER = (
    "import sys\n"
    "from pathlib import Path\n"
    "from kundenspiel.store import SaveStore\n"
    "claim = SaveStore(Path(sys.argv[1])).claim_player(sys.argv[2])\n"
    "print('held' if claim else 'taken', flush=True)\n"
    "sys.stdin.read()\n"
)


@pytest.fixture
def anna(store: SaveStore) -> PlayerRef:
    return store.ensure_player("Anna")


def player_file(root: Path, player: PlayerRef) -> Path:
    return root / "players" / f"{player.key}.json"


# --- claims ----------------------------------------------------------------------------------


def test_a_claimed_player_cannot_be_claimed_again_in_the_same_process(
    store: SaveStore, root: Path, anna: PlayerRef
) -> None:
    claim = store.claim_player(anna.key)
    assert isinstance(claim, PlayerClaim)
    assert claim.held and claim.key == anna.key
    assert store.claim_player(anna.key) is None
    assert SaveStore(root).claim_player(anna.key) is None
    bernd = store.ensure_player("Bernd")
    other = store.claim_player(bernd.key)
    assert other is not None
    claim.release()
    assert not claim.held
    claim.release()  # twice is harmless
    again = store.claim_player(anna.key)
    assert again is not None
    again.release()
    other.release()


def test_a_claim_as_context_manager_is_released_at_the_end(store: SaveStore, anna: PlayerRef) -> None:
    claim = store.claim_player(anna.key)
    assert claim is not None
    with claim:
        assert store.claim_player(anna.key) is None
    assert not claim.held
    later = store.claim_player(anna.key)
    assert later is not None
    later.release()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX only")
def test_a_claim_holds_across_processes_and_ends_with_its_process(
    store: SaveStore, root: Path, anna: PlayerRef
) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root), anna.key],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdin is not None
    try:
        assert child.stdout.readline().strip() == "held"
        assert store.claim_player(anna.key) is None
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        child.stdout.close()
        child.stdin.close()
    claim = store.claim_player(anna.key)
    assert claim is not None
    claim.release()


def test_a_claim_is_refused_in_the_other_process_too(store: SaveStore, root: Path, anna: PlayerRef) -> None:
    claim = store.claim_player(anna.key)
    assert claim is not None
    completed = subprocess.run(
        [sys.executable, "-c", HOLDER.replace("sys.stdin.read()\n", ""), str(root), anna.key],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert completed.stdout.strip() == "taken"
    claim.release()


def test_claiming_an_impossible_key_is_a_german_error(store: SaveStore) -> None:
    with pytest.raises(StoreError, match="Diesen Spieler gibt es nicht"):
        store.claim_player("../index")


# --- revisions -------------------------------------------------------------------------------


def test_every_change_counts_one_revision(store: SaveStore, anna: PlayerRef) -> None:
    record = start(store, anna)
    assert record.revision == 0
    stepped = record.with_step(make_step(0), START)
    assert stepped.revision == 1
    assert stepped.truncated(0, START).revision == 2
    assert stepped.finished("ende", 80, "gut", START).revision == 2
    assert stepped.abandoned(START).revision == 2
    assert store.playthroughs(anna.key)[0].revision == 0


def test_a_stale_window_cannot_overwrite_what_the_other_one_played(
    root: Path, anna: PlayerRef, clock: TickingClock
) -> None:
    first, second = SaveStore(root, clock=clock), SaveStore(root, clock=clock)
    record = start(first, anna)
    loaded = second.latest_open(anna.key)
    assert loaded == record
    ahead = play(first, record, 2, clock)
    behind = loaded.with_step(make_step(7), clock())
    assert behind.revision == 1 < ahead.revision
    with pytest.raises(PlaythroughConflict) as raised:
        second.save_playthrough(behind)
    assert isinstance(raised.value, StoreError)
    assert str(raised.value).startswith(
        "Dieser Durchlauf wurde inzwischen in einem anderen Fenster weitergespielt."
    )
    assert raised.value.record_id == record.id
    assert raised.value.stored_revision == ahead.revision
    assert second.playthroughs(anna.key) == [ahead]


def test_the_same_revision_with_other_choices_is_a_conflict(
    root: Path, anna: PlayerRef, clock: TickingClock
) -> None:
    first, second = SaveStore(root, clock=clock), SaveStore(root, clock=clock)
    record = start(first, anna)
    mine = record.with_step(make_step(1), clock())
    theirs = record.with_step(make_step(2), clock())
    first.save_playthrough(mine)
    with pytest.raises(PlaythroughConflict):
        second.save_playthrough(theirs)
    assert first.playthroughs(anna.key) == [mine]


def test_saving_the_stored_record_again_writes_nothing(
    store: SaveStore, root: Path, anna: PlayerRef, clock: TickingClock
) -> None:
    record = play(store, start(store, anna), 1, clock)
    path = player_file(root, anna)
    before = os.stat(path).st_ino
    store.save_playthrough(record)
    # Every write replaces the file, so the same inode means nothing was written.
    assert os.stat(path).st_ino == before
    assert store.playthroughs(anna.key) == [record]


def test_an_older_copy_from_the_same_window_is_refused(
    store: SaveStore, anna: PlayerRef, clock: TickingClock
) -> None:
    record = start(store, anna)
    older = play(store, record, 1, clock)
    newer = play(store, older, 1, clock)
    with pytest.raises(PlaythroughConflict):
        store.save_playthrough(older)
    assert store.playthroughs(anna.key) == [newer]


def test_records_saved_before_revisions_existed_load_as_zero_and_play_on(
    store: SaveStore, root: Path, anna: PlayerRef, clock: TickingClock
) -> None:
    record = play(store, start(store, anna), 1, clock)
    path = player_file(root, anna)
    tables = json.loads(path.read_bytes())
    for document in tables["playthroughs"].values():
        del document["revision"]
    path.write_text(json.dumps(tables))
    (old,) = store.playthroughs(anna.key)
    assert old.revision == 0
    assert old.choice_ids == record.choice_ids
    store.save_playthrough(old)  # the same record, written without the field: no conflict
    newer = play(store, old, 1, clock)
    assert store.playthroughs(anna.key) == [newer]
    assert newer.revision == 1
