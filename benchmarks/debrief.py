"""Group debrief: aggregating 1,000 trainees × 3 scenarios, and the HTML report of that.

The trainees play the three largest shipped scenarios with random (seeded) choices; a third of
the playthroughs stop half way, as in a running workshop. Measured: ``aggregate`` on the records
in memory (the work the debrief view repeats on every refresh; an hour after the start, so the
open runs count as gone quiet), the HTML export of the result,
and, for information, reading the same group back from a save folder on disk and checking its
JSON export as ``kundenspiel import`` does before it applies anything.
Prints the best of several runs of each; the last line holds the figures.
Target: aggregation ≤ 1 s, HTML ≤ 2 s.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from kundenspiel.engine import Scenario, load_scenario, play
from kundenspiel.store import PlayerRef, PlaythroughRecord, SaveStore, StepRecord, player_key
from kundenspiel.store.files import encode_tables, replace_atomically
from kundenspiel.store.groups import Group
from kundenspiel.workshop.aggregate import GroupData, aggregate
from kundenspiel.workshop.archive import archive_json, build_archive, read_archive
from kundenspiel.workshop.collect import read_group
from kundenspiel.workshop.model import FlowNode
from kundenspiel.workshop.report import html_report

TRAINEES = 1_000
SCENARIOS = ("keine_befugnis", "druckerpatrone", "temporaere_partnerschaft")
CODE = "KR7M"
RUNS = 3
START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
AGGREGATE_TARGET = 1.0
HTML_TARGET = 2.0
T = TypeVar("T")
SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"


def playthrough(scenario: Scenario, key: str, number: int, rng: random.Random) -> PlaythroughRecord:
    """A random playthrough; every third one is still running half way."""
    started = START + timedelta(seconds=number)
    record = PlaythroughRecord(
        id=uuid.UUID(int=rng.getrandbits(128)).hex,
        player_key=key,
        scenario_id=scenario.id,
        scenario_version=scenario.version,
        content_hash=scenario.fingerprint(),
        group_code=CODE,
        started_at=started,
        updated_at=started,
        start_meters=scenario.start.meters.as_dict(),
    )
    state = play.start(scenario)
    steps: list[StepRecord] = []
    stop_at = 4 if number % 3 == 0 else 1_000
    while not state.ended and len(steps) < stop_at:
        option = rng.choice([o for o in play.options(scenario, state) if o.available])
        step = play.choose(scenario, state, option.choice.id)
        state = step.state
        steps.append(
            StepRecord(
                node_id=step.node.id, choice_id=option.choice.id, meters=state.meters.as_dict(), at=started
            )
        )
    record = record.model_copy(update={"steps": steps})
    if state.ended and state.ending_id:
        ending = scenario.ending(state.ending_id)
        record = record.finished(ending.id, play.score(scenario, state).total, ending.rating.value, started)
    return record


def generate(scenarios: list[Scenario]) -> GroupData:
    """1,000 trainees, each in every scenario."""
    rng = random.Random(20261125)
    players: dict[str, PlayerRef] = {}
    records: list[PlaythroughRecord] = []
    for number in range(TRAINEES):
        name = f"Teilnehmerin {number:04d}"
        key = player_key(name)
        players[key] = PlayerRef(key=key, name=name, created_at=START)
        records.extend(playthrough(scenario, key, number, rng) for scenario in scenarios)
    return GroupData(CODE, "Benchmark", players, records)


def write_folder(root: Path, data: GroupData) -> None:
    """Lay out the save folder in the store's format directly (faster than saving one by one)."""
    (root / "players").mkdir(parents=True)
    by_player: dict[str, list[PlaythroughRecord]] = {}
    for record in data.records:
        by_player.setdefault(record.player_key, []).append(record)
    index = {}
    for number, (key, ref) in enumerate(data.players.items(), start=1):
        index[str(number)] = ref.model_dump(mode="json")
        tables = {
            "profile": {"1": ref.model_dump(mode="json")},
            "playthroughs": {str(i): r.model_dump(mode="json") for i, r in enumerate(by_player[key], 1)},
        }
        replace_atomically(root / "players" / f"{key}.json", encode_tables(tables), keep_backup=False)
    replace_atomically(root / "index.json", encode_tables({"players": index}), keep_backup=False)


def _flow_size(node: FlowNode) -> int:
    """Situations in a flow tree: what a renderer has to draw."""
    return 1 + sum(_flow_size(branch.next) for branch in node.branches if branch.next)


def best_of(action: Callable[[], T]) -> tuple[float, T]:
    """The fastest of ``RUNS`` runs, and the last result."""
    timings = []
    for _ in range(RUNS):
        began = time.perf_counter()
        result = action()
        timings.append(time.perf_counter() - began)
    return min(timings), result


def main() -> int:
    """Run the measurements and print them; exit 1 when a target is missed."""
    scenarios = [load_scenario(SCENARIO_DIR / f"{scenario_id}.yaml") for scenario_id in SCENARIOS]
    data = generate(scenarios)
    print(f"{TRAINEES} Teilnehmende × {len(scenarios)} Szenarien = {len(data.records)} Durchläufe")
    now = START + timedelta(hours=1)
    aggregate_seconds, debrief = best_of(lambda: aggregate(data, scenarios, now=now))
    html_seconds, html = best_of(lambda: html_report(debrief))
    print(f"aggregate: {aggregate_seconds * 1000:.0f} ms (Ziel ≤ {AGGREGATE_TARGET * 1000:.0f} ms)")
    flows = [_flow_size(s.flow) for s in debrief.scenarios if s.flow]
    print(f"flow (information): {max(flows, default=0)} situations in the largest tree")
    size = len(html.encode()) // 1024
    print(f"html:      {html_seconds * 1000:.0f} ms (Ziel ≤ {HTML_TARGET * 1000:.0f} ms), {size} KiB")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "saves"
        write_folder(root, data)
        store = SaveStore(root)
        read_seconds, _ = best_of(lambda: read_group(store, CODE))
        archive = Path(folder) / "export.json"
        group = Group(code=CODE, title="Benchmark", created_at=START)
        archive.write_text(archive_json(build_archive(data, debrief, group, START)), encoding="utf-8")
        check_seconds, checked = best_of(lambda: read_archive(archive))
        assert len(checked.playthroughs) == len(data.records) and not checked.refused
    print(f"read from disk (information): {read_seconds * 1000:.0f} ms")
    print(f"import check of the JSON export (information): {check_seconds * 1000:.0f} ms")
    ok = aggregate_seconds <= AGGREGATE_TARGET and html_seconds <= HTML_TARGET
    print(
        f"aggregate {aggregate_seconds:.3f} s ({aggregate_seconds / AGGREGATE_TARGET:.2f}× target), "
        f"html {html_seconds:.3f} s ({html_seconds / HTML_TARGET:.2f}× target), "
        f"read {read_seconds:.3f} s, import check {check_seconds:.3f} s"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
