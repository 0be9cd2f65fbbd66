"""The JSON export: an archive of a group that another save folder can import.

It holds the raw material (group, players with names, every playthrough with the group's code,
complete choice logs) and, for readers without kundenspiel, the debrief computed from it. Import
uses only the raw material and recomputes the debrief, so an archive can never smuggle in numbers
that its playthroughs do not support.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from kundenspiel.store import PlayerRef, PlaythroughRecord, SaveStore, StoreError
from kundenspiel.store.groups import Group, GroupStore, normalize_code
from kundenspiel.store.merge import MergeResult, merge_playthroughs
from kundenspiel.store.models import Timestamp
from kundenspiel.workshop.aggregate import GroupData
from kundenspiel.workshop.model import GroupDebrief

ARCHIVE_FORMAT = "kundenspiel-gruppe"
ARCHIVE_VERSION = 1
# Far above any real workshop (20 trainees, a few scenarios: well under 1 MiB), far below memory trouble.
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024


class ArchiveError(StoreError):
    """An import file that cannot be used; the message is German and names the file."""


class Archive(BaseModel):
    """The JSON export of a group."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    format: Literal["kundenspiel-gruppe"] = "kundenspiel-gruppe"
    version: int = ARCHIVE_VERSION
    exported_at: Timestamp
    group: Group
    players: list[PlayerRef]
    playthroughs: list[PlaythroughRecord]
    debrief: dict[str, Any] | None = None


def build_archive(data: GroupData, debrief: GroupDebrief, group: Group, exported_at: datetime) -> Archive:
    """The archive of a group: its players (only those who played in it) and their playthroughs."""
    records = data.group_records()
    keys = {record.player_key for record in records}
    players = sorted((p for k, p in data.players.items() if k in keys), key=lambda p: p.key)
    return Archive(
        exported_at=exported_at,
        group=group,
        players=players,
        playthroughs=sorted(records, key=lambda r: (r.started_at, r.id)),
        debrief=debrief.model_dump(mode="json"),
    )


def archive_json(archive: Archive) -> str:
    """The archive as indented JSON text (UTF-8 when written; umlauts stay readable)."""
    return json.dumps(archive.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"


def read_archive(path: Path) -> Archive:
    """Read and check an export file; ArchiveError with a German reason for anything unusable."""
    try:
        size = path.stat().st_size
        if size > MAX_ARCHIVE_BYTES:
            raise ArchiveError(
                f"{path}: Die Datei ist zu groß für einen Gruppenexport ({size // 2**20} MiB)."
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ArchiveError(f"{path}: Die Datei gibt es nicht.") from None
    except IsADirectoryError:
        raise ArchiveError(f"{path}: Das ist ein Ordner, keine Exportdatei.") from None
    except OSError as error:
        raise ArchiveError(f"{path}: Die Datei lässt sich nicht lesen ({error.strerror}).") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ArchiveError(
            f"{path}: Das ist keine JSON-Datei. Importieren lassen sich nur Dateien aus "
            "„kundenspiel export CODE --format json“."
        ) from None
    if not isinstance(data, dict) or data.get("format") != ARCHIVE_FORMAT:
        raise ArchiveError(
            f"{path}: Das ist kein Gruppenexport von kundenspiel (erwartet: „kundenspiel export CODE "
            "--format json“)."
        )
    if data.get("version") != ARCHIVE_VERSION:
        raise ArchiveError(
            f"{path}: Diese Exportdatei hat Version {data.get('version')!r}; diese kundenspiel-Version "
            f"kann Version {ARCHIVE_VERSION} lesen."
        )
    try:
        return Archive.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ArchiveError(
            f"{path}: Die Exportdatei ist beschädigt oder unvollständig (bei „{where}“); nichts importiert."
        ) from None


def import_archive(store: SaveStore, archive: Archive) -> MergeResult:
    """Merge an archive into a save folder: the group (if new here), players and playthroughs.

    Only playthroughs carrying the archive's group code are imported, so a hand-edited archive
    cannot slip other groups' records in.
    """
    code = normalize_code(archive.group.code)
    GroupStore(store.root).add(archive.group.model_copy(update={"code": code}))
    records = [r for r in archive.playthroughs if r.group_code and normalize_code(r.group_code) == code]
    result = merge_playthroughs(store, archive.players, records)
    skipped = len(archive.playthroughs) - len(records)
    if skipped:
        result.conflicts.append(
            f"{skipped} Durchläufe tragen einen anderen Gruppencode und wurden übersprungen."
        )
    return result
