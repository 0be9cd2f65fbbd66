"""Autosave: the save after a choice, with 10,000 playthroughs already stored.

Ours: the records spread over players as in a real workshop folder (30 per player, one file
each), plus the worst case of one player holding 1,000. Naive: all 10,000 in one TinyDB file
with TinyDB's default JSONStorage, one insert per save. Both measured in the same run, on the
same disk (a temporary folder), fsync included where the storage does it.
Prints median and p95 of each, and the ratio naive/ours as the last line.
Target: median ≤ 5 ms, p95 ≤ 20 ms, ≥ 10× faster than naive.
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tinydb import TinyDB

from kundenspiel.store import PlayerRef, PlaythroughRecord, SaveStore, StepRecord, player_key
from kundenspiel.store.files import encode_tables, replace_atomically

RECORDS = 10_000
PER_PLAYER = 30
WORST_CASE = 1_000
STEPS_PER_RECORD = 12  # a finished playthrough of a typical scenario
OUR_SAVES = 300
WORST_CASE_SAVES = 60
NAIVE_INSERTS = 20
START = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)


def make_step(index: int, at: datetime) -> StepRecord:
    """A step as the game logs it."""
    return StepRecord(
        node_id=f"knoten_{index}",
        choice_id=f"wahl_{index}_nachfragen",
        meters={"motivation": 40 + index, "vertrauen": 55 - index, "befugnis": 30 + 2 * index},
        at=at,
    )


def make_record(player: PlayerRef, number: int, steps: int) -> PlaythroughRecord:
    """A realistic playthrough: finished ones have a full log, open ones a partial one."""
    started = START + timedelta(minutes=number)
    record = PlaythroughRecord(
        id=f"{number:032x}",
        player_key=player.key,
        scenario_id=("drucker_patronen", "fehler_wiedergutmachen", "temporaere_partnerschaft")[number % 3],
        scenario_version=3,
        content_hash=f"{number:064x}",
        group_code="WS-2025-03",
        status="laufend",
        started_at=started,
        updated_at=started,
        start_meters={"motivation": 50, "vertrauen": 50, "befugnis": 30},
    )
    for index in range(steps):
        record = record.with_step(make_step(index, started), started + timedelta(seconds=index))
    if steps == STEPS_PER_RECORD:
        record = record.finished("ende_gelungen", 78, "gelungen", started + timedelta(minutes=9))
    return record


def player(name: str) -> PlayerRef:
    """A player as the store would create it."""
    return PlayerRef(key=player_key(name), name=name, created_at=START)


def write_folder(root: Path, players: dict[PlayerRef, list[PlaythroughRecord]]) -> None:
    """Lay out a save folder directly in the store's format (much faster than saving one by one)."""
    (root / "players").mkdir(parents=True)
    index = {}
    for number, (ref, records) in enumerate(players.items(), start=1):
        index[str(number)] = ref.model_dump(mode="json")
        tables = {
            "profile": {"1": ref.model_dump(mode="json")},
            "playthroughs": {str(i): r.model_dump(mode="json") for i, r in enumerate(records, start=1)},
        }
        replace_atomically(root / "players" / f"{ref.key}.json", encode_tables(tables))
    replace_atomically(root / "index.json", encode_tables({"players": index}))


def spread(records: int, per_player: int) -> dict[PlayerRef, list[PlaythroughRecord]]:
    """``records`` playthroughs over players of ``per_player`` each; the last of each is open."""
    players: dict[PlayerRef, list[PlaythroughRecord]] = {}
    count = -(-records // per_player)
    for number in range(records):
        ref = player(f"Teilnehmer {number % count:04d}")
        own = players.setdefault(ref, [])
        open_one = len(own) == per_player - 1 or number + count >= records
        own.append(make_record(ref, number, 4 if open_one else STEPS_PER_RECORD))
    return players


def time_saves(store: SaveStore, open_records: list[PlaythroughRecord], saves: int) -> list[float]:
    """Seconds per save_playthrough, each after one more choice on a random open playthrough."""
    rng = random.Random(7)
    current = {record.id: record for record in open_records}
    timings = []
    for _ in range(saves):
        record = current[rng.choice(open_records).id]
        record = record.with_step(make_step(len(record.steps), START), datetime.now(UTC))
        began = time.perf_counter()
        store.save_playthrough(record)
        timings.append(time.perf_counter() - began)
        current[record.id] = record
    return timings


def time_naive(path: Path, records: int, inserts: int) -> list[float]:
    """Seconds per insert into one TinyDB file (default JSONStorage) already holding the same
    ``records`` playthroughs as ours."""
    all_records = [r for own in spread(records, PER_PLAYER).values() for r in own]
    with TinyDB(path) as db:
        db.table("playthroughs").insert_multiple(r.model_dump(mode="json") for r in all_records)
    template = all_records[0]
    del all_records
    gc.collect()
    timings = []
    with TinyDB(path) as db:
        table = db.table("playthroughs")
        for number in range(inserts):
            document = template.model_copy(update={"id": f"neu{number:029d}"}).model_dump(mode="json")
            began = time.perf_counter()
            table.insert(document)
            timings.append(time.perf_counter() - began)
    return timings


def figures(timings: list[float]) -> tuple[float, float]:
    """Median and 95th percentile in milliseconds."""
    p95 = statistics.quantiles(timings, n=20, method="inclusive")[-1]
    return statistics.median(timings) * 1000, p95 * 1000


def report(label: str, timings: list[float], note: str = "") -> float:
    """Print a line of figures and return the median in ms."""
    median, p95 = figures(timings)
    print(f"{label:<44} median {median:7.2f} ms   p95 {p95:7.2f} ms   ({len(timings)} saves){note}")
    return median


def measure(folder: Path, records: int, per_player: int, saves: int) -> list[float]:
    """Lay out a folder, keep only its open playthroughs in memory (as the game would), then time
    saves on them."""
    players = spread(records, per_player)
    write_folder(folder, players)
    open_records = [r for records in players.values() for r in records if r.status == "laufend"]
    del players
    gc.collect()
    return time_saves(SaveStore(folder), open_records, saves)


def main() -> int:
    """Run all three measurements and print the figures."""
    sample = make_record(player("Beispiel"), 0, STEPS_PER_RECORD)
    size = len(encode_tables({"t": {"1": sample.model_dump(mode="json")}}))
    players = -(-RECORDS // PER_PLAYER)
    print(f"{RECORDS:,} playthroughs, {STEPS_PER_RECORD} steps each when finished (about {size:,} bytes)")
    with tempfile.TemporaryDirectory(prefix="kundenspiel-autosave-") as temp:
        base = Path(temp)
        ours = measure(base / "realistic", RECORDS, PER_PLAYER, OUR_SAVES)
        worst = measure(base / "worst", WORST_CASE, WORST_CASE, WORST_CASE_SAVES)
        naive = time_naive(base / "naive.json", RECORDS, NAIVE_INSERTS)

    our_median = report(f"ours: {players} players × ~{PER_PLAYER} records", ours, "   target ≤ 5 / ≤ 20 ms")
    report(f"ours, worst case: one player with {WORST_CASE:,}", worst)
    naive_median = report(f"naive: one TinyDB file with {RECORDS:,}", naive)
    ratio = naive_median / our_median
    print(f"ratio: naive/ours median {ratio:.0f}x (target >= 10x)")
    _, our_p95 = figures(ours)
    return 0 if our_median <= 5 and our_p95 <= 20 and ratio >= 10 else 1


if __name__ == "__main__":
    sys.exit(main())
