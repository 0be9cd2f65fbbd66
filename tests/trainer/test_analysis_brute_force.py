"""The path explorer against brute force: every path of random small scenarios played one by
one with the real rules (:mod:`play`), and the same figures computed from those paths."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kundenspiel.engine import GameState, Scenario, play
from kundenspiel.engine.analysis import ChoiceRef, Domination, Outcome, analyse
from kundenspiel.engine.meters import METER_IDS
from tests.trainer.helpers import build

CONDITIONS = [
    None,
    None,
    "befugnis >= 50",
    "vertrauen < 40",
    "f1",
    "nicht f1",
    "motivation >= 30 und f2",
    "besucht(n1)",
]
DELTAS = [-40, -10, 0, 0, 10, 40]


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """Acyclic by construction (choices only lead forward), so brute force terminates."""
    node_count = draw(st.integers(1, 5))
    ending_ids = [f"e{i}" for i in range(draw(st.integers(1, 3)))]
    nodes: list[dict[str, Any]] = []
    for index in range(node_count):
        targets = [f"n{j}" for j in range(index + 1, node_count)] + ending_ids
        choices = []
        for number in range(draw(st.integers(1, 3))):
            condition = None if number == 0 else draw(st.sampled_from(CONDITIONS))
            if condition == "besucht(n1)" and node_count < 2:
                condition = None
            entry: dict[str, Any] = {
                "id": f"c{number}",
                "text": "Auswahl.",
                "next": draw(st.sampled_from(targets)),
                "effects": {meter: draw(st.sampled_from(DELTAS)) for meter in METER_IDS},
                "set_flags": draw(st.lists(st.sampled_from(["f1", "f2"]), unique=True, max_size=1)),
                "clear_flags": draw(st.lists(st.sampled_from(["f1", "f2"]), unique=True, max_size=1)),
            }
            if condition is not None:
                entry["condition"] = condition
            choices.append(entry)
        nodes.append({"id": f"n{index}", "text": "Station.", "choices": choices})
    ratings = {e: draw(st.sampled_from(["gelungen", "gemischt", "gescheitert"])) for e in ending_ids}
    weights = {m: draw(st.sampled_from([0, 1, 2.5])) for m in METER_IDS}
    if not any(weights.values()):
        weights["vertrauen"] = 1
    meters = tuple(draw(st.sampled_from([0, 20, 45, 50, 80, 100])) for _ in METER_IDS)
    return build(
        nodes,
        ratings,
        start="n0",
        meters=meters,  # type: ignore[arg-type]
        scoring={"weights": weights, "ending_share": draw(st.sampled_from([0, 0.4, 1]))},
    )


@dataclass
class BruteForce:
    paths: dict[str, int] = field(default_factory=dict)
    scores: dict[str, list[int]] = field(default_factory=dict)
    shortest: dict[str, int] = field(default_factory=dict)
    arrivals: dict[str, list[dict[str, int]]] = field(default_factory=dict)
    available: dict[str, set[str]] = field(default_factory=dict)
    rows: dict[str, list[dict[str, Outcome | None]]] = field(default_factory=dict)


def brute_force(scenario: Scenario) -> BruteForce:
    found = BruteForce()

    def walk(state: GameState, depth: int) -> list[int]:
        """Play every continuation; return the final scores reachable from here."""
        if state.ending_id is not None:
            total = play.score(scenario, state).total
            found.paths[state.ending_id] = found.paths.get(state.ending_id, 0) + 1
            found.scores.setdefault(state.ending_id, []).append(total)
            found.shortest[state.ending_id] = min(found.shortest.get(state.ending_id, depth), depth)
            return [total]
        assert state.node_id is not None
        found.arrivals.setdefault(state.node_id, []).append(state.meters.as_dict())
        row: dict[str, Outcome | None] = {}
        reachable: list[int] = []
        for option in play.options(scenario, state):
            if not option.available:
                continue
            found.available.setdefault(state.node_id, set()).add(option.choice.id)
            step = play.choose(scenario, state, option.choice.id)
            after = walk(step.state, depth + 1)
            changes = tuple(step.changes[m] for m in METER_IDS)
            row[option.choice.id] = (*changes, min(after), max(after)) if after else None
            reachable.extend(after)
        found.available.setdefault(state.node_id, set())
        found.rows.setdefault(state.node_id, []).append(row)
        return reachable

    walk(play.start(scenario), 0)
    return found


def dominations(scenario: Scenario, rows: dict[str, list[dict[str, Outcome | None]]]) -> list[Domination]:
    """The definition of domination, applied to every way there (not to deduplicated states)."""

    def at_least(better: Outcome | None, worse: Outcome | None) -> bool:
        return (
            better is not None
            and worse is not None
            and all(b >= w for b, w in zip(better, worse, strict=True))
        )

    result = []
    for node in scenario.nodes:
        for worse in node.choices:
            relevant = [row for row in rows.get(node.id, []) if worse.id in row]
            if not relevant:
                continue
            for better in node.choices:
                if (
                    better.id != worse.id
                    and all(at_least(r.get(better.id), r[worse.id]) for r in relevant)
                    and any(r.get(better.id) != r[worse.id] for r in relevant)
                ):
                    result.append(Domination(node.id, worse.id, better.id))
                    break
    return result


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_explorer_matches_brute_force(scenario: Scenario) -> None:
    expected = brute_force(scenario)
    result = analyse(scenario)
    assert not result.cyclic and not result.truncated
    assert {e.ending_id: e.paths for e in result.endings} == expected.paths
    assert {e.ending_id: (e.min_score, e.max_score) for e in result.endings} == {
        ending: (min(values), max(values)) for ending, values in expected.scores.items()
    }
    assert result.total_paths == sum(expected.paths.values())
    assert {e.ending_id: len(e.shortest) for e in result.endings} == expected.shortest
    for report in result.endings:
        replayed = play.replay(scenario, [choice for _, choice in report.shortest])
        assert replayed.complete and replayed.state.ending_id == report.ending_id
    assert result.unreached_endings == [e.id for e in scenario.endings if e.id not in expected.paths]
    for node in result.nodes:
        arrivals = expected.arrivals[node.node_id]
        for meter, span in node.meters.items():
            values = [a[meter] for a in arrivals]
            assert (span.minimum, span.maximum) == (min(values), max(values))
    assert [n.node_id for n in result.nodes] == [n.id for n in scenario.nodes if n.id in expected.arrivals]
    assert result.never_available == [
        ChoiceRef(node.id, choice.id)
        for node in scenario.nodes
        if node.id in expected.available
        for choice in node.choices
        if choice.id not in expected.available[node.id]
    ]
    assert result.dominated == dominations(scenario, expected.rows)
