"""SaveStore: players and their playthroughs, one TinyDB file per player, safe across processes."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError
from tinydb import where

from kundenspiel.store.files import (
    STALE_TEMP_AGE,
    DamagedFileError,
    Tables,
    read_tables,
    remove_stale_temps,
)
from kundenspiel.store.layout import (
    INDEX_NAME,
    KEY_PATTERN,
    LOCKS_DIR,
    PLAYERS_DIR,
    PLAYERS_TABLE,
    PLAYTHROUGHS_TABLE,
    PROFILE_TABLE,
    StoreFile,
)
from kundenspiel.store.locking import PlayerClaim, disk_errors, held_lock, real_folder, reason, try_claim
from kundenspiel.store.models import (
    PlayerRef,
    PlaythroughRecord,
    StoreError,
    StoreNotice,
    stored_is_current,
)
from kundenspiel.store.names import normalize_name
from kundenspiel.store.players import display_name, matching_player, player_key
from kundenspiel.store.repair import Repairer
from kundenspiel.store.storage import open_database

__all__ = ["PlayerClaim", "SaveStore", "player_key"]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SaveStore:
    """Progress of all players under one folder, safe against crashes and concurrent processes.

    Files are checked when they are used: the index when the store opens, a player's file when
    it is read or saved; so call ``notices()`` after those calls too, not only after opening.
    Every write takes a cross-process lock on its file, re-reads the file under the lock and
    replaces it atomically. Damaged files are moved aside and restored from their backup; what
    happened is queued as a German notice (see ``notices()``). Thread-safe: the game may save from
    a worker thread while the interface reads.
    """

    def __init__(self, root: Path, clock: Callable[[], datetime] = _utc_now) -> None:
        self._root = Path(root)
        self._clock = clock
        self._players_dir = self._root / PLAYERS_DIR
        self._locks_dir = self._root / LOCKS_DIR
        self._index = StoreFile(self._root / INDEX_NAME)
        self._notices: list[StoreNotice] = []
        self._reported: set[tuple[Path, str]] = set()
        self._notices_lock = threading.Lock()
        self._repairs = Repairer(
            self._clock, self._players_dir, self._subject, self._peek_player, self._notify
        )
        self._create_folders()
        self._remove_stale_temps()
        # Check the index now, so that a repair of it is among the notices right after start.
        self.players()

    @property
    def root(self) -> Path:
        """The folder holding all saves."""
        return self._root

    def _create_folders(self) -> None:
        root = self._root
        try:
            root.mkdir(parents=True, exist_ok=True)
            # The save folder may be a link the user chose; the folders inside it must not be.
            real_folder(self._players_dir)
            real_folder(self._locks_dir)
        except (FileExistsError, NotADirectoryError):
            raise StoreError(
                f"Der Speicherort für Spielstände „{root}“ ist eine Datei, kein Ordner. "
                "Bitte wähle einen Ordner (mit --saves oder KUNDENSPIEL_SAVES)."
            ) from None
        except PermissionError:
            raise StoreError(
                f"Du hast keine Schreibrechte für den Ordner „{root}“. "
                "Bitte wähle einen anderen Ordner für die Spielstände (mit --saves oder KUNDENSPIEL_SAVES)."
            ) from None
        except OSError as error:
            raise StoreError(
                f"Der Ordner für Spielstände „{root}“ lässt sich nicht anlegen ({reason(error)})."
            ) from None
        if not os.access(root, os.W_OK | os.X_OK):
            raise StoreError(
                f"Du hast keine Schreibrechte für den Ordner „{root}“. "
                "Bitte wähle einen anderen Ordner für die Spielstände (mit --saves oder KUNDENSPIEL_SAVES)."
            )

    def _remove_stale_temps(self) -> None:
        # Temp files are only left by killed writers. One that old is no write in progress, and
        # sweeping once at start keeps every save free of listing the folder. File times are the
        # system's, so the system's clock is the one to compare with, not the injected one.
        older_than = datetime.now(UTC) - STALE_TEMP_AGE
        with self._disk_errors("Der Ordner für Spielstände konnte nicht aufgeräumt werden"):
            for folder in (self._root, self._players_dir):
                remove_stale_temps(folder, older_than)

    # --- public API -------------------------------------------------------------------------

    def notices(self) -> list[StoreNotice]:
        """The notices about repaired or moved files since the last call (and forgets them)."""
        with self._notices_lock:
            pending, self._notices = self._notices, []
        return pending

    def players(self) -> list[PlayerRef]:
        """All known players, sorted by name regardless of case."""
        with self._disk_errors("Die Spielerliste konnte nicht gelesen werden"):
            players = self._players_in(self._read(self._index))
        return sorted(players.values(), key=lambda p: (p.name.casefold(), p.name, p.key))

    def ensure_player(self, name: str, *, device: str | None = None) -> PlayerRef:
        """The player with this name, created if new (from ``device``, when imported).

        The name is normalised (``normalize_name``); a name that differs from a known player's
        only in case or Unicode encoding finds that player (see ``find_player``).
        """
        name = normalize_name(name)
        if not name:
            raise StoreError("Bitte gib einen Namen ein.")
        with self._disk_errors("Der Spieler konnte nicht gespeichert werden"):
            known = matching_player(self._players_in(self._read(self._index)).values(), name)
            if known is not None:
                return known
            with self._locked(self._index):
                tables = self._load_locked(self._index)
                known = matching_player(self._players_in(tables).values(), name)
                if known is not None:
                    return known
                # Lock order is always index before player file, never the reverse.
                player = self._player_profile(player_key(name), name, device)
                with open_database(self._index.path, tables) as db:
                    db.table(PLAYERS_TABLE).insert(player.stored())
        return player

    def find_player(self, name: str) -> PlayerRef | None:
        """The known player this name means, or None; never creates one.

        The player stored under exactly this (normalised) name comes first; otherwise the one
        created first whose name is equal ignoring case and Unicode encoding.
        """
        name = normalize_name(name)
        if not name:
            return None
        with self._disk_errors("Die Spielerliste konnte nicht gelesen werden"):
            return matching_player(self._players_in(self._read(self._index)).values(), name)

    def claim_player(self, key: str) -> PlayerClaim | None:
        """Claim the player for this window while they play; None if another window (in any
        process, this one included) holds the claim. Never waits. Release it with
        ``PlayerClaim.release()`` or use it as a context manager."""
        lock_path = self._locks_dir / f"{self._checked_key(key)}.session.lock"
        with self._disk_errors("Dein Spielstand konnte nicht für dieses Fenster reserviert werden"):
            return try_claim(lock_path, key)

    def save_playthrough(self, record: PlaythroughRecord) -> None:
        """Insert or replace (by ``record.id``) a playthrough in its player's file: the autosave.

        Saving a record exactly as stored does nothing. A stored copy with the same or a higher
        ``revision`` and other content was played on elsewhere since this record was loaded:
        ``PlaythroughConflict`` is raised and the stored copy stays.
        """
        file = self._player_file(self._checked_key(record.player_key))
        document = record.model_dump(mode="json")
        # A fresh TinyDB per operation, opened under the lock: TinyDB caches the next document id
        # per table, and an id cached from an earlier read could collide with a document another
        # process inserted since. Reading the file under the lock makes the id current.
        with (
            self._disk_errors("Dein Spielstand konnte nicht gespeichert werden"),
            self._locked(file),
            open_database(file.path, self._load_locked(file)) as db,
        ):
            table = db.table(PLAYTHROUGHS_TABLE)
            matches = table.search(where("id") == record.id)
            if matches:
                if stored_is_current(matches, record, document):
                    return
                table.update(document, doc_ids=[match.doc_id for match in matches])
            else:
                table.insert(document)

    def playthroughs(self, player_key: str) -> list[PlaythroughRecord]:
        """All readable playthroughs of a player, oldest first."""
        file = self._player_file(self._checked_key(player_key))
        with self._disk_errors("Dein Spielstand konnte nicht gelesen werden"):
            tables = self._read(file)
        records: list[PlaythroughRecord] = []
        with open_database(file.path, tables) as db:
            for document in db.table(PLAYTHROUGHS_TABLE).all():
                try:
                    records.append(PlaythroughRecord.model_validate(document))
                except ValidationError:
                    self._skipped_record(file, str(document.doc_id), "Ein Durchlauf")
        return sorted(records, key=lambda r: (r.started_at, r.id))

    def latest_open(self, player_key: str, scenario_id: str | None = None) -> PlaythroughRecord | None:
        """The unfinished playthrough (status "laufend") updated most recently, optionally of one
        scenario; ``None`` if there is none."""
        candidates = [
            record
            for record in self.playthroughs(player_key)
            if record.status == "laufend" and (scenario_id is None or record.scenario_id == scenario_id)
        ]
        return max(candidates, key=lambda r: (r.updated_at, r.started_at, r.id), default=None)

    def new_playthrough(
        self,
        player: PlayerRef,
        *,
        scenario_id: str,
        scenario_version: int,
        content_hash: str,
        group_code: str | None,
        start_meters: dict[str, int],
    ) -> PlaythroughRecord:
        """Start and save a new playthrough of a scenario for a player."""
        now = self._clock()
        record = PlaythroughRecord(
            id=uuid.uuid4().hex,
            player_key=player.key,
            scenario_id=scenario_id,
            scenario_version=scenario_version,
            content_hash=content_hash,
            group_code=group_code,
            status="laufend",
            started_at=now,
            updated_at=now,
            start_meters=dict(start_meters),
        )
        self.save_playthrough(record)
        return record

    def new_practice_run(
        self, source: PlaythroughRecord, decision: int, *, scenario_version: int, content_hash: str
    ) -> PlaythroughRecord:
        """Start and save a practice run branching off ``source`` at ``decision`` (from 1); see
        ``PlaythroughRecord.practice_branch``. ``source`` itself is neither changed nor saved."""
        record = source.practice_branch(
            decision,
            new_id=uuid.uuid4().hex,
            now=self._clock(),
            scenario_version=scenario_version,
            content_hash=content_hash,
        )
        self.save_playthrough(record)
        return record

    # --- files, locks and repair ------------------------------------------------------------

    def _checked_key(self, key: str) -> str:
        # The key becomes part of a file name, so only what player_key() produces is accepted.
        if not KEY_PATTERN.fullmatch(key):
            raise StoreError("Diesen Spieler gibt es nicht. Bitte wähle deinen Namen noch einmal aus.")
        return key

    def _player_file(self, key: str) -> StoreFile:
        return StoreFile(self._players_dir / f"{key}.json", key)

    def _subject(self, file: StoreFile) -> str:
        """How a notice names a file, as the start of a German sentence."""
        if file.key is None:
            return "Die Spielerliste"
        player = self._peek_player(file.key)
        if player is None:
            return f"Der Spielstand {file.path.name}"
        return f"Der Spielstand von „{display_name(player.name)}“"

    def _peek_player(self, key: str) -> PlayerRef | None:
        """The player with this key as the index lists them, read without the index lock: only for
        wording notices and re-creating a lost profile. The index is replaced atomically, and a
        damaged index is repaired by the next operation that takes its lock."""
        try:
            tables = read_tables(self._index.path)
        except (DamagedFileError, OSError):
            return None
        for document in (tables or {}).get(PLAYERS_TABLE, {}).values():
            if document.get("key") == key:
                try:
                    return PlayerRef.model_validate(document)
                except ValidationError:
                    return None
        return None

    def _locked(self, file: StoreFile) -> AbstractContextManager[None]:
        return held_lock(self._locks_dir / f"{file.path.name}.lock", lambda: self._subject(file))

    def _disk_errors(self, action: str) -> AbstractContextManager[None]:
        return disk_errors(action, self._root)

    def _read(self, file: StoreFile) -> Tables:
        """A file's tables for reading: without the lock while the file is healthy (it is only ever
        replaced atomically), under the lock when it is missing or damaged and may need repair."""
        try:
            tables = read_tables(file.path)
        except DamagedFileError:
            tables = None
        if tables is not None:
            return tables
        with self._locked(file):
            return self._load_locked(file)

    def _load_locked(self, file: StoreFile) -> Tables:
        """A file's tables, re-read now that its lock is held; damaged or vanished files are repaired."""
        try:
            tables = read_tables(file.path)
        except DamagedFileError as damage:
            return self._repairs.repair(file, damage)
        if tables is None:
            return self._repairs.recover_missing(file)
        self._repairs.refuse_linked_backup(file)
        return tables

    def _player_profile(self, key: str, name: str, device: str | None = None) -> PlayerRef:
        """The player as recorded in their own file, written there first if it is not (so the
        index can be rebuilt from the player files)."""
        file = self._player_file(key)
        with self._locked(file), open_database(file.path, self._load_locked(file)) as db:
            profile = db.table(PROFILE_TABLE)
            documents = profile.all()
            for document in documents:
                try:
                    player = PlayerRef.model_validate(document)
                except ValidationError:
                    continue
                if player.key == key and player.name == name:
                    return player
            player = PlayerRef(key=key, name=name, created_at=self._clock(), device=device)
            if documents:
                profile.update(player.stored(), doc_ids=[d.doc_id for d in documents])
            else:
                profile.insert(player.stored())
            return player

    def _players_in(self, tables: Tables) -> dict[str, PlayerRef]:
        players: dict[str, PlayerRef] = {}
        with open_database(self._index.path, tables) as db:
            for document in db.table(PLAYERS_TABLE).all():
                try:
                    player = PlayerRef.model_validate(document)
                except ValidationError:
                    self._skipped_record(self._index, str(document.doc_id), "Ein Eintrag")
                    continue
                players.setdefault(player.key, player)
        return players

    # --- notices ----------------------------------------------------------------------------

    def _notify(self, message: str, path: Path) -> None:
        with self._notices_lock:
            self._notices.append(StoreNotice(message, path))

    def _skipped_record(self, file: StoreFile, doc_id: str, what: str) -> None:
        """Tell once per store (not on every read) that a record could not be read."""
        with self._notices_lock:
            if (file.path, doc_id) in self._reported:
                return
            self._reported.add((file.path, doc_id))
        if file.is_index:
            where_ = "der Spielerliste"
        else:
            where_ = self._subject(file).replace("Der Spielstand", "im Spielstand", 1)
        self._notify(
            f"{what} {where_} ist unlesbar und wird übersprungen; er bleibt in „{file.path}“ "
            f"(Nr. {doc_id}) erhalten.",
            file.path,
        )
