"""From a group's playthroughs to a ``GroupDebrief``: counts, splits, spreads, competencies.

Every choice log is replayed with the engine (once per distinct log: a group taking the same path
costs one replay), which gives the choices shown locked at each decision and the competencies.
Scores, meters and endings are taken from the records, i.e. what the trainees saw.
"""

from __future__ import annotations

import statistics
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from kundenspiel.engine import Scenario
from kundenspiel.engine.meters import METER_IDS, METER_LABELS
from kundenspiel.store.groups import normalize_code
from kundenspiel.store.models import PlayerRef, PlaythroughRecord
from kundenspiel.workshop.model import (
    HISTOGRAM_BINS,
    ChoiceShare,
    CompetencyEntry,
    Decision,
    EndingCount,
    GroupDebrief,
    MeterStats,
    Participant,
    PathEntry,
    Run,
    ScenarioDebrief,
)
from kundenspiel.workshop.replay import Replayer


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


def decision_order(scenario: Scenario) -> list[str]:
    """The scenario's nodes in the order a trainer walks them: breadth first from the start."""
    order: list[str] = []
    queue = deque([scenario.start.node])
    seen = {scenario.start.node}
    while queue:
        node_id = queue.popleft()
        if not scenario.has_node(node_id):
            continue
        order.append(node_id)
        for choice in scenario.node(node_id).choices:
            for target in choice.targets():
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
    order.extend(node.id for node in scenario.nodes if node.id not in seen)
    return order


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


@dataclass
class _Tally:
    """Counts for one node while runs are added."""

    decisions: int = 0
    participants: set[int] = field(default_factory=set)
    with_locked: int = 0
    taken: dict[str, int] = field(default_factory=dict)
    locked: dict[str, int] = field(default_factory=dict)


@dataclass
class _Competency:
    """Points for and against a competency while runs are added, and who touched it."""

    label: str
    positive: int = 0
    negative: int = 0
    who: set[int] = field(default_factory=set)

    def entry(self, competency_id: str) -> CompetencyEntry:
        return CompetencyEntry(
            competency_id=competency_id,
            label=self.label,
            positive=self.positive,
            negative=self.negative,
            participants=len(self.who),
        )


@dataclass
class _Results:
    """What the runs of one scenario add up to, besides the per-node tallies."""

    runs: list[Run] = field(default_factory=list)
    scores: list[int] = field(default_factory=list)
    end_meters: dict[str, list[int]] = field(default_factory=lambda: {meter: [] for meter in METER_IDS})
    endings: dict[str, int] = field(default_factory=dict)
    outdated: int = 0


Cache = dict[str, Replayer]


def _walk(
    replayer: Replayer,
    number: int,
    record: PlaythroughRecord,
    tallies: dict[str, _Tally],
    competencies: Iterable[dict[str, _Competency]],
) -> tuple[list[PathEntry], bool]:
    """Add one run's decisions to the tallies; its path and whether it no longer fits the scenario."""
    decided, complete = replayer.replay(tuple(record.choice_ids))
    path: list[PathEntry] = []
    # The same sums as engine.scoring.competency_breakdown, collected while walking the path.
    points: dict[str, list[int]] = {}
    for entry, logged in zip(decided, record.steps, strict=False):
        step = entry.step
        tally = tallies.setdefault(step.node.id, _Tally())
        tally.decisions += 1
        tally.participants.add(number)
        tally.taken[step.choice.id] = tally.taken.get(step.choice.id, 0) + 1
        if entry.locked:
            tally.with_locked += 1
        for choice_id in entry.locked:
            tally.locked[choice_id] = tally.locked.get(choice_id, 0) + 1
        for competency_id, weight in step.choice.competencies.items():
            sums = points.setdefault(competency_id, [0, 0])
            sums[0 if weight > 0 else 1] += abs(weight)
        # Built from data checked above; validating 24,000 of these would dominate a large group.
        path.append(
            PathEntry.model_construct(
                node_id=step.node.id,
                choice_id=step.choice.id,
                choice_text=entry.choice_text,
                meters=logged.meters,
                locked=list(entry.locked_texts),
            )
        )
    labels = replayer.scenario.competencies
    for competency_id, (positive, negative) in points.items():
        for tallied in competencies:
            competency = tallied.setdefault(
                competency_id, _Competency(labels.get(competency_id, competency_id))
            )
            competency.positive += positive
            competency.negative += negative
            competency.who.add(number)
    outdated = not complete or not replayer.fits(record.content_hash)
    return path, outdated


def _summarize_scenario(
    scenario: Scenario | None,
    scenario_id: str,
    runs: list[tuple[int, PlaythroughRecord]],
    cache: Cache,
    group_competencies: dict[str, _Competency],
) -> ScenarioDebrief:
    """Summarize one scenario; its competency points are added to ``group_competencies`` too."""
    tallies: dict[str, _Tally] = {}
    own: dict[str, _Competency] = {}
    results = _Results()
    for number, record in runs:
        path: list[PathEntry] = []
        outdated = True
        if scenario is not None:
            replayer = cache.get(scenario.id)
            if replayer is None:
                replayer = cache[scenario.id] = Replayer(scenario)
            path, outdated = _walk(replayer, number, record, tallies, (own, group_competencies))
        results.outdated += outdated
        results.runs.append(_run(scenario, number, record, path, outdated, results))
    finished = sum(1 for _, r in runs if r.status == "beendet")
    histogram = [0] * HISTOGRAM_BINS
    for value in results.scores:
        histogram[min(HISTOGRAM_BINS - 1, max(0, value) // 10)] += 1
    return ScenarioDebrief(
        scenario_id=scenario_id,
        title=scenario.title if scenario else f"{scenario_id} (unbekanntes Szenario)",
        known=scenario is not None,
        participants=len(runs),
        finished=finished,
        in_progress=sum(1 for _, r in runs if r.status == "laufend"),
        abandoned=sum(1 for _, r in runs if r.status == "abgebrochen"),
        outdated=results.outdated,
        score_histogram=histogram,
        score_mean=round(statistics.fmean(results.scores), 1) if results.scores else None,
        meters=[_meter_stats(meter, values) for meter, values in results.end_meters.items() if values],
        endings=_ending_counts(scenario, results.endings, finished),
        decisions=_decisions(scenario, tallies) if scenario else [],
        competencies=_competency_entries(own),
        runs=results.runs,
    )


def _run(
    scenario: Scenario | None,
    number: int,
    record: PlaythroughRecord,
    path: list[PathEntry],
    outdated: bool,
    results: _Results,
) -> Run:
    """The run as shown, after adding its score, final meters and ending to ``results``."""
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
        participant=number,
        record_id=record.id,
        status=record.status,
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
            percent=_percent(counts.get(ending_id, 0), finished),
        )
        for ending_id, title, rating in known
    ]


def _decisions(scenario: Scenario, tallies: dict[str, _Tally]) -> list[Decision]:
    decisions = []
    for node_id in decision_order(scenario):
        tally = tallies.get(node_id)
        if tally is None:
            continue
        node = scenario.node(node_id)
        decisions.append(
            Decision(
                node_id=node_id,
                speaker=node.speaker,
                text=node.text.strip(),
                decisions=tally.decisions,
                participants=len(tally.participants),
                with_locked=tally.with_locked,
                choices=[
                    ChoiceShare(
                        choice_id=choice.id,
                        text=choice.text.strip(),
                        count=tally.taken.get(choice.id, 0),
                        percent=_percent(tally.taken.get(choice.id, 0), tally.decisions),
                        locked=tally.locked.get(choice.id, 0),
                    )
                    for choice in node.choices
                ],
            )
        )
    return decisions


def _competency_entries(tallies: dict[str, _Competency]) -> list[CompetencyEntry]:
    entries = [tally.entry(competency_id) for competency_id, tally in tallies.items()]
    return sorted(entries, key=lambda c: (c.label.casefold(), c.competency_id))


def number_participants(records: Iterable[PlaythroughRecord]) -> dict[str, int]:
    """Player key → stable number: the order in which players started their first playthrough in
    the group, so someone joining later never renumbers the others."""
    first: dict[str, tuple[datetime, str]] = {}
    for record in records:
        seen = first.get(record.player_key)
        if seen is None or (record.started_at, record.id) < seen:
            first[record.player_key] = (record.started_at, record.id)
    ordered = sorted(first, key=lambda key: (first[key], key))
    return {key: number for number, key in enumerate(ordered, start=1)}


def aggregate(
    data: GroupData, scenarios: Sequence[Scenario], *, now: datetime | None = None
) -> GroupDebrief:
    """The debrief of a group from its playthroughs and the scenarios as they are now. Practice
    runs are left out everywhere: the figures are about first runs only. ``now`` (the caller's
    clock) tells open runs gone quiet from running ones; None: every open run is running."""
    records = [record for record in data.group_records() if not record.is_practice]
    numbers = number_participants(records)
    by_scenario: dict[str, dict[str, list[PlaythroughRecord]]] = {}
    for record in records:
        by_scenario.setdefault(record.scenario_id, {}).setdefault(record.player_key, []).append(record)
    known = {scenario.id: scenario for scenario in scenarios}
    order = [s.id for s in scenarios if s.id in by_scenario] + sorted(set(by_scenario) - set(known))
    cache: Cache = {}
    competencies: dict[str, _Competency] = {}
    summaries = []
    for scenario_id in order:
        counted = ((numbers[key], counted_run(own)) for key, own in by_scenario[scenario_id].items())
        runs = sorted(((number, run) for number, run in counted if run is not None), key=lambda run: run[0])
        summaries.append(_summarize_scenario(known.get(scenario_id), scenario_id, runs, cache, competencies))
    participants = [
        Participant(number=number, name=_name(data.players, key))
        for key, number in sorted(numbers.items(), key=lambda item: item[1])
    ]
    return GroupDebrief(
        code=normalize_code(data.code),
        title=data.title,
        participants=participants,
        scenarios=summaries,
        competencies=_competency_entries(competencies),
    )


def _name(players: dict[str, PlayerRef], key: str) -> str:
    player = players.get(key)
    return player.name if player else f"Unbekannt ({key[:6]})"
