"""The debrief of a workshop group as data: what the screens show and the exports write.

Counting rules used throughout (see ``aggregate``): each participant has one *counted run* per
scenario (``counted_run``); practice runs never count. At a decision each participant counts
once, by their *first visit*: a later visit of the same situation in the same run (a loop) is a
*revisit*, counted apart and never in a share. Shares are of *people*, not of decisions.
"""

from __future__ import annotations

from kundenspiel.workshop.model_flow import (
    DurationStats,
    FlowBranch,
    FlowNode,
    FlowOutcome,
    Frozen,
    RosterEntry,
    RosterRow,
    TalkingPoint,
)

__all__ = [
    "HISTOGRAM_BINS",
    "SMALL_SAMPLE",
    "ChoiceEnding",
    "ChoiceShare",
    "CompetencyEntry",
    "Decision",
    "DurationStats",
    "EndingCount",
    "FlowBranch",
    "FlowNode",
    "FlowOutcome",
    "Frozen",
    "GroupDebrief",
    "MeterStats",
    "Participant",
    "PathEntry",
    "RosterEntry",
    "RosterRow",
    "Run",
    "ScenarioDebrief",
    "TalkingPoint",
]

HISTOGRAM_BINS = 10
"""Score bins of ten points: 0–9, 10–19, …, 90–100 (100 falls into the last bin)."""

SMALL_SAMPLE = 3
"""Fewer participants than this make a competency row a small sample (shown greyed out)."""


class ChoiceEnding(Frozen):
    """How the people who took one choice ended: one ending, among their finished runs only."""

    ending_id: str
    title: str
    rating: str
    count: int
    """Participants who took the choice (first visit) and finished at this ending."""
    percent: float
    """``count`` as a share (0–100) of ``ChoiceShare.finished``: „von denen, die X wählten,
    endeten 80 % bei …“."""


class ChoiceShare(Frozen):
    """One choice at a decision: who took it, what it does, and who saw it locked there."""

    choice_id: str
    text: str
    count: int
    """Participants whose first visit of the decision took this choice."""
    percent: float
    """``count`` as a share (0–100) of ``Decision.participants``, the people who reached it."""
    locked: int
    """Participants who saw this choice locked there (on any visit); hidden choices are never
    shown, so they are never counted as seen locked."""
    revisits: int = 0
    """How often the choice was taken on revisits (not in ``count`` or ``percent``)."""
    chosen_by: list[int] = []
    """Participant numbers of those in ``count``, ascending (show names only with the PIN)."""
    effects: dict[str, int] = {}
    """The choice's meter changes as written in the scenario (meter id → delta; 0 left out)."""
    feedback: str | None = None
    """The reaction the player reads after the choice (its base text, without the
    ``feedback_when`` passages that depend on the state)."""
    coaching: str | None = None
    """The scenario's coaching note on this choice, for the trainer."""
    lock_condition: str | None = None
    """The condition behind the lock in German („Entscheidungsbefugnis mindestens 50 und
    Rückruf zugesagt“); None when the choice has no condition."""
    lock_reason: str | None = None
    """What the player reads when the choice is locked (the scenario's ``locked_reason`` or the
    condition in German, as the play screen shows it); None when the choice has no condition."""
    finished: int = 0
    """Participants in ``count`` whose counted run is finished (the base of ``endings``)."""
    endings: list[ChoiceEnding] = []
    """Where the people in ``count`` ended, most frequent first (finished runs only)."""


class Decision(Frozen):
    """One node of a scenario and how the group decided there."""

    node_id: str
    speaker: str | None
    text: str
    decisions: int
    """Every decision taken here, revisits included."""
    participants: int
    """Participants who reached the decision (and decided there) at least once."""
    with_locked: int
    """Participants who saw at least one choice locked here (on any visit)."""
    choices: list[ChoiceShare]
    revisits: int = 0
    """Decisions taken here on revisits (``decisions - participants``)."""
    depth: int = 0
    """Place in story order: the longest path from the start to this node over the scenario
    graph without back edges (the start is 0); see ``workshop.order.decision_order``."""
    median_seconds: float | None = None
    """Median time to take this decision (from the previous step, or the start of the run, to
    this step) over first visits; gaps longer than ``BREAK_AFTER`` are breaks and left out.
    None when no timing is left."""
    timed: int = 0
    """How many timings ``median_seconds`` is the median of."""
    split: float | None = None
    """How much the decision split the group: 1 − the largest share of people (0 = all took the
    same choice, 0.5 = half and half); None when fewer than two people reached it."""


class MeterStats(Frozen):
    """A meter at the end of the finished playthroughs: mean, spread (standard deviation), range."""

    meter_id: str
    label: str
    mean: float
    spread: float
    minimum: int
    maximum: int


class EndingCount(Frozen):
    """How many finished playthroughs reached an ending."""

    ending_id: str
    title: str
    rating: str
    count: int
    percent: float


class CompetencyEntry(Frozen):
    """A competency across the group: points shown for and against, and by how many participants."""

    competency_id: str
    label: str
    positive: int
    negative: int
    participants: int
    """The sample size: participants whose counted runs touched the competency."""
    small_sample: bool = False
    """True when fewer than ``SMALL_SAMPLE`` participants touched it (shown greyed out)."""

    @property
    def rating(self) -> int | None:
        """Share of positive points, 0–100; None when nobody touched it."""
        total = self.positive + self.negative
        return round(100 * self.positive / total) if total else None


class PathEntry(Frozen):
    """One decision of a participant: the choice taken, the meters after it, what was locked."""

    node_id: str
    choice_id: str
    choice_text: str
    meters: dict[str, int]
    locked: list[str]
    seconds: float | None = None
    """Seconds from the previous step (or the start) to this one; None for a break (see
    ``workshop.times``) or in archives written before."""


class Run(Frozen):
    """The playthrough that counts for one participant in one scenario."""

    participant: int
    record_id: str
    status: str
    """The record's status (laufend, beendet, abgebrochen); an open run not changed for longer
    than ``STALE_AFTER`` before ``now`` is „abgebrochen“, as in the counts."""
    score: int | None
    ending_id: str | None
    ending_title: str | None
    outdated: bool
    path: list[PathEntry]


class ScenarioDebrief(Frozen):
    """Everything about one scenario in the group."""

    scenario_id: str
    title: str
    known: bool
    participants: int
    """Participants with a counted run of the scenario."""
    finished: int
    """Counted runs that are finished."""
    in_progress: int
    """Counted runs still being played: open and changed within ``STALE_AFTER`` of ``now``."""
    abandoned: int
    """Runs (not only counted ones, never practice) given up plus open runs not changed for
    longer than ``STALE_AFTER`` (``given_up + stalled``)."""
    outdated: int
    score_histogram: list[int]
    score_mean: float | None
    meters: list[MeterStats]
    endings: list[EndingCount]
    decisions: list[Decision]
    """The decisions reached, in story order (``Decision.depth``, ties in YAML order)."""
    competencies: list[CompetencyEntry]
    """The competency profile of this scenario, weakest first (lowest share of positive points;
    ties by label)."""
    runs: list[Run]
    given_up: int = 0
    """Runs given up with „Abbrechen“."""
    stalled: int = 0
    """Open runs not changed for longer than ``STALE_AFTER`` before ``now`` (left the room)."""
    restarted: int = 0
    """Participants with more than one (non-practice) run of the scenario."""
    talking_points: list[TalkingPoint] = []
    """„Worüber sprechen?“: the decisions reached by at least two people, the most divided first."""
    flow: FlowNode | None = None
    """The group's paths through the scenario as a tree from the start (None: nobody decided)."""
    durations: DurationStats | None = None
    """Time per finished run (breaks left out); None when no run is finished."""

    def decision(self, node_id: str) -> Decision:
        """The decision at this node; KeyError if nobody reached it."""
        for decision in self.decisions:
            if decision.node_id == node_id:
                return decision
        raise KeyError(node_id)


class Participant(Frozen):
    """A participant: stable number (order of joining the group) and name."""

    number: int
    name: str

    @property
    def label(self) -> str:
        """The anonymous label, „Person 3“ (gender-neutral, short enough for a chart)."""
        return f"Person {self.number}"

    def shown(self, names: bool) -> str:
        """The name when names are shown, else the anonymous label."""
        return self.name if names else self.label


class GroupDebrief(Frozen):
    """How a workshop group played: per scenario, per decision, competencies, participants."""

    code: str
    title: str
    participants: list[Participant]
    scenarios: list[ScenarioDebrief]
    competencies: list[CompetencyEntry]
    """The group's competency profile over all scenarios, weakest first (as per scenario)."""
    roster: list[RosterRow] = []
    """Per participant (by number): the scenarios, where each run stands, first and last activity."""

    def participant(self, number: int) -> Participant:
        """The participant with this number; KeyError if there is none."""
        for participant in self.participants:
            if participant.number == number:
                return participant
        raise KeyError(number)

    def scenario(self, scenario_id: str) -> ScenarioDebrief:
        """The scenario with this id; KeyError if the group did not play it."""
        for scenario in self.scenarios:
            if scenario.scenario_id == scenario_id:
                return scenario
        raise KeyError(scenario_id)

    def anonymized(self) -> GroupDebrief:
        """This debrief with every name replaced by its „Person n“ label."""
        hidden = [p.model_copy(update={"name": p.label}) for p in self.participants]
        return self.model_copy(update={"participants": hidden})
