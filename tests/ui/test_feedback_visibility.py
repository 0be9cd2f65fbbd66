"""A long reaction on a small terminal is never cut off silently: the panel scrolls and says
that there is more to read, down to „Weiter mit Enter“."""

from __future__ import annotations

from pathlib import Path

from kundenspiel.engine import load_scenario, play
from kundenspiel.ui.widgets.feedback import MORE_TO_READ, FeedbackPanel
from tests.conftest import SCENARIO_DIR
from tests.ui.conftest import make_app, settle
from tests.ui.test_choice_visibility import flat, open_play_screen, region_text, screen_strips, situations

# The longest reaction of all shipped scenarios.
SCENARIO, NODE, CHOICE = "temporaere_partnerschaft", "geschaeftsfuehrung", "exit_begruenden"


async def test_a_long_reaction_scrolls_and_says_so(tmp_path: Path) -> None:
    scenario = load_scenario(SCENARIO_DIR / f"{SCENARIO}.yaml")
    state = next(
        s
        for s in situations(scenario)
        if s.node_id == NODE and any(o.choice.id == CHOICE and o.available for o in play.options(scenario, s))
    )
    number = [o.choice.id for o in play.options(scenario, state)].index(CHOICE) + 1
    app = make_app(tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_play_screen(app, pilot, scenario, tmp_path / "saves")
        screen.state = state
        await settle(pilot)
        await pilot.press(str(number))
        await settle(pilot)
        panel = screen.query_one("#feedback", FeedbackPanel)

        def shown() -> str:
            return flat(" ".join(region_text(screen_strips(app), panel.region)))

        assert "Weiter mit Enter" not in shown()
        assert MORE_TO_READ in shown()
        for _ in range(panel.max_scroll_y):
            await pilot.press("down")
        await pilot.pause()
        assert "Weiter mit Enter" in shown()
        assert MORE_TO_READ not in shown()
