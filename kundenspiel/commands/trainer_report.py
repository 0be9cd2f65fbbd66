"""``kundenspiel explore`` as readable tables (rich), with German headings."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kundenspiel.engine.analysis import Analysis
from kundenspiel.engine.meters import METER_IDS
from kundenspiel.engine.models import Scenario
from kundenspiel.safe_text import visible

# Short headings, so the meter table fits 80 columns.
METER_HEADINGS = {"motivation": "Motivation", "vertrauen": "Vertrauen", "befugnis": "Befugnis"}
RATING_STYLES = {"gelungen": "green", "gemischt": "yellow", "gescheitert": "red"}


def german_number(value: int) -> str:
    """1234567 → „1.234.567“."""
    return f"{value:,}".replace(",", ".")


def paths_text(paths: int | None, acyclic: int) -> str:
    """A path count; infinitely many are shown with the loop-free part."""
    if paths is None:
        return f"unendlich (ohne Schleife: {german_number(acyclic)})"
    return german_number(paths)


def print_analysis(scenario: Scenario, analysis: Analysis, out: TextIO) -> None:
    """Print the analysis as a summary and one table per topic."""
    console = Console(file=out, highlight=False, soft_wrap=False)
    # The title comes from the file: neither Rich markup nor control characters in it count.
    console.print(f"[bold]{escape(visible(scenario.title))}[/bold] ({scenario.id})")
    acyclic = sum(ending.acyclic_paths for ending in analysis.endings)
    console.print(
        f"{german_number(analysis.states)} verschiedene Spielstände, "
        f"{german_number(analysis.transitions)} Übergänge, "
        f"Wege zu einem Ende: {paths_text(analysis.total_paths, acyclic)}"
    )
    if analysis.cyclic:
        console.print(
            "[yellow]Achtung: Es gibt Schleifen – man kann in genau denselben Spielstand "
            "zurückkehren. Durch sie gibt es unendlich viele Wege; gezählt werden dann die Wege "
            "ohne Schleife.[/yellow]"
        )
    if analysis.truncated:
        console.print(
            f"[red]Zu viele Spielstände: nach {german_number(analysis.states)} abgebrochen "
            f"(zuletzt bei Station „{analysis.stopped_at}“), alle Zahlen sind unvollständig: "
            "sie gelten nur für den untersuchten Teil.[/red]"
        )

    endings = Table(title="Enden", title_justify="left")
    for heading in ("Ende", "Bewertung", "Wege", "Punkte min–max", "kürzester Weg"):
        endings.add_column(heading)
    for ending in analysis.endings:
        style = RATING_STYLES[ending.rating.value]
        endings.add_row(
            ending.ending_id,
            f"[{style}]{ending.rating.label}[/{style}]",
            paths_text(ending.paths, ending.acyclic_paths),
            f"{ending.min_score}–{ending.max_score}",
            f"{len(ending.shortest)} {'Schritt' if len(ending.shortest) == 1 else 'Schritte'}",
        )
    for ending_id in analysis.unreached_endings:
        rating = scenario.ending(ending_id).rating
        endings.add_row(ending_id, rating.label, "0 (nie erreicht)", "–", "–")
    console.print(endings)

    shortest = Table(title="Kürzester Weg zu jedem Ende", title_justify="left")
    shortest.add_column("Ende")
    shortest.add_column("Auswahlen (Station: Auswahl)")
    for ending in analysis.endings:
        steps = " → ".join(f"{node}: {choice}" for node, choice in ending.shortest)
        shortest.add_row(ending.ending_id, steps)
    console.print(shortest)

    meters = Table(title="Messwerte beim Betreten jeder Station (min–max)", title_justify="left")
    meters.add_column("Station")
    meters.add_column("Spielstände", justify="right")
    for meter in METER_IDS:
        meters.add_column(METER_HEADINGS[meter], justify="right")
    for node in analysis.nodes:
        meters.add_row(
            node.node_id,
            german_number(node.states),
            *(f"{node.meters[m].minimum}–{node.meters[m].maximum}" for m in METER_IDS),
        )
    for node_id in analysis.unreached_nodes:
        meters.add_row(node_id, "0 (nie erreicht)", *("–" for _ in METER_IDS))
    console.print(meters)

    if analysis.never_available:
        never = Table(title="Nie wählbare Auswahlen", title_justify="left")
        never.add_column("Station")
        never.add_column("Auswahl")
        for item in analysis.never_available:
            never.add_row(item.node_id, item.choice_id)
        console.print(never)
    else:
        console.print("Nie wählbare Auswahlen: keine")

    if analysis.dominated:
        dominated = Table(
            title="Unterlegene Auswahlen (auf jedem Weg dorthin bei jedem Messwert und der Punktzahl "
            "höchstens so gut wie eine andere)",
            title_justify="left",
        )
        dominated.add_column("Station")
        dominated.add_column("Auswahl")
        dominated.add_column("unterlegen gegenüber")
        for domination in analysis.dominated:
            dominated.add_row(domination.node_id, domination.choice_id, domination.by_choice_id)
        console.print(dominated)
    else:
        console.print("Unterlegene Auswahlen: keine")
