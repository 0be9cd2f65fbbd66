"""Moving playthroughs between players and forgetting a player: nothing lost, nothing followed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kundenspiel.store import SaveStore
from kundenspiel.store.people import forget_player, move_playthroughs
from tests.store.conftest import TickingClock, play, start


def test_a_move_interrupted_after_the_copy_is_finished_by_running_it_again(
    store: SaveStore, clock: TickingClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna, twin = store.ensure_player("Anna"), store.ensure_player("Anna (Gerät 7K3M)")
    record = play(store, start(store, twin), 2, clock)
    import kundenspiel.store.people as people

    def crash(*args: object) -> int:
        raise KeyboardInterrupt  # the process ends between saving the copy and removing the original

    with monkeypatch.context() as patch:
        patch.setattr(people, "remove_playthroughs", crash)
        with pytest.raises(KeyboardInterrupt):
            move_playthroughs(store, twin, anna, [record])
    assert [r.id for r in store.playthroughs(anna.key)] == [record.id]
    assert [r.id for r in store.playthroughs(twin.key)] == [record.id]
    assert move_playthroughs(store, twin, anna, [record]) == 1
    (moved,) = store.playthroughs(anna.key)
    assert moved.choice_ids == record.choice_ids and store.playthroughs(twin.key) == []


def test_forgetting_removes_a_planted_link_never_its_target(
    store: SaveStore, root: Path, tmp_path: Path
) -> None:
    anna = store.ensure_player("Anna")
    start(store, anna)
    outside = tmp_path / "fremd.txt"
    outside.write_text("nicht anfassen", encoding="utf-8")
    planted = root / "players" / f"{anna.key}.json.bak"
    planted.unlink(missing_ok=True)
    os.symlink(outside, planted)
    forgotten = forget_player(store, anna)
    assert planted in forgotten.files and not os.path.lexists(planted)
    assert outside.read_text(encoding="utf-8") == "nicht anfassen"
    assert store.players() == [] and forgotten.playthroughs == 1
