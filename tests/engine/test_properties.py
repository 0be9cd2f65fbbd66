"""Property tests over every shipped scenario: random playthroughs always end well-formed,
and a choice log always replays to the identical state."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kundenspiel.engine import Scenario, load_scenario, play
from tests.conftest import MINI_SCENARIO, repository_scenarios

MAX_STEPS = 500
SCENARIO_FILES = [MINI_SCENARIO, *repository_scenarios()]


@pytest.fixture(scope="module", params=SCENARIO_FILES, ids=lambda path: Path(path).stem)
def scenario(request: pytest.FixtureRequest) -> Scenario:
    return load_scenario(request.param)


def random_playthrough(scenario: Scenario, data: st.DataObject) -> play.GameState:
    state = play.start(scenario)
    for _ in range(MAX_STEPS):
        if state.ended:
            break
        available = [o.choice.id for o in play.options(scenario, state) if o.available]
        assert available, f"dead end at {state.node_id} with {state.meters}"
        state = play.choose(scenario, state, data.draw(st.sampled_from(available))).state
    return state


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_playthroughs_reach_an_ending_with_meters_in_range(
    scenario: Scenario, data: st.DataObject
) -> None:
    state = random_playthrough(scenario, data)
    assert state.ended, "no ending within the step limit"
    assert scenario.has_ending(state.ending_id or "")
    for step in state.path:
        assert all(0 <= value <= 100 for value in step.meters_after.as_dict().values())
    card = play.score(scenario, state)
    assert 0 <= card.total <= 100
    assert all(0 <= c.rating <= 100 for c in card.competencies.values())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_replaying_the_choice_log_gives_the_identical_state(scenario: Scenario, data: st.DataObject) -> None:
    state = random_playthrough(scenario, data)
    replayed = play.replay(scenario, state.choice_ids)
    assert replayed.complete
    assert replayed.state == state
    assert play.score(scenario, replayed.state) == play.score(scenario, state)
    # Serialising the state (as a save does) and reading it back changes nothing either.
    assert type(state).model_validate_json(state.model_dump_json()) == state
