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

from kundenspiel.wording import counted
from kundenspiel.workshop.model import CompetencyEntry, ScenarioDebrief
from kundenspiel.workshop.tables import RATING_LABELS, decimal, participants_text

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


def quoted(text: str) -> str:
    """A choice in German quotation marks; one that is a quotation itself keeps its own (closed
    again when ``shortened`` cut its end off)."""
    if not text.startswith(("„", '"', "»")):
        return f"„{text}“"
    return text if text.endswith(("“", '"', "«")) else text + "“"


def shortened(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word with „…“."""
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit - 1)].rstrip(" ,;:") + " …"


def duration(seconds: float) -> str:
    """„45 s“, „1:20 min“ or „12 min“: as precise as a room needs it."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 600:
        return f"{whole // 60}:{whole % 60:02d} min"
    return f"{round(whole / 60)} min"


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
    running = counted(scenario.in_progress, "läuft", "laufen")
    head = Text.assemble(
        (participants_text(scenario.participants), "bold"),
        f" · {scenario.finished} beendet · {running} noch · {scenario.abandoned} abgebrochen",
    )
    if scenario.score_mean is not None:
        head.append(f" · ⌀ {decimal(scenario.score_mean)} Punkte")
    parts: list[RenderableType] = [head]
    details = []
    if scenario.abandoned:
        details.append(
            f"abgebrochen: {scenario.given_up} mit „Abbrechen“, {scenario.stalled} seit über 1 Stunde still"
        )
    if scenario.restarted:
        details.append(counted(scenario.restarted, "Person hat", "Personen haben") + " neu begonnen")
    if scenario.durations is not None:
        times = scenario.durations
        details.append(
            f"Dauer im Median {duration(times.median_seconds)} "
            f"({duration(times.minimum_seconds)} bis {duration(times.maximum_seconds)}, "
            f"{counted(times.runs, 'Durchlauf', 'Durchläufe')}, Pausen nicht mitgezählt)"
        )
    if details:
        parts.append(Text(" · ".join(details), "dim"))
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


def competency_view(entries: list[CompetencyEntry], width: int) -> RenderableType:
    """The competency profile, weakest first as the model sorts it: share of positive points and
    how many people it rests on; rows from fewer than three people are greyed out."""
    if not entries:
        return Text("Noch keine Kompetenzen gezeigt.", "italic")
    bar_width = max(8, min(40, width - 56))
    grid = _grid(None, bar_width, 27)
    for entry in entries:
        rating = entry.rating
        style = "dim" if entry.small_sample else ""
        grid.add_row(
            Text(entry.label, style),
            bar(rating or 0, 100, bar_width, "dim" if entry.small_sample else "bold green"),
            Text(
                f"{'–' if rating is None else rating} % (+{entry.positive}/−{entry.negative}, "
                f"{counted(entry.participants, 'Person', 'Personen')})",
                style,
            ),
        )
    if any(entry.small_sample for entry in entries):
        return Group(grid, Text("Grau: von weniger als 3 Personen, kaum aussagekräftig.", "dim italic"))
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
