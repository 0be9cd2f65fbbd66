"""Aggregation on generated groups whose answers are worked out by hand."""

from __future__ import annotations

import pytest

from kundenspiel.engine import Scenario, load_scenario, play
from kundenspiel.engine.scoring import competency_breakdown
from kundenspiel.workshop.aggregate import GroupData, aggregate, counted_run, decision_order
from tests.conftest import SCENARIO_DIR
from tests.workshop.conftest import CODE, make_record, player
from tests.workshop.loop_group import random_group


def test_only_the_groups_playthroughs_count(mini: Scenario, mini_group: GroupData) -> None:
    debrief = aggregate(mini_group, [mini])
    assert [p.name for p in debrief.participants] == ["Ada", "Ben", "Cem", "Dana"]
    summary = debrief.scenario("mini")
    # Ben gave up his first run before finishing the second: one run abandoned, one restart.
    assert (summary.participants, summary.finished, summary.in_progress, summary.abandoned) == (4, 3, 1, 1)
    assert (summary.given_up, summary.stalled, summary.restarted) == (1, 0, 1)
    assert summary.outdated == 0


def test_participants_are_numbered_by_their_first_playthrough(mini: Scenario, mini_group: GroupData) -> None:
    debrief = aggregate(mini_group, [mini])
    assert [(p.number, p.label) for p in debrief.participants][:2] == [
        (1, "Person 1"),
        (2, "Person 2"),
    ]
    late = make_record(mini, "Aaron", ["vertroesten"], minute=30)
    more = GroupData(
        CODE,
        "Test",
        {**mini_group.players, player("Aaron").key: player("Aaron")},
        [*mini_group.records, late],
    )
    again = aggregate(more, [mini])
    # Someone joining later gets the next number; nobody else is renumbered.
    assert [p.name for p in again.participants] == ["Ada", "Ben", "Cem", "Dana", "Aaron"]
    assert again.anonymized().participants[4].name == "Person 5"


def test_how_the_group_split_at_each_decision(mini: Scenario, mini_group: GroupData) -> None:
    summary = aggregate(mini_group, [mini]).scenario("mini")
    assert [d.node_id for d in summary.decisions] == ["theke", "leitung", "theke_zwei"]
    theke, leitung, zwei = summary.decisions
    split = {c.choice_id: (c.count, c.percent, c.locked) for c in theke.choices}
    assert split == {"umtauschen": (0, 0.0, 4), "nachfragen": (3, 75.0, 0), "vertroesten": (1, 25.0, 0)}
    assert (theke.decisions, theke.participants, theke.with_locked) == (4, 4, 4)
    assert {c.choice_id: c.count for c in leitung.choices} == {"befugnis_erbitten": 1, "abgeben": 1}
    assert leitung.with_locked == 0
    # With the authority asked for, the exchange at the second counter is open: not locked.
    assert [(c.count, c.locked) for c in zwei.choices] == [(1, 0)]


def test_endings_scores_and_meters(mini: Scenario, mini_group: GroupData) -> None:
    summary = aggregate(mini_group, [mini]).scenario("mini")
    assert {e.ending_id: e.count for e in summary.endings} == {
        "ende_gut": 1,
        "ende_gemischt": 1,
        "ende_schlecht": 1,
    }
    assert sum(summary.score_histogram) == 3
    meters = {m.meter_id: m for m in summary.meters}
    # Ada ends at 75/65/60, Ben at 55/50/20, Cem at 55/15/20.
    assert (meters["motivation"].mean, meters["motivation"].spread) == (61.7, 9.4)
    assert (meters["vertrauen"].minimum, meters["vertrauen"].maximum, meters["vertrauen"].mean) == (
        15,
        65,
        43.3,
    )
    assert meters["befugnis"].mean == 33.3
    scores = sorted(r.score for r in summary.runs if r.score is not None)
    expected = sorted(
        play.score(mini, play.replay(mini, choices).state).total
        for choices in (
            ["nachfragen", "befugnis_erbitten", "jetzt_umtauschen"],
            ["nachfragen", "abgeben"],
            ["vertroesten"],
        )
    )
    assert scores == expected
    assert summary.score_mean == round(sum(expected) / 3, 1)


def test_competency_profile(mini: Scenario, mini_group: GroupData) -> None:
    debrief = aggregate(mini_group, [mini])
    profile = {
        c.competency_id: (c.positive, c.negative, c.participants, c.rating) for c in debrief.competencies
    }
    assert profile == {"zuhoeren": (3, 1, 4, 75), "entscheiden": (2, 0, 1, 100)}


def test_a_participants_path_shows_what_was_locked(mini: Scenario, mini_group: GroupData) -> None:
    summary = aggregate(mini_group, [mini]).scenario("mini")
    ada = next(run for run in summary.runs if run.participant == 1)
    assert [e.choice_id for e in ada.path] == ["nachfragen", "befugnis_erbitten", "jetzt_umtauschen"]
    assert ada.path[0].locked == ["Sofort einen neuen Wasserkocher geben."]
    assert ada.path[-1].meters == {"motivation": 75, "vertrauen": 65, "befugnis": 60}
    assert ada.ending_title == "Zufrieden"


def test_first_finished_playthrough_counts(mini: Scenario) -> None:
    first = make_record(mini, "Ada", ["vertroesten"], minute=1)
    second = make_record(mini, "Ada", ["nachfragen", "abgeben"], minute=5)
    running = make_record(mini, "Ada", ["nachfragen"], minute=9)
    assert counted_run([running, second, first]) == first
    assert counted_run([running]) == running


def test_a_changed_scenario_and_an_unknown_scenario_are_reported(
    mini: Scenario, mini_group: GroupData
) -> None:
    broken = make_record(mini, "Ada", ["nachfragen"], minute=50).model_copy(update={"scenario_id": "weg"})
    data = GroupData(CODE, "Test", mini_group.players, [*mini_group.records, broken])
    debrief = aggregate(data, [mini])
    unknown = debrief.scenario("weg")
    assert not unknown.known and unknown.participants == 1 and unknown.decisions == []
    assert "unbekanntes Szenario" in unknown.title


def test_codes_match_in_any_spelling(mini: Scenario) -> None:
    records = [
        make_record(mini, "Ada", ["vertroesten"], code="kr-7m"),
        make_record(mini, "Ben", ["vertroesten"], code=" KR 7M"),
    ]
    data = GroupData("kr7m", "Test", {player(n).key: player(n) for n in ("Ada", "Ben")}, records)
    assert aggregate(data, [mini]).scenario("mini").participants == 2


def test_empty_group() -> None:
    debrief = aggregate(GroupData(CODE, "Leer", {}, []), [])
    assert debrief.scenarios == [] and debrief.participants == [] and debrief.competencies == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_group_totals_add_up(seed: int) -> None:
    """Random paths through a shipped scenario: every count adds up to the participants."""
    scenario = load_scenario(SCENARIO_DIR / "keine_befugnis.yaml")
    data = random_group(scenario, 25, seed)
    records = data.records
    summary = aggregate(data, [scenario]).scenario(scenario.id)
    assert summary.participants == 25 == summary.finished + summary.in_progress
    assert sum(e.count for e in summary.endings) == summary.finished == sum(summary.score_histogram)
    first = summary.decisions[0]
    assert first.node_id == scenario.start.node == decision_order(scenario)[0]
    assert first.participants == 25
    for decision in summary.decisions:
        # Shares are of people: each once, by the first visit; revisits are counted apart.
        assert sum(c.count for c in decision.choices) == decision.participants
        assert sum(c.revisits for c in decision.choices) == decision.revisits
        assert decision.participants + decision.revisits == decision.decisions
        assert sum(c.percent for c in decision.choices) == pytest.approx(100, abs=0.5)
    assert sum(len(run.path) for run in summary.runs) == sum(d.decisions for d in summary.decisions)
    # The competency sums equal the engine's breakdown of every path.
    expected: dict[str, tuple[int, int]] = {}
    for record in records:
        for c in competency_breakdown(scenario, play.replay(scenario, record.choice_ids).state).values():
            positive, negative = expected.get(c.competency_id, (0, 0))
            expected[c.competency_id] = (positive + c.positive, negative + c.negative)
    assert {c.competency_id: (c.positive, c.negative) for c in summary.competencies} == expected
