"""``kundenspiel play FILE``: a scenario file played straight from disk, for its author.

No sign-in and no saves: the trainer plays, edits the file, and with ``--watch`` the running
game reloads it on save, keeping the path taken so far where it still exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from kundenspiel.engine import Scenario


@dataclass(frozen=True)
class PreviewConfig:
    """What to preview: the file, the node to start at, and whether to follow edits."""

    path: Path
    start_node: str | None = None
    watch: bool = False


class PreviewApp(App[None]):
    """The play screen alone, on a scenario loaded from a file."""

    TITLE = "kundenspiel – Vorschau"
    CSS_PATH = Path(__file__).parent / "app.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "quit", "Beenden", priority=True, key_display="Strg+Q"),
        Binding("f2", "toggle_theme", "Hell/Dunkel", key_display="F2"),
    ]

    def __init__(self, config: PreviewConfig, scenario: Scenario) -> None:
        super().__init__()
        self.config = config
        self.scenario = scenario

    def on_mount(self) -> None:
        """Start playing at once."""
        from kundenspiel.ui.screens.preview import PreviewPlayScreen

        self.push_screen(PreviewPlayScreen(self.config, self.scenario))

    def action_toggle_theme(self) -> None:
        """Switch between Textual's light and dark theme."""
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"
