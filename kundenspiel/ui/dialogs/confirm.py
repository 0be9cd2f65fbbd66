"""A yes/no question as a modal dialog."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmDialog(ModalScreen[bool]):
    """Ask a question; dismisses with True (Enter/j) or False (Escape/n)."""

    CSS_PATH = "confirm.tcss"
    BINDINGS = [
        Binding("j,y", "answer(True)", "Ja", show=False),
        Binding("n,escape", "answer(False)", "Nein", show=False),
    ]

    def __init__(self, title: str, question: str, *, yes: str = "Ja", no: str = "Nein") -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            # Questions quote titles and names from files and players: never read as markup.
            yield Static(self.title_text, id="dialog-title", markup=False)
            yield Static(self.question, id="question", markup=False)
            with Horizontal(id="buttons"):
                yield Button(f"{self.yes} (Enter)", id="yes", variant="primary")
                yield Button(f"{self.no} (Esc)", id="no")

    def on_mount(self) -> None:
        """Enter answers yes."""
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        """A button was clicked or activated."""
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """Answer by key."""
        self.dismiss(answer)
