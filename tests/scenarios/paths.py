"""Helpers for the scenario path tests."""

from __future__ import annotations

from kundenspiel.engine import GameState, Scenario, play


def play_path(scenario: Scenario, choice_ids: list[str]) -> GameState:
    """Play ``choice_ids`` from the start; fails if the playthrough ends early."""
    state = play.start(scenario)
    for choice_id in choice_ids:
        assert not state.ended, f"Durchlauf endet vor „{choice_id}“"
        state = play.choose(scenario, state, choice_id).state
    return state


def assert_path_ends(scenario: Scenario, path: list[str], ending: str, meters: dict[str, int]) -> None:
    """Playing ``path`` reaches ``ending`` with exactly ``meters``, and replaying its log agrees."""
    state = play_path(scenario, path)
    assert state.ending_id == ending
    assert state.meters.as_dict() == meters
    assert play.replay(scenario, path).state == state


def available(scenario: Scenario, state: GameState) -> dict[str, bool]:
    """The choices shown at the current node: id → available?"""
    return {option.choice.id: option.available for option in play.options(scenario, state)}


def offered(scenario: Scenario, state: GameState) -> dict[str, play.ChoiceOption]:
    """The choices shown at the current node by id."""
    return {option.choice.id: option for option in play.options(scenario, state)}
