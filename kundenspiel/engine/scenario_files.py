"""Which files are scenarios: on its own, so that listing them does not import the loader."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

SCENARIO_SUFFIXES = (".yaml", ".yml")


def scenario_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The scenario files named by ``paths``: files as given, folders searched for YAML files
    (hidden files and folders skipped)."""
    for path in paths:
        if path.is_dir():
            for candidate in sorted(path.rglob("*")):
                relative = candidate.relative_to(path).parts
                if (
                    candidate.is_file()
                    and candidate.suffix.lower() in SCENARIO_SUFFIXES
                    and not any(part.startswith(".") for part in relative)
                ):
                    yield candidate
        else:
            yield path
