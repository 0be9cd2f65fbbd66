"""The roster of a group: per participant, where each of their runs stands and when they were
active; and the participants' stable numbers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from kundenspiel.engine import Scenario
from kundenspiel.store.models import PlaythroughRecord
from kundenspiel.workshop.model_flow import RosterEntry, RosterRow
from kundenspiel.workshop.tally import WalkedRun


def number_participants(
    records: Iterable[PlaythroughRecord], labels: Mapping[str, int] | None = None
) -> dict[str, int]:
    """Player key → stable number. A number stored for the group (``labels``) wins; the other
    players are numbered after the highest stored number, in the order they started their first
    playthrough in the group, so neither someone joining later nor an import renumbers anyone.
    A stored number already taken by another player counts as not stored."""
    stored = labels or {}
    first: dict[str, tuple[datetime, str]] = {}
    for record in records:
        seen = first.get(record.player_key)
        if seen is None or (record.started_at, record.id) < seen:
            first[record.player_key] = (record.started_at, record.id)
    ordered = sorted(first, key=lambda key: (first[key], key))
    numbers: dict[str, int] = {}
    taken: set[int] = set()
    for key in ordered:
        number = stored.get(key)
        if number is not None and number >= 1 and number not in taken:
            numbers[key] = number
            taken.add(number)
    following = max([*stored.values(), *taken], default=0)
    for key in ordered:
        if key not in numbers:
            following += 1
            numbers[key] = following
    return numbers


def roster_entry(scenario: Scenario | None, scenario_id: str, run: WalkedRun, runs: int) -> RosterEntry:
    """Where ``run``, the counted run of a participant who began the scenario ``runs`` times,
    stands: finished, or at which decision (as a resume on the scenario now would continue)."""
    record = run.record
    node_id: str | None = None
    step: int | None = None
    if record.status != "beendet":
        if scenario is None:
            step = len(record.steps) + 1
        else:
            node_id = run.decided[-1].step.state.node_id if run.decided else scenario.start.node
            step = len(run.decided) + 1
    status = run.status
    return RosterEntry(
        scenario_id=scenario_id,
        status="beendet" if status == "beendet" else "abgebrochen" if status == "abgebrochen" else "laufend",
        stalled=run.stalled,
        runs=runs,
        node_id=node_id,
        step=step,
        started_at=record.started_at,
        updated_at=record.updated_at,
    )


def roster(
    entries: Mapping[int, list[RosterEntry]], records: Mapping[int, list[PlaythroughRecord]]
) -> list[RosterRow]:
    """One row per participant number in ``entries`` (their scenarios in the order given), with
    first and last activity over their ``records``."""
    rows = []
    for number in sorted(entries):
        own = records[number]
        rows.append(
            RosterRow(
                participant=number,
                scenarios=entries[number],
                first_activity=min(record.started_at for record in own),
                last_activity=max(record.updated_at for record in own),
            )
        )
    return rows
