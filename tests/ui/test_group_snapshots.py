"""Snapshots of the group debrief screens at 80×24 and 120×40, with fixed data and clock.

Update after an intended change with ``pytest tests/ui --snapshot-update`` and look at the report.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from kundenspiel.ui.group_app import GroupDebriefApp
from kundenspiel.ui.session import GameConfig
from tests.conftest import SCENARIO_DIR
from tests.ui.conftest import FixedClock, make_app, settle, shared_cache
from tests.ui.group_seed import GROUP_CODE, GROUP_PIN, seed_group
from tests.ui.test_snapshots import SIZES, Compare, keys, steps


async def loaded(pilot: Pilot[Any]) -> None:
    """Wait for the first aggregation; keys pressed before it would find nothing to act on."""
    await settle(pilot)


def unlocked(*before: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Press ``before``, then a and the group's PIN (the dialog opens once the PIN hash is read)."""
    return steps(loaded, keys(*before, "a"), keys(*GROUP_PIN, "enter"))


SCREENS: dict[str, Callable[[Pilot[Any]], Awaitable[None]]] = {
    "group_overview": steps(loaded),
    "group_decision": steps(loaded, keys("s", "n", "n")),
    "group_decision_names": steps(unlocked("s", "n", "n")),
    "group_competencies": steps(loaded, keys("3")),
    "group_participants": steps(loaded, keys("s", "4")),
    "group_path": steps(loaded, keys("s", "4", "enter")),
    "group_compare": steps(unlocked("s", "4"), keys("v", "down", "v")),
    "group_talk": steps(loaded, keys("5")),
    "group_pin": steps(loaded, keys("a")),
    "group_help": steps(loaded, keys("f1")),
    "group_presenter": steps(loaded, keys("n", "n", "p")),
    "group_presenter_revealed": steps(loaded, keys("n", "n", "p", "space")),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_group_screen(screen: str, size: tuple[int, int], snap_compare: Compare, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    seed_group(saves)
    config = GameConfig(
        saves_dir=saves, scenario_dir=SCENARIO_DIR, clock=FixedClock(), cache_dir=shared_cache()
    )
    assert snap_compare(GroupDebriefApp(config, GROUP_CODE), terminal_size=size, run_before=SCREENS[screen])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_group_pick_dialog(size: tuple[int, int], snap_compare: Compare, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    seed_group(saves)
    assert snap_compare(make_app(saves), terminal_size=size, run_before=steps(loaded, keys("f3")))
