"""Kill test: the real game, headless in child processes, SIGKILLed the moment a choice's
feedback is on screen; afterwards every choice whose feedback was shown must be on disk.

The same child as tests/ui/test_saving.py (tests/ui/kill_child.py), with a big count: KILLS
children, each killed at its first, second or third feedback, TWO_AT_ONCE of them at a time
(a workshop host serves several trainees). The baseline kills BASELINE children the moment the
choice is taken, before its save is done, which is when the screen used to draw the feedback.
Prints both figures and, last, the lost ratio of the baseline against the game.
Exit status 1 if a shown choice was lost.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a plain script: make the tests' child importable
    sys.path.insert(0, str(REPO))

from tests.ui.kill_child import kill_after, on_disk, start_child  # noqa: E402

KILLS = 60
BASELINE = 20
AT_ONCE = 2
SCENARIO = "keine_befugnis"


def kill_run(folder: Path, count: int, *, at_choice: bool) -> tuple[int, float]:
    """Start and kill ``count`` children, ``AT_ONCE`` at a time; returns (lost, seconds)."""
    saves, scenarios = folder / "saves", folder / "scenarios"
    scenarios.mkdir(parents=True)
    shutil.copy(REPO / "scenarios" / f"{SCENARIO}.yaml", scenarios)
    cache = folder / "cache"
    rng = random.Random(count)
    lost = 0
    began = time.perf_counter()
    for first in range(0, count, AT_ONCE):
        names = [f"Kill {index}" for index in range(first, min(first + AT_ONCE, count))]
        children = [start_child(saves, scenarios, cache, name, at_choice=at_choice) for name in names]
        for child in children:
            line = kill_after(child, rng.randint(1, 3))
            lost += not on_disk(saves, line)
    return lost, time.perf_counter() - began


def main() -> int:
    """Run the game's kills and the baseline's, and print the figures."""
    with tempfile.TemporaryDirectory(prefix="kundenspiel-kill-") as temp:
        lost, seconds = kill_run(Path(temp) / "game", KILLS, at_choice=False)
        print(f"game: {KILLS} kills right after the feedback was drawn, lost {lost} ({seconds:.0f} s)")
        base_lost, base_seconds = kill_run(Path(temp) / "baseline", BASELINE, at_choice=True)
        print(
            f"baseline: {BASELINE} kills right after the choice was taken (save not awaited), "
            f"lost {base_lost} ({base_seconds:.0f} s)"
        )
    game_rate, base_rate = lost / KILLS, base_lost / BASELINE
    ratio = "∞" if not game_rate and base_rate else f"{base_rate / game_rate:.1f}×" if game_rate else "–"
    print(f"lost per kill: game {game_rate:.1%}, baseline {base_rate:.1%}; baseline/game {ratio}")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
