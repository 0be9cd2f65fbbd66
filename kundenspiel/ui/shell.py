"""What every kundenspiel app shares: the stylesheet, the quit, help and theme keys, no palette."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.content import Content


class ShellApp(App[None]):
    """Base of the game and the author's preview."""

    # Absolute, so subclasses defined elsewhere (tests, benchmarks) still find it.
    CSS_PATH = Path(__file__).parent / "app.tcss"
    # The palette's commands are English and Textual's own; F2 covers the one a player needs.
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "quit", "Beenden", priority=True, key_display="Strg+Q"),
        Binding("f1,question_mark", "help", "Hilfe", key_display="F1"),
        Binding("f2", "toggle_theme", "Hell/Dunkel", key_display="F2"),
    ]

    def format_title(self, title: str, sub_title: str) -> Content:
        """„kundenspiel – Szenarien – Alex“: one kind of dash in the title bar (Textual's own
        separator is an em dash, our sub-titles use en dashes as German typesetting does)."""
        if not sub_title:
            return Content(title)
        return Content.assemble(Content(title), (" – ", "dim"), Content(sub_title).stylize("dim"))

    def action_toggle_theme(self) -> None:
        """Switch between Textual's light and dark theme."""
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_help(self) -> None:
        """Keys and meters explained."""
        from kundenspiel.ui.dialogs.help import HelpDialog

        if not isinstance(self.screen, HelpDialog):
            self.push_screen(HelpDialog())
