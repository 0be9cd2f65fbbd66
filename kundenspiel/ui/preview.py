"""``kundenspiel play FILE``: a scenario file played straight from disk, for its author.

No sign-in and no saves: the trainer plays, edits the file, and with ``--watch`` the running
game reloads it on save, keeping the path taken so far where it still exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kundenspiel.engine import Scenario
from kundenspiel.ui.shell import ShellApp


@dataclass(frozen=True)
class PreviewConfig:
    """What to preview: the file, the node to start at, and whether to follow edits."""

    path: Path
    start_node: str | None = None
    watch: bool = False
    settings_file: Path | None = None
    theme: str | None = None


class PreviewApp(ShellApp):
    """The play screen alone, on a scenario loaded from a file."""

    TITLE = "kundenspiel – Vorschau"

    def __init__(self, config: PreviewConfig, scenario: Scenario) -> None:
        super().__init__(settings_file=config.settings_file, theme=config.theme)
        self.config = config
        self.scenario = scenario

    def on_mount(self) -> None:
        """Start playing at once."""
        from kundenspiel.ui.screens.preview import PreviewPlayScreen

        self.push_screen(PreviewPlayScreen(self.config, self.scenario))
