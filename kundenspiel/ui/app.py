"""The Textual app: CSS, theme, global keys, the first screen, and autosaving."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual import work
from textual.reactive import var
from textual.timer import Timer

from kundenspiel.ui.screens.start import StartScreen
from kundenspiel.ui.session import GameConfig, SaveOutcome, Session
from kundenspiel.ui.shell import ShellApp

if TYPE_CHECKING:
    from kundenspiel.store import PlaythroughRecord
    from kundenspiel.ui.dialogs.unsaved import UnsavedAnswer

AUTOSAVE_GROUP = "autosave"
FIRST_FRAME_WAIT = 3.0
"""Seconds loading waits at most for the first frame (it never needs to wait longer)."""
# Seconds before the next automatic attempt after a failed save, doubling up to the last.
RETRY_DELAYS = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)


@dataclass
class SessionAfterFirstFrame(Session):
    """A session that loads only once the first frame is on the screen.

    Loading imports the store and the models and reads every scenario: CPU that, in a worker
    thread, took turns with the first paint for the interpreter lock and nearly doubled the time
    to the first screen; with thirty browser tabs opened at once (``kundenspiel serve``) each
    trainee waited for the others' loading too.
    """

    first_frame: threading.Event = field(default_factory=threading.Event)

    def load(self) -> list[str]:
        """Wait for the first frame, then load (blocking, in a worker)."""
        self.first_frame.wait(FIRST_FRAME_WAIT)
        return super().load()


class KundenspielApp(ShellApp):
    """The game: a thin shell that pushes the start screen and keeps progress safe.

    A save that fails (a full disk, a folder gone read-only) is kept and tried again: on a timer
    with growing pauses, with the next choice (which saves the whole record again), and before
    quitting, which asks first if it still fails.
    """

    TITLE = "kundenspiel"
    SUB_TITLE = "Kundenorientierung trainieren"

    unsaved_count: var[int] = var(0, init=False)
    """How many playthroughs have changes that are not on disk; screens watch it."""

    def __init__(self, config: GameConfig) -> None:
        super().__init__(settings_file=config.settings_file, theme=config.theme)
        self.session = SessionAfterFirstFrame(config)
        self._revisions = itertools.count()
        self._retry_timer: Timer | None = None
        self._failures = 0
        self.last_save_error = ""

    def on_mount(self) -> None:
        """Show the start screen."""
        self.push_screen(StartScreen())

    def on_ready(self) -> None:
        """The first frame is shown: loading may start."""
        super().on_ready()
        self.session.first_frame.set()

    def autosave(
        self, record: PlaythroughRecord, on_done: Callable[[SaveOutcome], None] | None = None
    ) -> None:
        """Save a playthrough off the UI thread; newer saves always win over older ones.

        ``on_done`` is called on the UI thread once the save is on disk, failed or was refused.
        """
        self._write(record, next(self._revisions), on_done)

    @work(thread=True, group=AUTOSAVE_GROUP, exit_on_error=False)
    def _write(
        self, record: PlaythroughRecord, revision: int, on_done: Callable[[SaveOutcome], None] | None
    ) -> None:
        from kundenspiel.store import PlaythroughConflict, StoreError

        try:
            self.session.save(record, revision)
        except PlaythroughConflict as conflict:
            outcome = SaveOutcome(saved=False, conflict=True, message=str(conflict))
        except (StoreError, OSError) as error:
            outcome = SaveOutcome(saved=False, message=f"Speichern fehlgeschlagen: {error}")
        except Exception as error:  # a bug must not strand the screen at "Wird gespeichert …"
            from kundenspiel.logbook import logger

            logger.exception("saving playthrough %s failed", record.id)
            outcome = SaveOutcome(saved=False, message=f"Speichern fehlgeschlagen: {error!r}")
        else:
            # Also when skipped as superseded: a newer revision of this record is on disk.
            outcome = SaveOutcome(saved=True)
        notices = self.session.pending_notices()
        self.call_from_thread(self._saved, record.id, outcome, notices, on_done)

    def _saved(
        self,
        record_id: str,
        outcome: SaveOutcome,
        notices: list[str],
        on_done: Callable[[SaveOutcome], None] | None,
    ) -> None:
        for notice in notices:
            self.notify(notice, title="Hinweis", severity="warning", timeout=12, markup=False)
        if outcome.conflict:
            self.notify(outcome.message, title="Anderes Fenster", severity="error", timeout=15, markup=False)
        elif not outcome.saved:
            self.last_save_error = outcome.message
        # Automatic retries fail silently after the first time: the play screen keeps saying
        # that choices are not saved, and a toast every few seconds would only cover it.
        if not outcome.saved and not outcome.conflict and (on_done is not None or not self._failures):
            self.notify(
                f"{outcome.message}\nEs wird gleich noch einmal versucht.",
                title="Spielstand",
                severity="error",
                timeout=10,
                markup=False,
            )
        self._update_unsaved()
        if on_done is not None:
            on_done(outcome)
        elif outcome.conflict:
            self._reload_conflicted(record_id)

    def _reload_conflicted(self, record_id: str) -> None:
        # A retry was refused: the play screen still shows choices that will never be on disk,
        # and its next save would be taken as newer than the other window's.
        from kundenspiel.ui.screens.play import PlayScreen

        for screen in self.screen_stack:
            if isinstance(screen, PlayScreen) and screen.record is not None and screen.record.id == record_id:
                screen.reload_after_conflict()

    def _update_unsaved(self) -> None:
        count = len(self.session.unsaved())
        self.unsaved_count = count
        if not count:
            self._failures = 0
            if self._retry_timer is not None:
                self._retry_timer.stop()
                self._retry_timer = None
        elif self._retry_timer is None:
            delay = RETRY_DELAYS[min(self._failures, len(RETRY_DELAYS) - 1)]
            self._failures += 1
            self._retry_timer = self.set_timer(delay, self._retry_now)

    def _retry_now(self) -> None:
        self._retry_timer = None
        self.retry_saves()

    def retry_saves(self) -> None:
        """Try every unsaved playthrough again, each at the revision it failed with."""
        for revision, record in self.session.unsaved():
            self._write(record, revision, None)

    async def wait_for_saves(self) -> None:
        """Block until the autosave workers are done."""
        pending = [worker for worker in self.workers if worker.group == AUTOSAVE_GROUP]
        if pending:
            await self.workers.wait_for_complete(pending)

    async def saves_settled(self) -> bool:
        """Wait for pending saves, try the unsaved ones once more; True if all is on disk."""
        await self.wait_for_saves()
        if not self.session.unsaved():
            return True
        self.retry_saves()
        await self.wait_for_saves()
        return not self.session.unsaved()

    def leave_safely(self, leave: Callable[[], None], *, label: str = "Trotzdem beenden") -> None:
        """Run ``leave`` once every choice is on disk; if some are not, ask first (retry, leave
        anyway, or stay)."""
        from kundenspiel.ui.dialogs.unsaved import UnsavedDialog

        if isinstance(self.screen, UnsavedDialog):  # Strg+Q while the question is open
            return

        async def attempt() -> None:
            if await self.saves_settled():
                leave()
                return
            self.push_screen(UnsavedDialog(self.last_save_error, leave=label), answered)

        def answered(answer: UnsavedAnswer | None) -> None:
            if answer == "retry":
                self.run_worker(attempt(), group="leaving", exclusive=True)
            elif answer == "leave":
                leave()

        self.run_worker(attempt(), group="leaving", exclusive=True)

    async def action_quit(self) -> None:
        """Quit once every pending save has reached the disk; ask first if some cannot."""
        self.leave_safely(self.exit)
