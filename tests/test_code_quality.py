"""ruff and mypy run as part of the suite, so the README's one test command checks them too."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def tool(name: str) -> list[str]:
    return [sys.executable, "-m", name]


def test_ruff_is_clean() -> None:
    completed = subprocess.run(
        [*tool("ruff"), "check", "kundenspiel", "tests", "benchmarks"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_ruff_format_is_clean() -> None:
    completed = subprocess.run(
        [*tool("ruff"), "format", "--check", "kundenspiel", "tests", "benchmarks"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_mypy_is_clean() -> None:
    completed = subprocess.run([*tool("mypy")], cwd=REPO, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr


LINE_LIMIT = 400


def test_no_file_is_over_the_line_limit() -> None:
    # House rule 8: a file that grows past this is split by what it is about.
    sources = [
        path
        for folder in ("kundenspiel", "tests", "benchmarks")
        for path in (REPO / folder).rglob("*")
        if path.suffix in {".py", ".tcss"} and "__snapshots__" not in path.parts
    ]
    too_long = {
        str(path.relative_to(REPO)): count
        for path in sources
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > LINE_LIMIT
    }
    assert sources and too_long == {}
