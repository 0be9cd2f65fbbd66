"""Reading an import file: the whole file is checked before anything of it is applied.

Problems with the file as a whole (not JSON, not a group export, no usable group) refuse the
file: ``ArchiveError``, nothing imported. Problems with single entries (a player without a name,
a playthrough with an impossible time or meter values outside 0–100) refuse just those entries,
each with a German sentence naming the entry; the rest of the file is imported, and importing the
repaired file later adds what was refused (imports are idempotent).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from kundenspiel.engine.meters import METER_IDS, METER_MAX, METER_MIN
from kundenspiel.safe_text import visible
from kundenspiel.store import PlayerRef, PlaythroughRecord, StoreError
from kundenspiel.store.groups import Group, normalize_code
from kundenspiel.store.models import Timestamp
from kundenspiel.store.names import normalize_name

ARCHIVE_FORMAT = "kundenspiel-gruppe"
ARCHIVE_VERSION = 1
# Far above any real workshop (20 trainees, a few scenarios: well under 1 MiB), far below memory trouble.
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
# What the start screen's group-code field accepts.
MAX_CODE_LENGTH = 20
SCORE_MIN, SCORE_MAX = 0, 100
# Python refuses to convert longer digit strings to int (sys.get_int_max_str_digits, CVE-2020-10735).
_INT_DIGITS_LIMIT = 4300
_LONG_NUMBER = re.compile(rf"\d{{{_INT_DIGITS_LIMIT + 1},}}")
_TIMESTAMP: TypeAdapter[Any] = TypeAdapter(Timestamp)
_DEVICE = re.compile(r"[A-Za-z0-9]{1,32}")


class ArchiveError(StoreError):
    """An import file that cannot be used; the message is German and names the file."""


@dataclass
class ImportFile:
    """The usable content of an import file: its group, the names behind the file's player keys,
    the playthroughs of the group that passed every check, and why the others were refused.
    ``devices`` maps player keys to the device they played on (empty for exports from before
    device ids)."""

    path: Path
    group: Group
    names: dict[str, str]
    playthroughs: list[PlaythroughRecord]
    refused: list[str] = field(default_factory=list)
    other_group: int = 0
    devices: dict[str, str] = field(default_factory=dict)


def _damaged(path: Path, where: str) -> ArchiveError:
    return ArchiveError(
        f"{path}: Die Exportdatei ist beschädigt oder unvollständig (bei „{visible(where)}“); "
        "nichts importiert."
    )


def _location(error: ValidationError) -> str:
    return ".".join(str(part) for part in error.errors()[0]["loc"]) or "?"


def _decode(path: Path, raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArchiveError(
            f"{path}: Das ist keine JSON-Datei (Byte {error.start} ist kein UTF-8). Importieren lassen sich "
            "nur Dateien aus „kundenspiel export CODE --format json“."
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ArchiveError(
            f"{path}: Das ist keine JSON-Datei (Zeile {error.lineno}, Spalte {error.colno}; vielleicht "
            "ist sie unvollständig). Importieren lassen sich nur Dateien aus „kundenspiel export CODE "
            "--format json“."
        ) from None
    except ValueError:
        # Not a syntax error: json.loads hit Python's limit on the digits of an integer.
        match = _LONG_NUMBER.search(text)
        line = text.count("\n", 0, match.start()) + 1 if match else "?"
        digits = len(match.group()) if match else _INT_DIGITS_LIMIT + 1
        raise ArchiveError(
            f"{path}: Zeile {line}: Die Zahl dort hat {digits} Ziffern; eine Exportdatei hat keine Zahl "
            f"mit mehr als {_INT_DIGITS_LIMIT} Ziffern. Die Datei ist beschädigt oder verändert; nichts "
            "importiert."
        ) from None
    except RecursionError:
        raise ArchiveError(
            f"{path}: Die Datei ist zu tief verschachtelt für einen Gruppenexport; nichts importiert."
        ) from None


def read_archive(path: Path) -> ImportFile:
    """Read and check an export file; ArchiveError with a German reason if it is unusable as a
    whole, refused entries listed in ``ImportFile.refused`` otherwise."""
    shown = Path(visible(str(path)))
    try:
        size = path.stat().st_size
        if size > MAX_ARCHIVE_BYTES:
            raise ArchiveError(
                f"{shown}: Die Datei ist zu groß für einen Gruppenexport ({size // 2**20} MiB)."
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ArchiveError(f"{shown}: Die Datei gibt es nicht.") from None
    except IsADirectoryError:
        raise ArchiveError(f"{shown}: Das ist ein Ordner, keine Exportdatei.") from None
    except PermissionError:
        raise ArchiveError(f"{shown}: Du hast keine Leserechte für diese Datei.") from None
    except OSError as error:
        raise ArchiveError(f"{shown}: Die Datei lässt sich nicht lesen ({error.strerror}).") from None
    data = _decode(shown, raw)
    if not isinstance(data, dict) or data.get("format") != ARCHIVE_FORMAT:
        raise ArchiveError(
            f"{shown}: Das ist kein Gruppenexport von kundenspiel (erwartet: „kundenspiel export CODE "
            "--format json“)."
        )
    if data.get("version") != ARCHIVE_VERSION:
        version = visible(repr(data.get("version")))[:40]
        raise ArchiveError(
            f"{shown}: Diese Exportdatei hat Version {version}; diese kundenspiel-Version "
            f"kann Version {ARCHIVE_VERSION} lesen."
        )
    group = _group(shown, data.get("group"))
    for key in ("players", "playthroughs"):
        if not isinstance(data.get(key), list):
            raise _damaged(shown, key)
    refused: list[str] = []
    unusable: set[str] = set()
    devices: dict[str, str] = {}
    names = _names(data["players"], refused, unusable, devices)
    exported_by = data.get("device")
    if exported_by is not None and not (isinstance(exported_by, str) and _DEVICE.fullmatch(exported_by)):
        raise _damaged(shown, "device")
    if exported_by is not None:
        devices = {key: devices.get(key, exported_by) for key in names}
    checked = ImportFile(
        path=path, group=group, names=names, playthroughs=[], refused=refused, devices=devices
    )
    for number, document in enumerate(data["playthroughs"], start=1):
        record = _playthrough(number, document, names, unusable, refused)
        if record is None:
            continue
        if record.group_code and normalize_code(record.group_code) == group.code:
            checked.playthroughs.append(record)
        else:
            checked.other_group += 1
    return checked


def _group(path: Path, document: object) -> Group:
    try:
        group = Group.model_validate(document)
    except ValidationError as error:
        raise _damaged(path, f"group.{_location(error)}") from None
    except OverflowError:  # a time that leaves the calendar when converted to UTC
        raise _damaged(path, "group.created_at") from None
    code = normalize_code(group.code)
    if not code:
        raise _damaged(path, "group.code")
    if visible(code) != code or len(code) > MAX_CODE_LENGTH:
        raise ArchiveError(
            f"{path}: Der Gruppencode „{visible(code)[:40]}“ ist ungültig (höchstens {MAX_CODE_LENGTH} "
            "sichtbare Zeichen); nichts importiert."
        )
    # A PIN hash never comes in by import: a trainer sets the PIN on each machine (and a planted
    # one would lock the trainer out of the names).
    return group.model_copy(update={"code": code, "pin_hash": None})


def _names(
    documents: list[Any], refused: list[str], unusable: set[str], devices: dict[str, str]
) -> dict[str, str]:
    """The file's player key → normalised name (and → device in ``devices``, where given). A key
    whose entry is unusable or that names two different people is left out and added to
    ``unusable``, so its playthroughs are refused."""
    names: dict[str, str] = {}
    for number, document in enumerate(documents, start=1):
        try:
            player = PlayerRef.model_validate(document)
        except (ValidationError, OverflowError) as error:
            where = _location(error) if isinstance(error, ValidationError) else "created_at"
            refused.append(f"Eintrag Nr. {number} in „players“: ungültiger Wert bei „{where}“.")
            continue
        name = normalize_name(player.name)
        if not name:
            refused.append(f"Eintrag Nr. {number} in „players“ hat einen leeren Namen.")
            unusable.add(player.key)
            continue
        if names.get(player.key, name) != name:
            refused.append(
                f"Eintrag Nr. {number} in „players“: derselbe Schlüssel steht dort für „{names[player.key]}“ "
                f"und „{name}“; die Durchläufe dazu lassen sich niemandem zuordnen."
            )
            unusable.add(player.key)
        names[player.key] = name
        if player.device is not None:
            devices[player.key] = player.device
    return {key: name for key, name in names.items() if key not in unusable}


def _playthrough(
    number: int, document: object, names: dict[str, str], unusable: set[str], refused: list[str]
) -> PlaythroughRecord | None:
    """The playthrough if it passes every check; else None, with the reason added to ``refused``."""
    raw_id = document.get("id") if isinstance(document, dict) else None
    label = f"Durchlauf Nr. {number}" + (f" (id {raw_id[:8]})" if isinstance(raw_id, str) and raw_id else "")
    try:
        record = PlaythroughRecord.model_validate(document)
    except ValidationError as error:
        refused.append(f"{label}: ungültiger Wert bei „{_location(error)}“; nicht importiert.")
        return None
    except OverflowError:
        where = _time_out_of_range(document)
        refused.append(
            f"{label}: Die Zeitangabe bei „{where}“ liegt außerhalb des Kalenders (nach UTC umgerechnet "
            "vor dem Jahr 1 oder nach dem Jahr 9999); nicht importiert."
        )
        return None
    problem = _implausible(record)
    if problem is None and not record.id:
        problem = "Er hat keine id"
    if problem is None and record.player_key in unusable:
        problem = "Der Eintrag seiner Person in „players“ ist unbrauchbar (siehe oben)"
    elif problem is None and record.player_key not in names:
        problem = "Er gehört zu keinem Namen in der Datei"
    if problem is not None:
        refused.append(f"{label}: {problem}; nicht importiert.")
        return None
    return record


def _time_out_of_range(document: object) -> str:
    """Where the time is that overflows when read (for the message)."""
    assert isinstance(document, dict)  # only a dict gets as far as converting times
    candidates: list[tuple[str, object]] = [
        (key, document.get(key)) for key in ("started_at", "updated_at", "finished_at")
    ]
    steps = document.get("steps")
    if isinstance(steps, list):
        candidates += [
            (f"steps.{index}.at", step.get("at"))
            for index, step in enumerate(steps)
            if isinstance(step, dict)
        ]
    for where, value in candidates:
        if value is None:
            continue
        try:
            _TIMESTAMP.validate_python(value)
        except OverflowError:
            return where
        except ValidationError:
            continue
    return "?"


def _implausible(record: PlaythroughRecord) -> str | None:
    """Why the record cannot come from the game (meters or score the game never produces), or None."""
    meter_sets = [("start_meters", record.start_meters)]
    meter_sets += [(f"steps.{index}.meters", step.meters) for index, step in enumerate(record.steps)]
    for where, meters in meter_sets:
        for meter, value in meters.items():
            if meter not in METER_IDS:
                return f"Unbekannter Wert „{meter}“ bei „{where}“ (bekannt: {', '.join(METER_IDS)})"
            if not METER_MIN <= value <= METER_MAX:
                shown = str(value) if abs(value) < 10**12 else f"eine Zahl mit {len(str(abs(value)))} Ziffern"
                return (
                    f"„{where}.{meter}“ ist {shown}; die Werte liegen immer zwischen {METER_MIN} und "
                    f"{METER_MAX}"
                )
    if record.score is not None and not SCORE_MIN <= record.score <= SCORE_MAX:
        return f"Die Punktzahl liegt nicht zwischen {SCORE_MIN} und {SCORE_MAX}"
    return None
