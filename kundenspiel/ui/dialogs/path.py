"""The path so far: every decision of the current playthrough."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from kundenspiel.engine import GameState, Scenario, play
from kundenspiel.ui.markdown import literal


def path_markdown(scenario: Scenario, state: GameState) -> str:
    """A numbered list of the choices taken, with the meters after each.

    Who the player was facing comes first, as context, and the choice is marked as the
    player's own: a speaker's name right before it would read as if they had said it."""
    taken = play.taken_choices(scenario, state)
    if not taken:
        return "# Dein Weg bisher\n\nNoch keine Entscheidung getroffen."
    lines = []
    for number, ((node, choice), step) in enumerate(zip(taken, state.path, strict=True), start=1):
        meters = step.meters_after
        facing = f"_Gegenüber: {literal(node.speaker)}_  \n   " if node.speaker else ""
        lines.append(
            f"{number}. {facing}**Deine Wahl:** {literal(choice.text)}  \n"
            f"   _Motivation {meters.motivation} · Vertrauen {meters.vertrauen} · "
            f"Befugnis {meters.befugnis}_"
        )
    return "# Dein Weg bisher\n\n" + "\n".join(lines) + "\n\n_Schließen mit Esc oder w._"


class PathDialog(ModalScreen[None]):
    """Shows the decisions so far over the play screen."""

    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,w,q", "dismiss", "Schließen")]

    def __init__(self, scenario: Scenario, state: GameState) -> None:
        super().__init__()
        self.scenario = scenario
        self.state = state

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(path_markdown(self.scenario, self.state))

    def on_mount(self) -> None:
        """Let arrows scroll."""
        self.query_one("#help").focus()
