"""Parts of the debrief model about paths, people and time: the flow of the group's paths, the
roster, durations and the ranking of decisions worth discussing (see ``workshop.model``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

BREAK_AFTER = timedelta(minutes=30)
"""A gap between two steps longer than this is a break: left out of every time figure."""

STALE_AFTER = timedelta(hours=1)
"""An open run not changed for longer than this before ``now`` counts as abandoned (the
trainee left); until then it is still being played."""

FLOW_MAX_DEPTH = 12
"""Decisions along one path the flow shows; deeper ones are summed up in the branch's outcomes."""

FLOW_MAX_BRANCHES = 4
"""Branches per situation in the flow; the rarer ones share one „other“ branch."""

FLOW_MIN_PEOPLE = 2
"""A branch is followed further only when at least this many people took it (else only its
outcomes are given), which keeps the flow small enough to draw."""

FLOW_MIN_SHARE = 0.05
"""… and at least this share of the people in the flow (in a large group)."""


class Frozen(BaseModel):
    """Base of the debrief models: immutable."""

    model_config = ConfigDict(frozen=True)


FlowOutcomeKind = Literal["ending", "laufend", "abgebrochen"]


class FlowOutcome(Frozen):
    """Where some of the people on a part of the flow ended up in the end."""

    kind: FlowOutcomeKind
    """``ending``: finished at ``ending_id``; ``laufend``: still playing; ``abgebrochen``: given
    up or gone quiet (see ``STALE_AFTER``)."""
    ending_id: str | None
    title: str
    """The ending's title, or „läuft noch“ / „abgebrochen“."""
    rating: str
    """The ending's rating (gelungen, gemischt, gescheitert); empty for the other kinds."""
    count: int


class FlowBranch(Frozen):
    """One choice taken at a situation of the flow, by ``people`` of those who got there."""

    choice_id: str | None
    """None for the „other“ branch that sums up the rarest choices (see ``FLOW_MAX_BRANCHES``)."""
    text: str
    """The choice's text; for the „other“ branch „andere Wahl“ with the number of choices."""
    people: int
    outcomes: list[FlowOutcome]
    """Where the people on this branch ended up in the end, most frequent first."""
    ending_id: str | None = None
    """The ending this choice led straight to (None when it led on to a situation)."""
    ending_title: str | None = None
    next: FlowNode | None = None
    """The situation this choice led to, with its branches; None when it ended the run, when
    too few took it (``FLOW_MIN_PEOPLE``, ``FLOW_MIN_SHARE``), at ``FLOW_MAX_DEPTH``, or for the
    „other“ branch."""


class FlowNode(Frozen):
    """A situation on the group's paths: how many people got there along the same choices."""

    node_id: str
    step: int
    """The decision's number along the path (the start is 1)."""
    people: int
    stopped: list[FlowOutcome]
    """People who got here and decided no further (still here, given up, or their log no longer
    fits the scenario after this point), by outcome."""
    branches: list[FlowBranch]
    """The choices taken here, most people first; the „other“ branch last."""


class RosterEntry(Frozen):
    """Where one participant stands in one scenario (their counted run)."""

    scenario_id: str
    status: Literal["beendet", "laufend", "abgebrochen"]
    """The counted run's status; an open run gone quiet for longer than ``STALE_AFTER`` is
    „abgebrochen“ (``stalled`` says so)."""
    stalled: bool
    runs: int
    """Non-practice runs the participant started in the scenario; more than one: restarted."""
    node_id: str | None
    """Where a run not finished stands (or stopped): the situation to decide next, as a resume
    on the scenario now would continue; None for finished runs and unknown scenarios."""
    step: int | None
    """The number of that decision (decisions taken + 1); None for finished runs."""
    started_at: datetime
    """When the counted run started."""
    updated_at: datetime
    """When the counted run was last changed."""

    @property
    def restarted(self) -> bool:
        """True when the participant began the scenario more than once („neu gestartet“)."""
        return self.runs > 1


class RosterRow(Frozen):
    """One participant in the roster: their scenarios and when they were active."""

    participant: int
    """The participant's number (the name via ``GroupDebrief.participant``, only with the PIN)."""
    scenarios: list[RosterEntry]
    """In the order of the debrief's scenarios."""
    first_activity: datetime
    """When the earliest of their runs (practice runs left out) started."""
    last_activity: datetime
    """When the latest of their runs was last changed."""


class DurationStats(Frozen):
    """Time per finished run of a scenario, in seconds: the sum of its step gaps (from the start
    to the first step, then from step to step), each gap over ``BREAK_AFTER`` left out."""

    runs: int
    median_seconds: float
    minimum_seconds: float
    maximum_seconds: float


class TalkingPoint(Frozen):
    """A decision worth discussing: it split the group (see ``Decision.split``)."""

    node_id: str
    participants: int
    split: float
    """1 − the largest share of people (0–1); the ranking's first key."""
    evenness: float
    """Normalised entropy of the people's choices (0 = all alike, 1 = spread evenly over every
    choice of the node); breaks ties of ``split``."""
    leading_choice_id: str
    """The choice most people took (the first in YAML order among equals)."""


FlowBranch.model_rebuild()
