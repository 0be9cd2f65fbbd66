"""Fault tests with small counts: children killed with SIGKILL mid-save, and many processes
(and threads) saving into one folder at once. benchmarks/stress.py runs the big counts."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kundenspiel.store import SaveStore
from tests.store.conftest import make_step, start
from tests.store.worker import Acknowledged, check_folder, read_all_reports, read_reports, start_worker

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX only")

KILLS = 5
PROCESSES = 4
SAVES_PER_PROCESS = 15


def test_killed_while_saving_loses_no_completed_save(tmp_path: Path) -> None:
    root = tmp_path / "saves"
    rng = random.Random(20250314)
    acknowledged = Acknowledged()
    for _ in range(KILLS):
        child = start_worker(root, "Anna", 0)
        wanted = rng.randint(1, 30)

        def kill(child: subprocess.Popen[str] = child) -> None:
            # The child saves back to back, so any moment is a moment inside a save.
            time.sleep(rng.uniform(0, 0.003))
            child.send_signal(signal.SIGKILL)

        lines, errors = read_reports(child, wanted, kill)
        assert len(lines) >= wanted, f"worker ended early: {errors}"
        assert child.returncode == -signal.SIGKILL
        acknowledged.add(lines)

    check = check_folder(root, acknowledged, exact=False)
    assert check.reported >= KILLS
    assert check.acknowledged >= KILLS
    assert check.ok, check
    assert check.found == check.acknowledged
    assert check.players == 1


def test_processes_saving_at_once_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    root = tmp_path / "saves"
    # Two processes per player: one trainee with two windows, twice over.
    children = [
        start_worker(root, f"Gruppe {'AB'[index % 2]}", SAVES_PER_PROCESS, wait=True)
        for index in range(PROCESSES)
    ]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready", child.communicate()[1]
    for child in children:
        assert child.stdin is not None
        child.stdin.write("los\n")
        child.stdin.flush()
    acknowledged = Acknowledged()
    for child in children:
        lines, errors = read_all_reports(child)
        assert child.returncode == 0, errors
        acknowledged.add(lines)

    check = check_folder(root, acknowledged, exact=True)
    assert check.acknowledged == PROCESSES * SAVES_PER_PROCESS
    assert check.reported == PROCESSES * -(-SAVES_PER_PROCESS // 5)  # a new playthrough every 5 saves
    assert check.ok, check
    assert check.found == check.acknowledged
    assert check.players == 2


def test_threads_and_two_stores_in_one_process_lose_nothing(root: Path) -> None:
    stores = [SaveStore(root), SaveStore(root)]
    player = stores[0].ensure_player("Anna")
    expected: dict[str, list[str]] = {}
    errors: list[BaseException] = []

    def save_steps(store: SaveStore) -> None:
        try:
            record = start(store, player)
            for index in range(10):
                record = record.with_step(make_step(index), datetime.now(UTC))
                store.save_playthrough(record)
            expected[record.id] = record.choice_ids
        except BaseException as error:  # reported below, a thread cannot fail the test itself
            errors.append(error)

    threads = [threading.Thread(target=save_steps, args=(stores[index % 2],)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    stored = {record.id: record.choice_ids for record in SaveStore(root).playthroughs(player.key)}
    assert stored == expected
