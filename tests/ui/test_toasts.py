"""Notifications never cover the answers (issue 9, item 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets._toast import Toast

from kundenspiel.engine import load_scenario, play
from tests.conftest import SCENARIO_DIR
from tests.ui.conftest import make_app, settle
from tests.ui.test_choice_visibility import (
    LOCKED_FIRST,
    flat,
    open_play_screen,
    region_text,
    screen_strips,
    show,
    shown_in_full,
)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_toasts_leave_every_answer_visible(size: tuple[int, int], tmp_path: Path) -> None:
    scenario = load_scenario(SCENARIO_DIR / "druckerpatrone.yaml")
    app = make_app(tmp_path / "saves")
    async with app.run_test(size=size, notifications=True) as pilot:
        screen = await open_play_screen(app, pilot, scenario, tmp_path / "saves")
        state = play.replay(scenario, LOCKED_FIRST).state
        choices = await show(pilot, screen, scenario, state)
        await pilot.press("up", "up")  # the locked answers in view, where they can be cut
        await pilot.pause()
        before = flat(" ".join(region_text(screen_strips(app), choices.content_region)))
        assert shown_in_full(choices.views[0], before)

        app.notify("Weiter geht's nach Entscheidung 5.", title="Fortgesetzt")
        await pilot.press("1")  # locked: its reason comes as a toast
        await settle(pilot)
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 2
        assert all(not toast.region.overlaps(choices.region) for toast in toasts)
        after = flat(" ".join(region_text(screen_strips(app), choices.content_region)))
        assert after == before
