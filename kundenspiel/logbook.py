"""The error log: what went wrong, with the traceback, for whoever fixes it; users read German.

The log lives in the platform's log folder (``kundenspiel info`` names the file). It is created
only when something is logged, never written through a symbolic link, kept small by rotation,
and a log that cannot be written never disturbs the game: the user's message then says so.
"""

from __future__ import annotations

import logging
import os
import sys
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOGGER_NAME = "kundenspiel"
MAX_LOG_BYTES = 1_000_000
KEPT_LOGS = 3

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)

logger = logging.getLogger(LOGGER_NAME)


class ErrorLogHandler(RotatingFileHandler):
    """A rotating log file that is opened without following links and fails quietly."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, maxBytes=MAX_LOG_BYTES, backupCount=KEPT_LOGS, encoding="utf-8", delay=True)
        self.failure: str | None = None
        """Why the last record could not be written (German), or None."""
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def _open(self) -> TextIOWrapper:
        path = Path(self.baseFilename)
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_NOFOLLOW: a link planted at the log's name must not redirect what we write.
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW | _CLOEXEC, 0o600)
        return os.fdopen(descriptor, "a", encoding="utf-8")

    def emit(self, record: logging.LogRecord) -> None:
        """Write the record; remember a failure instead of printing logging's own traceback."""
        self.failure = None
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        """Keep the reason; the user's German message tells it (logging would print a traceback)."""
        error = sys.exc_info()[1]
        from kundenspiel.commands.common import os_reason

        self.failure = os_reason(error) if isinstance(error, OSError) else repr(error)


def log_errors_to(path: Path) -> ErrorLogHandler:
    """Send kundenspiel's log records (warnings and worse) to ``path``; calling it again with
    another path moves the log there."""
    for handler in list(logger.handlers):
        if isinstance(handler, ErrorLogHandler):
            if Path(handler.baseFilename) == path.absolute():
                return handler
            logger.removeHandler(handler)
            handler.close()
    handler = ErrorLogHandler(path)
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    # Records stay in our file; without this they would also reach a root handler on stderr.
    logger.propagate = False
    return handler


def crash_message(error: BaseException, log_file: Path, failure: str | None) -> str:
    """What the user reads after an unexpected error (German)."""
    summary = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    from kundenspiel.safe_text import visible

    head = f"kundenspiel: Ein unerwarteter Fehler ist aufgetreten ({visible(summary)})."
    if failure is None:
        return (
            f"{head}\nDie Einzelheiten stehen in {visible(str(log_file))}. "
            "Bitte melde den Fehler zusammen mit dieser Datei."
        )
    return (
        f"{head}\nDie Protokolldatei {visible(str(log_file))} konnte nicht geschrieben werden ({failure}). "
        "Bitte melde den Fehler mit dieser Meldung."
    )


def report_crash(error: BaseException, log_file: Path) -> int:
    """Log an unexpected error with its traceback, tell the user in German; exit code 1."""
    handler = log_errors_to(log_file)
    logger.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    print(crash_message(error, log_file, handler.failure), file=sys.stderr)
    return 1


def log_crash(error: BaseException) -> str:
    """Log an unexpected error of a running app with its traceback; the German message for the
    user (naming the log file where one is set up)."""
    handler = next((h for h in logger.handlers if isinstance(h, ErrorLogHandler)), None)
    logger.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    if handler is None:
        return crash_message(error, Path("(kein Protokoll eingerichtet)"), "kein Protokoll eingerichtet")
    return crash_message(error, Path(handler.baseFilename), handler.failure)
