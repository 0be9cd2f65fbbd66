"""The flow of a group's paths through a scenario: a tree of the counted runs' choices.

Runs that took the same choices so far share one branch (the replay is deterministic, so the
same choices always lead to the same situation). The tree is built whole, then cut to a size
one can draw: at most ``FLOW_MAX_BRANCHES`` branches per situation (the rarest share one
„other“ branch), followed no deeper than ``FLOW_MAX_DEPTH`` decisions, and only along branches
taken by enough people (``FLOW_MIN_PEOPLE``, and ``FLOW_MIN_SHARE`` of the group). Every branch
keeps where its people ended, so a branch that is not followed still says how it ended.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from kundenspiel.engine import Scenario
from kundenspiel.workshop.decisions import ending_label
from kundenspiel.workshop.model_flow import (
    FLOW_MAX_BRANCHES,
    FLOW_MAX_DEPTH,
    FLOW_MIN_PEOPLE,
    FLOW_MIN_SHARE,
    FlowBranch,
    FlowNode,
    FlowOutcome,
    FlowOutcomeKind,
)
from kundenspiel.workshop.tally import WalkedRun

Outcome = tuple[FlowOutcomeKind, str | None]
_KIND_ORDER: dict[FlowOutcomeKind, int] = {"ending": 0, "laufend": 1, "abgebrochen": 2}
_KIND_TITLES: dict[FlowOutcomeKind, str] = {"laufend": "läuft noch", "abgebrochen": "abgebrochen"}


@dataclass
class _Point:
    """A situation reached along one sequence of choices, while runs are added."""

    node_id: str
    step: int
    people: int = 0
    stopped: list[Outcome] = field(default_factory=list)
    branches: dict[str, _Edge] = field(default_factory=dict)


@dataclass
class _Edge:
    """A choice taken at a ``_Point``, while runs are added."""

    outcomes: list[Outcome] = field(default_factory=list)
    ending_id: str | None = None
    next: _Point | None = None


def outcome(run: WalkedRun) -> Outcome:
    """How a run ended up: at an ending, still playing, or given up (or gone quiet)."""
    if run.record.status == "beendet":
        return "ending", run.record.ending_id
    return ("abgebrochen" if run.status == "abgebrochen" else "laufend"), None


def group_flow(scenario: Scenario, runs: Iterable[WalkedRun]) -> FlowNode | None:
    """The flow of these runs from the scenario's start; None when there is no run."""
    root = _Point(scenario.start.node, 1)
    for run in runs:
        result = outcome(run)
        point: _Point | None = root
        root.people += 1
        for index, entry in enumerate(run.decided):
            assert point is not None  # a run stops adding once its choice led to an ending
            edge = point.branches.get(entry.step.choice.id)
            if edge is None:
                edge = point.branches[entry.step.choice.id] = _Edge()
            edge.outcomes.append(result)
            if entry.step.ending is not None:
                edge.ending_id = entry.step.ending.id
                point = None
                break
            if edge.next is None:
                edge.next = _Point(entry.step.state.node_id or "", index + 2)
            point = edge.next
            point.people += 1
        if point is not None:
            point.stopped.append(result)
    if not root.people:
        return None
    threshold = max(FLOW_MIN_PEOPLE, math.ceil(FLOW_MIN_SHARE * root.people))
    return _cut(scenario, root, threshold)


def _cut(scenario: Scenario, point: _Point, threshold: int) -> FlowNode:
    """The model of ``point`` and what follows it, cut to a size one can draw."""
    node = scenario.node(point.node_id) if scenario.has_node(point.node_id) else None
    position = {choice.id: index for index, choice in enumerate(node.choices)} if node else {}
    ranked = sorted(
        point.branches.items(),
        key=lambda item: (-len(item[1].outcomes), position.get(item[0], len(position)), item[0]),
    )
    shown = ranked if len(ranked) <= FLOW_MAX_BRANCHES else ranked[: FLOW_MAX_BRANCHES - 1]
    branches = []
    for choice_id, edge in shown:
        choice = node.choice(choice_id) if node else None
        follow = edge.next is not None and len(edge.outcomes) >= threshold and point.step < FLOW_MAX_DEPTH
        branches.append(
            FlowBranch(
                choice_id=choice_id,
                text=choice.text.strip() if choice else choice_id,
                people=len(edge.outcomes),
                outcomes=_outcomes(scenario, edge.outcomes),
                ending_id=edge.ending_id,
                ending_title=ending_label(scenario, edge.ending_id)[0] if edge.ending_id else None,
                next=_cut(scenario, edge.next, threshold) if follow and edge.next else None,
            )
        )
    rest = ranked[len(shown) :]
    if rest:
        merged = [result for _, edge in rest for result in edge.outcomes]
        branches.append(
            FlowBranch(
                choice_id=None,
                text=f"andere Wahl ({len(rest)} Möglichkeiten)",
                people=len(merged),
                outcomes=_outcomes(scenario, merged),
            )
        )
    return FlowNode(
        node_id=point.node_id,
        step=point.step,
        people=point.people,
        stopped=_outcomes(scenario, point.stopped),
        branches=branches,
    )


def _outcomes(scenario: Scenario, results: list[Outcome]) -> list[FlowOutcome]:
    """The results counted, most frequent first (ties: endings in scenario order, then the rest)."""
    ending_order = {ending.id: index for index, ending in enumerate(scenario.endings)}
    counted = Counter(results)

    def rank(item: tuple[Outcome, int]) -> tuple[int, int, int, str]:
        (kind, ending_id), count = item
        return (
            -count,
            _KIND_ORDER[kind],
            ending_order.get(ending_id or "", len(ending_order)),
            ending_id or "",
        )

    found = []
    for (kind, ending_id), count in sorted(counted.items(), key=rank):
        if kind == "ending":
            title, rating = ending_label(scenario, ending_id) if ending_id else ("Ende ohne Angabe", "")
        else:
            title, rating = _KIND_TITLES[kind], ""
        found.append(FlowOutcome(kind=kind, ending_id=ending_id, title=title, rating=rating, count=count))
    return found
