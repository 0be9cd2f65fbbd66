"""``kundenspiel explore`` as readable tables (rich), with German headings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO, TypeVar

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kundenspiel.engine.analysis import Analysis
from kundenspiel.engine.balance import (
    DECISIONS_TARGET,
    FUNNEL_LIMIT,
    LONGEST_WINS_LIMIT,
    POLICY_LABELS,
    RANDOM_SUCCESS_TARGET,
    TRADE_OFF_TARGET,
    Balance,
    SurfacePlay,
)
from kundenspiel.engine.balance_warnings import percent
from kundenspiel.engine.meters import METER_IDS
from kundenspiel.engine.models import Rating, Scenario
from kundenspiel.safe_text import visible
from kundenspiel.wording import counted

# Short headings, so the meter table fits 80 columns.
METER_HEADINGS = {"motivation": "Motivation", "vertrauen": "Vertrauen", "befugnis": "Befugnis"}
RATING_STYLES = {"gelungen": "green", "gemischt": "yellow", "gescheitert": "red"}
T = TypeVar("T")
STOPPED_TEXTS = {
    "loop": "kommt nie an (Schleife)",
    "stuck": "steckt fest (nichts wählbar)",
    "limit": "nach zu vielen Schritten abgebrochen",
}


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
            choice = scenario.node(domination.node_id).choice(domination.choice_id)
            marked = " (foil: gewollt)" if choice is not None and choice.foil else ""
            dominated.add_row(domination.node_id, domination.choice_id + marked, domination.by_choice_id)
        console.print(dominated)
    else:
        console.print("Unterlegene Auswahlen: keine")


def print_balance(scenario: Scenario, figures: Balance, out: TextIO) -> None:
    """Print the section „Spielbalance“: every figure with its limit or aim, what is off marked."""
    console = Console(file=out, highlight=False, soft_wrap=False)
    table = Table(
        title="Spielbalance – kann man gewinnen, ohne die Situation zu lesen?", title_justify="left"
    )
    table.add_column("Kennzahl")
    table.add_column("Wert")
    table.add_column("Grenze", no_wrap=True)
    table.add_column("Bewertung", no_wrap=True)
    decisions = len(figures.decision_nodes)
    table.add_row(
        "Beste Auswahl ist auch die längste",
        _share_text(figures.best_is_longest_nodes, len(figures.clear_best_nodes), "mit klar bester Auswahl"),
        f"≤ {percent(LONGEST_WINS_LIMIT)}",
        _verdict(figures.best_is_longest_share, lambda s: s <= LONGEST_WINS_LIMIT),
    )
    table.add_row(
        "Längste Auswahl mehr als doppelt so lang wie die kürzeste",
        _share_text(figures.long_short, decisions, "mit Wahl"),
        "keine",
        _verdict(len(figures.long_short), lambda n: n == 0),
    )
    table.add_row(
        "Abwägungen: keine Auswahl bei allen Messwerten vorn",
        _share_text(figures.trade_off_nodes, decisions, "mit Wahl"),
        f"Ziel ≥ {percent(TRADE_OFF_TARGET)}",
        _verdict(figures.trade_off_share, lambda s: s >= TRADE_OFF_TARGET, "Ziel verfehlt"),
    )
    real = [item for item in figures.dominated if not item.foil]
    foils = len(figures.dominated) - len(real)
    table.add_row(
        "Auswahlen bei jedem Messwert schlechter als eine andere",
        f"{len(real)}" + (f" (dazu {foils} mit „foil: true“)" if foils else ""),
        "keine",
        _verdict(len(real), lambda n: n == 0),
    )
    table.add_row(
        "Trichter: alle Auswahlen führen zum selben Ziel",
        _share_text(figures.funnel_nodes, decisions, "mit Wahl"),
        f"≤ {percent(FUNNEL_LIMIT)}",
        _verdict(figures.funnel_share, lambda s: s <= FUNNEL_LIMIT),
    )
    for player in figures.surface_players:
        table.add_row(
            f"Immer die {POLICY_LABELS[player.policy]} wählbare Auswahl",
            _surface_text(player),
            "nicht gelungen",
            _verdict(player, lambda played: played.rating is not Rating.GELUNGEN),
        )
    chance = figures.random_success
    table.add_row(
        "Zufällig wählen: Chance auf ein gelungenes Ende",
        "nicht berechnet" if chance is None else percent(chance),
        f"Ziel ≤ {percent(RANDOM_SUCCESS_TARGET)}",
        _verdict(chance, lambda c: c <= RANDOM_SUCCESS_TARGET, "Ziel verfehlt"),
    )
    low, high = DECISIONS_TARGET
    table.add_row(
        "Entscheidungen bis zu einem Ende, kürzester bis längster Weg (für 10–15 Minuten)",
        _decisions_text(figures),
        f"Ziel {low}–{high}",
        _verdict(
            figures.shortest_decisions,
            lambda fewest: (
                low <= fewest and figures.longest_decisions is not None and figures.longest_decisions <= high
            ),
            "Ziel verfehlt",
        ),
    )
    console.print(table)
    if figures.truncated:
        console.print("[red]Die Zahlen gelten nur für den untersuchten Teil (zu viele Spielstände).[/red]")
    for label, nodes in (
        ("Beste Auswahl ist die längste bei", figures.best_is_longest_nodes),
        ("Trichter bei", figures.funnel_nodes),
        ("Keine Abwägung bei", [n for n in figures.decision_nodes if n not in figures.trade_off_nodes]),
    ):
        if nodes:
            console.print(f"{label}: {', '.join(nodes)}")
    if figures.long_short:
        lengths = Table(title="Längenunterschiede (Zeichen)", title_justify="left")
        for heading in ("Station", "längste Auswahl", "kürzeste Auswahl"):
            lengths.add_column(heading)
        for spread in figures.long_short:
            lengths.add_row(
                spread.node_id,
                f"{spread.longest_id} ({spread.longest_chars})",
                f"{spread.shortest_id} ({spread.shortest_chars})",
            )
        console.print(lengths)
    if figures.dominated:
        worse = Table(
            title="Laut „effects“ bei jedem Messwert schlechter als eine andere Auswahl", title_justify="left"
        )
        for heading in ("Station", "Auswahl", "schlechter als", "gewollt (foil)"):
            worse.add_column(heading)
        for item in figures.dominated:
            worse.add_row(item.node_id, item.choice_id, item.by_choice_id, "ja" if item.foil else "nein")
        console.print(worse)


def _share_text(part: Sequence[object], whole: int, kind: str) -> str:
    if not whole:
        return f"keine Station {kind}"
    return f"{percent(len(part) / whole)} ({len(part)} von {counted(whole, 'Station', 'Stationen')} {kind})"


def _verdict(value: T | None, fine: Callable[[T], bool], missed: str = "auffällig") -> str:
    if value is None:
        return "–"
    return "[green]in Ordnung[/green]" if fine(value) else f"[red]{missed}[/red]"


def _surface_text(player: SurfacePlay) -> str:
    if player.ending_id is not None and player.rating is not None:
        return f"{player.ending_id} ({player.rating.label}, {counted(player.steps, 'Schritt', 'Schritte')})"
    return STOPPED_TEXTS[player.stopped or "limit"]


def _decisions_text(figures: Balance) -> str:
    if figures.shortest_decisions is None:
        return "nicht berechnet"
    if figures.endless:
        return f"{figures.shortest_decisions} bis beliebig viele (Schleife)"
    return f"{figures.shortest_decisions}–{figures.longest_decisions}"
