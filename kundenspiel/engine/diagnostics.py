"""Problems found in a scenario file, reported gcc-style as ``path:line:col: severity: message``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kundenspiel.safe_text import visible


class Severity(StrEnum):
    """``error`` makes a file unusable; ``warning`` points at something a trainer should fix."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place in one file; line and column count from 1."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str

    def format(self) -> str:
        """The gcc-style line editors and CI jump from, safe for a terminal.

        Paths and messages quote the file (ids, keys, texts), so an ESC, a bidi override or a
        line break from it is written out as an escape (``\\x1b``, ``\\u202e``): it cannot
        drive the terminal, reorder the line or split one diagnostic into two.
        """
        return (
            f"{visible(self.path)}:{self.line}:{self.column}: {self.severity.value}: {visible(self.message)}"
        )

    @property
    def is_error(self) -> bool:
        """True for errors."""
        return self.severity is Severity.ERROR


class DiagnosticSink:
    """Collects diagnostics for one file, so every check can report without stopping."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Diagnostic] = []

    def add(self, line: int, column: int, severity: Severity, message: str) -> None:
        """Record a problem at a 1-based position."""
        self.items.append(Diagnostic(self.path, line, column, severity, message))

    def error(self, line: int, column: int, message: str) -> None:
        """Record an error."""
        self.add(line, column, Severity.ERROR, message)

    def warning(self, line: int, column: int, message: str) -> None:
        """Record a warning."""
        self.add(line, column, Severity.WARNING, message)

    @property
    def has_errors(self) -> bool:
        """True once any error was recorded."""
        return any(item.is_error for item in self.items)

    def sorted(self) -> list[Diagnostic]:
        """The diagnostics in file order, duplicates removed."""
        return sorted(set(self.items), key=lambda d: (d.line, d.column, d.severity, d.message))
