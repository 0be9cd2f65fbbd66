"""From a group's playthroughs to a ``GroupDebrief``: counts, splits, spreads, competencies,
the flow of paths, the roster and times.

Every choice log is replayed with the engine (once per distinct log: a group taking the same path
costs one replay), which gives the choices shown locked at each decision and the competencies.
Scores, meters and endings are taken from the records, i.e. what the trainees saw. The parts
live in their own modules: story order (``order``), per-situation tallies (``tally``), decisions
and talking points (``decisions``), the flow (``flow``), the roster and numbering (``roster``),
times (``times``).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from kundenspiel.engine import Scenario
from kundenspiel.engine.meters import METER_IDS, METER_LABELS
from kundenspiel.store.groups import normalize_code
from kundenspiel.store.models import PlayerRef, PlaythroughRecord
from kundenspiel.workshop.decisions import decisions, percent, talking_points
from kundenspiel.workshop.flow import group_flow
from kundenspiel.workshop.model import (
    HISTOGRAM_BINS,
    EndingCount,
    GroupDebrief,
    MeterStats,
    Participant,
    PathEntry,
    RosterEntry,
    Run,
    ScenarioDebrief,
)
from kundenspiel.workshop.model_flow import STALE_AFTER
from kundenspiel.workshop.order import decision_order
from kundenspiel.workshop.replay import Replayer
from kundenspiel.workshop.roster import number_participants, roster, roster_entry
from kundenspiel.workshop.tally import CompetencyTally, NodeTally, WalkedRun, competency_profile, walk
from kundenspiel.workshop.times import duration_stats

__all__ = ["GroupData", "aggregate", "counted_run", "decision_order", "number_participants"]


@dataclass(frozen=True)
class GroupData:
    """A group's raw material: its code and title, the players and their playthroughs (any code;
    only those with this group's code are used)."""

    code: str
    title: str
    players: dict[str, PlayerRef]
    records: list[PlaythroughRecord]
    labels: Mapping[str, int] = field(default_factory=dict)
    """Player key → the participant number stored for the life of the group (``Teilnehmer N``);
    players not in it are numbered after the stored ones."""

    def group_records(self) -> list[PlaythroughRecord]:
        """The playthroughs carrying this group's code (in any spelling of it)."""
        code = normalize_code(self.code)
        return [r for r in self.records if r.group_code and normalize_code(r.group_code) == code]


def counted_run(records: Sequence[PlaythroughRecord]) -> PlaythroughRecord | None:
    """The playthrough that counts among one participant's playthroughs of one scenario: the first
    finished, else the open one changed last, else the last one given up. Practice runs never
    count (None when there are only those)."""
    records = [r for r in records if not r.is_practice]
    if not records:
        return None
    finished = [r for r in records if r.status == "beendet"]
    if finished:
        return min(finished, key=lambda r: (r.started_at, r.id))
    running = [r for r in records if r.status == "laufend"]
    if running:
        return max(running, key=lambda r: (r.updated_at, r.id))
    return max(records, key=lambda r: (r.updated_at, r.id))


def _stalled(record: PlaythroughRecord, now: datetime | None) -> bool:
    """An open run not changed for longer than ``STALE_AFTER`` before ``now``."""
    return now is not None and record.status == "laufend" and now - record.updated_at > STALE_AFTER


@dataclass
class _Results:
    """What the runs of one scenario add up to, besides the per-node tallies."""

    runs: list[Run] = field(default_factory=list)
    scores: list[int] = field(default_factory=list)
    end_meters: dict[str, list[int]] = field(default_factory=lambda: {meter: [] for meter in METER_IDS})
    endings: dict[str, int] = field(default_factory=dict)
    outdated: int = 0


@dataclass
class _Scenario:
    """One scenario's records while the group is summed up: per participant number, all their
    (non-practice) runs of it."""

    scenario: Scenario | None
    scenario_id: str
    by_number: dict[int, list[PlaythroughRecord]]
    now: datetime | None


def _summarize_scenario(
    part: _Scenario, cache: dict[str, Replayer], group_competencies: dict[str, CompetencyTally]
) -> tuple[ScenarioDebrief, dict[int, RosterEntry]]:
    """Summarize one scenario and say where each participant stands in it; its competency
    points are added to ``group_competencies`` too."""
    scenario, now = part.scenario, part.now
    replayer = None
    if scenario is not None:
        replayer = cache.get(scenario.id)
        if replayer is None:
            replayer = cache[scenario.id] = Replayer(scenario)
    tallies: dict[str, NodeTally] = {}
    own: dict[str, CompetencyTally] = {}
    results = _Results()
    walked: list[WalkedRun] = []
    standing: dict[int, RosterEntry] = {}
    for number in sorted(part.by_number):
        record = counted_run(part.by_number[number])
        if record is None:
            continue
        decided, complete = replayer.replay(tuple(record.choice_ids)) if replayer else ([], False)
        run = WalkedRun(number, record, decided, complete, _stalled(record, now))
        path: list[PathEntry] = []
        if replayer is not None:
            path = walk(replayer, run, tallies, (own, group_competencies))
        outdated = replayer is None or not complete or not replayer.fits(record.content_hash)
        results.outdated += outdated
        results.runs.append(_run(scenario, run, path, outdated, results))
        walked.append(run)
        standing[number] = roster_entry(scenario, part.scenario_id, run, len(part.by_number[number]))
    every = [record for records in part.by_number.values() for record in records]
    finished_runs = [run for run in walked if run.record.status == "beendet"]
    finished = [run.record for run in finished_runs]
    given_up = sum(1 for record in every if record.status == "abgebrochen")
    stalled = sum(1 for record in every if _stalled(record, now))
    histogram = [0] * HISTOGRAM_BINS
    for value in results.scores:
        histogram[min(HISTOGRAM_BINS - 1, max(0, value) // 10)] += 1
    decided_here = []
    if scenario is not None:
        endings = {run.number: run.record.ending_id for run in finished_runs if run.record.ending_id}
        decided_here = decisions(scenario, tallies, endings)
    summary = ScenarioDebrief(
        scenario_id=part.scenario_id,
        title=scenario.title if scenario else f"{part.scenario_id} (unbekanntes Szenario)",
        known=scenario is not None,
        participants=len(walked),
        finished=len(finished),
        in_progress=sum(1 for run in walked if run.status == "laufend"),
        abandoned=given_up + stalled,
        outdated=results.outdated,
        score_histogram=histogram,
        score_mean=round(statistics.fmean(results.scores), 1) if results.scores else None,
        meters=[_meter_stats(meter, values) for meter, values in results.end_meters.items() if values],
        endings=_ending_counts(scenario, results.endings, len(finished)),
        decisions=decided_here,
        competencies=competency_profile(own),
        runs=results.runs,
        given_up=given_up,
        stalled=stalled,
        restarted=sum(1 for records in part.by_number.values() if len(records) > 1),
        talking_points=talking_points(decided_here),
        flow=group_flow(scenario, walked) if scenario is not None else None,
        durations=duration_stats(finished),
    )
    return summary, standing


def _run(
    scenario: Scenario | None, walked: WalkedRun, path: list[PathEntry], outdated: bool, results: _Results
) -> Run:
    """The run as shown, after adding its score, final meters and ending to ``results``."""
    record = walked.record
    done = record.status == "beendet"
    ending_title = None
    if done:
        if record.score is not None:
            results.scores.append(record.score)
        if record.steps:
            final = record.steps[-1].meters
            for meter, values in results.end_meters.items():
                if meter in final:
                    values.append(final[meter])
        if record.ending_id:
            results.endings[record.ending_id] = results.endings.get(record.ending_id, 0) + 1
            if scenario is not None and scenario.has_ending(record.ending_id):
                ending_title = scenario.ending(record.ending_id).title
    return Run(
        participant=walked.number,
        record_id=record.id,
        status=walked.status,
        score=record.score if done else None,
        ending_id=record.ending_id if done else None,
        ending_title=ending_title,
        outdated=outdated,
        path=path,
    )


def _meter_stats(meter: str, values: list[int]) -> MeterStats:
    return MeterStats(
        meter_id=meter,
        label=METER_LABELS[meter],
        mean=round(statistics.fmean(values), 1),
        spread=round(statistics.pstdev(values), 1),
        minimum=min(values),
        maximum=max(values),
    )


def _ending_counts(scenario: Scenario | None, counts: dict[str, int], finished: int) -> list[EndingCount]:
    known = [(e.id, e.title, e.rating.value) for e in scenario.endings] if scenario else []
    listed = {ending_id for ending_id, _, _ in known}
    known.extend((ending_id, ending_id, "") for ending_id in sorted(counts) if ending_id not in listed)
    return [
        EndingCount(
            ending_id=ending_id,
            title=title,
            rating=rating,
            count=counts.get(ending_id, 0),
            percent=percent(counts.get(ending_id, 0), finished),
        )
        for ending_id, title, rating in known
    ]


def aggregate(data: GroupData, scenarios: Sequence[Scenario], *, now: datetime | None = None) -> GroupDebrief:
    """The debrief of a group from its playthroughs and the scenarios as they are now. Practice
    runs are left out everywhere: the figures are about first runs only. ``now`` (the caller's
    clock) tells open runs gone quiet from running ones; None: every open run is running."""
    records = [record for record in data.group_records() if not record.is_practice]
    numbers = number_participants(records, data.labels)
    by_scenario: dict[str, dict[int, list[PlaythroughRecord]]] = {}
    by_number: dict[int, list[PlaythroughRecord]] = {}
    for record in records:
        number = numbers[record.player_key]
        by_scenario.setdefault(record.scenario_id, {}).setdefault(number, []).append(record)
        by_number.setdefault(number, []).append(record)
    known = {scenario.id: scenario for scenario in scenarios}
    order = [s.id for s in scenarios if s.id in by_scenario] + sorted(set(by_scenario) - set(known))
    cache: dict[str, Replayer] = {}
    competencies: dict[str, CompetencyTally] = {}
    summaries = []
    standing: dict[int, list[RosterEntry]] = {}
    for scenario_id in order:
        part = _Scenario(known.get(scenario_id), scenario_id, by_scenario[scenario_id], now)
        summary, entries = _summarize_scenario(part, cache, competencies)
        summaries.append(summary)
        for number, entry in entries.items():
            standing.setdefault(number, []).append(entry)
    keys = {number: key for key, number in numbers.items()}
    return GroupDebrief(
        code=normalize_code(data.code),
        title=data.title,
        participants=[Participant(number=n, name=_name(data.players, keys[n])) for n in sorted(keys)],
        scenarios=summaries,
        competencies=competency_profile(competencies),
        roster=roster(standing, by_number),
    )


def _name(players: dict[str, PlayerRef], key: str) -> str:
    player = players.get(key)
    return player.name if player else f"Unbekannt ({key[:6]})"
