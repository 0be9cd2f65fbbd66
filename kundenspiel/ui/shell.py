"""What every kundenspiel app shares: the stylesheet, the quit, help and theme keys, no palette."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding


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

    def action_toggle_theme(self) -> None:
        """Switch between Textual's light and dark theme."""
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_help(self) -> None:
        """Keys and meters explained."""
        from kundenspiel.ui.dialogs.help import HelpDialog

        if not isinstance(self.screen, HelpDialog):
            self.push_screen(HelpDialog())
