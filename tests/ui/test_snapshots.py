"""Snapshots of every screen and dialog at 80×24 and 120×40, with fixed data and clock.

Update after an intended change with ``pytest tests/ui --snapshot-update`` and look at the
report before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from kundenspiel.engine import Scenario, load_scenario, play
from tests.conftest import SCENARIO_DIR
from tests.ui.conftest import make_app, settle, sign_in
from tests.ui.seed import seed

SIZES = [(80, 24), (120, 40)]
Compare = Callable[..., bool]


async def quiet(pilot: Pilot[Any]) -> None:
    """Settle, stop the cursor blinking and clear toasts, so every run looks the same."""
    await settle(pilot)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    pilot.app.clear_notifications()
    await pilot.pause()


def steps(*actions: Callable[[Pilot[Any]], Awaitable[None]]) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run(pilot: Pilot[Any]) -> None:
        for action in actions:
            await action(pilot)
        await quiet(pilot)

    return run


def keys(*pressed: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run(pilot: Pilot[Any]) -> None:
        await pilot.press(*pressed)
        await settle(pilot)

    return run


async def as_alex(pilot: Pilot[Any]) -> None:
    await sign_in(pilot, "Alex")


async def as_bea(pilot: Pilot[Any]) -> None:
    await sign_in(pilot, "Bea")


async def to_first_locked_choice(pilot: Pilot[Any]) -> None:
    """From the scenario list, open „Keine Befugnis“ and play on until a locked choice shows."""
    await pilot.press("down", "down", "enter")
    await settle(pilot)
    for number in path_to_locked_choice(load_scenario(SCENARIO_DIR / "keine_befugnis.yaml")):
        await pilot.press(str(number), "enter")
        await settle(pilot)


def path_to_locked_choice(scenario: Scenario) -> list[int]:
    """Choice numbers (as shown) of the first-available path up to a node showing a locked one."""
    state = play.start(scenario)
    numbers: list[int] = []
    while not any(not option.available for option in play.options(scenario, state)):
        offered = play.options(scenario, state)
        number = next(n for n, option in enumerate(offered, 1) if option.available)
        state = play.choose(scenario, state, offered[number - 1].choice.id).state
        numbers.append(number)
    return numbers


SCREENS: dict[str, Callable[[Pilot[Any]], Awaitable[None]]] = {
    "start": steps(),
    "scenario_list_with_resume_offer": steps(as_alex),
    "scenario_list": steps(as_alex, keys("escape")),
    "play_first_decision": steps(as_bea, keys("enter")),
    "play_feedback": steps(as_bea, keys("enter", "2")),
    "play_locked_choice": steps(as_bea, to_first_locked_choice),
    "path_dialog": steps(as_alex, keys("enter", "w")),
    "debrief": steps(as_alex, keys("escape", "p", "down", "enter")),
    "progress": steps(as_alex, keys("escape", "p")),
    "help": steps(keys("f1")),
    "restart_confirm": steps(as_alex, keys("escape", "n")),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(screen: str, size: tuple[int, int], snap_compare: Compare, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    seed(saves)
    assert snap_compare(make_app(saves), terminal_size=size, run_before=SCREENS[screen])
