"""The fault tests and benchmarks/stress.py count every save a child acknowledged, including the
lines a buffered reader had already read ahead when the child was killed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.store.worker import Acknowledged, check_folder, read_reports

# One write of many reports at once, as a fast worker produces them between two reads of the
# parent; then it waits to be killed, as a worker does in the middle of a save.
BURST = (
    "import sys\n"
    "sys.stdout.write(''.join(f'saved {i % 7:032x} {i}\\n' for i in range(400)))\n"
    "sys.stdout.flush()\n"
    "sys.stdin.read()\n"
)


def test_every_line_a_killed_child_wrote_is_counted() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", BURST],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines, _ = read_reports(child, 3, child.kill)
    acknowledged = Acknowledged()
    acknowledged.add(lines)
    assert len(acknowledged.saves) == 400
    assert acknowledged.saves[:2] == [(f"{0:032x}", 0), (f"{1:032x}", 1)]
    assert acknowledged.latest == {f"{i:032x}": 399 - (399 - i) % 7 for i in range(7)}


def test_only_saved_lines_count() -> None:
    acknowledged = Acknowledged()
    acknowledged.add(["ready\n", "saved abc 2\n", "saved abc\n", "Traceback …\n", "saved abc 3\n"])
    assert acknowledged.saves == [("abc", 2), ("abc", 3)]
    assert acknowledged.latest == {"abc": 3}


def test_the_check_compares_every_acknowledged_save_with_the_folder(tmp_path: Path) -> None:
    from kundenspiel.store import SaveStore
    from tests.store.worker import step

    root = tmp_path / "saves"
    store = SaveStore(root)
    player = store.ensure_player("Anna")
    record = store.new_playthrough(
        player,
        scenario_id="stress",
        scenario_version=1,
        content_hash="0" * 64,
        group_code=None,
        start_meters={"motivation": 50, "vertrauen": 50, "befugnis": 50},
    )
    for index in range(2):
        record = record.with_step(step(index), record.updated_at)
        store.save_playthrough(record)
    acknowledged = Acknowledged()
    acknowledged.add([f"saved {record.id} 0", f"saved {record.id} 1", f"saved {record.id} 2"])
    check = check_folder(root, acknowledged, exact=True)
    assert (check.acknowledged, check.found, check.reported, check.lost) == (3, 3, 1, [])
    assert check.ok

    acknowledged.add([f"saved {record.id} 3", f"saved {'f' * 32} 0"])
    check = check_folder(root, acknowledged, exact=False)
    assert (check.acknowledged, check.found) == (5, 3)
    assert sorted(check.lost) == sorted([record.id, "f" * 32])
    assert not check.ok
