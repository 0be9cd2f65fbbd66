"""Participant numbers and the device id when several processes share one save folder at once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kundenspiel.store.device import device_id
from kundenspiel.store.groups import GroupStore
from kundenspiel.store.labels import stored_labels
from tests.store.worker import REPO

CHILD = """
import sys
from pathlib import Path
from kundenspiel.store.device import device_id
from kundenspiel.store.groups import GroupStore
from kundenspiel.store.labels import assign_labels

root, name = Path(sys.argv[1]), sys.argv[2]
print("ready", flush=True)
sys.stdin.readline()
groups = GroupStore(root)
for index in range(5):
    assign_labels(groups, "KR7M", [f"{name}-{index}"])
print(device_id(root), flush=True)
"""


def test_processes_numbering_at_once_never_share_a_number(root: Path) -> None:
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(root), f"p{number}"],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for number in range(4)
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
    for child in children:
        assert child.stdin is not None
        child.stdin.write("los\n")
        child.stdin.flush()
    devices = {child.communicate(timeout=120)[0].strip() for child in children}
    assert [child.returncode for child in children] == [0, 0, 0, 0]
    numbers = stored_labels(GroupStore(root), "KR7M")
    assert len(numbers) == 20 and sorted(numbers.values()) == list(range(1, 21))
    # Each child's players were numbered in the order it saw them.
    for number in range(4):
        own = [numbers[f"p{number}-{index}"] for index in range(5)]
        assert own == sorted(own)
    assert devices == {device_id(root)}
