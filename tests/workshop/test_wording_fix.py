"""A trainer's spelling fix in a scenario does not drop a group's runs from the debrief."""

from __future__ import annotations

from kundenspiel.engine import Scenario
from kundenspiel.workshop.aggregate import GroupData, aggregate
from tests.conftest import CheckText


def fixed(check_text: CheckText, text: str) -> Scenario:
    result = check_text(text)
    assert result.scenario is not None
    return result.scenario


def test_a_one_word_fix_keeps_every_run_current(
    mini_group: GroupData, check_text: CheckText, mini_text: str
) -> None:
    wording = fixed(
        check_text, mini_text.replace("ist nach einer Woche kaputt", "ist nach acht Tagen kaputt")
    )
    debrief = aggregate(mini_group, [wording]).scenario("mini")
    assert debrief.outdated == 0
    assert not any(run.outdated for run in debrief.runs)


def test_a_changed_effect_still_marks_the_runs_that_took_it(
    mini_group: GroupData, check_text: CheckText, mini_text: str
) -> None:
    changed = fixed(
        check_text, mini_text.replace("effects: {vertrauen: +5, motivation: +5}", "effects: {vertrauen: +10}")
    )
    debrief = aggregate(mini_group, [changed]).scenario("mini")
    assert debrief.outdated == len(debrief.runs) > 0
