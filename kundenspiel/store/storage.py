"""The TinyDB storage behind every save: strict reads, atomic writes, a backup of the last version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from kundenspiel.store.files import Tables, encode_tables, read_tables, replace_atomically


class AtomicJSONStorage(Storage):
    """A TinyDB storage that never leaves a half-written file.

    TinyDB's own JSONStorage rewrites its file in place, so a kill mid-write leaves it unreadable.
    This one writes a temp file, fsyncs it, keeps the previous version as ``<name>.bak`` and
    renames the temp file over the target (see ``replace_atomically``).

    Reading is strict: a damaged file raises DamagedFileError instead of looking empty. The
    content is parsed once per storage object; the store opens a new TinyDB (and so a new storage)
    for every operation, under the file's lock, so this is never a cache across operations.
    """

    def __init__(self, path: Path, preloaded: Tables | None = None) -> None:
        super().__init__()
        self._path = path
        self._tables = preloaded

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The file's tables, ``None`` for a file that does not exist yet."""
        if self._tables is None:
            self._tables = read_tables(self._path)
        return self._tables

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the file atomically with ``data``, keeping the previous version as backup."""
        replace_atomically(self._path, encode_tables(data))
        self._tables = data

    def close(self) -> None:
        """Nothing stays open between operations."""


def open_database(path: Path, preloaded: Tables | None = None) -> TinyDB:
    """A TinyDB over ``path`` through AtomicJSONStorage, for one operation only."""
    return TinyDB(path, preloaded, storage=AtomicJSONStorage)
