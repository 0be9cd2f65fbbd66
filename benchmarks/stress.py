"""Stress: 100 processes killed with SIGKILL while saving, then 30 processes × 50 saves at once.

The same child and the same checks as the fault tests in tests/store/test_faults.py, with big
counts. Kills happen four children at a time (two per player), so some land while a process
waits for the lock or repairs nothing but still holds it. Afterwards every file must load
and hold every save a child acknowledged (printed after the save returned): acknowledged and
found must be equal, lost and duplicated both 0. Every report line is counted: the child's
output is read through one reader only (see tests/store/worker.py).
Prints the figures and, as the last line, the totals. Exit status 1 if anything was lost.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a plain script: make the tests' worker importable
    sys.path.insert(0, str(REPO))

from tests.store.worker import (  # noqa: E402
    Acknowledged,
    Check,
    check_folder,
    read_all_reports,
    read_reports,
    start_worker,
)

KILLS = 100
KILLS_AT_ONCE = 4
PROCESSES = 30
SAVES_PER_PROCESS = 50
PROCESSES_PER_PLAYER = 2


def kill_round(root: Path, rng: random.Random, acknowledged: Acknowledged) -> None:
    """Start a few savers, let each complete a random number of saves, then SIGKILL it."""
    children = [start_worker(root, f"Kill {index % 2}", 0) for index in range(KILLS_AT_ONCE)]
    for child in children:
        wanted = rng.randint(1, 40)

        def kill(child: subprocess.Popen[str] = child) -> None:
            time.sleep(rng.uniform(0, 0.003))
            child.send_signal(signal.SIGKILL)

        # Everything is read from the child's one stdout reader, the lines it read ahead included.
        lines, errors = read_reports(child, wanted, kill)
        if len(lines) < wanted:
            raise SystemExit(f"a worker ended early: {errors}")
        acknowledged.add(lines)


def kills(root: Path) -> tuple[Check, float]:
    """KILLS children killed mid-save; the folder checked afterwards."""
    rng = random.Random(100)
    acknowledged = Acknowledged()
    began = time.perf_counter()
    for _ in range(KILLS // KILLS_AT_ONCE):
        kill_round(root, rng, acknowledged)
    elapsed = time.perf_counter() - began
    return check_folder(root, acknowledged, exact=False), elapsed


def concurrent(root: Path) -> tuple[Check, float]:
    """PROCESSES children saving at once (started together), the folder checked afterwards."""
    players = PROCESSES // PROCESSES_PER_PLAYER
    children = [
        start_worker(root, f"Teilnehmende {index % players:02d}", SAVES_PER_PROCESS, wait=True)
        for index in range(PROCESSES)
    ]
    for child in children:
        assert child.stdout is not None
        if child.stdout.readline().strip() != "ready":
            raise SystemExit(f"a worker did not start: {child.communicate()[1]}")
    began = time.perf_counter()
    for child in children:
        assert child.stdin is not None
        child.stdin.write("los\n")
        child.stdin.flush()
    acknowledged = Acknowledged()
    for child in children:
        lines, errors = read_all_reports(child)
        if child.returncode != 0:
            raise SystemExit(f"a worker failed: {errors}")
        acknowledged.add(lines)
    elapsed = time.perf_counter() - began
    check = check_folder(root, acknowledged, exact=True)
    if check.acknowledged != PROCESSES * SAVES_PER_PROCESS:
        raise SystemExit(f"{check.acknowledged} saves acknowledged, {PROCESSES * SAVES_PER_PROCESS} made")
    return check, elapsed


def show(label: str, check: Check, elapsed: float) -> None:
    """One line of figures, plus the details of anything that went wrong."""
    print(
        f"{label}: {check.acknowledged} saves acknowledged, {check.found} found on disk "
        f"({check.reported} playthroughs), lost {len(check.lost)}, "
        f"duplicated {len(check.duplicated)}, unreadable files {len(check.unreadable)}, "
        f"repairs {len(check.notices)}, {elapsed:.1f} s"
    )
    for problem in [*check.lost, *check.duplicated, *check.unreadable, *check.notices]:
        print(f"  problem: {problem}")


def main() -> int:
    """Run both stress parts and print the results."""
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kundenspiel-stress-") as temp:
        killed, kill_time = kills(Path(temp) / "kills")
        show(f"{KILLS} SIGKILLs during saves ({KILLS_AT_ONCE} at a time)", killed, kill_time)
        crowd, crowd_time = concurrent(Path(temp) / "crowd")
        saves = PROCESSES * SAVES_PER_PROCESS
        show(f"{PROCESSES} processes × {SAVES_PER_PROCESS} saves", crowd, crowd_time)
        rate = saves / crowd_time
        print(f"  {saves} saves in {crowd_time:.1f} s: {rate:.0f} saves/s over {crowd.players} players")
    acknowledged = killed.acknowledged + crowd.acknowledged
    found = killed.found + crowd.found
    lost = len(killed.lost) + len(crowd.lost)
    duplicated = len(killed.duplicated) + len(crowd.duplicated)
    broken = len(killed.unreadable) + len(crowd.unreadable)
    print(
        f"total: {acknowledged} saves acknowledged, {found} found; lost {lost}, "
        f"duplicated {duplicated}, unreadable {broken}, "
        f"time {time.perf_counter() - began:.1f} s"
    )
    return 0 if killed.ok and crowd.ok else 1


if __name__ == "__main__":
    sys.exit(main())
