"""The meters' course over a playthrough, as sparklines on a fixed 0–100 scale."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from kundenspiel.ui.widgets.meters import METERS

BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int], width: int) -> str:
    """One block character per step (stretched to ``width``), scaled to 0–100, not to the data,
    so a flat line near 100 reads as high and one near 0 as low."""
    if not values:
        return ""
    columns = max(len(values), min(width, len(values) * 3))
    line = []
    for column in range(columns):
        value = values[min(len(values) - 1, column * len(values) // columns)]
        line.append(BLOCKS[min(len(BLOCKS) - 1, value * len(BLOCKS) // 101)])
    return "".join(line)


class MeterCourse(Widget):
    """Three labelled sparklines with start and end value, one per meter."""

    DEFAULT_CSS = """
    MeterCourse { height: 3; }
    MeterCourse > .meter-course--line { color: $primary; }
    MeterCourse > .meter-course--label { text-style: bold; }
    """
    COMPONENT_CLASSES = {"meter-course--line", "meter-course--label"}

    history: reactive[tuple[dict[str, int], ...]] = reactive(())

    def render(self) -> Text:
        """A line per meter: label, sparkline, "start → end"."""
        label_style = self.get_component_rich_style("meter-course--label")
        line_style = self.get_component_rich_style("meter-course--line")
        width = max(8, self.content_size.width - 22 - 12)
        lines = Text()
        for index, (meter_id, label) in enumerate(METERS):
            values = [point[meter_id] for point in self.history]
            if index:
                lines.append("\n")
            lines.append(f"{label:<22}", label_style)
            lines.append(sparkline(values, width), line_style)
            if values:
                lines.append(f"  {values[0]} → {values[-1]}")
        return lines
