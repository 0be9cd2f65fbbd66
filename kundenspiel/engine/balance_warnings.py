"""The warnings ``check`` gives when a scenario can be won by reading the wording: the figures of
:mod:`balance` against their limits, each at its place in the YAML."""

from __future__ import annotations

from kundenspiel.engine.balance import (
    FUNNEL_LIMIT,
    LONGEST_WINS_LIMIT,
    POLICY_LABELS,
    Balance,
    balance,
)
from kundenspiel.engine.diagnostics import DiagnosticSink
from kundenspiel.engine.explore import StateGraph
from kundenspiel.engine.models import Rating, Scenario
from kundenspiel.engine.positions import Location, PositionIndex
from kundenspiel.wording import counted

MIN_DECISIONS_FOR_SHARES = 5
"""Whole-scenario warnings (shares, surface players) only from this many decision nodes: in a
two- or three-step draft (like the starter of ``kundenspiel new``) a share of two nodes or the
one path of the first options says nothing yet. The per-node warnings hold for every size."""


def percent(share: float) -> str:
    """A share as German percent, one decimal only where rounding would hide a difference."""
    value = share * 100
    if 0 < value < 0.05:
        return "unter 0,1 %"
    if abs(value - round(value)) < 0.05:
        return f"{round(value)} %"
    return f"{value:.1f} %".replace(".", ",")


def balance_warnings(scenario: Scenario, figures: Balance) -> list[tuple[Location, str]]:
    """The warnings ``check`` gives for telegraphing, each with its place in the YAML.

    Shares and dominations of a truncated graph are left out: states not explored could change
    them. The per-node and surface-player warnings hold anyway."""
    nodes: dict[str, int] = {}
    for position, node in enumerate(scenario.nodes):
        nodes.setdefault(node.id, position)
    found: list[tuple[Location, str]] = []
    sized = len(figures.decision_nodes) >= MIN_DECISIONS_FOR_SHARES
    share = figures.best_is_longest_share
    if sized and not figures.truncated and share is not None and share > LONGEST_WINS_LIMIT:
        message = (
            f"Die beste Auswahl ist oft auch die längste: bei {len(figures.best_is_longest_nodes)} "
            f"von {counted(len(figures.clear_best_nodes), 'Station', 'Stationen')} mit klar bester "
            f"Auswahl ({percent(share)}, Grenze {percent(LONGEST_WINS_LIMIT)}) – wer immer die "
            f"längste Antwort nimmt, liegt meist richtig ({', '.join(figures.best_is_longest_nodes)})"
        )
        found.append((("id",), message))
    for spread in figures.long_short:
        message = (
            f"Station „{spread.node_id}“: die längste Auswahl „{spread.longest_id}“ "
            f"({spread.longest_chars} Zeichen) ist mehr als doppelt so lang "
            f"wie die kürzeste „{spread.shortest_id}“ ({spread.shortest_chars}) – die Länge kann "
            "die Antwort verraten"
        )
        found.append((("nodes", nodes[spread.node_id], "id"), message))
    for item in [d for d in figures.dominated if not d.foil and not figures.truncated]:
        position = nodes[item.node_id]
        choices = [choice.id for choice in scenario.nodes[position].choices]
        message = (
            f"Auswahl „{item.choice_id}“ ist bei jedem Messwert schlechter als „{item.by_choice_id}“ "
            "– wer mitdenkt, wählt sie nie; ist sie ein gewolltes Gegenbeispiel, schreib "
            "„foil: true“ dazu"
        )
        found.append((("nodes", position, "choices", choices.index(item.choice_id), "id"), message))
    share = figures.funnel_share
    if sized and not figures.truncated and share is not None and share > FUNNEL_LIMIT:
        message = (
            f"Bei {len(figures.funnel_nodes)} von "
            f"{counted(len(figures.decision_nodes), 'Station', 'Stationen')} mit Wahl führen alle "
            f"Auswahlen zum selben Ziel ({percent(share)}, Grenze {percent(FUNNEL_LIMIT)}): dort "
            f"entscheidet die Wahl nicht über den Weg ({', '.join(figures.funnel_nodes)})"
        )
        found.append((("id",), message))
    for player in figures.surface_players if sized else ():
        if player.rating is Rating.GELUNGEN:
            message = (
                f"Wer immer die {POLICY_LABELS[player.policy]} wählbare Auswahl nimmt, erreicht "
                f"das gelungene Ende „{player.ending_id}“ – ganz ohne die Texte zu lesen"
            )
            found.append((("id",), message))
    return found


def check_balance(scenario: Scenario, graph: StateGraph, index: PositionIndex, sink: DiagnosticSink) -> None:
    """Report :func:`balance_warnings` as warnings at their lines (one call in ``check_story``)."""
    for location, message in balance_warnings(scenario, balance(scenario, graph)):
        line, column = index.position(location)
        sink.warning(line, column, message)
