"""The two guards every write in the save folder goes through: a cross-process file lock and
the translation of disk errors into German messages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from kundenspiel.store.layout import LOCK_POLL_INTERVAL, LOCK_TIMEOUT
from kundenspiel.store.models import StoreError


@contextmanager
def held_lock(lock_path: Path, subject: str) -> Iterator[None]:
    """Hold the lock at ``lock_path``; a lock still held elsewhere after ``LOCK_TIMEOUT`` becomes
    a German ``StoreError`` naming ``subject`` (e.g. „Die Gruppenliste“)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path, timeout=LOCK_TIMEOUT, poll_interval=LOCK_POLL_INTERVAL)
    try:
        lock.acquire()
    except Timeout:
        raise StoreError(
            f"{subject} ist seit {LOCK_TIMEOUT:.0f} Sekunden von einem anderen Fenster gesperrt. "
            "Bitte versuch es gleich noch einmal."
        ) from None
    try:
        yield
    finally:
        lock.release()


def reason(error: OSError) -> str:
    """The operating system's short reason for a failed disk operation."""
    return error.strerror or type(error).__name__


@contextmanager
def disk_errors(action: str, root: Path) -> Iterator[None]:
    """Turn an ``OSError`` inside the block into a German ``StoreError`` that says what failed
    (``action``) and what to check."""
    try:
        yield
    except OSError as error:
        raise StoreError(
            f"{action} ({reason(error)}). Bitte prüfe, ob du im Ordner „{root}“ schreiben "
            "darfst und ob noch Platz auf dem Datenträger ist."
        ) from error
