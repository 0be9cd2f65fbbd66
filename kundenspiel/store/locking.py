"""The guards every write in the save folder goes through: a cross-process file lock and the
translation of disk errors into German messages; plus the claim a window holds on a player.

Lock files live in ``locks/`` and stay in place. filelock opens them with ``O_NOFOLLOW`` and
never truncates them, so a symbolic link planted there cannot reach its target; it would only
make every lock fail. So such a link (never a regular lock file, which another process may hold)
is removed before locking, and a ``locks/`` (or ``players/``) folder that is itself a link is
refused.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from filelock import FileLock, Timeout

from kundenspiel.store.layout import LOCK_POLL_INTERVAL, LOCK_TIMEOUT
from kundenspiel.store.models import StoreError

# A link re-planted between our check and filelock's open shows as ELOOP; try a few times.
_LINK_ATTEMPTS = 3


def real_folder(folder: Path) -> None:
    """Create ``folder`` if needed; a German StoreError if it is a symbolic link (or no folder).

    Only for folders inside the save folder: the save folder itself may be a link the user chose.
    """
    try:
        mode = os.lstat(folder).st_mode
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        mode = os.lstat(folder).st_mode
    if stat.S_ISLNK(mode):
        raise StoreError(
            f"Der Ordner „{folder}“ ist ein symbolischer Link. Aus Sicherheitsgründen folgt das Spiel "
            "ihm nicht. Bitte entferne den Link oder wähle einen anderen Ordner für die Spielstände "
            "(mit --saves oder KUNDENSPIEL_SAVES)."
        )
    if not stat.S_ISDIR(mode):
        raise StoreError(
            f"„{folder}“ ist eine Datei, kein Ordner. Bitte entferne sie oder wähle einen anderen Ordner "
            "für die Spielstände (mit --saves oder KUNDENSPIEL_SAVES)."
        )


def _remove_planted_link(lock_path: Path) -> None:
    try:
        mode = os.lstat(lock_path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        lock_path.unlink(missing_ok=True)


def _acquire(lock: FileLock, lock_path: Path, *, blocking: bool) -> None:
    """``lock.acquire`` after removing a planted link at ``lock_path``; Timeout as from filelock."""
    for attempt in range(_LINK_ATTEMPTS):
        _remove_planted_link(lock_path)
        try:
            lock.acquire(blocking=blocking)
            return
        except OSError as error:
            if error.errno != errno.ELOOP or attempt == _LINK_ATTEMPTS - 1:
                raise


def _lock(lock_path: Path, timeout: float) -> FileLock:
    real_folder(lock_path.parent)
    # thread_local=False: a claim may be taken on one thread and released on another.
    return FileLock(lock_path, timeout=timeout, poll_interval=LOCK_POLL_INTERVAL, thread_local=False)


@contextmanager
def held_lock(lock_path: Path, subject: str | Callable[[], str]) -> Iterator[None]:
    """Hold the lock at ``lock_path``; a lock still held elsewhere after ``LOCK_TIMEOUT`` becomes
    a German ``StoreError`` naming ``subject`` (e.g. „Die Gruppenliste“; a callable is asked
    only then, so naming a player costs nothing on the everyday path)."""
    real_folder(lock_path.parent)
    lock = FileLock(lock_path, timeout=LOCK_TIMEOUT, poll_interval=LOCK_POLL_INTERVAL)
    try:
        _acquire(lock, lock_path, blocking=True)
    except Timeout:
        named = subject if isinstance(subject, str) else subject()
        raise StoreError(
            f"{named} ist seit {LOCK_TIMEOUT:.0f} Sekunden von einem anderen Fenster gesperrt. "
            "Bitte versuch es gleich noch einmal."
        ) from None
    try:
        yield
    finally:
        lock.release()


class PlayerClaim:
    """A window's claim on a player while they play, held across processes until ``release()``.

    Another claim on the same player fails while this one is held, in another process and in
    this one alike (flock locks belong to an open file, not to a process). Ending the process
    releases it too, so a killed window never blocks its player. Use it as a context manager or
    call ``release()``; releasing twice is harmless.
    """

    def __init__(self, key: str, lock: FileLock) -> None:
        self._key = key
        self._lock = lock

    @property
    def key(self) -> str:
        """The key of the claimed player."""
        return self._key

    @property
    def held(self) -> bool:
        """True until the claim is released."""
        return self._lock.is_locked

    def release(self) -> None:
        """Give the player free for other windows."""
        if self._lock.is_locked:
            self._lock.release(force=True)

    def __enter__(self) -> PlayerClaim:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.release()


def try_claim(lock_path: Path, key: str) -> PlayerClaim | None:
    """The claim at ``lock_path`` if nobody holds it now (never waits), else None."""
    lock = _lock(lock_path, timeout=0)
    try:
        _acquire(lock, lock_path, blocking=False)
    except Timeout:
        return None
    return PlayerClaim(key, lock)


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
