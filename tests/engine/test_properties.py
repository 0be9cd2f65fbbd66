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


# --- generated scenarios: effects beyond 0/100, and locked choices tried -------------------
METERS = ("motivation", "vertrauen", "befugnis")
COMPARATORS = ("<", "<=", ">", ">=", "==", "!=")


@st.composite
def extreme_scenarios(draw: st.DrawFn) -> Scenario:
    """Two stations that lead into each other and an ending; effects up to ±100, so meters
    hit both bounds within a few steps; most choices carry a condition that locks them."""
    nodes = []
    for node_id, other in (("a", "b"), ("b", "a")):
        choices = []
        for number in range(draw(st.integers(2, 5))):
            choice: dict[str, object] = {
                "id": f"w{number}",
                "text": "Eine Auswahl.",
                "effects": {meter: draw(st.integers(-100, 100)) for meter in METERS},
                "next": draw(st.sampled_from([node_id, other])),
            }
            if draw(st.booleans()) or number > 0:
                meter, comparator = draw(st.sampled_from(METERS)), draw(st.sampled_from(COMPARATORS))
                choice["condition"] = f"{meter} {comparator} {draw(st.integers(0, 100))}"
                if draw(st.booleans()):
                    choice["locked_reason"] = "Gesperrt, weil es so sein soll."
                choice["hidden"] = draw(st.booleans())
            choices.append(choice)
        # One way out that is always open, so no playthrough can get stuck.
        choices.append({"id": "raus", "text": "Gehen.", "next": "ende"})
        nodes.append({"id": node_id, "text": "Eine Lage.", "choices": choices})
    start = {meter: draw(st.integers(0, 100)) for meter in METERS}
    return Scenario.model_validate(
        {
            "id": "extrem",
            "version": 1,
            "title": "Extrem",
            "summary": "Erzeugt.",
            "role": "Du testest.",
            "sources": [{"article": "A", "author": "B", "date": "ohne Datum"}],
            "learning_goals": ["Du testest.", "Du testest gründlich."],
            "start": {"node": "a", "meters": start},
            "nodes": nodes,
            "endings": [{"id": "ende", "title": "Ende", "text": "Aus.", "rating": "gemischt"}],
        }
    )


@settings(max_examples=150, deadline=None)
@given(scenario=extreme_scenarios(), data=st.data())
def test_meters_clamp_at_both_bounds_and_locked_choices_are_refused(
    scenario: Scenario, data: st.DataObject
) -> None:
    state = play.start(scenario)
    for _ in range(40):
        if state.ended:
            break
        node = play.current_node(scenario, state)
        # Any choice of the station, locked or not, as a player pressing its key would try it.
        choice = data.draw(st.sampled_from(node.choices))
        offered = {option.choice.id: option for option in play.options(scenario, state)}
        if not play.is_available(choice, state):
            assert choice.condition is not None
            assert not choice.condition.evaluate(state.context())
            with pytest.raises(play.PlayError) as refused:
                play.choose(scenario, state, choice.id)
            assert str(refused.value) == play.locked_reason(scenario, choice)
            if choice.hidden:
                assert choice.id not in offered
            else:
                assert offered[choice.id].available is False
                assert offered[choice.id].reason == play.locked_reason(scenario, choice)
            continue  # the state is untouched: the same station offers the same choices
        assert offered[choice.id].available
        before = state.meters.as_dict()
        step = play.choose(scenario, state, choice.id)
        after = step.state.meters.as_dict()
        for meter, delta in choice.effects.as_dict().items():
            assert after[meter] == min(100, max(0, before[meter] + delta))
            assert step.changes[meter] == after[meter] - before[meter]
        state = step.state
    assert all(0 <= value <= 100 for step in state.path for value in step.meters_after.as_dict().values())


def test_the_generated_scenarios_do_push_meters_past_the_bounds() -> None:
    # Guards the property above against a strategy that silently stops reaching the bounds.
    pushed: set[str] = set()

    @settings(max_examples=60, deadline=None, database=None)
    @given(scenario=extreme_scenarios())
    def collect(scenario: Scenario) -> None:
        start = scenario.start.meters.as_dict()
        for node in scenario.nodes:
            for choice in node.choices:
                for meter, delta in choice.effects.as_dict().items():
                    if start[meter] + delta > 100:
                        pushed.add("über 100")
                    if start[meter] + delta < 0:
                        pushed.add("unter 0")
                if choice.condition is not None:
                    pushed.add("gesperrt möglich")

    collect()
    assert pushed == {"über 100", "unter 0", "gesperrt möglich"}
