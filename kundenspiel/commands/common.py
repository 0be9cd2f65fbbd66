"""What every subcommand shares: exit codes and the German argument parser."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
DEFAULT_SCENARIO_DIR = Path("scenarios")


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
