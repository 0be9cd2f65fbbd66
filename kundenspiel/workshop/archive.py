"""The JSON export: an archive of a group that another save folder can import.

It holds the raw material (group, players with names and the device each played on, every
playthrough with the group's code, complete choice logs) and, for readers without kundenspiel,
the debrief computed from it. It never holds the group's PIN hash: the PIN is set on each
machine that shows names, so a file passed around cannot be used to guess it offline. Import
uses only the raw material and recomputes the debrief, so an archive can never smuggle in numbers
that its playthroughs do not support. Reading and checking an import file is in ``archive_read``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from kundenspiel.safe_text import is_unsafe_char
from kundenspiel.store import PlayerRef, PlaythroughRecord, SaveStore
from kundenspiel.store.device import device_id
from kundenspiel.store.groups import Group, GroupStore
from kundenspiel.store.merge import MergeResult, Origins, merge_playthroughs
from kundenspiel.store.models import StoreNotice, Timestamp
from kundenspiel.wording import counted
from kundenspiel.workshop.aggregate import GroupData
from kundenspiel.workshop.archive_read import (
    ARCHIVE_FORMAT,
    ARCHIVE_VERSION,
    MAX_ARCHIVE_BYTES,
    ArchiveError,
    ImportFile,
    read_archive,
)
from kundenspiel.workshop.collect import label_group
from kundenspiel.workshop.model import GroupDebrief

__all__ = [
    "ARCHIVE_FORMAT",
    "ARCHIVE_VERSION",
    "MAX_ARCHIVE_BYTES",
    "Archive",
    "ArchiveError",
    "ImportFile",
    "archive_json",
    "build_archive",
    "import_archive",
    "read_archive",
]

# Outside the ASCII range only: JSON's own syntax is ASCII, so these can only occur inside strings.
_NON_ASCII = re.compile(r"[^\x00-\x7f]|\x7f")


class Archive(BaseModel):
    """The JSON export of a group."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    format: Literal["kundenspiel-gruppe"] = "kundenspiel-gruppe"
    version: int = ARCHIVE_VERSION
    exported_at: Timestamp
    device: str | None = None
    """The device id of the exporting save folder (None in exports from before device ids)."""
    group: Group
    players: list[PlayerRef]
    playthroughs: list[PlaythroughRecord]
    debrief: dict[str, Any] | None = None


def build_archive(
    data: GroupData, debrief: GroupDebrief, group: Group, exported_at: datetime, device: str | None = None
) -> Archive:
    """The archive of a group: its players (only those who played in it, each with the device they
    played on: their own, or ``device``, the exporting folder's) and their playthroughs; without
    the group's PIN hash."""
    records = data.group_records()
    keys = {record.player_key for record in records}
    players = sorted(
        (p.model_copy(update={"device": p.device or device}) for k, p in data.players.items() if k in keys),
        key=lambda p: p.key,
    )
    return Archive(
        exported_at=exported_at,
        device=device,
        group=group.model_copy(update={"pin_hash": None}),
        players=players,
        playthroughs=sorted(records, key=lambda r: (r.started_at, r.id)),
        debrief=debrief.model_dump(mode="json"),
    )


def _escape_unsafe(match: re.Match[str]) -> str:
    char = match.group()
    if not is_unsafe_char(char):
        return char
    # As JSON escapes (a surrogate pair beyond the BMP): the data stay exact, the terminal safe.
    encoded = char.encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{encoded[i]:02x}{encoded[i + 1]:02x}" for i in range(0, len(encoded), 2))


def archive_json(archive: Archive) -> str:
    """The archive as indented JSON text (UTF-8 when written; umlauts stay readable). Control and
    bidi characters inside names or titles are written as ``\\u…`` escapes, so the text can be
    printed to a terminal without driving it."""
    text = json.dumps(archive.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"
    return _NON_ASCII.sub(_escape_unsafe, text)


def _scenario_warnings(records: list[PlaythroughRecord], versions: Mapping[str, int]) -> list[str]:
    """Warnings for playthroughs of scenarios missing here or present in another version."""
    unknown = Counter(r.scenario_id for r in records if r.scenario_id not in versions)
    other = Counter(
        (r.scenario_id, r.scenario_version)
        for r in records
        if r.scenario_id in versions and r.scenario_version != versions[r.scenario_id]
    )
    warnings = [
        f"{counted(count, 'Durchlauf', 'Durchläufe')} im Szenario „{scenario_id}“, das es hier nicht "
        "gibt: trotzdem übernommen. Damit die Auswertung sie zeigt, kopier die Szenario-Datei in den "
        "Szenario-Ordner."
        for scenario_id, count in sorted(unknown.items())
    ]
    warnings += [
        f"{counted(count, 'Durchlauf', 'Durchläufe')} im Szenario „{scenario_id}“ in Version {version}, "
        f"hier liegt Version {versions[scenario_id]}: trotzdem übernommen; die Auswertung zeigt "
        "Durchläufe, die nicht zur Fassung hier passen, als solche an."
        for (scenario_id, version), count in sorted(other.items())
    ]
    return warnings


def import_archive(
    store: SaveStore,
    imported: ImportFile,
    groups: GroupStore | None = None,
    scenario_versions: Mapping[str, int] | None = None,
) -> MergeResult:
    """Merge a checked import file into a save folder: the group, players and playthroughs.

    Only playthroughs carrying the file's group code are imported, so a hand-edited file cannot
    slip other groups' records in. A group whose code is taken here by a group of another title
    is kept apart under a fresh code (see ``GroupStore.adopt``), its playthroughs with it.
    People with a name known here but from another device are kept apart too (see
    ``store.merge``). ``scenario_versions`` (scenario id → version here) turns on warnings about
    playthroughs of scenarios missing here or in another version; they are imported all the
    same, since a trainer may import before copying the scenario files. Everyone of the group
    gets their participant number here (``label_group``).
    """
    groups = groups if groups is not None else GroupStore(store.root)
    warnings: list[str] = []
    origins = None
    if imported.devices:
        notices: list[StoreNotice] = []
        origins = Origins(imported.devices, device_id(store.root, notices))
        warnings += [notice.message for notice in notices]
    adopted = groups.adopt(imported.group)
    records = imported.playthroughs
    if adopted.clash is not None:
        code = adopted.group.code
        records = [r.model_copy(update={"group_code": code}) for r in records]
        warnings.append(
            f"Den Gruppencode {imported.group.code} hat hier schon die Gruppe „{adopted.clash.title}“. "
            f"Die Gruppe „{adopted.group.title}“ aus der Datei ist eine andere; damit nichts "
            f"vermischt wird, steht sie hier getrennt unter dem Code {code} (kundenspiel debrief {code})."
        )
    if adopted.added and adopted.group.pin_hash is None:
        code = adopted.group.code
        warnings.append(
            f"Die Gruppe {code} hat hier noch keine Trainer-PIN; Namen zeigen Auswertung und Exporte "
            f"erst, wenn du eine festlegst: kundenspiel workshop pin {code}"
        )
    result = merge_playthroughs(store, imported.names, records, origins)
    result.refused[:0] = imported.refused
    if imported.other_group:
        result.refused.append(
            f"{counted(imported.other_group, 'Durchlauf trägt', 'Durchläufe tragen')} einen anderen "
            "Gruppencode; nicht importiert."
        )
    if scenario_versions is not None:
        warnings += _scenario_warnings(records, scenario_versions)
    result.warnings[:0] = warnings
    label_group(store, adopted.group.code, groups)
    return result
