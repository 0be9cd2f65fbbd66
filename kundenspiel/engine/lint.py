"""Checks of a scenario as a story: can every part be reached, can every playthrough end?

Runs only on scenarios whose schema and references are valid. Problems that make play
impossible (a dead end, a loop with no way out) are errors; the rest are warnings.
"""

from __future__ import annotations

from collections import deque

from kundenspiel.engine.balance_warnings import check_balance
from kundenspiel.engine.diagnostics import DiagnosticSink
from kundenspiel.engine.explore import (
    DEFAULT_MAX_STATES,
    DEFAULT_MAX_WORK,
    ExploredState,
    StateGraph,
    explore,
)
from kundenspiel.engine.meters import METER_LABELS
from kundenspiel.engine.models import Scenario
from kundenspiel.engine.positions import PositionIndex


def _describe(state: ExploredState) -> str:
    meters = ", ".join(f"{METER_LABELS[m]} {v}" for m, v in state.meter_dict().items())
    flags = f"; Merker: {', '.join(sorted(state.flags))}" if state.flags else ""
    return f"z. B. bei {meters}{flags}"


def _graph_reachable(scenario: Scenario, start: str) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        node_id = queue.popleft()
        if not scenario.has_node(node_id):
            continue
        for choice in scenario.node(node_id).choices:
            for target in choice.targets():
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
    return seen


def check_story(
    scenario: Scenario,
    index: PositionIndex,
    sink: DiagnosticSink,
    max_states: int = DEFAULT_MAX_STATES,
    max_work: int = DEFAULT_MAX_WORK,
) -> None:
    """Report unreachable parts, dead ends, loops without exit and telegraphing (see
    :mod:`balance`: when the wording gives the answer away).

    Exploring stops at ``max_states`` states or ``max_work`` units of work (see
    :mod:`explore`); then a warning says so, and the dead ends and loops found in the explored
    part are still reported, because nothing left unexplored could have rescued them.
    """
    node_index: dict[str, int] = {}
    for position, node in enumerate(scenario.nodes):
        node_index.setdefault(node.id, position)
    ending_index: dict[str, int] = {}
    for position, ending in enumerate(scenario.endings):
        ending_index.setdefault(ending.id, position)

    def report(kind: str, item_id: str, message: str, *, error: bool = False) -> None:
        position = node_index[item_id] if kind == "nodes" else ending_index[item_id]
        line, column = index.position((kind, position, "id"))
        (sink.error if error else sink.warning)(line, column, message)

    reachable = _graph_reachable(scenario, scenario.start.node)
    for node in scenario.nodes:
        if node.id not in reachable:
            report(
                "nodes",
                node.id,
                f"Station „{node.id}“ ist nicht erreichbar: keine Auswahl führt hierher",
            )
    for ending in scenario.endings:
        if ending.id not in reachable:
            report(
                "endings",
                ending.id,
                f"Ende „{ending.id}“ ist nicht erreichbar: keine Auswahl führt hierher",
            )

    graph = explore(scenario, max_states, max_work)
    if graph.truncated:
        line, column = index.position(("start", "node"))
        sink.warning(line, column, truncation_message(graph))
    finishing = graph.can_finish()
    reported: set[str] = set()
    for position in range(graph.expanded):
        state = graph.states[position]
        if state.node_id in reported or finishing[position]:
            continue
        reported.add(state.node_id)
        if not graph.transitions[position]:
            report(
                "nodes",
                state.node_id,
                f"Sackgasse: in „{state.node_id}“ können alle Auswahlen zugleich gesperrt sein "
                f"({_describe(state)})",
                error=True,
            )
        else:
            report(
                "nodes",
                state.node_id,
                f"Schleife ohne Ausgang: von „{state.node_id}“ aus ist kein Ende mehr "
                f"erreichbar ({_describe(state)})",
                error=True,
            )
    check_balance(scenario, graph, index, sink)
    if graph.truncated:
        return
    reached_nodes = {state.node_id for state in graph.states}
    reached_endings = {move.ending_id for moves in graph.transitions for move in moves if move.ending_id}
    for node in scenario.nodes:
        if node.id in reachable and node.id not in reached_nodes:
            report(
                "nodes",
                node.id,
                f"Station „{node.id}“ wird in keinem Spielverlauf erreicht: "
                "die Bedingungen davor sperren jeden Weg",
            )
    for ending in scenario.endings:
        if ending.id in reachable and ending.id not in reached_endings:
            report(
                "endings",
                ending.id,
                f"Ende „{ending.id}“ wird in keinem Spielverlauf erreicht: "
                "die Bedingungen davor sperren jeden Weg",
            )


def truncation_message(graph: StateGraph) -> str:
    """The warning for a story check that stopped early: where, after how much, what is missing."""
    found = len(graph.states)
    return (
        f"Story-Prüfung nach {_grouped(found)} {'Spielstand' if found == 1 else 'Spielständen'} "
        f"abgebrochen ({_grouped(graph.expanded)} untersucht, zuletzt bei Station „{graph.stopped_at}“; "
        "zu viele Kombinationen aus Messwerten, Merkern und besuchten Stationen): Sackgassen und "
        "Schleifen ohne Ausgang nur im untersuchten Teil geprüft; ob jede Station und jedes Ende "
        "in einem Spielverlauf erreicht wird, nicht geprüft"
    )


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", ".")
