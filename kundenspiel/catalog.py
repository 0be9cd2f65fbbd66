"""The scenarios available to play: every file in the scenario folder, checked by the loader.

Broken files stay in the catalog with their diagnostics, so the game can say which file is
broken and why instead of silently hiding it.

A full check (YAML with positions, schema, references, exploring every state) takes about a
second for the shipped scenarios, far longer than the game takes to start. So a scenario that
passed is cached as validated JSON, keyed by a hash of the file's bytes and of this version of
kundenspiel: an edited file or a new release is checked again, an unchanged one loads in
milliseconds. The cache is only ever a shortcut; any problem with it means a full check.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from kundenspiel import __version__
from kundenspiel.engine import Diagnostic, Scenario, check_bytes, check_file, scenario_files

CACHE_FORMAT = "1"


@dataclass(frozen=True)
class CatalogEntry:
    """One scenario file: the scenario if it is playable, else the errors that prevent it."""

    path: Path
    scenario: Scenario | None
    errors: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class Catalog:
    """All scenario files of a folder, in file order."""

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


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/kundenspiel`` or ``~/.cache/kundenspiel``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kundenspiel" / "scenarios"


def _cache_key(data: bytes) -> str:
    digest = hashlib.sha256(f"{CACHE_FORMAT}:{__version__}:".encode())
    digest.update(data)
    return digest.hexdigest()


def _load_entry(path: Path, cache_dir: Path | None) -> CatalogEntry:
    if cache_dir is None:
        result = check_file(path)
        return CatalogEntry(path, result.scenario, tuple(result.errors))
    try:
        data = path.read_bytes()
    except OSError:
        result = check_file(path)  # reports the reason as a diagnostic
        return CatalogEntry(path, result.scenario, tuple(result.errors))
    cached = cache_dir / f"{_cache_key(data)}.json"
    with contextlib.suppress(OSError, ValidationError, ValueError):
        return CatalogEntry(path, Scenario.model_validate_json(cached.read_bytes()))
    result = check_bytes(data, str(path), expected_id=path.stem)
    if result.scenario is not None:
        with contextlib.suppress(OSError):
            cache_dir.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(result.scenario.model_dump_json(), encoding="utf-8")
            os.replace(temporary, cached)
    return CatalogEntry(path, result.scenario, tuple(result.errors))


def load_catalog(folder: Path, cache_dir: Path | None = None) -> Catalog:
    """Load every scenario file in ``folder`` (a missing folder gives an empty catalog);
    with ``cache_dir``, unchanged files that passed before skip the full check."""
    if not folder.is_dir():
        return Catalog(folder, ())
    return Catalog(folder, tuple(_load_entry(path, cache_dir) for path in scenario_files([folder])))
