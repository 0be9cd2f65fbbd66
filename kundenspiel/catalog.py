"""The scenarios available to play: every file in the scenario folder, checked by the loader.

Broken files stay in the catalog with their diagnostics, so the game can say which file is
broken and why instead of silently hiding it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kundenspiel.engine import Diagnostic, Scenario, check_file, scenario_files


@dataclass(frozen=True)
class CatalogEntry:
    """One scenario file: the scenario if it is playable, else the errors that prevent it."""

    path: Path
    scenario: Scenario | None
    errors: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class Catalog:
    """All scenario files of a folder, playable ones first in file order."""

    folder: Path
    entries: tuple[CatalogEntry, ...]

    @property
    def playable(self) -> list[Scenario]:
        """The scenarios that loaded without errors."""
        return [entry.scenario for entry in self.entries if entry.scenario is not None]

    @property
    def broken(self) -> list[CatalogEntry]:
        """The files that could not be loaded."""
        return [entry for entry in self.entries if entry.scenario is None]

    def find(self, scenario_id: str) -> Scenario | None:
        """The playable scenario with that id, or None."""
        return next((s for s in self.playable if s.id == scenario_id), None)


def load_catalog(folder: Path) -> Catalog:
    """Load every scenario file in ``folder`` (a missing folder gives an empty catalog)."""
    if not folder.is_dir():
        return Catalog(folder, ())
    entries = []
    for path in scenario_files([folder]):
        result = check_file(path)
        entries.append(CatalogEntry(path, result.scenario, tuple(result.errors)))
    return Catalog(folder, tuple(entries))
