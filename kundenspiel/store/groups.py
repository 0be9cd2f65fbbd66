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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from kundenspiel.engine.models import MeterDisplay
from kundenspiel.store.files import (
    DamagedFileError,
    Tables,
    backup_path,
    encode_tables,
    read_tables,
    replace_atomically,
    replace_damaged,
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


def clean_title(title: str) -> str:
    """A group title as stored: control, bidi and other invisible characters (they would drive the
    terminal or reorder what a reader sees) and runs of white space become single spaces."""
    return " ".join("".join(c if c.isprintable() else " " for c in title).split())


def placeholder_title(code: str) -> str:
    """The title of a group known only from its playthroughs (no ``workshop new`` here)."""
    return f"Gruppe {normalize_code(code)}"


class Group(BaseModel):
    """A workshop group: its code (normalised), the trainer's title and when it was created.

    ``imported_code`` is set on a group that came in by import under a code already taken here by
    another group: it keeps the code the group has elsewhere, so importing it again finds it.
    """

    model_config = ConfigDict(frozen=True)

    code: str
    title: str
    created_at: Timestamp
    imported_code: str | None = None
    meter_display: MeterDisplay | None = None
    """How the trainer wants the meters shown to this group (None: as each scenario says)."""
    pin_hash: str | None = None
    """The trainer PIN as ``kundenspiel.store.pin.hash_pin`` stores it; names and per-person
    results need it. None: a group from before PINs, or one imported without it."""

    def stored(self) -> dict[str, object]:
        """The document in ``groups.json`` (``imported_code`` only where it is set)."""
        return self.model_dump(mode="json", exclude_none=True)


@dataclass(frozen=True)
class GroupImport:
    """Where an imported group ended up: ``group`` is the local group its playthroughs belong to;
    ``clash`` the other group that holds its code here, when the two were kept apart."""

    group: Group
    added: bool
    clash: Group | None = None


def _same_group(local: Group, incoming: Group) -> bool:
    # A laptop that never ran ``workshop new`` exports its group under the placeholder title: that
    # is the same group as the trainer's, not a clash.
    placeholder = placeholder_title(local.code)
    return local.title.casefold() == incoming.title.casefold() or placeholder in (local.title, incoming.title)


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
        self._reported: set[str] = set()

    @property
    def path(self) -> Path:
        """Where the groups are kept (``groups.json``)."""
        return self._path

    def note(self, notice: StoreNotice) -> None:
        """Queue a notice about this file for the next ``notices()`` (e.g. from a caller that
        could not store something in it)."""
        self._notices.append(notice)

    def notices(self) -> list[StoreNotice]:
        """What was repaired since the last call (German), and forget it."""
        pending, self._notices = self._notices, []
        return pending

    def groups(self) -> list[Group]:
        """All groups, oldest first."""
        return self._groups_in(self.tables())

    def tables(self) -> Tables:
        """Everything in ``groups.json`` (the groups and the tables kept beside them, such as the
        participant numbers); a damaged file is repaired first."""
        if not self._path.exists():
            return {}
        with self._disk_errors("Die Gruppenliste konnte nicht gelesen werden"):
            try:
                tables = read_tables(self._path)
            except DamagedFileError:
                with self._locked():
                    tables = self._load_locked()
        return tables or {}

    def edit(self, change: Callable[[Tables], Tables | None]) -> None:
        """Change ``groups.json`` under its lock: ``change`` gets the tables as read under the lock
        and returns the new ones, or None when nothing is to be written."""
        with self._disk_errors("Die Gruppenliste konnte nicht gespeichert werden"):
            self._root.mkdir(parents=True, exist_ok=True)
            with self._locked():
                changed = change(self._load_locked())
                if changed is not None:
                    replace_atomically(self._path, encode_tables(changed))

    def set_pin(self, code: str, pin_hash: str | None) -> Group:
        """Store a new trainer PIN hash for the group with this code and return the group; a code
        known only from playthroughs gets its entry here (with the placeholder title)."""
        wanted = normalize_code(code)
        changed: list[Group] = []

        def with_pin(tables: Tables) -> Tables:
            documents = dict(tables.get(GROUPS_TABLE, {}))
            for doc_id, group in self._documents_in(tables):
                if group.code == wanted:
                    updated = group.model_copy(update={"pin_hash": pin_hash})
                    documents[doc_id] = updated.stored()
                    break
            else:
                updated = Group(code=wanted, title=placeholder_title(wanted), created_at=self._clock())
                updated = updated.model_copy(update={"pin_hash": pin_hash})
                next_id = max((int(doc_id) for doc_id in documents), default=0) + 1
                documents[str(next_id)] = updated.stored()
            changed.append(updated)
            return {**tables, GROUPS_TABLE: documents}

        self.edit(with_pin)
        return changed[0]

    def find(self, code: str) -> Group | None:
        """The group with this code (in any spelling ``normalize_code`` accepts), or None."""
        wanted = normalize_code(code)
        return next((group for group in self.groups() if group.code == wanted), None)

    def remove(self, code: str, tables_too: tuple[str, ...] = ()) -> bool:
        """Delete the group with this code (and its documents in ``tables_too``, found by their
        ``code``), also from the backup; False when there was nothing to delete."""
        wanted = normalize_code(code)
        removed: list[bool] = []

        def without_group(tables: Tables) -> Tables | None:
            kept = {
                name: {doc_id: doc for doc_id, doc in table.items() if doc.get("code") != wanted}
                if name in (GROUPS_TABLE, *tables_too)
                else table
                for name, table in tables.items()
            }
            if kept == tables:
                return None
            removed.append(True)
            return kept

        self.edit(without_group)
        if removed:
            # Once more unchanged, so the backup (the file before the first write) loses it too.
            self.edit(lambda tables: tables)
        return bool(removed)

    def create(
        self,
        title: str,
        choice: Callable[[str], str] = secrets.choice,
        *,
        meter_display: MeterDisplay | None = None,
        pin_hash: str | None = None,
    ) -> Group:
        """Create a group with a fresh code (and, if given, how it sees the meters and the hash of
        its trainer PIN) and return it."""
        title = clean_title(title)
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
                    code=new_code({g.code for g in existing}, choice),
                    title=title,
                    created_at=self._clock(),
                    meter_display=meter_display,
                    pin_hash=pin_hash,
                )
                self._write_locked(tables, group)
        return group

    def add(self, group: Group) -> bool:
        """Add a group known elsewhere (an import); False when its code is already here."""
        return self.adopt(group).added

    def adopt(self, group: Group, choice: Callable[[str], str] = secrets.choice) -> GroupImport:
        """Bring in a group from an export, under one lock: added when its code is new here; the
        local group when that has the same title (or one of them only the placeholder title);
        otherwise the two are different groups that drew the same code, and the imported one is
        kept apart under a fresh code (found again by ``imported_code`` on the next import)."""
        code = normalize_code(group.code)
        title = clean_title(group.title)[:TITLE_MAX_LENGTH].rstrip() or placeholder_title(code)
        incoming = group.model_copy(update={"code": code, "title": title})
        with self._disk_errors("Die Gruppe konnte nicht gespeichert werden"):
            self._root.mkdir(parents=True, exist_ok=True)
            with self._locked():
                tables = self._load_locked()
                existing = self._groups_in(tables)
                local = next((g for g in existing if g.code == code), None)
                if local is None:
                    self._write_locked(tables, incoming)
                    return GroupImport(incoming, added=True)
                if _same_group(local, incoming):
                    return GroupImport(local, added=False)
                earlier = (code, title, incoming.created_at)
                for known in existing:
                    if (known.imported_code, known.title, known.created_at) == earlier:
                        return GroupImport(known, added=False, clash=local)
                apart = incoming.model_copy(
                    update={"code": new_code({g.code for g in existing}, choice), "imported_code": code}
                )
                self._write_locked(tables, apart)
        return GroupImport(apart, added=True, clash=local)

    # --- internals ----------------------------------------------------------------------------

    def _write_locked(self, tables: Tables, group: Group) -> None:
        """Append ``group`` to the file read under the lock, replacing it atomically."""
        documents = dict(tables.get(GROUPS_TABLE, {}))
        next_id = max((int(doc_id) for doc_id in documents), default=0) + 1
        documents[str(next_id)] = group.stored()
        replace_atomically(self._path, encode_tables({**tables, GROUPS_TABLE: documents}))

    def _documents_in(self, tables: Tables) -> list[tuple[str, Group]]:
        """The readable group documents with their ids, the first one per code, in file order."""
        seen: set[str] = set()
        documents: list[tuple[str, Group]] = []
        for doc_id, document in tables.get(GROUPS_TABLE, {}).items():
            try:
                group = Group.model_validate(document)
            except (ValidationError, OverflowError):  # OverflowError: a time beyond year 9999 in UTC
                self._skipped(doc_id)
                continue
            if group.code in seen:
                continue
            seen.add(group.code)
            # The file may have been edited by hand or come from an older version.
            title = clean_title(group.title) or placeholder_title(group.code)
            documents.append((doc_id, group.model_copy(update={"title": title})))
        return documents

    def _groups_in(self, tables: Tables) -> list[Group]:
        groups = [group for _, group in self._documents_in(tables)]
        return sorted(groups, key=lambda g: (g.created_at, g.code))

    def _skipped(self, doc_id: str) -> None:
        """Tell once per GroupStore (not on every read) that a group entry could not be read."""
        if doc_id in self._reported:
            return
        self._reported.add(doc_id)
        self._notices.append(
            StoreNotice(
                f"Ein Eintrag der Gruppenliste ist unlesbar und wird übersprungen; er bleibt in "
                f"„{self._path}“ (Nr. {doc_id}) erhalten.",
                self._path,
            )
        )

    def _load_locked(self) -> Tables:
        """The file's tables under the lock; a damaged file is set aside and its backup restored
        (on a full disk nothing changes and the ``OSError`` becomes the caller's German error)."""
        try:
            tables = read_tables(self._path)
        except DamagedFileError:
            try:
                restored = read_tables(backup_path(self._path))
            except DamagedFileError:
                restored = None
            tables = restored or {}
            broken = replace_damaged(self._path, encode_tables(tables), self._clock())
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
