"""Running ``kundenspiel`` in a test with what the user types on standard input."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from kundenspiel.cli import main
from tests.conftest import MINI_SCENARIO


def run(capsys: pytest.CaptureFixture[str], saves: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``kundenspiel --saves SAVES ARGS…`` over the mini scenario;
    ``stdin`` is what a script pipes in (PINs, one per line; answers to questions)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(["--saves", str(saves), "--scenarios", str(MINI_SCENARIO.parent), *args])
    out, err = capsys.readouterr()
    return code, out, err
