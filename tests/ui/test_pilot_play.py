"""Every shipped scenario played from the start screen to an ending with key presses only;
the score shown must equal the engine's, and every situation on the way shows all its answers
(or says that there are more)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from kundenspiel.engine import load_scenario, play
from kundenspiel.ui.screens.debrief import DebriefScreen
from kundenspiel.ui.screens.play import PlayScreen
from kundenspiel.ui.widgets.choices import ChoiceList
from tests.conftest import repository_scenarios
from tests.ui.conftest import make_app, settle, sign_in
from tests.ui.test_choice_visibility import problems_at

POLICIES = ["first", "last"]


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("path", repository_scenarios(), ids=lambda p: p.stem)
async def test_play_to_an_ending_with_keys_only(path: Path, policy: str, saves: Path) -> None:
    scenario = load_scenario(path)
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot)
        scenario_list = app.screen.query_one("#scenario-list", OptionList)
        index = next(
            i
            for i in range(scenario_list.option_count)
            if scenario_list.get_option_at_index(i).id == scenario.id
        )
        await pilot.press(*(["down"] * index), "enter")
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        state = play.start(scenario)
        for _ in range(100):
            choices = app.screen.query_one("#choices", ChoiceList)
            shown = [view.choice_id for view in choices.views]
            offered = play.options(scenario, state)
            assert shown == [option.choice.id for option in offered]
            assert not problems_at(app, choices, scenario, state)
            available = [n for n, option in enumerate(offered, 1) if option.available]
            number = available[0] if policy == "first" else available[-1]
            step = play.choose(scenario, state, offered[number - 1].choice.id)
            await pilot.press(str(number))
            await pilot.pause()
            await pilot.press("enter")
            await settle(pilot)
            state = step.state
            if state.ended:
                break
        assert state.ended
        assert isinstance(app.screen, DebriefScreen)
        verdict = str(app.screen.query_one("#verdict", Static).render())
        shown_score = re.search(r"(\d+) von 100 Punkten", verdict)
        assert shown_score is not None
        assert int(shown_score.group(1)) == play.score(scenario, state).total
        ending = scenario.ending(state.ending_id or "")
        assert ending.title in verdict
