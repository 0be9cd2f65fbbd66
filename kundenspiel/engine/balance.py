"""Figures that show whether a scenario can be won by reading the wording instead of the situation.

All are computed over the reachable part, the state graph of :func:`explore`: a node counts
when some state reaches it; its **offered** choices are those available in some explored state
there. A **decision node** is a reached node where some state offers two or more choices. The
figures: the share of decision nodes with a clear best option (highest sum of competency
weights, no tie) where it also has strictly the longest text (whitespace normalised); nodes
whose longest option is over twice as long as the shortest; the share of *trade-off* nodes, where
no option is at least as good as every other on all three meters (written effects); dominated
choices (:func:`_dominations`); the share of *funnels*, where every offered choice, routes
included, leads to the same node or ending; where "always the longest / first / last available
option" ends (played with :mod:`play`); a uniformly random player's chance of a ``gelungen``
ending; the fewest and most decisions (steps where two or more choices are offered) to an ending.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from itertools import chain
from operator import attrgetter
from typing import Any

from kundenspiel.engine import play
from kundenspiel.engine.explore import StateGraph, explore
from kundenspiel.engine.meters import METER_IDS
from kundenspiel.engine.models import Choice, MeterDeltas, Rating, Scenario

LONGEST_WINS_LIMIT = 0.4
LENGTH_RATIO_LIMIT = 2
TRADE_OFF_TARGET = 0.7
FUNNEL_LIMIT = 0.5
RANDOM_SUCCESS_TARGET = 0.25
DECISIONS_TARGET = (8, 14)
SURFACE_STEP_LIMIT = 1000
# Loops of the state graph are solved by iteration, which gives up after this many state
# updates; real loops are a few states that converge in a few hundred rounds.
ITERATION_WORK = 2_000_000
TOLERANCE = 1e-12

POLICIES: dict[str, Callable[[list[Choice]], Choice]] = {
    "longest": lambda options: max(options, key=text_length),  # max keeps the first of equals
    "first": lambda options: options[0],
    "last": lambda options: options[-1],
}
POLICY_LABELS = {"longest": "längste", "first": "erste", "last": "letzte"}


def text_length(choice: Choice) -> int:
    """The characters of a choice's text with runs of whitespace counted as one space."""
    return len(" ".join(choice.text.split()))


@dataclass(frozen=True)
class LengthSpread:
    """A node whose longest offered option is more than twice as long as its shortest."""

    node_id: str
    longest_id: str
    longest_chars: int
    shortest_id: str
    shortest_chars: int


@dataclass(frozen=True)
class MeterDomination:
    """``choice_id`` moves every meter less than ``by_choice_id`` at the same node."""

    node_id: str
    choice_id: str
    by_choice_id: str
    foil: bool


@dataclass(frozen=True)
class SurfacePlay:
    """Where a policy that never reads ends: an ending, or ``stopped`` (loop, stuck, limit)."""

    policy: str
    ending_id: str | None
    rating: Rating | None
    steps: int
    stopped: str | None = None


@dataclass(frozen=True)
class Balance:
    """Every balance figure of a scenario (node and choice ids in file order)."""

    truncated: bool
    decision_nodes: tuple[str, ...]
    clear_best_nodes: tuple[str, ...]
    best_is_longest_nodes: tuple[str, ...]
    long_short: tuple[LengthSpread, ...]
    trade_off_nodes: tuple[str, ...]
    dominated: tuple[MeterDomination, ...]
    funnel_nodes: tuple[str, ...]
    surface_players: tuple[SurfacePlay, ...]
    random_success: float | None
    """None when the graph is truncated or a large loop did not converge within the budget."""
    shortest_decisions: int | None
    longest_decisions: int | None
    """None when truncated, or when a loop can be repeated on the way to an ending (``endless``)."""
    endless: bool
    best_is_longest_share: float | None
    """Of the nodes with a clear best option, the share where it is also the longest."""
    trade_off_share: float | None
    """Of the decision nodes, the share without an option best on every meter."""
    funnel_share: float | None
    """Of the decision nodes, the share where every choice leads to the same place."""

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form; shares are fractions 0–1, ``null`` where there is nothing to count."""
        data = asdict(self)
        data["limits"] = {
            "best_is_longest_share_max": LONGEST_WINS_LIMIT,
            "length_ratio_max": LENGTH_RATIO_LIMIT,
            "trade_off_share_min": TRADE_OFF_TARGET,
            "funnel_share_max": FUNNEL_LIMIT,
            "random_success_max": RANDOM_SUCCESS_TARGET,
            "decisions": list(DECISIONS_TARGET),
        }
        for play_data in data["surface_players"]:
            play_data["rating"] = play_data["rating"] and play_data["rating"].value
        return data


_choice_id = attrgetter("choice_id")
_effects: Callable[[MeterDeltas], tuple[int, ...]] = attrgetter(*METER_IDS)


def _share(part: Sequence[str], whole: Sequence[str]) -> float | None:
    return len(part) / len(whole) if whole else None


def balance(scenario: Scenario, graph: StateGraph | None = None) -> Balance:
    """The balance figures of ``scenario`` over ``graph`` (explored with the defaults if None)."""
    if graph is None:
        graph = explore(scenario)
    choice_sets: dict[str, set[tuple[str, ...]]] = {}
    for index in range(graph.expanded):  # a state's available choices are its moves, in file order
        available = tuple(map(_choice_id, graph.transitions[index]))
        choice_sets.setdefault(graph.states[index].node_id, set()).add(available)
    decisions, clear_best, longest_wins, trade_offs, funnels = [], [], [], [], []
    spreads: list[LengthSpread] = []
    dominated: list[MeterDomination] = []
    for node in scenario.nodes:
        offered_ids = frozenset().union(*choice_sets.get(node.id, ()))
        offered = [choice for choice in node.choices if choice.id in offered_ids]
        if len(offered) < 2 or not any(len(s) >= 2 for s in choice_sets[node.id]):
            continue
        decisions.append(node.id)
        lengths = [text_length(choice) for choice in offered]
        effects = [_effects(choice.effects) for choice in offered]
        best = _clear_best(offered)
        if best is not None:
            clear_best.append(node.id)
            if lengths.count(max(lengths)) == 1 and lengths[best] == max(lengths):
                longest_wins.append(node.id)
        longest, shortest = lengths.index(max(lengths)), lengths.index(min(lengths))
        if lengths[longest] > LENGTH_RATIO_LIMIT * lengths[shortest]:
            spreads.append(
                LengthSpread(
                    node.id, offered[longest].id, lengths[longest], offered[shortest].id, lengths[shortest]
                )
            )
        tops = [max(column) for column in zip(*effects, strict=True)]
        if not any(all(map(int.__ge__, own, tops)) for own in effects):
            trade_offs.append(node.id)
        if len({target for choice in offered for target in choice.targets()}) == 1:
            funnels.append(node.id)
        dominated += _dominations(node.id, offered, effects, choice_sets[node.id])
    chance, shortest_path, longest_path, endless = _backward_pass(scenario, graph)
    return Balance(
        truncated=graph.truncated,
        decision_nodes=tuple(decisions),
        clear_best_nodes=tuple(clear_best),
        best_is_longest_nodes=tuple(longest_wins),
        long_short=tuple(spreads),
        trade_off_nodes=tuple(trade_offs),
        dominated=tuple(dominated),
        funnel_nodes=tuple(funnels),
        surface_players=tuple(surface_play(scenario, policy) for policy in POLICIES),
        random_success=chance,
        shortest_decisions=shortest_path,
        longest_decisions=longest_path,
        endless=endless,
        best_is_longest_share=_share(longest_wins, clear_best),
        trade_off_share=_share(trade_offs, decisions),
        funnel_share=_share(funnels, decisions),
    )


def _clear_best(offered: list[Choice]) -> int | None:
    """The position of the option with the highest sum of competency weights, if no other ties it."""
    sums = [sum(choice.competencies.values()) for choice in offered]
    return sums.index(max(sums)) if sums.count(max(sums)) == 1 else None


def _dominations(
    node_id: str, offered: list[Choice], effects: list[tuple[int, ...]], choice_sets: set[tuple[str, ...]]
) -> list[MeterDomination]:
    """Choices whose written effect is strictly lower on all three meters than another's.

    ``b`` dominates ``a`` when every meter effect of ``b`` is higher than ``a``'s and ``b`` is
    available in every reached state where ``a`` is (so whoever could pick ``a`` could have
    picked ``b``); the first such ``b`` in file order is named. This is the wording check behind
    the ``foil`` key: it looks only at what the author wrote on the choice. :mod:`analysis`'s
    ``_dominations`` is the outcome check of ``explore`` instead: nowhere better in a realized
    (clamped) meter change nor in the worst and best score still reachable. The two differ: a
    choice worse here may lead on to better scores, one equal here may be worse there. Foils
    are kept here (``foil=True``) so reports can show them as intended.
    """
    found: list[MeterDomination] = []
    for worse, low in zip(offered, effects, strict=True):
        together = [s for s in choice_sets if worse.id in s]
        for better, high in zip(offered, effects, strict=True):
            if all(map(int.__gt__, high, low)) and all(better.id in s for s in together):
                found.append(MeterDomination(node_id, worse.id, better.id, worse.foil))
                break
    return found


def surface_play(scenario: Scenario, policy: str) -> SurfacePlay:
    """Play ``scenario`` by one of :data:`POLICIES` until an ending, a loop or the step limit."""
    pick = POLICIES[policy]
    state = play.start(scenario)
    seen: set[tuple[Any, ...]] = set()
    for steps in range(SURFACE_STEP_LIMIT):
        # The policy is deterministic: in a state seen before it would go round for ever.
        key = (state.node_id, tuple(state.meters.as_dict().values()), state.flags, state.visited)
        if key in seen:
            return SurfacePlay(policy, None, None, steps, "loop")
        seen.add(key)
        available = [option.choice for option in play.options(scenario, state) if option.available]
        if not available:
            return SurfacePlay(policy, None, None, steps, "stuck")
        step = play.choose(scenario, state, pick(available).id)
        if step.ending is not None:
            return SurfacePlay(policy, step.ending.id, step.ending.rating, steps + 1)
        state = step.state
    return SurfacePlay(policy, None, None, SURFACE_STEP_LIMIT, "limit")


def _backward_pass(
    scenario: Scenario, graph: StateGraph
) -> tuple[float | None, int | None, int | None, bool]:
    """The random player's chance of ``gelungen``, the fewest and most decisions to an ending,
    and whether a loop makes the most endless; all in one pass from the endings back.

    A state's chance is the mean over its moves (1 into a gelungen ending, 0 into another, the
    next state's chance otherwise); a state with no way to an ending has chance 0 (that player
    never finishes). A loop (a strongly connected component) is iterated (Gauss–Seidel for the
    chance, Bellman–Ford for the fewest decisions) until nothing changes by more than
    :data:`TOLERANCE`; past :data:`ITERATION_WORK` updates the chance is None."""
    if graph.truncated:
        return None, None, None, False
    success = {ending.id for ending in scenario.endings if ending.rating is Rating.GELUNGEN}
    chance = [0.0] * len(graph.states)
    fewest: list[int | None] = [None] * len(graph.states)  # None: no ending reachable
    most = [0] * len(graph.states)

    def settle(state: int) -> bool:
        """Recompute ``state`` from its moves; True when nothing changed."""
        moves = graph.transitions[state]
        weight = 1 if len(moves) >= 2 else 0
        total, low, high = 0.0, None, 0
        known: int | None
        for move in moves:
            target = move.target_state
            if target is None:
                total += move.ending_id in success  # True counts 1
                known, far = 0, 0
            else:
                total += chance[target]
                known, far = fewest[target], most[target]
            if known is not None:
                low = known if low is None or known < low else low
                high = far if far > high else high
        new_chance = total / len(moves) if moves else 0.0
        new_fewest = None if low is None else weight + low
        settled = abs(new_chance - chance[state]) <= TOLERANCE and new_fewest == fewest[state]
        chance[state], fewest[state], most[state] = new_chance, new_fewest, weight + high
        return settled

    order = _acyclic_sinks_first(graph)
    if order is not None:
        for state in order:
            settle(state)
        return min(1.0, chance[0]), fewest[0], None if fewest[0] is None else most[0], False
    endless = False
    for component in graph.components()[::-1]:
        if len(component) == 1 and not any(
            m.target_state == component[0] for m in graph.transitions[component[0]]
        ):
            settle(component[0])
            continue
        for _ in range(max(1, ITERATION_WORK // len(component))):
            if all([settle(state) for state in component]):  # a list: every state is updated
                break
        else:
            return None, None, None, True  # only a loop that leads out can fail to settle
        endless = endless or fewest[component[0]] is not None
    return min(1.0, chance[0]), fewest[0], None if endless else most[0], endless


def _acyclic_sinks_first(graph: StateGraph) -> Sequence[int] | None:
    """The states, each after every state it leads to; None when there is a loop (then
    Tarjan's components are needed). Cheaper than those: exploring numbers states breadth-first,
    so mostly a move leads to a higher number and the reverse numbering is the order already;
    otherwise Kahn's algorithm."""
    targets = [[m.target_state for m in moves if m.target_state is not None] for moves in graph.transitions]
    if all(target > state for state, following in enumerate(targets) for target in following):
        return range(len(targets) - 1, -1, -1)
    incoming = [0] * len(targets)
    for target in chain.from_iterable(targets):
        incoming[target] += 1
    order = [state for state, count in enumerate(incoming) if not count]
    for state in order:  # grows while it is walked
        for target in targets[state]:
            incoming[target] -= 1
            if not incoming[target]:
                order.append(target)
    return order[::-1] if len(order) == len(targets) else None
