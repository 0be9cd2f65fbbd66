"""Exploring every reachable state of a scenario, with states deduplicated.

A state here is what decides the future: the node, the meters, the flags and (only for nodes
that conditions ask about) which nodes were visited. Paths that meet in the same state are
explored once, so scenarios with astronomically many paths stay cheap.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from kundenspiel.engine.conditions import EvaluationContext
from kundenspiel.engine.meters import METER_IDS, clamp
from kundenspiel.engine.models import Choice, Scenario

DEFAULT_MAX_STATES = 200_000


@dataclass(frozen=True)
class ExploredState:
    """A distinct situation a player can be in."""

    node_id: str
    meters: tuple[int, ...]
    flags: frozenset[str]
    visited: frozenset[str]

    def meter_dict(self) -> dict[str, int]:
        """The meters keyed by id."""
        return dict(zip(METER_IDS, self.meters, strict=True))

    def context(self) -> EvaluationContext:
        """What conditions see in this state."""
        return EvaluationContext(self.meter_dict(), self.flags, self.visited)


@dataclass(frozen=True)
class Transition:
    """Taking ``choice_id`` leads to another state (an index) or to an ending (its id)."""

    choice_id: str
    target_state: int | None
    ending_id: str | None


@dataclass
class StateGraph:
    """All states reachable from the start and the moves between them."""

    states: list[ExploredState] = field(default_factory=list)
    transitions: list[list[Transition]] = field(default_factory=list)
    truncated: bool = False

    def can_finish(self) -> list[bool]:
        """For each state: can some sequence of available choices still reach an ending?"""
        predecessors: list[list[int]] = [[] for _ in self.states]
        finishing = [False] * len(self.states)
        queue: deque[int] = deque()
        for index, moves in enumerate(self.transitions):
            for move in moves:
                if move.ending_id is not None and not finishing[index]:
                    finishing[index] = True
                    queue.append(index)
                elif move.target_state is not None:
                    predecessors[move.target_state].append(index)
        while queue:
            for before in predecessors[queue.popleft()]:
                if not finishing[before]:
                    finishing[before] = True
                    queue.append(before)
        return finishing


def referenced_visits(scenario: Scenario) -> frozenset[str]:
    """The nodes some condition asks ``besucht(...)`` about."""
    return frozenset(
        visit.node
        for node in scenario.nodes
        for choice in node.choices
        if choice.condition is not None
        for visit in choice.condition.node_references()
    )


def _apply(state: ExploredState, choice: Choice) -> tuple[tuple[int, ...], frozenset[str]]:
    deltas = choice.effects.as_dict()
    meters = tuple(clamp(value + deltas[meter]) for meter, value in zip(METER_IDS, state.meters, strict=True))
    flags = (state.flags | set(choice.set_flags)) - set(choice.clear_flags)
    return meters, frozenset(flags)


def explore(scenario: Scenario, max_states: int = DEFAULT_MAX_STATES) -> StateGraph:
    """Breadth-first search over distinct states; stops (``truncated``) at ``max_states``."""
    tracked = referenced_visits(scenario)
    start = scenario.start
    first = ExploredState(
        node_id=start.node,
        meters=tuple(start.meters.as_dict()[meter] for meter in METER_IDS),
        flags=frozenset(start.flags),
        visited=frozenset({start.node} & tracked),
    )
    graph = StateGraph()
    index_of: dict[ExploredState, int] = {first: 0}
    graph.states.append(first)
    graph.transitions.append([])
    queue: deque[int] = deque([0])
    while queue:
        current = queue.popleft()
        state = graph.states[current]
        context = state.context()
        for choice in scenario.node(state.node_id).choices:
            if choice.condition is not None and not choice.condition.evaluate(context):
                continue
            if scenario.has_ending(choice.next):
                graph.transitions[current].append(Transition(choice.id, None, choice.next))
                continue
            meters, flags = _apply(state, choice)
            following = ExploredState(choice.next, meters, flags, state.visited | ({choice.next} & tracked))
            target = index_of.get(following)
            if target is None:
                if len(graph.states) >= max_states:
                    graph.truncated = True
                    continue
                target = len(graph.states)
                index_of[following] = target
                graph.states.append(following)
                graph.transitions.append([])
                queue.append(target)
            graph.transitions[current].append(Transition(choice.id, target, None))
    return graph
