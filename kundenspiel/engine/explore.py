"""Exploring every reachable state of a scenario, with states deduplicated.

A state here is what decides the future: the node, the meters, the flags and (only for nodes
that conditions ask about) which nodes were visited. Paths that meet in the same state are
explored once, so scenarios with astronomically many paths stay cheap.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from kundenspiel.engine.compiled import Test, compile_condition
from kundenspiel.engine.conditions import Condition, EvaluationContext
from kundenspiel.engine.meters import METER_IDS, METER_MAX, METER_MIN
from kundenspiel.engine.models import Choice, Scenario

DEFAULT_MAX_STATES = 200_000
# The engine reads no clock, so exploring is bounded by counted work instead of by time: one
# unit per choice looked at in a state, one per part of its condition (a comparison, a flag,
# ``und``…) and STEP_WORK per move into a state, which costs about as much as twenty such parts
# (benchmarks/check.py measures both kinds of scenario). The default keeps the story check of
# any file under 1 MiB to about a second.
DEFAULT_MAX_WORK = 2_500_000
STEP_WORK = 20


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Transition:
    """Taking ``choice_id`` leads to another state (an index) or to an ending (its id)."""

    choice_id: str
    target_state: int | None
    ending_id: str | None


@dataclass
class StateGraph:
    """All states reachable from the start and the moves between them.

    When exploring stopped early (``truncated``), only the first ``expanded`` states have all
    their moves; the others were found but not looked into. ``stopped_at`` is the node of the
    first state left unexplored, ``work`` the units of work spent (see ``DEFAULT_MAX_WORK``).
    """

    states: list[ExploredState] = field(default_factory=list)
    transitions: list[list[Transition]] = field(default_factory=list)
    truncated: bool = False
    expanded: int = 0
    stopped_at: str | None = None
    work: int = 0

    def can_finish(self) -> list[bool]:
        """For each state: can some sequence of available choices still reach an ending?

        A state left unexplored counts as able to finish, so in a truncated graph a False is
        still certain: nothing that was not looked at could have saved it."""
        predecessors: list[list[int]] = [[] for _ in self.states]
        finishing = [index >= self.expanded for index in range(len(self.states))]
        queue: deque[int] = deque(index for index in range(self.expanded, len(self.states)))
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

    def components(self) -> list[list[int]]:
        """Strongly connected components in topological order (Tarjan's algorithm).

        A component comes before every component it leads to. Iterative, so deep state graphs
        cannot overflow the interpreter's stack."""
        count = len(self.states)
        order = [-1] * count
        low = [0] * count
        on_stack = [False] * count
        stack: list[int] = []
        components: list[list[int]] = []
        counter = 0
        successors = [
            [move.target_state for move in moves if move.target_state is not None]
            for moves in self.transitions
        ]
        for root in range(count):
            if order[root] != -1:
                continue
            work: list[tuple[int, int]] = [(root, 0)]
            while work:
                state, position = work.pop()
                if position == 0:
                    order[state] = low[state] = counter
                    counter += 1
                    stack.append(state)
                    on_stack[state] = True
                if position < len(successors[state]):
                    work.append((state, position + 1))
                    target = successors[state][position]
                    if order[target] == -1:
                        work.append((target, 0))
                    elif on_stack[target]:
                        low[state] = min(low[state], order[target])
                    continue
                if low[state] == order[state]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack[member] = False
                        component.append(member)
                        if member == state:
                            break
                    components.append(component)
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[state])
        components.reverse()  # Tarjan finishes sinks first
        return components


def referenced_visits(scenario: Scenario) -> frozenset[str]:
    """The nodes some condition that decides the story (a choice's or a route's) asks
    ``besucht(...)`` about; passages of text change nothing ahead, so they are left out."""
    return frozenset(
        visit.node
        for node in scenario.nodes
        for choice in node.choices
        for condition in [
            *([choice.condition] if choice.condition is not None else []),
            *(route.condition for route in choice.next_when),
        ]
        for visit in condition.node_references()
    )


@dataclass(frozen=True)
class _Move:
    """A choice prepared for exploring: everything looked up once instead of per state."""

    choice_id: str
    condition: Condition | None
    test: Test | None
    deltas: tuple[int, ...]
    set_flags: frozenset[str]
    clear_flags: frozenset[str]
    next_id: str
    ends: bool
    changes_flags: bool
    routes: tuple[tuple[Test, str, bool], ...] = ()
    """(test, target, whether the target is an ending) of each ``next_when`` route, in order."""
    routes_size: int = 0

    def target(
        self, meters: tuple[int, ...], flags: frozenset[str], visited: frozenset[str]
    ) -> tuple[str, bool]:
        """Where the move leads from the state after it, and whether that is an ending."""
        for test, target, ends in self.routes:
            if test(meters, flags, visited):
                return target, ends
        return self.next_id, self.ends

    @classmethod
    def of(cls, scenario: Scenario, choice: Choice) -> _Move:
        deltas = choice.effects.as_dict()
        return cls(
            choice_id=choice.id,
            condition=choice.condition,
            test=compile_condition(choice.condition) if choice.condition is not None else None,
            deltas=tuple(deltas[meter] for meter in METER_IDS),
            set_flags=frozenset(choice.set_flags),
            clear_flags=frozenset(choice.clear_flags),
            next_id=choice.next,
            ends=scenario.has_ending(choice.next),
            changes_flags=bool(choice.set_flags or choice.clear_flags),
            routes=tuple(
                (compile_condition(route.condition), route.next, scenario.has_ending(route.next))
                for route in choice.next_when
            ),
            routes_size=sum(condition_size(route.condition) for route in choice.next_when),
        )

    def apply(self, state: ExploredState) -> tuple[tuple[int, ...], frozenset[str]]:
        """The meters (clamped to 0–100) and flags after taking this choice in ``state``."""
        meters = tuple(
            METER_MAX if value > METER_MAX else METER_MIN if value < METER_MIN else value
            for value in map(sum, zip(state.meters, self.deltas, strict=True))
        )
        flags = (state.flags | self.set_flags) - self.clear_flags if self.changes_flags else state.flags
        return meters, flags


def condition_size(condition: Condition | None) -> int:
    """The parts of a condition (comparisons, flags, visits and operators): its share of work."""
    return 0 if condition is None else condition.size()


def explore(
    scenario: Scenario, max_states: int = DEFAULT_MAX_STATES, max_work: int = DEFAULT_MAX_WORK
) -> StateGraph:
    """Breadth-first search over distinct states; stops (``truncated``) before it would hold
    more than ``max_states`` states or spend more than ``max_work`` units of work."""
    tracked = referenced_visits(scenario)
    moves = {node.id: [_Move.of(scenario, choice) for choice in node.choices] for node in scenario.nodes}
    costs = {
        node_id: 1 + sum(1 + condition_size(move.condition) + move.routes_size for move in node_moves)
        for node_id, node_moves in moves.items()
    }
    entering = {node_id: frozenset({node_id} & tracked) for node_id in moves}
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
    work = 0
    # States are numbered in the order they are found and expanded in that order, so the
    # expanded ones are always the first ``graph.expanded``.
    while graph.expanded < len(graph.states):
        if work >= max_work:
            graph.truncated = True
            break
        current = graph.expanded
        state = graph.states[current]
        work += costs[state.node_id]
        outgoing: list[Transition] = []
        full = False
        for move in moves[state.node_id]:
            if move.test is not None and not move.test(state.meters, state.flags, state.visited):
                continue
            if move.routes:
                meters, flags = move.apply(state)
                next_id, ends = move.target(meters, flags, state.visited)
            else:
                next_id, ends = move.next_id, move.ends
            if ends:
                outgoing.append(Transition(move.choice_id, None, next_id))
                continue
            if not move.routes:
                meters, flags = move.apply(state)
            visited = state.visited | entering[next_id] if tracked else state.visited
            following = ExploredState(next_id, meters, flags, visited)
            target = index_of.get(following)
            if target is None:
                if len(graph.states) >= max_states:
                    full = True
                    break
                target = len(graph.states)
                index_of[following] = target
                graph.states.append(following)
                graph.transitions.append([])
            outgoing.append(Transition(move.choice_id, target, None))
            work += STEP_WORK
        if full:
            graph.truncated = True
            break
        graph.transitions[current] = outgoing
        graph.expanded += 1
    if graph.truncated:
        graph.stopped_at = graph.states[graph.expanded].node_id
    graph.work = work
    return graph
