"""House rule 1: the engine is plain Python and never pulls in Textual."""

from __future__ import annotations

import subprocess
import sys


def test_engine_imports_without_textual() -> None:
    probe = (
        "import sys\n"
        "import kundenspiel.engine\n"
        "from kundenspiel.engine import loader, play, scoring, explore, lint\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == ""


def test_engine_runs_with_textual_blocked() -> None:
    probe = (
        "import sys\n"
        "sys.modules['textual'] = None  # any import of textual now fails\n"
        "from pathlib import Path\n"
        "from kundenspiel.engine import check_file, play\n"
        "result = check_file(Path('tests/data/mini.yaml'))\n"
        "state = play.replay(result.scenario, ['vertroesten']).state\n"
        "print(state.ending_id)\n"
    )
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "ende_schlecht"
