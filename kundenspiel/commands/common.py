"""What every subcommand shares: exit codes and the German argument parser."""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from kundenspiel.folders import Folders

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
"""What shells report for Ctrl+C (128 + SIGINT)."""


def folders_for(arguments: argparse.Namespace) -> Folders:
    """The folders this command uses: its ``--saves``/``--scenarios`` options (before or after
    the subcommand), else the environment, the checkout or the per-user folders."""
    from kundenspiel.folders import resolve_folders

    return resolve_folders(getattr(arguments, "saves", None), getattr(arguments, "scenarios", None))


class GermanHelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with a German usage line."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        """Start the usage line with „Aufruf:“."""
        super().add_usage(usage, actions, groups, prefix="Aufruf: " if prefix is None else prefix)


class GermanArgumentParser(argparse.ArgumentParser):
    """argparse in German: usage, section titles, help option and usage errors (exit code 2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", GermanHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "Argumente"
        self._optionals.title = "Optionen"
        self.add_argument("-h", "--help", action="help", help="diese Hilfe zeigen und beenden")

    def error(self, message: str) -> NoReturn:
        """Print the usage and a German error, exit with 2."""
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: Aufruf fehlerhaft: {german_argparse_message(message)}\n")


# argparse's own error sentences (Python 3.11–3.13), in German; anything else stays as it is.
_ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (.*)"), "es fehlt: {0}"),
    (re.compile(r"unrecognized arguments: (.*)"), "unbekannte Angaben: {0}"),
    (
        re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
        "{0}: {1} gibt es nicht (möglich: {2})",
    ),
    (re.compile(r"argument (\S+): expected one argument"), "{0} braucht einen Wert"),
    (re.compile(r"argument (\S+): invalid (\w+) value: (.*)"), "{0}: ungültiger Wert {2}"),
)


def german_argparse_message(message: str) -> str:
    """Translate argparse's usage error into German where we know its wording."""
    for pattern, german in _ARGPARSE_MESSAGES:
        match = pattern.fullmatch(message)
        if match:
            return german.format(*match.groups())
    return message


_OS_REASONS = {
    errno.EACCES: "keine Berechtigung",
    errno.EPERM: "keine Berechtigung",
    errno.ENOSPC: "kein Platz mehr auf dem Datenträger",
    errno.EDQUOT: "Speicherkontingent erschöpft",
    errno.EROFS: "der Datenträger ist schreibgeschützt",
    errno.ENOENT: "den Ordner gibt es nicht",
    errno.ENOTDIR: "ein Teil des Pfads ist kein Ordner",
    errno.ENAMETOOLONG: "der Name ist zu lang",
    errno.EIO: "Ein-/Ausgabefehler des Datenträgers",
}


def os_reason(error: OSError) -> str:
    """Why a disk operation failed, in German where the cause is a common one; else the
    operating system's own words."""
    return _OS_REASONS.get(error.errno or 0) or error.strerror or type(error).__name__


class OutputError(Exception):
    """An output file that cannot be written as asked; the message is German."""


def write_output(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` as a new file that replaces the old one in one step.

    Never through a symbolic link: a link at ``path`` is refused (OutputError), and the text goes
    into an exclusively created temp file that is renamed over ``path``, so neither a half-written
    report nor a link planted meanwhile can take the place of the old file. OSError for disk
    problems.
    """
    if os.path.islink(path):
        raise OutputError(
            f"{path} ist ein symbolischer Link; kundenspiel schreibt nie durch einen Link. "
            "Gib bitte eine andere Datei an."
        )
    if path.is_dir():
        raise OutputError(
            f"{path} ist ein Ordner; gib bitte einen Dateinamen an, z. B. {path / 'bericht.html'}."
        )
    try:
        mode = stat.S_IMODE(path.lstat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    descriptor, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def emit(text: str) -> None:
    """Write to stdout; a reader that stops early (``| head``) is not an error."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would complain again while flushing at exit; point stdout at nothing instead.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
