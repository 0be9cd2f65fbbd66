"""A child process that saves like the game does, and the parent's side of the fault tests
(start children, collect what they report, check the save folder); benchmarks/stress.py runs the
same code with bigger counts.

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
from collections.abc import Iterable
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


def completed_saves(lines: Iterable[str], into: dict[str, int] | None = None) -> dict[str, int]:
    """The children's reports as playthrough id → number of steps of its last completed save."""
    saves = {} if into is None else into
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[0] == "saved":
            saves[parts[1]] = max(saves.get(parts[1], 0), int(parts[2]))
    return saves


@dataclass
class Check:
    """What the save folder holds compared with what the children reported."""

    reported: int = 0
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    players: int = 0

    @property
    def ok(self) -> bool:
        """Nothing lost, nothing duplicated, every file readable, nothing repaired."""
        return not (self.lost or self.duplicated or self.unreadable or self.notices)


_PLAYER_FILE = re.compile(r"[0-9a-f]{32}\.json")


def check_folder(root: Path, saves: dict[str, int], *, exact: bool) -> Check:
    """Check that every reported save is in the folder, once, with its steps as logged.

    A child killed between a save and its report may have one more step on disk than reported,
    so only with ``exact`` must the step counts match exactly.
    """
    check = Check(reported=len(saves))
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
    for record_id, steps in saves.items():
        record = found.get(record_id)
        if record is None or len(record.steps) < steps or (exact and len(record.steps) != steps):
            check.lost.append(record_id)
        elif record.choice_ids != expected_choices(len(record.steps)):
            check.lost.append(record_id)
    check.players = len(store.players())
    check.notices = [notice.message for notice in store.notices()]
    return check


if __name__ == "__main__":
    main(sys.argv[1:])
