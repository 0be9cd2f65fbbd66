"""The scenarios available to play: every file in the scenario folders, checked by the loader.

The folders are the shipped scenarios and the trainer's own (see :mod:`kundenspiel.folders`);
a scenario of the trainer's with the id of a shipped one replaces it, so a trainer can adapt a
shipped scenario by copying it into their folder.

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
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kundenspiel import __version__
from kundenspiel.engine.models import Scenario
from kundenspiel.engine.scenario_files import scenario_files
from kundenspiel.logbook import logger

if TYPE_CHECKING:
    from kundenspiel.engine import CheckResult, Diagnostic

CACHE_FORMAT = "1"


@dataclass(frozen=True)
class CatalogEntry:
    """One scenario file: the scenario if it is playable, else the errors that prevent it."""

    path: Path
    scenario: Scenario | None
    errors: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class Catalog:
    """All scenario files of the folders, folder by folder in file order."""

    folders: tuple[Path, ...]
    entries: tuple[CatalogEntry, ...]
    replaced: tuple[tuple[Path, Path], ...] = ()
    """(shipped file, the trainer's file that replaces it), for each shipped scenario whose id a
    later folder uses again."""

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


def _cache_key(data: bytes) -> str:
    digest = hashlib.sha256(f"{CACHE_FORMAT}:{__version__}:".encode())
    digest.update(data)
    return digest.hexdigest()


def _load_entry(path: Path, cache_dir: Path | None) -> CatalogEntry:
    try:
        return _checked_entry(path, cache_dir)
    except Exception as error:  # one odd file must never stop the game for everyone
        from kundenspiel.engine.diagnostics import Diagnostic, Severity
        from kundenspiel.engine.loader import internal_error_message

        logger.exception("checking %s failed", path)
        diagnostic = Diagnostic(str(path), 1, 1, Severity.ERROR, internal_error_message(error))
        return CatalogEntry(path, None, (diagnostic,))


# The loader (YAML, schema, lint, balance) is imported for the first file not in the cache: a
# game process of `kundenspiel serve` starting on a warm cache never needs it.
def check_bytes(data: bytes, path: str, *, expected_id: str | None = None) -> CheckResult:
    """The loader's full check of a scenario given as bytes."""
    from kundenspiel.engine.loader import check_bytes as full_check

    return full_check(data, path, expected_id=expected_id)


def check_file(path: Path) -> CheckResult:
    """The loader's full check of a scenario file."""
    from kundenspiel.engine.loader import check_file as full_check

    return full_check(path)


def _checked_entry(path: Path, cache_dir: Path | None) -> CatalogEntry:
    if cache_dir is None:
        return _entry_of(path, check_file(path))
    try:
        data = path.read_bytes()
    except OSError:
        return _entry_of(path, check_file(path))  # reports the reason as a diagnostic
    cached = cache_dir / f"{_cache_key(data)}.json"
    cached_scenario = _read_cache(cached)
    if cached_scenario is not None:
        return CatalogEntry(path, cached_scenario)
    result = check_bytes(data, str(path), expected_id=path.stem)
    if result.scenario is not None:
        _write_cache(cache_dir, cached, result.scenario)
    return CatalogEntry(path, result.scenario, tuple(result.errors))


def _entry_of(path: Path, result: CheckResult) -> CatalogEntry:
    if result.internal_error is not None:
        error = result.internal_error
        logger.error("checking %s failed", path, exc_info=(type(error), error, error.__traceback__))
    return CatalogEntry(path, result.scenario, tuple(result.errors))


def _read_cache(cached: Path) -> Scenario | None:
    # The cache is only a shortcut: whatever is wrong with an entry means a full check.
    with contextlib.suppress(Exception):
        return Scenario.model_validate_json(cached.read_bytes())
    return None


def _write_cache(cache_dir: Path, cached: Path, scenario: Scenario) -> None:
    with contextlib.suppress(OSError):
        cache_dir.mkdir(parents=True, exist_ok=True)
        # mkstemp creates a new file with an unpredictable name (O_EXCL), so a link planted
        # in the cache folder is never written through; os.replace swaps a link, not its target.
        handle, temporary = tempfile.mkstemp(dir=cache_dir, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(scenario.model_dump_json())
            os.replace(temporary, cached)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def _entry_id(entry: CatalogEntry) -> str:
    return entry.scenario.id if entry.scenario is not None else entry.path.stem


def load_catalog(folders: Path | Sequence[Path], cache_dir: Path | None = None) -> Catalog:
    """Load every scenario file in ``folders`` (a missing folder adds nothing); a scenario id
    found again in a later folder replaces the earlier folder's file. With ``cache_dir``,
    unchanged files that passed before skip the full check."""
    chosen = (folders,) if isinstance(folders, Path) else tuple(folders)
    entries: list[CatalogEntry] = []
    replaced: list[tuple[Path, Path]] = []
    for folder in chosen:
        if not folder.is_dir():
            continue
        loaded = [_load_entry(path, cache_dir) for path in scenario_files([folder])]
        newer = {_entry_id(entry): entry.path for entry in loaded}
        replaced += [(entry.path, newer[_entry_id(entry)]) for entry in entries if _entry_id(entry) in newer]
        entries = [entry for entry in entries if _entry_id(entry) not in newer] + loaded
    return Catalog(chosen, tuple(entries), tuple(replaced))
