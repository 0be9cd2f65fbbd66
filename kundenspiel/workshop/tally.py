"""Adding one counted run to the tallies of its scenario: per situation, per competency.

At each situation a participant counts once, by the first visit in the run; later visits (a
loop) are revisits, counted apart. Competency points add up over every step, revisits included,
as ``engine.scoring.competency_breakdown`` sums them for the player.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kundenspiel.store.models import PlaythroughRecord
from kundenspiel.workshop.model import SMALL_SAMPLE, CompetencyEntry, PathEntry
from kundenspiel.workshop.replay import Decided, Replayer
from kundenspiel.workshop.times import step_gaps

_UNRATED = 101


@dataclass
class NodeTally:
    """What the runs did at one situation, while runs are added."""

    decisions: int = 0
    first_choice: dict[int, str] = field(default_factory=dict)
    """Participant number → the choice of their first visit."""
    revisits: dict[str, int] = field(default_factory=dict)
    """Choice id → how often it was taken on revisits."""
    saw_locked: dict[str, set[int]] = field(default_factory=dict)
    """Choice id → the participants who saw it locked here."""
    with_locked: set[int] = field(default_factory=set)
    timings: list[float] = field(default_factory=list)
    """Seconds each first visit took (breaks left out)."""


@dataclass
class CompetencyTally:
    """Points for and against a competency while runs are added, and who touched it."""

    label: str
    positive: int = 0
    negative: int = 0
    who: set[int] = field(default_factory=set)

    def entry(self, competency_id: str) -> CompetencyEntry:
        """The tally as a row of the competency profile."""
        return CompetencyEntry(
            competency_id=competency_id,
            label=self.label,
            positive=self.positive,
            negative=self.negative,
            participants=len(self.who),
            small_sample=len(self.who) < SMALL_SAMPLE,
        )


def competency_profile(tallies: dict[str, CompetencyTally]) -> list[CompetencyEntry]:
    """The rows weakest first: lowest share of positive points, ties by label and id; rows
    without points (only weights of 0) last."""
    entries = [tally.entry(competency_id) for competency_id, tally in tallies.items()]
    return sorted(entries, key=lambda c: (_UNRATED if c.rating is None else c.rating, c.label.casefold()))


@dataclass(frozen=True)
class WalkedRun:
    """A counted run after its replay: the decisions that fit the scenario now."""

    number: int
    record: PlaythroughRecord
    decided: list[Decided]
    complete: bool
    """Whether every logged decision still fits the scenario."""
    stalled: bool
    """Open, and not changed for longer than ``STALE_AFTER`` before ``now``."""

    @property
    def status(self) -> str:
        """The run's status as the debrief judges it: a stalled open run is „abgebrochen“."""
        return "abgebrochen" if self.stalled else self.record.status


def walk(
    replayer: Replayer,
    run: WalkedRun,
    tallies: dict[str, NodeTally],
    competencies: Iterable[dict[str, CompetencyTally]],
) -> list[PathEntry]:
    """Add one replayed run to the tallies; its path as the participant saw it."""
    number = run.number
    path: list[PathEntry] = []
    points: dict[str, list[int]] = {}
    visited: set[str] = set()
    for entry, logged, gap in zip(run.decided, run.record.steps, step_gaps(run.record), strict=False):
        step = entry.step
        node_id = step.node.id
        tally = tallies.get(node_id)
        if tally is None:
            tally = tallies[node_id] = NodeTally()
        tally.decisions += 1
        if node_id in visited:
            tally.revisits[step.choice.id] = tally.revisits.get(step.choice.id, 0) + 1
        else:
            visited.add(node_id)
            tally.first_choice[number] = step.choice.id
            if gap is not None:
                tally.timings.append(gap)
        if entry.locked:
            tally.with_locked.add(number)
            for choice_id in entry.locked:
                tally.saw_locked.setdefault(choice_id, set()).add(number)
        for competency_id, weight in step.choice.competencies.items():
            sums = points.setdefault(competency_id, [0, 0])
            sums[0 if weight > 0 else 1] += abs(weight)
        # Built from data checked above; validating 24,000 of these would dominate a large group.
        path.append(
            PathEntry.model_construct(
                node_id=node_id,
                choice_id=step.choice.id,
                choice_text=entry.choice_text,
                meters=logged.meters,
                locked=list(entry.locked_texts),
                seconds=gap,
            )
        )
    labels = replayer.scenario.competencies
    for competency_id, (positive, negative) in points.items():
        for tallied in competencies:
            competency = tallied.get(competency_id)
            if competency is None:
                competency = tallied[competency_id] = CompetencyTally(
                    labels.get(competency_id, competency_id)
                )
            competency.positive += positive
            competency.negative += negative
            competency.who.add(number)
    return path
