"""The debrief of a workshop group as data: what the screens show and the exports write."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

HISTOGRAM_BINS = 10
"""Score bins of ten points: 0–9, 10–19, …, 90–100 (100 falls into the last bin)."""


class Frozen(BaseModel):
    """Base of the debrief models: immutable."""

    model_config = ConfigDict(frozen=True)


class ChoiceShare(Frozen):
    """How often one choice was taken at a decision, and how often it was shown locked there."""

    choice_id: str
    text: str
    count: int
    percent: float
    locked: int


class Decision(Frozen):
    """One node of a scenario and how the group decided there."""

    node_id: str
    speaker: str | None
    text: str
    decisions: int
    participants: int
    with_locked: int
    choices: list[ChoiceShare]


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


class Run(Frozen):
    """The playthrough that counts for one participant in one scenario."""

    participant: int
    record_id: str
    status: str
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
    finished: int
    in_progress: int
    abandoned: int
    outdated: int
    score_histogram: list[int]
    score_mean: float | None
    meters: list[MeterStats]
    endings: list[EndingCount]
    decisions: list[Decision]
    competencies: list[CompetencyEntry]
    runs: list[Run]


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
