"""Crash-safe file handling: strict reading, atomic replacing with a backup, setting damaged files aside.

Nothing here knows about players or locks; the caller holds the lock of a file while it writes,
repairs or moves it.

Nothing here follows a symbolic link. Anyone who can write to a shared workshop folder could
plant one (``index.json`` → a trainer's file), and a write or read through it would reach a file
outside the store. So temp files are created exclusively under unpredictable names, store files
are opened with ``O_NOFOLLOW`` (or checked with ``lstat`` where that flag does not exist), and a
store file that is a link counts as damaged: set aside as it is, the link itself, never its target.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import stat
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

Tables = dict[str, dict[str, Any]]
"""A TinyDB file's content: table name → document id (decimal string) → document."""

BACKUP_SUFFIX = ".bak"
TEMP_SUFFIX = ".tmp"

# TinyDB turns every document id into an int; anything else would crash it deep inside a query.
_DOCUMENT_ID = re.compile(r"0|[1-9][0-9]{0,17}")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FLAGS = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
# A planted FIFO must not hang the game in open(); it is then refused as not a regular file.
_READ_FLAGS = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | _FLAGS
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _FLAGS
_NAME_ATTEMPTS = 100
# What replace_atomically and _keep_backup create (and the fixed names older versions used).
_STALE_TEMP = re.compile(r"(index|groups|device|[0-9a-f]{32})\.json(\.bak)?(\.[0-9a-f]{16})?\.tmp")
STALE_TEMP_AGE = timedelta(minutes=10)
"""A temp file this old is no write in progress: a save holds one for milliseconds."""

_T = TypeVar("_T")


class DamagedFileError(Exception):
    """A file exists but is not a valid TinyDB JSON file; ``reason`` says why (English, for logs).

    ``linked`` is True when the file is a symbolic link: refused without looking at its target.
    """

    def __init__(self, path: Path, reason: str, *, linked: bool = False) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.linked = linked


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


def _linked(path: Path) -> DamagedFileError:
    return DamagedFileError(path, "is a symbolic link", linked=True)


def read_bytes(path: Path) -> bytes | None:
    """A store file's bytes, ``None`` if it does not exist; never through a symbolic link.

    A link, a directory or anything else that is not a regular file raises DamagedFileError.
    """
    if not _NOFOLLOW and os.path.islink(path):
        raise _linked(path)
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as error:
        # ELOOP on Linux, EMLINK or EFTYPE elsewhere: whatever the errno, a link is a link.
        if os.path.islink(path):
            raise _linked(path) from None
        if error.errno == errno.EISDIR:
            raise DamagedFileError(path, "is a directory") from None
        raise
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise DamagedFileError(path, "is a directory")
        if not stat.S_ISREG(mode):
            raise DamagedFileError(path, "is not a regular file")
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def read_tables(path: Path) -> Tables | None:
    """The tables of a file, ``None`` if it does not exist; DamagedFileError if it is unreadable."""
    raw = read_bytes(path)
    return None if raw is None else parse_tables(path, raw)


def encode_tables(tables: Tables) -> bytes:
    """The bytes written for a set of tables: compact JSON, ASCII only.

    ASCII escaping keeps any string storable, even one with lone surrogates that UTF-8 refuses.
    """
    return json.dumps(tables, ensure_ascii=True, separators=(",", ":"), allow_nan=False).encode("ascii")


def backup_path(path: Path) -> Path:
    """Where the previous good version of a file is kept."""
    return path.with_name(path.name + BACKUP_SUFFIX)


def is_link(path: Path) -> bool:
    """True when ``path`` itself is a symbolic link (whether or not its target exists)."""
    return os.path.islink(path)


def fsync_directory(folder: Path) -> None:
    """Make renames in a folder durable; a no-op where folders cannot be opened (Windows)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _temp_names(path: Path) -> Iterator[Path]:
    # Unpredictable, so nobody can plant a link under the name before it exists.
    for _ in range(_NAME_ATTEMPTS):
        yield path.with_name(f"{path.name}.{secrets.token_hex(8)}{TEMP_SUFFIX}")


def _first_free(names: Iterator[Path], make: Callable[[Path], _T]) -> tuple[Path, _T]:
    """Call ``make`` with one name after another until one does not exist yet."""
    for name in names:
        try:
            return name, make(name)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name", str(name))


def _create(path: Path) -> int:
    # 0o666 as open() would use, so the umask decides as before (a workshop folder may be shared).
    return os.open(path, _CREATE_FLAGS, 0o666)


def _write_all(descriptor: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(descriptor, view) :]
    os.fsync(descriptor)


def _fill(path: Path, descriptor: int, payload: bytes) -> None:
    """Write ``payload`` through a descriptor just created for ``path`` and close it; on failure
    the file is removed, so nothing half-written is left behind."""
    try:
        try:
            _write_all(descriptor, payload)
        finally:
            os.close(descriptor)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _write_new(path: Path, payload: bytes) -> None:
    """Write ``payload`` to a file that must not exist yet; nothing is left behind on failure."""
    _fill(path, _create(path), payload)


def _write_temp(path: Path, payload: bytes) -> Path:
    """A fresh temp file next to ``path`` holding ``payload``, flushed to disk."""
    temp, descriptor = _first_free(_temp_names(path), _create)
    _fill(temp, descriptor, payload)
    return temp


def _hard_link(source: Path, target: Path) -> None:
    try:
        # A link to a symbolic link must stay a link to the link, never to its target.
        os.link(source, target, follow_symlinks=False)
    except NotImplementedError:
        os.link(source, target)


def _keep_backup(path: Path) -> None:
    """Make ``<name>.bak`` the current content of ``path`` before it is replaced.

    A hard link costs no copying and the old inode is never written again (every write goes to a
    new file), so the link stays exactly the previous version. Where hard links are not supported,
    copy. Either way the new backup is staged under a fresh name and renamed into place, so a
    link planted as ``.bak`` is replaced, never written through.
    """
    backup = backup_path(path)
    try:
        staged, _ = _first_free(_temp_names(backup), lambda name: _hard_link(path, name))
    except FileNotFoundError:
        return
    except OSError:
        content = read_bytes(path)
        if content is None:
            return
        staged, _ = _first_free(_temp_names(backup), lambda name: _write_new(name, content))
    try:
        os.replace(staged, backup)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise


def replace_atomically(path: Path, payload: bytes, *, keep_backup: bool = True) -> None:
    """Write ``payload`` to ``path`` so that a crash at any moment leaves either the old or the new
    content, never a mix: write a temp file in the same folder, flush and fsync it, keep the old
    file as ``.bak``, rename over the target, fsync the folder.

    The temp file is created exclusively under a random name (``<name>.<random>.tmp``) and removed
    again if anything fails; one left by a killed writer is removed later by ``remove_stale_temps``.
    A symbolic link at ``path`` is replaced by the new file, its target is never touched.
    """
    temp = _write_temp(path, payload)
    try:
        if keep_backup:
            _keep_backup(path)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)


def remove_stale_temps(folder: Path, older_than: datetime) -> int:
    """Remove the store's temp files in ``folder`` last changed before ``older_than``, and return
    how many: a killed writer leaves its temp file behind, and with random names nothing else
    would ever remove it. Files of other programs are left alone (see ``_STALE_TEMP``)."""
    cutoff = older_than.timestamp()
    removed = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if not _STALE_TEMP.fullmatch(entry.name):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISDIR(info.st_mode) or info.st_mtime >= cutoff:
                    continue
                os.unlink(entry.path)
            except FileNotFoundError:
                continue
            removed += 1
    return removed


def _broken_names(path: Path, when: datetime) -> Iterator[Path]:
    stamp = when.astimezone().strftime("%Y%m%d-%H%M%S")
    base = f"{path.stem}.broken-{stamp}"
    counter = 1
    while True:
        yield path.with_name(f"{base}{'' if counter == 1 else f'-{counter}'}.json")
        counter += 1


def broken_copies(path: Path) -> list[Path]:
    """The damaged versions of ``path`` set aside so far (``<stem>.broken-….json``), oldest first."""
    return sorted(path.parent.glob(f"{path.stem}.broken-*.json"))


def copy_aside(path: Path, when: datetime) -> Path:
    """Give a damaged file a second name ``<stem>.broken-<YYYYmmdd-HHMMSS>.json`` (with ``-2``,
    ``-3`` … if that exists) and return it; ``path`` itself stays as it was, so a repair that
    fails afterwards leaves everything as it found it (a folder in its place is renamed, as it
    cannot have two names). The bytes are kept exactly; a symbolic link is kept as the link, its
    target is never read."""
    for target in _broken_names(path, when):
        try:
            # link() refuses to overwrite, so an earlier broken file is never lost to a clash.
            _hard_link(path, target)
        except FileExistsError:
            continue
        except OSError:
            if os.path.lexists(target):
                continue
            if os.path.islink(path):
                os.symlink(os.readlink(path), target)
            elif os.path.isdir(path):
                # A folder cannot have a second name; moved aside, the caller may move it back.
                os.rename(path, target)
            else:
                content = read_bytes(path)
                try:
                    _write_new(target, b"" if content is None else content)
                except FileExistsError:
                    continue
        fsync_directory(path.parent)
        return target
    raise AssertionError("unreachable: _broken_names never ends")


def move_aside(path: Path, when: datetime) -> Path:
    """Rename a damaged file to ``<stem>.broken-<YYYYmmdd-HHMMSS>.json`` next to it (with ``-2``,
    ``-3`` … if that exists) and return the new path. The bytes are kept exactly as they were; a
    symbolic link is moved as the link."""
    for target in _broken_names(path, when):
        try:
            _hard_link(path, target)
        except FileExistsError:
            continue
        except OSError:
            if os.path.lexists(target):
                continue
            os.rename(path, target)
        else:
            path.unlink()
        fsync_directory(path.parent)
        return target
    raise AssertionError("unreachable: _broken_names never ends")


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samestat(os.lstat(first), os.lstat(second))
    except OSError:
        return False


def replace_damaged(path: Path, payload: bytes, when: datetime) -> Path:
    """Replace a damaged file with ``payload``, keeping the damaged bytes under a broken name
    (see ``copy_aside``), and return that name. If anything fails (a full disk), everything is as
    it was before and the ``OSError`` is raised: a repair never leaves less than it found."""
    broken: Path | None = None
    try:
        broken = copy_aside(path, when)
        replace_atomically(path, payload, keep_backup=False)
    except OSError:
        # Only a second name of the damaged file still in place may go; if the replace got as
        # far as the rename, the broken copy is the only one left of the damaged bytes.
        if broken is not None and _same_file(broken, path):
            broken.unlink(missing_ok=True)
        elif broken is not None and not os.path.lexists(path):
            os.rename(broken, path)  # what copy_aside had to move (a folder) goes back
        raise
    return broken
