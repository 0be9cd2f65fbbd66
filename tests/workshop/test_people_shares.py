"""Shares of people: each participant once per decision (first visit), revisits noted; per choice
who took it, what it does, its coaching and its lock; how the people who took it ended."""

from __future__ import annotations

import pytest

from kundenspiel.workshop.aggregate import aggregate
from kundenspiel.workshop.model import ChoiceShare, Decision, ScenarioDebrief
from tests.workshop.loop_group import group, loop_records, schleife


@pytest.fixture
def summary() -> ScenarioDebrief:
    scenario = schleife()
    return aggregate(group(loop_records(scenario)), [scenario]).scenario("schleife")


def choice(decision: Decision, choice_id: str) -> ChoiceShare:
    return next(c for c in decision.choices if c.choice_id == choice_id)


def test_each_person_counts_once_by_the_first_visit(summary: ScenarioDebrief) -> None:
    call = summary.decision("anruf")
    # Ada, Cem and Dan went straight on first; Ada read the file on her second call.
    assert (call.participants, call.decisions, call.revisits) == (4, 5, 1)
    shares = {c.choice_id: (c.count, c.percent, c.revisits) for c in call.choices}
    assert shares["direkt"] == (3, 75.0, 0)
    assert shares["akte_lesen"] == (1, 25.0, 1)
    talk = summary.decision("gespraech")
    # Dan is still deciding in the talk: he has not decided there, so he is not counted.
    assert (talk.participants, talk.decisions, talk.revisits) == (3, 4, 1)
    assert {c.choice_id: c.count for c in talk.choices} == {"zusage": 1, "zurueck": 1, "abwimmeln": 1}
    assert choice(talk, "zusage").revisits == 1
    assert sum(c.percent for c in talk.choices) == pytest.approx(100, abs=0.5)


def test_who_chose_what(summary: ScenarioDebrief) -> None:
    call = summary.decision("anruf")
    assert choice(call, "direkt").chosen_by == [1, 3, 4]
    assert choice(call, "akte_lesen").chosen_by == [2]
    assert choice(call, "auflegen").chosen_by == []


def test_a_choice_carries_its_effects_reaction_and_coaching(summary: ScenarioDebrief) -> None:
    read = choice(summary.decision("anruf"), "akte_lesen")
    assert read.effects == {"vertrauen": 5}
    # The base reaction, not the passage that depends on the state.
    assert read.feedback == "Du findest den alten Vermerk."
    assert read.coaching == "Wer die Vorgeschichte kennt, muss nicht zweimal fragen."
    assert read.lock_condition is None and read.lock_reason is None
    straight = choice(summary.decision("anruf"), "direkt")
    assert (straight.effects, straight.feedback, straight.coaching) == ({"motivation": -5}, None, None)


def test_locks_say_why_and_how_many_people_saw_them(summary: ScenarioDebrief) -> None:
    call = summary.decision("anruf")
    hang_up = choice(call, "auflegen")
    assert hang_up.lock_condition == "Entscheidungsbefugnis mindestens 90"
    assert hang_up.lock_reason == "Auflegen darfst du nicht."
    # Ada saw it locked on both calls: still one person.
    assert hang_up.locked == 4
    # A hidden choice is never shown, so nobody saw it locked.
    assert choice(call, "geheim").locked == 0
    promise = choice(summary.decision("gespraech"), "zusage")
    assert promise.lock_condition == "„Akte gelesen“"
    assert promise.lock_reason == "Noch nicht möglich: „Akte gelesen“."
    # Ada (first visit, before the file) and Cem saw it locked; Bea had read the file.
    assert promise.locked == 2
    assert summary.decision("gespraech").with_locked == 2
    assert call.with_locked == 4


def test_how_the_people_who_chose_something_ended(summary: ScenarioDebrief) -> None:
    straight = choice(summary.decision("anruf"), "direkt")
    # Ada and Cem finished; Dan is still playing and is left out.
    assert (straight.count, straight.finished) == (3, 2)
    assert [(e.ending_id, e.title, e.count, e.percent) for e in straight.endings] == [
        ("ende_gut", "Eingelöst", 1, 50.0),
        ("ende_schlecht", "Vertröstet", 1, 50.0),
    ]
    read = choice(summary.decision("anruf"), "akte_lesen")
    assert [(e.ending_id, e.rating, e.percent) for e in read.endings] == [("ende_gut", "gelungen", 100.0)]
    assert choice(summary.decision("anruf"), "auflegen").endings == []


def test_talking_points_rank_the_decisions_that_split_the_group(summary: ScenarioDebrief) -> None:
    ranked = [(p.node_id, p.split, p.evenness, p.leading_choice_id) for p in summary.talking_points]
    # The talk split three ways (a third each); the call three to one; the file and the note
    # (Ada and Bea, one choice each) did not split anyone.
    assert ranked[:2] == [("gespraech", 0.667, 1.0, "zusage"), ("anruf", 0.25, 0.406, "direkt")]
    assert {node_id for node_id, *_ in ranked[2:]} == {"akte", "vermerk"}
    assert all(split == 0 for _, split, *_ in ranked[2:])
    assert summary.decision("gespraech").split == 0.667


def test_a_decision_reached_by_one_person_is_no_talking_point() -> None:
    scenario = schleife()
    records = loop_records(scenario)[1:2]  # Bea alone
    summary = aggregate(group(records), [scenario]).scenario("schleife")
    assert summary.talking_points == []
    assert all(decision.split is None for decision in summary.decisions)
