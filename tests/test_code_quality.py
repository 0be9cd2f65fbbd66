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
