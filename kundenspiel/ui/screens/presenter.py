"""Presenter mode of the group debrief: one decision per screen in large type for the projector,
the group's answers revealed on a key once the room has talked about it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Digits, Static

from kundenspiel.safe_text import visible
from kundenspiel.ui.widgets.footer import GameFooter
from kundenspiel.ui.widgets.group_charts import bar, plain
from kundenspiel.wording import counted
from kundenspiel.workshop.model import ChoiceShare, Decision, ScenarioDebrief
from kundenspiel.workshop.tables import decimal

LETTERS = "ABCDEF"
"""The letters Textual's large digits can draw; choices after the sixth get plain numbers."""
BAR_WIDTH = 14


def letter(index: int) -> str:
    """The choice's mark: A–F, then numbers."""
    return LETTERS[index] if index < len(LETTERS) else str(index + 1)


class ChoiceRow(Horizontal):
    """One choice: a large letter, its text, and (shown once revealed) its share of people."""

    def __init__(self, index: int, choice: ChoiceShare) -> None:
        super().__init__(classes="choice")
        self.index = index
        self.choice = choice

    def compose(self) -> ComposeResult:
        yield Digits(letter(self.index), classes="letter")
        yield Static(Text(plain(self.choice.text)), classes="choice-text")
        with Horizontal(classes="result"):
            yield Static(bar(self.choice.percent, 100, BAR_WIDTH), classes="share-bar")
            yield Digits(decimal(self.choice.percent, 0), classes="share")
            yield Static(
                Text.assemble(("%\n", "bold"), (counted(self.choice.count, "Person", "Personen"), "dim")),
                classes="share-unit",
            )


class PresenterScreen(Screen[None]):
    """The scenario's decisions one at a time; Leertaste reveals how the group chose."""

    CSS_PATH = "presenter.tcss"
    BINDINGS = [
        Binding(
            "space",
            "reveal",
            "Auflösen",
            key_display="Leertaste",
            tooltip="Zeigen, wie die Gruppe gewählt hat",
        ),
        Binding("right,n", "step(1)", "Nächste", key_display="→"),
        Binding("left,b", "step(-1)", "Vorige", key_display="←"),
        Binding("escape", "app.pop_screen", "Zurück", key_display="Esc"),
    ]

    scenario: reactive[ScenarioDebrief | None] = reactive(None, init=False)
    """What the debrief below last read; it sets a fresh one while the room plays on."""
    index: reactive[int] = reactive(0, init=False)
    revealed: reactive[bool] = reactive(False, init=False)

    def __init__(self, scenario: ScenarioDebrief, index: int = 0) -> None:
        super().__init__()
        self.set_reactive(PresenterScreen.scenario, scenario)
        self.set_reactive(PresenterScreen.index, max(0, min(index, len(scenario.decisions) - 1)))
        self.shown: Decision | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="presenter-title")
        with VerticalScroll(id="presenter-body"):
            yield Static(id="situation")
            yield Vertical(id="choices")
            yield Static(id="presenter-people")
        yield GameFooter()

    def on_mount(self) -> None:
        """The first decision."""
        self.show()

    @property
    def decisions(self) -> list[Decision]:
        """The scenario's decisions in story order."""
        return [] if self.scenario is None else self.scenario.decisions

    @property
    def decision(self) -> Decision | None:
        """The decision on the screen."""
        decisions = self.decisions
        return decisions[max(0, min(self.index, len(decisions) - 1))] if decisions else None

    def watch_scenario(self) -> None:
        """Fresh numbers while the room plays on (the debrief below keeps reading)."""
        self.show()

    def watch_index(self) -> None:
        """Another decision: its answers hidden again until the room has talked."""
        self.revealed = False
        self.show()

    def watch_revealed(self, revealed: bool) -> None:
        """Results in or out of view."""
        self.set_class(revealed, "-revealed")

    def show(self) -> None:
        """Draw the decision in view; the choices are rebuilt only when they changed."""
        decision = self.decision
        total = len(self.decisions)
        if self.scenario is not None:
            self.sub_title = f"Präsentation – {visible(self.scenario.title)}"
        if decision is None:
            self.query_one("#presenter-title", Static).update("Noch keine Entscheidungen.")
            return
        speaker = f" – {decision.speaker}" if decision.speaker else ""
        self.query_one("#presenter-title", Static).update(
            Text(f"Entscheidung {self.index + 1} von {total}{speaker}", "bold")
        )
        self.query_one("#situation", Static).update(Text(plain(decision.text)))
        self.query_one("#presenter-people", Static).update(
            Text(counted(decision.participants, "Person hat", "Personen haben") + " hier entschieden.", "dim")
        )
        if decision != self.shown:
            self.shown = decision
            choices = self.query_one("#choices", Vertical)
            choices.remove_children()
            choices.mount_all(ChoiceRow(index, choice) for index, choice in enumerate(decision.choices))

    def help_markdown(self) -> str:
        """F1 here: the debrief's help, which explains the presentation's keys too."""
        from kundenspiel.ui.screens.group_debrief_help import GROUP_DEBRIEF_HELP

        return GROUP_DEBRIEF_HELP

    def action_reveal(self) -> None:
        """Show how the group chose (or hide it again)."""
        self.revealed = not self.revealed

    def action_step(self, delta: int) -> None:
        """The next or previous decision, stopping at the first and the last."""
        self.index = max(0, min(self.index + delta, len(self.decisions) - 1))
