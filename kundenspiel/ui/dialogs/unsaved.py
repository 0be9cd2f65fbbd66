"""Asked before quitting or leaving while choices are not on disk yet."""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

UnsavedAnswer = Literal["retry", "leave", "stay"]


class UnsavedDialog(ModalScreen[UnsavedAnswer]):
    """Retry the save (Enter), leave anyway, or stay (Esc); answers "retry", "leave" or "stay".

    Esc stays rather than leaves: the one answer that loses choices must be picked on purpose.
    """

    CSS_PATH = "unsaved.tcss"
    BINDINGS = [Binding("escape", "answer('stay')", "Weiterspielen", show=False)]

    def __init__(self, reason: str, *, leave: str = "Trotzdem beenden") -> None:
        super().__init__()
        self.reason = reason
        self.leave = leave

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Noch nicht gespeichert", id="dialog-title")
            yield Static(
                "Deine letzten Entscheidungen sind noch nicht auf der Festplatte. Wenn du jetzt "
                "gehst, sind sie verloren. Enter versucht es erneut, Esc spielt weiter.",
                id="question",
            )
            # The reason may name a path from the save folder: shown literally, never as markup.
            yield Static(self.reason, id="reason", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Erneut versuchen", id="retry", variant="primary")
                yield Button(self.leave, id="leave", variant="error")
                yield Button("Weiterspielen", id="stay")

    def on_mount(self) -> None:
        """Enter retries."""
        self.query_one("#retry", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        """A button was clicked or activated."""
        answer: UnsavedAnswer = (
            "retry" if event.button.id == "retry" else "leave" if event.button.id == "leave" else "stay"
        )
        self.dismiss(answer)

    def action_answer(self, answer: UnsavedAnswer) -> None:
        """Answer by key."""
        self.dismiss(answer)
