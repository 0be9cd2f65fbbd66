"""What the running game knows beyond one screen: configuration, catalog, store, player.

Loading (scenario files, the save folder) is blocking I/O, so :meth:`Session.load` runs in a
worker; the engine and the store are imported there, not at start-up, which keeps the first
screen as fast as a bare Textual app.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from kundenspiel.catalog import Catalog
    from kundenspiel.engine.models import MeterDisplay
    from kundenspiel.store import PlayerRef, PlaythroughRecord, SaveStore


def utc_now() -> datetime:
    """The real clock; tests pass a fixed one instead."""
    return datetime.now(UTC)


@dataclass
class GameConfig:
    """How the game was started."""

    saves_dir: Path
    scenario_dir: Path
    """The trainer's own scenarios (in tests often the repository's scenarios/)."""
    clock: Callable[[], datetime] = utc_now
    start_scenario: str | None = None
    cache_dir: Path | None = None
    settings_file: Path | None = None
    """Where the chosen theme is remembered; None (tests) remembers nothing."""
    theme: str | None = None
    """A theme for this run only (``--theme``), over the remembered one."""
    shipped_dir: Path | None = None
    """The scenarios that came with the package, listed before (and replaced by) the own ones."""
    served: bool = False
    """Played in a browser tab through ``kundenspiel serve``: a shared host, so the start screen
    lists no other players and the group debrief is not reachable."""

    @property
    def scenario_folders(self) -> tuple[Path, ...]:
        """Where the catalogue comes from, shipped scenarios first."""
        if self.shipped_dir is None or self.shipped_dir == self.scenario_dir:
            return (self.scenario_dir,)
        return (self.shipped_dir, self.scenario_dir)


@dataclass
class Session:
    """The game's shared state between screens; the game state itself lives in the engine's
    models, held by the play screen."""

    config: GameConfig
    catalog: Catalog | None = None
    store: SaveStore | None = None
    player: PlayerRef | None = None
    group_code: str | None = None
    group_meter_display: MeterDisplay | None = None
    """How the workshop group's trainer wants the meters shown (None: as the scenario says)."""
    resume_offered: bool = False
    kept_group: set[str] = field(default_factory=set)
    """Playthroughs (ids) the trainee chose to leave in their own group rather than move to the
    code of this sign-in: not asked again until the next sign-in."""
    _save_lock: threading.Lock = field(default_factory=threading.Lock)
    _saved_revision: dict[str, int] = field(default_factory=dict)
    # Its own lock: _save_lock is held for a whole write, and the UI thread asks what is
    # unsaved while a write may be stuck on a slow disk.
    _unsaved_lock: threading.Lock = field(default_factory=threading.Lock)
    _unsaved: dict[str, tuple[int, PlaythroughRecord]] = field(default_factory=dict)

    def load(self) -> list[str]:
        """Load the scenarios and open the save folder (blocking); returns German notices."""
        from kundenspiel.catalog import load_catalog
        from kundenspiel.store import SaveStore

        self.catalog = load_catalog(self.config.scenario_folders, self.config.cache_dir)
        self.store = SaveStore(self.config.saves_dir, clock=self.config.clock)
        notices = [notice.message for notice in self.store.notices()]
        if not self.catalog.entries:
            shown = " und ".join(str(folder) for folder in self.config.scenario_folders)
            notices.append(f"In {shown} wurden keine Szenarien gefunden.")
        for shipped, own in self.catalog.replaced:
            notices.append(f"{own} ersetzt das mitgelieferte Szenario {shipped.name}.")
        for entry in self.catalog.broken:
            first = entry.errors[0].format() if entry.errors else str(entry.path)
            notices.append(f"Szenario-Datei fehlerhaft und übersprungen: {first}")
        return notices

    def pending_notices(self) -> list[str]:
        """German notices the store queued since the last call (repaired or moved files)."""
        return [notice.message for notice in self.store.notices()] if self.store else []

    def save(self, record: PlaythroughRecord, revision: int) -> bool:
        """Write ``record`` unless a newer revision of it was written already (blocking).

        Saves run in worker threads; two quick choices could otherwise finish out of order and
        let an older record overwrite a newer one. A save that fails with a disk error keeps the
        record among :meth:`unsaved` until it or a newer revision is written; a conflict (another
        window played on) is not kept, because writing it again could only be refused again.
        """
        from kundenspiel.store import PlaythroughConflict

        if self.store is None:
            return False
        with self._save_lock:
            if revision <= self._saved_revision.get(record.id, -1):
                return False
            try:
                self.store.save_playthrough(record)
            except PlaythroughConflict:
                with self._unsaved_lock:
                    self._unsaved.pop(record.id, None)
                raise
            except Exception:
                with self._unsaved_lock:
                    kept = self._unsaved.get(record.id)
                    if kept is None or kept[0] < revision:
                        self._unsaved[record.id] = (revision, record)
                raise
            self._saved_revision[record.id] = revision
            with self._unsaved_lock:
                kept = self._unsaved.get(record.id)
                if kept is not None and kept[0] <= revision:
                    del self._unsaved[record.id]
            return True

    def unsaved(self) -> list[tuple[int, PlaythroughRecord]]:
        """The records whose latest save failed, with their revisions: what a retry writes."""
        with self._unsaved_lock:
            return list(self._unsaved.values())

    def is_unsaved(self, record_id: str) -> bool:
        """Whether the newest change of that playthrough is not on disk yet."""
        with self._unsaved_lock:
            return record_id in self._unsaved


@dataclass(frozen=True)
class SaveOutcome:
    """How a background save ended: on disk, failed (kept and retried), or refused as a conflict.

    ``message`` is German, for the player; it is empty when the save succeeded.
    """

    saved: bool
    conflict: bool = False
    message: str = ""


class GameApp(Protocol):
    """What screens need from the app, without importing the app module."""

    session: Session

    def autosave(
        self, record: PlaythroughRecord, on_done: Callable[[SaveOutcome], None] | None = None
    ) -> None:
        """Save a playthrough in the background; ``on_done`` hears how it went, on the UI thread."""

    async def wait_for_saves(self) -> None:
        """Wait until pending saves are written."""

    def leave_safely(self, leave: Callable[[], None], *, label: str = "Trotzdem beenden") -> None:
        """Run ``leave`` once everything is saved, or after asking if something cannot be."""


def game(app: object) -> GameApp:
    """The running kundenspiel app, typed."""
    return cast(GameApp, app)
