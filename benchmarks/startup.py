"""Start-up: from process start to the title screen painted, then exit — headless.

Ours builds the command line first, as ``kundenspiel`` does, then runs the app.

Compared with a bare Textual app measured in the same run, each in a fresh interpreter so that
imports count. Prints the medians, peak memory, and the ratios as the last line.
Target: time ≤ 1.25× and peak memory ≤ 1.5× the bare app.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUNS = 12

BARE = """
import time
STARTED = time.perf_counter()
import resource, sys
from textual.app import App
from textual.widgets import Static

class Bare(App[None]):
    def compose(self):
        yield Static("Hallo")
    def on_mount(self):
        self.call_after_refresh(self.painted)
    def painted(self):
        print(time.perf_counter() - STARTED)
        self.exit()

Bare().run(headless=True, size=(120, 40))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

OURS = """
import time
STARTED = time.perf_counter()
import resource, sys
from pathlib import Path
# As `kundenspiel` does before the game starts: the command line, with every subcommand's parser
# (a subcommand that imported the store or engine here once cost every game about a second).
from kundenspiel.cli import build_parser
build_parser().parse_args([])
from kundenspiel.ui.app import KundenspielApp
from kundenspiel.ui.screens.start import StartScreen
from kundenspiel.ui.session import GameConfig

class Measured(KundenspielApp):
    def on_mount(self):
        super().on_mount()
        self.call_after_refresh(self.exit_when_title_shows)
    def exit_when_title_shows(self):
        if isinstance(self.screen, StartScreen):
            print(time.perf_counter() - STARTED)
            self.exit()
        else:
            self.call_after_refresh(self.exit_when_title_shows)

saves = Path(sys.argv[1])
config = GameConfig(saves_dir=saves, scenario_dir=Path("scenarios"), cache_dir=saves / "cache")
Measured(config).run(headless=True, size=(120, 40))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure(script: str, *args: str) -> tuple[float, float, int]:
    """One fresh interpreter running ``script``: wall time until it exits, time until the first
    screen was painted (from the script's first line), and peak RSS in KiB."""
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", script, *args], cwd=REPO, capture_output=True, text=True, check=True
    )
    elapsed = time.perf_counter() - started
    painted, memory = completed.stdout.strip().splitlines()[-2:]
    return elapsed, float(painted), int(memory)


def main() -> None:
    """Alternate bare and ours so drift on a noisy machine hits both alike."""
    bare: list[tuple[float, float, int]] = []
    ours: list[tuple[float, float, int]] = []
    with tempfile.TemporaryDirectory() as saves:
        measure(BARE)
        measure(OURS, saves)  # warm the file cache, bytecode and the scenario cache for both
        for _ in range(RUNS):
            bare.append(measure(BARE))
            ours.append(measure(OURS, saves))
    bare_total, bare_paint, bare_memory = summary(bare)
    our_total, our_paint, our_memory = summary(ours)
    for name, (total, paint, memory) in (
        ("bare Textual app", (bare_total, bare_paint, bare_memory)),
        ("kundenspiel     ", (our_total, our_paint, our_memory)),
    ):
        print(
            f"{name}: process start to exit {total * 1000:.0f} ms, script start to first screen "
            f"{paint * 1000:.0f} ms, peak {memory:.1f} MiB (median of {RUNS})"
        )
    print(
        f"ratio: start to exit {our_total / bare_total:.2f}x (target <= 1.25x), first screen "
        f"{our_paint / bare_paint:.2f}x, peak memory {our_memory / bare_memory:.2f}x (target <= 1.5x)"
    )


def summary(runs: list[tuple[float, float, int]]) -> tuple[float, float, float]:
    """Median wall time, median time to first screen, peak memory in MiB."""
    return (
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        max(r[2] for r in runs) / 1024,
    )


if __name__ == "__main__":
    main()
