"""The device id of a save folder: made once, at random, and carried by every export from it.

Two laptops in one workshop may both have an „Anna“. An export names the device its players
played on, so an import can tell a second Anna from the same Anna coming back (a re-import).
The id is kept in ``device.json`` beside ``groups.json`` (TinyDB format, table "device"),
created under a cross-process lock with an exclusive, link-refusing write, and never changed
afterwards. A damaged file is set aside and a new id is made (a German notice says so): players
imported before then may show up as separate people on the next import and can be merged.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from kundenspiel.store.files import (
    DamagedFileError,
    Tables,
    encode_tables,
    read_tables,
    replace_atomically,
    replace_damaged,
)
from kundenspiel.store.groups import CODE_ALPHABET
from kundenspiel.store.layout import LOCKS_DIR
from kundenspiel.store.locking import disk_errors, held_lock
from kundenspiel.store.models import StoreNotice

DEVICE_NAME = "device.json"
DEVICE_TABLE = "device"
DEVICE_ID_LENGTH = 8
LABEL_LENGTH = 4
"""How much of the id a name label shows („Anna (Gerät 7K3M)“)."""


def new_device_id(choice: Callable[[str], str] = secrets.choice) -> str:
    """A fresh device id: eight characters of the group-code alphabet, easy to read aloud."""
    return "".join(choice(CODE_ALPHABET) for _ in range(DEVICE_ID_LENGTH))


def device_label(device: str, *, full: bool = False) -> str:
    """How a device is named next to a person („Gerät 7K3M“): the start of its id, or all of it."""
    return f"Gerät {device if full else device[:LABEL_LENGTH]}"


def _stored_id(tables: Tables | None) -> str | None:
    for document in (tables or {}).get(DEVICE_TABLE, {}).values():
        value = document.get("id")
        if isinstance(value, str) and value.isalnum() and 0 < len(value) <= 32:
            return value
    return None


def _utc_now() -> datetime:
    return datetime.now(UTC)


def device_id(
    root: Path, notices: list[StoreNotice] | None = None, clock: Callable[[], datetime] = _utc_now
) -> str:
    """The device id of the save folder ``root``, created on first use; repairs are added to
    ``notices`` (German). ``StoreError`` if the folder cannot be written."""
    path = Path(root) / DEVICE_NAME
    try:
        known = _stored_id(read_tables(path))
    except DamagedFileError:
        known = None
    if known is not None:
        return known
    with disk_errors("Die Geräte-ID der Spielstände konnte nicht gespeichert werden", Path(root)):
        Path(root).mkdir(parents=True, exist_ok=True)
        with held_lock(Path(root) / LOCKS_DIR / f"{DEVICE_NAME}.lock", "Die Geräte-ID"):
            try:
                tables = read_tables(path)
                damaged = False
            except DamagedFileError:
                tables, damaged = None, True
            known = _stored_id(tables)
            if known is not None:
                return known
            device, now = new_device_id(), clock()
            payload = encode_tables({DEVICE_TABLE: {"1": {"id": device, "created_at": now.isoformat()}}})
            if damaged or tables is not None:
                broken = replace_damaged(path, payload, now)
                if notices is not None:
                    notices.append(
                        StoreNotice(
                            f"Die Geräte-ID war beschädigt und wurde nach „{broken}“ verschoben; "
                            f"dieser Ordner heißt jetzt {device_label(device, full=True)}.",
                            broken,
                        )
                    )
            else:
                replace_atomically(path, payload, keep_backup=False)
    return device
