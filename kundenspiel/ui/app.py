"""The Textual app: CSS, theme, global keys, the first screen, and autosaving."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from textual import work

from kundenspiel.ui.screens.start import StartScreen
from kundenspiel.ui.session import GameConfig, Session
from kundenspiel.ui.shell import ShellApp

if TYPE_CHECKING:
    from kundenspiel.store import PlaythroughRecord

AUTOSAVE_GROUP = "autosave"


class KundenspielApp(ShellApp):
    """The game: a thin shell that pushes the start screen and keeps progress safe."""

    TITLE = "kundenspiel"
    SUB_TITLE = "Kundenorientierung trainieren"

    def __init__(self, config: GameConfig) -> None:
        super().__init__()
        self.session = Session(config)
        self._revisions = itertools.count()

    def on_mount(self) -> None:
        """Show the start screen."""
        self.push_screen(StartScreen())

    def autosave(self, record: PlaythroughRecord) -> None:
        """Save a playthrough off the UI thread; newer saves always win over older ones."""
        self._write(record, next(self._revisions))

    @work(thread=True, group=AUTOSAVE_GROUP, exit_on_error=False)
    def _write(self, record: PlaythroughRecord, revision: int) -> None:
        from kundenspiel.store import StoreError

        try:
            self.session.save(record, revision)
            for notice in self.session.pending_notices():
                self.call_from_thread(self.notify, notice, title="Hinweis", severity="warning", timeout=12)
        except (StoreError, OSError) as error:
            self.call_from_thread(
                self.notify,
                f"Speichern fehlgeschlagen: {error}",
                title="Spielstand",
                severity="error",
                timeout=10,
            )

    async def action_quit(self) -> None:
        """Quit once every pending save has reached the disk."""
        await self.wait_for_saves()
        self.exit()

    async def wait_for_saves(self) -> None:
        """Block until the autosave workers are done."""
        pending = [worker for worker in self.workers if worker.group == AUTOSAVE_GROUP]
        if pending:
            await self.workers.wait_for_complete(pending)
