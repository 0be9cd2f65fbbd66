"""The three meters as labelled bars, each with its value and its last change – as much of it as
the scenario's (or the group's) meter display allows while playing."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from kundenspiel.engine.models import MeterDisplay

METERS: tuple[tuple[str, str], ...] = (
    ("motivation", "Mitarbeitermotivation"),
    ("vertrauen", "Kundenvertrauen"),
    ("befugnis", "Entscheidungsbefugnis"),
)
SHORT_LABELS = {"motivation": "Motivation", "vertrauen": "Vertrauen", "befugnis": "Befugnis"}


class MeterBar(Widget):
    """One meter: its name, a bar, the value 0–100 and the last change (▲ +8 / ▼ −5)."""

    COMPONENT_CLASSES = {
        "meter-bar--label",
        "meter-bar--filled",
        "meter-bar--empty",
        "meter-bar--up",
        "meter-bar--down",
    }

    DEFAULT_CSS = """
    MeterBar { height: 2; margin-bottom: 1; }
    MeterBar > .meter-bar--label { text-style: bold; }
    MeterBar > .meter-bar--filled { color: $primary; }
    MeterBar > .meter-bar--empty { color: $foreground 25%; }
    MeterBar > .meter-bar--up { color: $success; text-style: bold; }
    MeterBar > .meter-bar--down { color: $error; text-style: bold; }
    """

    value: reactive[int] = reactive(0)
    change: reactive[int] = reactive(0)
    compact: reactive[bool] = reactive(False)
    numbers: reactive[bool] = reactive(True)
    """Show the value and the last change; without them only the bar moves (``tendenz``)."""

    def __init__(self, meter_id: str, label: str) -> None:
        super().__init__(id=f"meter-{meter_id}")
        self.meter_id = meter_id
        self.label = label

    def render(self) -> Text:
        """Two lines: the label, then bar, value and change."""
        label_style = self.get_component_rich_style("meter-bar--label")
        filled_style = self.get_component_rich_style("meter-bar--filled")
        empty_style = self.get_component_rich_style("meter-bar--empty")
        change = Text()
        if self.numbers and self.change > 0:
            change = Text(f" ▲ +{self.change}", self.get_component_rich_style("meter-bar--up"))
        elif self.numbers and self.change < 0:
            change = Text(f" ▼ −{-self.change}", self.get_component_rich_style("meter-bar--down"))
        suffix = Text(f" {self.value:>3}") + change if self.numbers else Text()
        width = max(4, self.content_size.width - 10)
        filled = round(width * self.value / 100)
        line = Text("█" * filled, filled_style) + Text("░" * (width - filled), empty_style) + suffix
        label = SHORT_LABELS[self.meter_id] if self.compact else self.label
        return Text(label, label_style) + "\n" + line


HIDDEN_NOTE = "Wie sich Motivation, Vertrauen und Befugnis entwickeln, siehst du in der Auswertung."


class MeterPanel(Vertical):
    """The three meters while playing: bars with numbers and changes (``offen``), bars alone
    (``tendenz``), or a note that they come in the debrief (``verdeckt``)."""

    compact: reactive[bool] = reactive(False)
    mode: reactive[MeterDisplay] = reactive(MeterDisplay.OFFEN)

    def watch_compact(self, compact: bool) -> None:
        """Short names where space is tight."""
        for bar in self.query(MeterBar):
            bar.compact = compact

    def watch_mode(self, mode: MeterDisplay) -> None:
        """Numbers only when open; the bars not at all when hidden."""
        for bar in self.query(MeterBar):
            bar.numbers = mode is MeterDisplay.OFFEN
            bar.display = mode is not MeterDisplay.VERDECKT
        self.query_one("#meters-hidden", Static).display = mode is MeterDisplay.VERDECKT

    def compose(self) -> ComposeResult:
        for meter_id, label in METERS:
            yield MeterBar(meter_id, label)
        yield Static(HIDDEN_NOTE, id="meters-hidden", classes="muted").set_styles("display: none;")

    def show(self, values: dict[str, int], changes: dict[str, int] | None = None) -> None:
        """Set every bar to ``values``; ``changes`` are the deltas of the last choice."""
        for meter_id, _ in METERS:
            bar = self.query_one(f"#meter-{meter_id}", MeterBar)
            bar.value = values[meter_id]
            bar.change = (changes or {}).get(meter_id, 0)
