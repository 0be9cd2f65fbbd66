"""Workshop groups: a short code and a title per group, kept in ``groups.json`` of the save folder.

The file has the same shape and the same safety as every other store file: a TinyDB table
("groups", one document per group), written under a cross-process lock in ``locks/``, replaced
atomically with a ``.bak`` of the previous version; a damaged file is moved aside and the backup
restored, and a German notice says so.

Trainees type the code on the start screen. It is not checked against this file there: on a
laptop of its own the trainee's save folder has never heard of the group (its playthroughs reach
the trainer by export and import), so an unknown code must not block anyone. Instead, codes are
normalised everywhere they are compared, so small typing differences still match.

Codes are short and easy to read aloud: four characters from an alphabet without look-alikes
(no 0/O/Q, 1/I/L, 2/Z, 5/S, 8/B, 6/G). Codes are compared after ``normalize_code``, so „kr7m“,
„KR 7M“ and „KR-7M“ all mean the same group.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from kundenspiel.store.files import (
    DamagedFileError,
    Tables,
    backup_path,
    encode_tables,
    move_aside,
    read_tables,
    replace_atomically,
)
from kundenspiel.store.layout import LOCKS_DIR
from kundenspiel.store.locking import disk_errors, held_lock
from kundenspiel.store.models import StoreError, StoreNotice, Timestamp

GROUPS_NAME = "groups.json"
GROUPS_TABLE = "groups"
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
CODE_LENGTH = 4
TITLE_MAX_LENGTH = 120
_CODE_PATTERN = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
# Spaces, dashes and dots are what people add when they write a code down or read it out.
_SEPARATORS = re.compile(r"[\s\-_.·]+")


def normalize_code(code: str) -> str:
    """A group code as stored and compared: upper case, without spaces, dashes or dots."""
    return _SEPARATORS.sub("", code).upper()


def is_generated_code(code: str) -> bool:
    """True when ``code`` (normalised) looks like one ``new_code`` could have made."""
    return bool(_CODE_PATTERN.fullmatch(normalize_code(code)))


def new_code(taken: set[str], choice: Callable[[str], str] = secrets.choice) -> str:
    """A fresh group code not in ``taken``; ``choice`` picks a character (tests make it predictable)."""
    for _ in range(10_000):
        code = "".join(choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code
    raise StoreError("Es ließ sich kein freier Gruppencode mehr finden. Bitte räum alte Gruppen auf.")


class Group(BaseModel):
    """A workshop group: its code (normalised), the trainer's title and when it was created."""

    model_config = ConfigDict(frozen=True)

    code: str
    title: str
    created_at: Timestamp


def _utc_now() -> datetime:
    return datetime.now(UTC)


class GroupStore:
    """The groups of one save folder; safe against crashes and several processes."""

    def __init__(self, root: Path, clock: Callable[[], datetime] = _utc_now) -> None:
        self._root = Path(root)
        self._path = self._root / GROUPS_NAME
        self._locks_dir = self._root / LOCKS_DIR
        self._clock = clock
        self._notices: list[StoreNotice] = []

    def notices(self) -> list[StoreNotice]:
        """What was repaired since the last call (German), and forget it."""
        pending, self._notices = self._notices, []
        return pending

    def groups(self) -> list[Group]:
        """All groups, oldest first."""
        if not self._path.exists():
            return []
        with self._disk_errors("Die Gruppenliste konnte nicht gelesen werden"):
            try:
                tables = read_tables(self._path)
            except DamagedFileError:
                with self._locked():
                    tables = self._load_locked()
        return self._groups_in(tables or {})

    def find(self, code: str) -> Group | None:
        """The group with this code (in any spelling ``normalize_code`` accepts), or None."""
        wanted = normalize_code(code)
        return next((group for group in self.groups() if group.code == wanted), None)

    def create(self, title: str, choice: Callable[[str], str] = secrets.choice) -> Group:
        """Create a group with a fresh code and return it."""
        # Control characters would reach the terminal when the list is printed.
        title = " ".join("".join(c if c.isprintable() else " " for c in title).split())
        if not title:
            raise StoreError("Bitte gib der Gruppe einen Titel, z. B. „Servicetraining März“.")
        if len(title) > TITLE_MAX_LENGTH:
            raise StoreError(f"Der Titel ist zu lang (höchstens {TITLE_MAX_LENGTH} Zeichen).")
        with self._disk_errors("Die Gruppe konnte nicht gespeichert werden"):
            self._root.mkdir(parents=True, exist_ok=True)
            with self._locked():
                tables = self._load_locked()
                existing = self._groups_in(tables)
                group = Group(
                    code=new_code({g.code for g in existing}, choice), title=title, created_at=self._clock()
                )
                documents = dict(tables.get(GROUPS_TABLE, {}))
                next_id = max((int(doc_id) for doc_id in documents), default=0) + 1
                documents[str(next_id)] = group.model_dump(mode="json")
                replace_atomically(self._path, encode_tables({**tables, GROUPS_TABLE: documents}))
        return group

    def add(self, group: Group) -> bool:
        """Add a group known elsewhere (an import); False when its code is already here."""
        with self._disk_errors("Die Gruppe konnte nicht gespeichert werden"):
            self._root.mkdir(parents=True, exist_ok=True)
            with self._locked():
                tables = self._load_locked()
                if any(g.code == group.code for g in self._groups_in(tables)):
                    return False
                documents = dict(tables.get(GROUPS_TABLE, {}))
                next_id = max((int(doc_id) for doc_id in documents), default=0) + 1
                documents[str(next_id)] = group.model_dump(mode="json")
                replace_atomically(self._path, encode_tables({**tables, GROUPS_TABLE: documents}))
        return True

    # --- internals ----------------------------------------------------------------------------

    @staticmethod
    def _groups_in(tables: Tables) -> list[Group]:
        groups: dict[str, Group] = {}
        for document in tables.get(GROUPS_TABLE, {}).values():
            try:
                group = Group.model_validate(document)
            except ValidationError:
                continue
            groups.setdefault(group.code, group)
        return sorted(groups.values(), key=lambda g: (g.created_at, g.code))

    def _load_locked(self) -> Tables:
        """The file's tables under the lock; a damaged file is moved aside and its backup restored."""
        try:
            tables = read_tables(self._path)
        except DamagedFileError:
            broken = move_aside(self._path, self._clock())
            try:
                restored = read_tables(backup_path(self._path))
            except DamagedFileError:
                restored = None
            tables = restored or {}
            replace_atomically(self._path, encode_tables(tables), keep_backup=False)
            outcome = (
                "der letzte gute Stand wurde wiederhergestellt"
                if restored is not None
                else "eine gute Sicherung gab es nicht, sie beginnt leer"
            )
            self._notices.append(
                StoreNotice(
                    f"Die Gruppenliste war beschädigt und wurde nach „{broken}“ verschoben; {outcome}.",
                    broken,
                )
            )
        return tables or {}

    def _locked(self) -> AbstractContextManager[None]:
        return held_lock(self._locks_dir / f"{GROUPS_NAME}.lock", "Die Gruppenliste")

    def _disk_errors(self, action: str) -> AbstractContextManager[None]:
        return disk_errors(action, self._root)
