"""Crash-safe file handling: strict reading, atomic replacing with a backup, moving damaged files aside.

Nothing here knows about players or locks; the caller holds the lock of a file while it writes,
repairs or moves it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

Tables = dict[str, dict[str, Any]]
"""A TinyDB file's content: table name → document id (decimal string) → document."""

BACKUP_SUFFIX = ".bak"
TEMP_SUFFIX = ".tmp"

# TinyDB turns every document id into an int; anything else would crash it deep inside a query.
_DOCUMENT_ID = re.compile(r"0|[1-9][0-9]{0,17}")


class DamagedFileError(Exception):
    """A file exists but is not a valid TinyDB JSON file; ``reason`` says why (English, for logs)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def parse_tables(path: Path, raw: bytes) -> Tables:
    """Check and decode a TinyDB file's bytes; raise DamagedFileError for anything but a valid file.

    An empty or blank file is damage, not an empty database: every file this store writes holds
    at least ``{}``, so emptiness means a write was cut short or something else truncated it.
    """
    if not raw.strip():
        raise DamagedFileError(path, "empty file")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise DamagedFileError(path, f"not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise DamagedFileError(path, f"top level is {type(data).__name__}, not an object of tables")
    for table_name, table in data.items():
        if not isinstance(table, dict):
            raise DamagedFileError(path, f"table {table_name!r} is {type(table).__name__}, not an object")
        for doc_id, document in table.items():
            if not _DOCUMENT_ID.fullmatch(doc_id):
                raise DamagedFileError(path, f"table {table_name!r} has document id {doc_id!r}")
            if not isinstance(document, dict):
                raise DamagedFileError(path, f"document {doc_id} in {table_name!r} is not an object")
    return data


def read_tables(path: Path) -> Tables | None:
    """The tables of a file, ``None`` if it does not exist; DamagedFileError if it is unreadable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise DamagedFileError(path, "is a directory") from None
    return parse_tables(path, raw)


def encode_tables(tables: Tables) -> bytes:
    """The bytes written for a set of tables: compact JSON, ASCII only.

    ASCII escaping keeps any string storable, even one with lone surrogates that UTF-8 refuses.
    """
    return json.dumps(tables, ensure_ascii=True, separators=(",", ":"), allow_nan=False).encode("ascii")


def backup_path(path: Path) -> Path:
    """Where the previous good version of a file is kept."""
    return path.with_name(path.name + BACKUP_SUFFIX)


def fsync_directory(folder: Path) -> None:
    """Make renames in a folder durable; a no-op where folders cannot be opened (Windows)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _write_synced(path: Path, payload: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())


def _keep_backup(path: Path) -> None:
    """Make ``<name>.bak`` the current content of ``path`` before it is replaced.

    A hard link costs no copying and the old inode is never written again (every write goes to a
    new file), so the link stays exactly the previous version. Where hard links are not supported,
    copy.
    """
    backup = backup_path(path)
    staged = backup.with_name(backup.name + TEMP_SUFFIX)
    staged.unlink(missing_ok=True)
    try:
        os.link(path, staged)
    except FileNotFoundError:
        return
    except OSError:
        try:
            shutil.copyfile(path, staged)
        except FileNotFoundError:
            return
    os.replace(staged, backup)


def replace_atomically(path: Path, payload: bytes, *, keep_backup: bool = True) -> None:
    """Write ``payload`` to ``path`` so that a crash at any moment leaves either the old or the new
    content, never a mix: write a temp file in the same folder, flush and fsync it, keep the old
    file as ``.bak``, rename over the target, fsync the folder.

    The temp file has a fixed name: only the lock holder writes, so a leftover from a killed
    writer is simply overwritten instead of piling up.
    """
    temp = path.with_name(path.name + TEMP_SUFFIX)
    _write_synced(temp, payload)
    if keep_backup:
        _keep_backup(path)
    os.replace(temp, path)
    fsync_directory(path.parent)


def move_aside(path: Path, when: datetime) -> Path:
    """Rename a damaged file to ``<stem>.broken-<YYYYmmdd-HHMMSS>.json`` next to it (with ``-2``,
    ``-3`` … if that exists) and return the new path. The bytes are kept exactly as they were."""
    stamp = when.astimezone().strftime("%Y%m%d-%H%M%S")
    base = f"{path.stem}.broken-{stamp}"
    counter = 1
    while True:
        target = path.with_name(f"{base}{'' if counter == 1 else f'-{counter}'}.json")
        try:
            # link() refuses to overwrite, so an earlier broken file is never lost to a clash.
            os.link(path, target)
        except FileExistsError:
            counter += 1
            continue
        except OSError:
            if target.exists():
                counter += 1
                continue
            os.rename(path, target)
        else:
            path.unlink()
        fsync_directory(path.parent)
        return target
