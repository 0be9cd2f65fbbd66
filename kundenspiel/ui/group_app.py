"""``kundenspiel debrief CODE``: the game's app opening straight on a group's debrief."""

from __future__ import annotations

from textual import events, on

from kundenspiel.ui.app import KundenspielApp
from kundenspiel.ui.session import GameConfig


class GroupDebriefApp(KundenspielApp):
    """The app with the group debrief as its first screen (no sign-in: the trainer only looks)."""

    SUB_TITLE = "Gruppenauswertung"

    def __init__(self, config: GameConfig, code: str) -> None:
        super().__init__(config)
        self.code = code

    @on(events.Mount)
    def show_group_debrief(self, event: events.Mount) -> None:
        """Show the debrief instead of the start screen."""
        from kundenspiel.ui.screens.group_debrief import GroupDebriefScreen

        # Textual would run the base class's on_mount too, which pushes the start screen.
        event.prevent_default()
        self.push_screen(GroupDebriefScreen(self.code))
