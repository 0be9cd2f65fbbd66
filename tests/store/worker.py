"""A child process that saves like the game does, and the parent's side of the fault tests
(start children, collect what they report, check the save folder); benchmarks/stress.py runs the
same code with bigger counts.

A child's reports are read through one reader only (its ``stdout`` file object): mixing
``readline()`` with ``communicate()``, which reads the pipe itself, drops the lines the file
object had already read ahead, and the check then compares the folder with only part of the
acknowledged saves.

Child usage: ``python -m tests.store.worker ROOT NAME COUNT [--wait]``

Creates (or finds) the player NAME, starts a playthrough and saves one step after another;
every ``NEW_EVERY``-th save starts a new playthrough instead. After each save has returned it
prints ``saved <playthrough id> <number of steps>`` and flushes, so whatever the parent reads
was on disk before the child could be killed. COUNT 0 saves until killed. With ``--wait`` it
prints ``ready`` and waits for a line on stdin before saving, so many workers start together.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kundenspiel.store import PlaythroughRecord, SaveStore, StepRecord

REPO = Path(__file__).resolve().parent.parent.parent

NEW_EVERY = 5


def step(index: int) -> StepRecord:
    """The step a worker logs at position ``index``: deterministic, so the parent can check it."""
    return StepRecord(
        node_id=f"n{index}",
        choice_id=f"c{index}",
        meters={"motivation": index % 101, "vertrauen": 50, "befugnis": 50},
        at=datetime(2025, 1, 1, tzinfo=UTC),
    )


def expected_choices(count: int) -> list[str]:
    """The choice log of a worker's playthrough with ``count`` steps."""
    return [f"c{index}" for index in range(count)]


def main(argv: list[str]) -> None:
    """Run the save loop described in the module docstring."""
    root, name, count = Path(argv[0]), argv[1], int(argv[2])
    store = SaveStore(root)
    player = store.ensure_player(name)
    if "--wait" in argv:
        print("ready", flush=True)
        sys.stdin.readline()
    record: PlaythroughRecord | None = None
    done = 0
    while count == 0 or done < count:
        if record is None or done % NEW_EVERY == 0:
            record = store.new_playthrough(
                player,
                scenario_id="stress",
                scenario_version=1,
                content_hash="0" * 64,
                group_code="W1",
                start_meters={"motivation": 50, "vertrauen": 50, "befugnis": 50},
            )
        else:
            record = record.with_step(step(len(record.steps)), datetime.now(UTC))
            store.save_playthrough(record)
        done += 1
        print(f"saved {record.id} {len(record.steps)}", flush=True)


def start_worker(root: Path, name: str, count: int, *, wait: bool = False) -> subprocess.Popen[str]:
    """Start a child that saves ``count`` times (0: until killed) for the player ``name``."""
    command = [sys.executable, "-m", "tests.store.worker", str(root), name, str(count)]
    if wait:
        command.append("--wait")
    return subprocess.Popen(
        command,
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_reports(
    child: subprocess.Popen[str], wanted: int, stop: Callable[[], None]
) -> tuple[list[str], str]:
    """Read ``wanted`` lines of a child's reports, call ``stop`` (e.g. a SIGKILL), then read the
    rest up to the end and wait for the child; return every line read and the error output.

    The rest comes from the same file object, never from ``communicate()``: see the module doc.
    """
    assert child.stdout is not None
    lines: list[str] = []
    while len(lines) < wanted:
        line = child.stdout.readline()
        if not line:
            break
        lines.append(line)
    stop()
    rest, errors = read_all_reports(child)
    return [*lines, *rest], errors


def read_all_reports(child: subprocess.Popen[str]) -> tuple[list[str], str]:
    """A child's reports (stdout) and its error output, read to the end; waits for the child and
    closes its pipes."""
    assert child.stdout is not None and child.stderr is not None
    lines = child.stdout.readlines()
    errors = child.stderr.read()
    child.wait(timeout=600)
    for stream in (child.stdin, child.stdout, child.stderr):
        if stream is not None:
            stream.close()
    return lines, errors


@dataclass
class Acknowledged:
    """Every save the children acknowledged, as (playthrough id, number of steps), in the order
    read: one per ``saved <id> <steps>`` line."""

    saves: list[tuple[str, int]] = field(default_factory=list)

    def add(self, lines: Iterable[str]) -> None:
        """Count the ``saved`` lines among ``lines``."""
        for line in lines:
            parts = line.split()
            if len(parts) == 3 and parts[0] == "saved":
                self.saves.append((parts[1], int(parts[2])))

    @property
    def latest(self) -> dict[str, int]:
        """Playthrough id → number of steps of its last acknowledged save."""
        latest: dict[str, int] = {}
        for record_id, steps in self.saves:
            latest[record_id] = max(latest.get(record_id, 0), steps)
        return latest


@dataclass
class Check:
    """What the save folder holds compared with what the children acknowledged."""

    acknowledged: int = 0
    found: int = 0
    reported: int = 0
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    players: int = 0

    @property
    def ok(self) -> bool:
        """Every acknowledged save found, nothing duplicated, every file readable, nothing repaired."""
        return self.found == self.acknowledged and not (
            self.lost or self.duplicated or self.unreadable or self.notices
        )


_PLAYER_FILE = re.compile(r"[0-9a-f]{32}\.json")


def check_folder(root: Path, acknowledged: Acknowledged, *, exact: bool) -> Check:
    """Check that every acknowledged save is in the folder, once, with its steps as logged.

    A child killed between a save and its report may have one more step on disk than reported,
    so only with ``exact`` must the step counts match exactly.
    """
    latest = acknowledged.latest
    check = Check(acknowledged=len(acknowledged.saves), reported=len(latest))
    store = SaveStore(root)
    found: dict[str, PlaythroughRecord] = {}
    for path in sorted((root / "players").iterdir()):
        if not _PLAYER_FILE.fullmatch(path.name):
            continue
        try:
            documents = json.loads(path.read_bytes()).get("playthroughs", {}).values()
        except ValueError:
            check.unreadable.append(path.name)
            continue
        counts = Counter(document.get("id") for document in documents)
        check.duplicated += [record_id for record_id, count in counts.items() if count > 1]
        found.update((record.id, record) for record in store.playthroughs(path.stem))
    intact = {
        record_id: len(record.steps)
        for record_id, record in found.items()
        if record.choice_ids == expected_choices(len(record.steps))
    }
    for record_id, steps in latest.items():
        stored = intact.get(record_id)
        if stored is None or stored < steps or (exact and stored != steps):
            check.lost.append(record_id)
    # A save is found when its playthrough holds at least the steps it reported.
    check.found = sum(1 for record_id, steps in acknowledged.saves if intact.get(record_id, -1) >= steps)
    check.players = len(store.players())
    check.notices = [notice.message for notice in store.notices()]
    return check


if __name__ == "__main__":
    main(sys.argv[1:])
