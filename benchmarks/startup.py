"""Start-up: from process start to the title screen painted, then exit — headless.

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
import resource, sys
from textual.app import App
from textual.widgets import Static

class Bare(App[None]):
    def compose(self):
        yield Static("Hallo")
    def on_mount(self):
        self.call_after_refresh(self.exit)

Bare().run(headless=True, size=(120, 40))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

OURS = """
import resource, sys
from pathlib import Path
from kundenspiel.ui.app import KundenspielApp
from kundenspiel.ui.screens.start import StartScreen
from kundenspiel.ui.session import GameConfig

class Measured(KundenspielApp):
    def on_mount(self):
        super().on_mount()
        self.call_after_refresh(self.exit_when_title_shows)
    def exit_when_title_shows(self):
        if isinstance(self.screen, StartScreen):
            self.exit()
        else:
            self.call_after_refresh(self.exit_when_title_shows)

saves = Path(sys.argv[1])
Measured(GameConfig(saves_dir=saves, scenario_dir=Path("scenarios"))).run(headless=True, size=(120, 40))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure(script: str, *args: str) -> tuple[float, int]:
    """Wall time of one fresh interpreter running ``script``, and its peak RSS in KiB."""
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", script, *args], cwd=REPO, capture_output=True, text=True, check=True
    )
    elapsed = time.perf_counter() - started
    return elapsed, int(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    """Alternate bare and ours so drift on a noisy machine hits both alike."""
    bare_times, bare_memory, our_times, our_memory = [], [], [], []
    with tempfile.TemporaryDirectory() as saves:
        measure(BARE)
        measure(OURS, saves)  # warm the file cache and bytecode for both
        for _ in range(RUNS):
            elapsed, memory = measure(BARE)
            bare_times.append(elapsed)
            bare_memory.append(memory)
            elapsed, memory = measure(OURS, saves)
            our_times.append(elapsed)
            our_memory.append(memory)
    bare_t, our_t = statistics.median(bare_times), statistics.median(our_times)
    bare_m, our_m = max(bare_memory), max(our_memory)
    print(f"bare Textual app: median {bare_t * 1000:.0f} ms, peak {bare_m / 1024:.1f} MiB ({RUNS} runs)")
    print(f"kundenspiel:      median {our_t * 1000:.0f} ms, peak {our_m / 1024:.1f} MiB ({RUNS} runs)")
    print(
        f"ratio: time {our_t / bare_t:.2f}x (target <= 1.25x), memory {our_m / bare_m:.2f}x (target <= 1.5x)"
    )


if __name__ == "__main__":
    main()
