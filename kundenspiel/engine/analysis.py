"""Everything about every path through a scenario, computed on the deduplicated state graph.

:func:`explore` gives each distinct game state once, however many paths lead to it. On that
graph this module computes, without ever enumerating paths one by one:

- for every reachable ending: how many distinct paths (choice sequences) reach it, the lowest
  and highest final score, and a shortest path there;
- for every reached node: the lowest and highest value of each meter on arrival;
- the choices that are never available at a reached node;
- dominated choices (defined at :func:`_dominations`).

**Counting paths.** A path is a sequence of choices from the start to an ending. Choices are
deterministic, so paths are exactly the walks through the state graph, and they are counted by
dynamic programming in topological order: the number of ways into a state is the sum over the
transitions into it. Two choices of one state that lead to the same next state are two paths.

**Loops.** When some states lie on a cycle of the state graph (a choice can bring the player
back into exactly the same situation), every ending reachable through such a state has
infinitely many paths. Then ``paths`` is ``None`` ("unendlich") and ``acyclic_paths`` counts the
paths that touch no state of a cycle at all, a finite lower bound. Without cycles both are the
same number. Min/max score, meter ranges and shortest paths are unaffected by cycles.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from kundenspiel.engine.explore import (
    DEFAULT_MAX_STATES,
    DEFAULT_MAX_WORK,
    ExploredState,
    StateGraph,
    explore,
)
from kundenspiel.engine.meters import METER_IDS, METER_MAX, METER_MIN
from kundenspiel.engine.models import Rating, Scenario

# Generous: the analysis is asked for explicitly, unlike the check that runs on every load.
ANALYSIS_MAX_STATES = 2 * DEFAULT_MAX_STATES
ANALYSIS_MAX_WORK = 5 * DEFAULT_MAX_WORK

Outcome = tuple[int, ...]  # realized meter changes, then worst and best final score


@dataclass(frozen=True)
class MeterRange:
    """The lowest and highest value a meter takes."""

    minimum: int
    maximum: int


@dataclass(frozen=True)
class EndingReport:
    """How a reachable ending is reached."""

    ending_id: str
    rating: Rating
    paths: int | None
    acyclic_paths: int
    min_score: int
    max_score: int
    shortest: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class NodeReport:
    """What a player can bring to a reached node."""

    node_id: str
    states: int
    meters: dict[str, MeterRange]


@dataclass(frozen=True)
class ChoiceRef:
    """A choice, named by its node and its own id."""

    node_id: str
    choice_id: str


@dataclass(frozen=True)
class Domination:
    """``choice_id`` at ``node_id`` is dominated by ``by_choice_id`` at the same node."""

    node_id: str
    choice_id: str
    by_choice_id: str


@dataclass
class Analysis:
    """The full analysis of a scenario's state space."""

    states: int
    transitions: int
    truncated: bool
    cyclic: bool
    stopped_at: str | None = None  # the station where exploring stopped, when truncated
    endings: list[EndingReport] = field(default_factory=list)
    unreached_endings: list[str] = field(default_factory=list)
    nodes: list[NodeReport] = field(default_factory=list)
    unreached_nodes: list[str] = field(default_factory=list)
    never_available: list[ChoiceRef] = field(default_factory=list)
    dominated: list[Domination] = field(default_factory=list)

    @property
    def total_paths(self) -> int | None:
        """All paths to any ending; None when there are infinitely many."""
        if any(ending.paths is None for ending in self.endings):
            return None
        return sum(ending.paths or 0 for ending in self.endings)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form (path counts stay exact integers; ``null`` means unendlich)."""
        return {
            "states": self.states,
            "transitions": self.transitions,
            "truncated": self.truncated,
            "stopped_at": self.stopped_at,
            "cyclic": self.cyclic,
            "total_paths": self.total_paths,
            "endings": [
                {
                    "id": e.ending_id,
                    "rating": e.rating.value,
                    "paths": e.paths,
                    "acyclic_paths": e.acyclic_paths,
                    "min_score": e.min_score,
                    "max_score": e.max_score,
                    "shortest_path": [{"node": n, "choice": c} for n, c in e.shortest],
                }
                for e in self.endings
            ],
            "unreached_endings": self.unreached_endings,
            "nodes": [
                {
                    "id": n.node_id,
                    "states": n.states,
                    "meters": {m: {"min": r.minimum, "max": r.maximum} for m, r in n.meters.items()},
                }
                for n in self.nodes
            ],
            "unreached_nodes": self.unreached_nodes,
            "never_available": [{"node": c.node_id, "choice": c.choice_id} for c in self.never_available],
            "dominated": [
                {"node": d.node_id, "choice": d.choice_id, "dominated_by": d.by_choice_id}
                for d in self.dominated
            ],
        }


def final_score(scenario: Scenario, meters: tuple[int, ...], rating: Rating) -> int:
    """The score of a finished playthrough with these final meters (as :mod:`scoring` computes it)."""
    return _Scorer(scenario).score(meters, rating.points)


class _Scorer:
    """:func:`scoring.score_playthrough`'s formula with the scenario's settings looked up once.

    The analysis scores every transition into an ending, so the lookups matter; the sums are
    taken in the same order as :func:`weighted_meter_mean` so the floats round identically.
    """

    def __init__(self, scenario: Scenario) -> None:
        weights = scenario.scoring.weights.as_dict()
        self.weights = tuple(weights[meter] for meter in METER_IDS)
        self.total_weight = sum(weights.values())
        self.share = scenario.scoring.ending_share

    def score(self, meters: tuple[int, ...], points: int) -> int:
        if self.total_weight == 0:
            meter_part = sum(meters) / len(meters)
        else:
            meter_part = sum(value * weight for value, weight in zip(meters, self.weights, strict=True))
            meter_part /= self.total_weight
        return max(0, min(100, round((1 - self.share) * meter_part + self.share * points)))


class _Analyser:
    def __init__(self, scenario: Scenario, graph: StateGraph) -> None:
        self.scenario = scenario
        self.graph = graph
        self.components = graph.components()
        self.cyclic = [False] * len(graph.states)
        for component in self.components:
            loops = len(component) > 1 or any(
                move.target_state == component[0] for move in graph.transitions[component[0]]
            )
            for state in component:
                self.cyclic[state] = loops
        # Per transition, computed once: the realized meter changes and, for a move into an
        # ending, the final score.
        deltas = {
            (node.id, choice.id): tuple(choice.effects.as_dict()[meter] for meter in METER_IDS)
            for node in scenario.nodes
            for choice in node.choices
        }
        points = {ending.id: ending.rating.points for ending in scenario.endings}
        scorer = _Scorer(scenario)
        self.changes: list[list[tuple[int, ...]]] = []
        self.scores: list[list[int | None]] = []
        for explored, moves in zip(graph.states, graph.transitions, strict=True):
            changes_here: list[tuple[int, ...]] = []
            scores_here: list[int | None] = []
            for move in moves:
                delta = deltas[(explored.node_id, move.choice_id)]
                after = tuple(
                    METER_MAX if value > METER_MAX else METER_MIN if value < METER_MIN else value
                    for value in map(sum, zip(explored.meters, delta, strict=True))
                )
                changes_here.append(tuple(a - b for a, b in zip(after, explored.meters, strict=True)))
                ending = move.ending_id
                scores_here.append(None if ending is None else scorer.score(after, points[ending]))
            self.changes.append(changes_here)
            self.scores.append(scores_here)

    def score_ranges(self) -> list[tuple[int, int] | None]:
        """Worst and best final score reachable from each state (None: no ending reachable)."""
        ranges: list[tuple[int, int] | None] = [None] * len(self.graph.states)
        for component in reversed(self.components):
            low, high = 101, -1
            members = set(component)
            for state in component:
                for move, value in zip(self.graph.transitions[state], self.scores[state], strict=True):
                    if value is not None:
                        low, high = min(low, value), max(high, value)
                    elif move.target_state is not None and move.target_state not in members:
                        known = ranges[move.target_state]
                        if known is not None:
                            low, high = min(low, known[0]), max(high, known[1])
            for state in component:
                ranges[state] = (low, high) if high >= 0 else None
        return ranges

    def path_counts(self) -> tuple[dict[str, int], set[str]]:
        """Paths per ending that avoid every state of a cycle, and the endings with infinitely many."""
        ways = [0] * len(self.graph.states)
        tainted = list(self.cyclic)
        ways[0] = 0 if self.cyclic[0] else 1
        counts: dict[str, int] = {}
        infinite: set[str] = set()
        for component in self.components:
            for state in component:
                for move in self.graph.transitions[state]:
                    if move.ending_id is not None:
                        counts[move.ending_id] = counts.get(move.ending_id, 0) + ways[state]
                        if tainted[state]:
                            infinite.add(move.ending_id)
                    elif move.target_state is not None:
                        target = move.target_state
                        if tainted[state]:
                            tainted[target] = True
                        if not self.cyclic[target]:
                            ways[target] += ways[state]
        return counts, infinite

    def shortest_paths(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """A shortest choice sequence to each reachable ending (breadth-first, file order on ties)."""
        parent: dict[int, tuple[int, str]] = {}
        seen = {0}
        queue: deque[int] = deque([0])
        found: dict[str, tuple[tuple[str, str], ...]] = {}

        def path_to(state: int) -> list[tuple[str, str]]:
            steps: list[tuple[str, str]] = []
            while state in parent:
                before, choice_id = parent[state]
                steps.append((self.graph.states[before].node_id, choice_id))
                state = before
            return steps[::-1]

        while queue:
            state = queue.popleft()
            for move in self.graph.transitions[state]:
                if move.ending_id is not None and move.ending_id not in found:
                    last = (self.graph.states[state].node_id, move.choice_id)
                    found[move.ending_id] = (*path_to(state), last)
                elif move.target_state is not None and move.target_state not in seen:
                    seen.add(move.target_state)
                    parent[move.target_state] = (state, move.choice_id)
                    queue.append(move.target_state)
        return found

    def outcomes(self, ranges: list[tuple[int, int] | None]) -> dict[str, list[dict[str, Outcome | None]]]:
        """Per node, per reachable state there: each available choice's outcome (see _dominations)."""
        per_node: dict[str, list[dict[str, Outcome | None]]] = {}
        for index, state in enumerate(self.graph.states):
            row: dict[str, Outcome | None] = {}
            for position, move in enumerate(self.graph.transitions[index]):
                changes = self.changes[index][position]
                value = self.scores[index][position]
                if value is not None:
                    row[move.choice_id] = (*changes, value, value)
                else:
                    assert move.target_state is not None
                    span = ranges[move.target_state]
                    row[move.choice_id] = None if span is None else (*changes, *span)
            per_node.setdefault(state.node_id, []).append(row)
        return per_node


def _at_least(better: Outcome | None, worse: Outcome | None) -> bool:
    if better is None or worse is None:
        return False
    return all(b >= w for b, w in zip(better, worse, strict=True))


def _dominations(
    scenario: Scenario, per_node: dict[str, list[dict[str, Outcome | None]]]
) -> list[Domination]:
    """Choices another choice of the same node beats or equals everywhere.

    The outcome of choice ``c`` in state ``s`` is its realized meter changes (after clamping to
    0–100) and the worst and best final score still reachable after it. Choice ``b`` dominates
    ``a`` at node ``n`` when, in every reachable state at ``n`` in which ``a`` is available,
    ``b`` is available too and its outcome is at least ``a``'s in every component, and in at
    least one such state it is strictly better in one component. (Choices with identical
    outcomes therefore do not dominate each other.) A choice that is never available is
    reported as such, not as dominated; the first dominating choice in file order is named.
    """
    found: list[Domination] = []
    for node in scenario.nodes:
        rows = per_node.get(node.id, [])
        for worse in node.choices:
            relevant = [row for row in rows if worse.id in row]
            if not relevant:
                continue
            for better in node.choices:
                if better.id == worse.id:
                    continue
                if all(_at_least(row.get(better.id), row[worse.id]) for row in relevant) and any(
                    row.get(better.id) != row[worse.id] for row in relevant
                ):
                    found.append(Domination(node.id, worse.id, better.id))
                    break
    return found


def analyse(scenario: Scenario, graph: StateGraph | None = None) -> Analysis:
    """Report on all paths of ``scenario`` at once, from its explored ``graph`` (explored here
    with the analysis' limits when not given; ``truncated`` where they stopped it)."""
    graph = graph or explore(scenario, ANALYSIS_MAX_STATES, ANALYSIS_MAX_WORK)
    analyser = _Analyser(scenario, graph)
    result = Analysis(
        states=len(graph.states),
        transitions=sum(len(moves) for moves in graph.transitions),
        truncated=graph.truncated,
        cyclic=any(analyser.cyclic),
        stopped_at=graph.stopped_at,
    )
    counts, infinite = analyser.path_counts()
    shortest = analyser.shortest_paths()
    scores: dict[str, list[int]] = {}
    for moves, values in zip(graph.transitions, analyser.scores, strict=True):
        for move, value in zip(moves, values, strict=True):
            if move.ending_id is not None and value is not None:
                scores.setdefault(move.ending_id, []).append(value)
    for ending in scenario.endings:
        if ending.id not in scores:
            result.unreached_endings.append(ending.id)
            continue
        result.endings.append(
            EndingReport(
                ending_id=ending.id,
                rating=ending.rating,
                paths=None if ending.id in infinite else counts.get(ending.id, 0),
                acyclic_paths=counts.get(ending.id, 0),
                min_score=min(scores[ending.id]),
                max_score=max(scores[ending.id]),
                shortest=shortest[ending.id],
            )
        )
    by_node: dict[str, list[ExploredState]] = {}
    available: dict[str, set[str]] = {}
    for index, state in enumerate(graph.states):
        by_node.setdefault(state.node_id, []).append(state)
        available.setdefault(state.node_id, set()).update(m.choice_id for m in graph.transitions[index])
    for node in scenario.nodes:
        states = by_node.get(node.id)
        if not states:
            result.unreached_nodes.append(node.id)
            continue
        meters = {
            meter: MeterRange(min(s.meters[i] for s in states), max(s.meters[i] for s in states))
            for i, meter in enumerate(METER_IDS)
        }
        result.nodes.append(NodeReport(node.id, len(states), meters))
        result.never_available.extend(
            ChoiceRef(node.id, choice.id) for choice in node.choices if choice.id not in available[node.id]
        )
    result.dominated = _dominations(scenario, analyser.outcomes(analyser.score_ranges()))
    return result
