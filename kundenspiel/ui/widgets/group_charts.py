"""Text charts of a group debrief: score histogram, meters, endings, a bar per choice, competencies.

Plain functions from debrief data to Rich renderables, so every chart can be shown in any widget
(and tested without an app); ``BarChart`` is the widget that shows one and re-renders on resize.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from kundenspiel.workshop.model import CompetencyEntry, Decision, ScenarioDebrief
from kundenspiel.workshop.tables import RATING_LABELS, decimal

FULL = "█"
EMPTY = "░"
RATING_STYLES = {"gelungen": "green", "gemischt": "yellow", "gescheitert": "red"}


def bar(value: float, scale: float, width: int, style: str = "bold blue") -> Text:
    """A horizontal bar of ``width`` cells, filled in proportion ``value / scale``."""
    filled = round(width * value / scale) if scale else 0
    filled = max(0, min(width, filled))
    return Text(FULL * filled, style) + Text(EMPTY * (width - filled), "dim")


def plain(text: str) -> str:
    """Scenario text (Markdown) as one plain line: emphasis markers and line breaks removed."""
    return " ".join(text.replace("*", "").split())


def shortened(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word with „…“."""
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit - 1)].rstrip(" ,;:") + " …"


def _grid(*widths: int | None) -> Table:
    grid = Table.grid(padding=(0, 1))
    for width in widths:
        if width is None:
            grid.add_column(ratio=1)
        else:
            grid.add_column(width=width, no_wrap=True)
    return grid


def overview(scenario: ScenarioDebrief, width: int) -> RenderableType:
    """Participants, score histogram, meters at the end and endings of one scenario."""
    bar_width = max(8, min(40, width - 52))
    head = Text.assemble(
        (f"{scenario.participants} Teilnehmende", "bold"),
        f" · {scenario.finished} beendet · {scenario.in_progress} laufen noch",
        f" · {scenario.abandoned} abgebrochen",
    )
    if scenario.score_mean is not None:
        head.append(f" · ⌀ {decimal(scenario.score_mean)} Punkte")
    parts: list[RenderableType] = [head]
    if scenario.outdated:
        parts.append(
            Text(f"{scenario.outdated} Durchläufe passen nicht mehr zur aktuellen Fassung.", "italic")
        )
    parts.append(Text("\nPunkteverteilung", "bold"))
    top = max(scenario.score_histogram) or 1
    histogram = _grid(7, bar_width, 4)
    for index, count in enumerate(scenario.score_histogram):
        label = f"{index * 10}–{index * 10 + 9}" if index < 9 else "90–100"
        histogram.add_row(label, bar(count, top, bar_width), str(count))
    parts.append(histogram)
    if scenario.meters:
        parts.append(Text("\nWerte am Ende (Mittel ± Streuung, Spanne)", "bold"))
        meters = _grid(22, bar_width, None)
        for meter in scenario.meters:
            meters.add_row(
                meter.label,
                bar(meter.mean, 100, bar_width),
                f"{decimal(meter.mean)} ± {decimal(meter.spread)} ({meter.minimum}–{meter.maximum})",
            )
        parts.append(meters)
    if scenario.endings:
        parts.append(Text("\nEnden", "bold"))
        endings = _grid(None, bar_width, 12)
        top_ending = max((e.count for e in scenario.endings), default=0) or 1
        for ending in scenario.endings:
            rating = RATING_LABELS.get(ending.rating, "")
            title = (
                Text(ending.title) + Text(f" ({rating})", RATING_STYLES.get(ending.rating, ""))
                if rating
                else Text(ending.title)
            )
            endings.add_row(
                title,
                bar(ending.count, top_ending, bar_width),
                f"{ending.count} ({decimal(ending.percent, 0)} %)",
            )
        parts.append(endings)
    return Group(*parts)


def decision_view(decision: Decision, number: int, total: int, width: int) -> RenderableType:
    """One decision: the situation, then a bar per choice with count and share, locks marked 🔒."""
    bar_width = max(6, min(30, width // 3))
    who = f" – {decision.speaker}" if decision.speaker else ""
    parts: list[RenderableType] = [
        Text(f"Entscheidung {number} von {total}{who}", "bold"),
        # Three lines of the situation are enough to remind the room; the rest would push the bars away.
        Text(shortened(plain(decision.text), max(80, (width - 2) * 3)), "italic"),
        Text(""),
    ]
    grid = _grid(None, bar_width, 14)
    for choice in decision.choices:
        label = Text(plain(choice.text))
        if choice.locked:
            label.append(f"  🔒 {choice.locked}× gesperrt gesehen", "dim italic")
        grid.add_row(
            label, bar(choice.percent, 100, bar_width), f"{choice.count} ({decimal(choice.percent, 0)} %)"
        )
    parts.append(grid)
    parts.append(
        Text(
            f"\n{decision.decisions} Entscheidungen von {decision.participants} Teilnehmenden; "
            f"{decision.with_locked} davon mit mindestens einer gesperrten Auswahl.",
            "dim",
        )
    )
    return Group(*parts)


def competency_view(entries: list[CompetencyEntry], width: int) -> RenderableType:
    """The competency profile: share of positive points per competency."""
    if not entries:
        return Text("Noch keine Kompetenzen gezeigt.", "italic")
    bar_width = max(8, min(40, width - 50))
    grid = _grid(None, bar_width, 24)
    for entry in entries:
        rating = entry.rating
        grid.add_row(
            entry.label,
            bar(rating or 0, 100, bar_width, "bold green"),
            f"{'–' if rating is None else rating} % "
            f"(+{entry.positive}/−{entry.negative}, {entry.participants} P.)",
        )
    return grid


class BarChart(Widget):
    """Shows one chart, drawn for the widget's current width."""

    DEFAULT_CSS = """
    BarChart { height: auto; }
    """

    chart: reactive[Callable[[int], RenderableType] | None] = reactive(None, layout=True)

    def render(self) -> RenderableType:
        """The chart at this width, or nothing yet."""
        if self.chart is None:
            return Text("")
        return self.chart(max(20, self.content_size.width or self.size.width or 80))
