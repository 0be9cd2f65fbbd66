"""Pydantic models of a scenario, as written by trainers in YAML.

The models are the single source of truth for the file format: the loader validates YAML
against them, the JSON schema is generated from them, and the game only ever sees them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kundenspiel.engine.conditions import Condition
from kundenspiel.engine.fingerprint import structure_fingerprint
from kundenspiel.engine.format_fields import (
    MAX_CHOICES_PER_NODE,
    MAX_PATH_TEST_STEPS,
    CompetencyTags,
    ConditionField,
    Identifier,
    MeterDelta,
    MeterValue,
    ShortText,
    Text,
    Weight,
    date_as_text,
)
from kundenspiel.engine.meters import METER_IDS


class Rating(StrEnum):
    """How an ending is judged in the debrief."""

    GELUNGEN = "gelungen"
    GEMISCHT = "gemischt"
    GESCHEITERT = "gescheitert"

    @property
    def points(self) -> int:
        """The ending's share of the score, 0–100."""
        return {"gelungen": 100, "gemischt": 50, "gescheitert": 0}[self.value]

    @property
    def label(self) -> str:
        """The German label shown to players."""
        return {"gelungen": "Gelungen", "gemischt": "Gemischt", "gescheitert": "Gescheitert"}[self.value]


class FormatModel(BaseModel):
    """Base of all file-format models: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(FormatModel):
    """Where a scenario's ideas come from."""

    article: ShortText
    author: ShortText
    date: Annotated[ShortText, BeforeValidator(date_as_text)]
    url: ShortText | None = None
    quote: Text | None = None


class MeterValues(FormatModel):
    """A value for each meter, 0–100."""

    motivation: MeterValue
    vertrauen: MeterValue
    befugnis: MeterValue

    def as_dict(self) -> dict[str, int]:
        """The values keyed by meter id."""
        return {meter: getattr(self, meter) for meter in METER_IDS}


class MeterDeltas(FormatModel):
    """How a choice moves each meter; missing meters do not move."""

    motivation: MeterDelta = 0
    vertrauen: MeterDelta = 0
    befugnis: MeterDelta = 0

    def as_dict(self) -> dict[str, int]:
        """The deltas keyed by meter id."""
        return {meter: getattr(self, meter) for meter in METER_IDS}


class MeterWeights(FormatModel):
    """How much each final meter counts towards the score."""

    motivation: Weight = 1
    vertrauen: Weight = 1
    befugnis: Weight = 1

    def as_dict(self) -> dict[str, float]:
        """The weights keyed by meter id."""
        return {meter: getattr(self, meter) for meter in METER_IDS}

    @model_validator(mode="after")
    def _some_weight_counts(self) -> MeterWeights:
        # With every weight 0 the weighted mean is undefined; refuse it instead of guessing.
        if not any(self.as_dict().values()):
            raise PydanticCustomError("weights_all_zero", "mindestens ein Gewicht muss größer als 0 sein")
        return self


class Scoring(FormatModel):
    """How the 0–100 score is computed from the final meters and the ending's rating."""

    weights: MeterWeights = MeterWeights()
    ending_share: Annotated[float, Field(ge=0, le=1)] = 0.4


class Start(FormatModel):
    """Where and with which meters a playthrough begins."""

    node: Identifier
    meters: MeterValues
    flags: list[Identifier] = []


class MeterDisplay(StrEnum):
    """How the meters are shown while playing (the debrief always shows everything)."""

    OFFEN = "offen"
    """Bars with numbers, and after each choice what it changed (▲/▼)."""
    TENDENZ = "tendenz"
    """Bars that move, without numbers and without per-choice changes."""
    VERDECKT = "verdeckt"
    """Nothing until the debrief."""


class Passage(FormatModel):
    """A passage of text shown only when its condition holds; ``otherwise`` when it does not."""

    condition: ConditionField
    text: Text
    otherwise: Text | None = None

    def shown(self, holds: bool) -> str | None:
        """The passage's text for a condition that holds or not (None: nothing to show)."""
        return self.text if holds else self.otherwise


class Route(FormatModel):
    """Where a choice leads when ``condition`` holds after it (meters, flags, visits)."""

    condition: ConditionField
    next: Identifier


class Choice(FormatModel):
    """One option at a node: what it costs, what it opens, what it teaches."""

    id: Identifier
    text: Text
    condition: ConditionField | None = None
    locked_reason: ShortText | None = None
    hidden: StrictBool = False
    effects: MeterDeltas = MeterDeltas()
    set_flags: list[Identifier] = []
    clear_flags: list[Identifier] = []
    feedback: Text | None = None
    feedback_when: list[Passage] = []
    coaching: Text | None = None
    competencies: CompetencyTags = {}
    foil: StrictBool = False
    """Meant to be worse than another option on every meter (no dominated-choice warning)."""
    next: Identifier
    next_when: list[Route] = []
    """The first route whose condition holds after the choice decides; else ``next``."""

    def targets(self) -> list[str]:
        """Every node or ending this choice can lead to, routes first, ``next`` last."""
        return list(dict.fromkeys([*(route.next for route in self.next_when), self.next]))

    def located_conditions(self) -> list[tuple[tuple[str | int, ...], Condition]]:
        """Every condition of this choice with its place inside the choice (for diagnostics)."""
        found: list[tuple[tuple[str | int, ...], Condition]] = []
        if self.condition is not None:
            found.append((("condition",), self.condition))
        found += [(("next_when", i, "condition"), route.condition) for i, route in enumerate(self.next_when)]
        found += [
            (("feedback_when", i, "condition"), passage.condition)
            for i, passage in enumerate(self.feedback_when)
        ]
        return found


class Node(FormatModel):
    """A situation the player has to decide in."""

    id: Identifier
    speaker: ShortText | None = None
    text: Text
    text_when: list[Passage] = []
    """Passages after ``text`` that depend on what happened so far (checked on arrival)."""
    choices: Annotated[list[Choice], Field(min_length=1, max_length=MAX_CHOICES_PER_NODE)]

    def choice(self, choice_id: str) -> Choice | None:
        """The choice with that id, or None."""
        return next((choice for choice in self.choices if choice.id == choice_id), None)


class Ending(FormatModel):
    """Where a playthrough ends, and how that ending is rated."""

    id: Identifier
    title: ShortText
    text: Text
    text_when: list[Passage] = []
    rating: Rating


class MeterBound(FormatModel):
    """The range a meter must end in for a path test; either bound may be left out."""

    min: MeterValue | None = None
    max: MeterValue | None = None


class MeterBounds(FormatModel):
    """Expected ranges of the meters after a path test's choices; unnamed meters are not checked."""

    motivation: MeterBound | None = None
    vertrauen: MeterBound | None = None
    befugnis: MeterBound | None = None

    def as_dict(self) -> dict[str, MeterBound]:
        """The bounds that are set, keyed by meter id."""
        return {meter: bound for meter in METER_IDS if (bound := getattr(self, meter)) is not None}


class PathTest(FormatModel):
    """A trainer's test: play these choices from the start, expect this ending and these meters.

    Without ``ending`` the path only has to be playable; the meters are checked where it stops.
    """

    name: ShortText
    choices: Annotated[list[Identifier], Field(min_length=1, max_length=MAX_PATH_TEST_STEPS)]
    ending: Identifier | None = None
    meters: MeterBounds = MeterBounds()


class Scenario(FormatModel):
    """A complete scenario: metadata, start, nodes and endings."""

    id: Identifier
    version: Annotated[StrictInt, Field(ge=1)]
    title: ShortText
    summary: Text
    role: Text
    sources: Annotated[list[Source], Field(min_length=1)]
    learning_goals: Annotated[list[ShortText], Field(min_length=1)]
    competencies: dict[Identifier, ShortText] = {}
    flags: dict[Identifier, ShortText] = {}
    start: Start
    scoring: Scoring = Scoring()
    meter_display: MeterDisplay = MeterDisplay.TENDENZ
    """How the meters show while playing; a workshop group may choose otherwise."""
    nodes: Annotated[list[Node], Field(min_length=1)]
    endings: Annotated[list[Ending], Field(min_length=1)]
    tests: list[PathTest] = []

    _nodes_by_id: dict[str, Node] = PrivateAttr(default_factory=dict)
    _endings_by_id: dict[str, Ending] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        """Index nodes and endings by id (the first one wins if an id repeats)."""
        for node in self.nodes:
            self._nodes_by_id.setdefault(node.id, node)
        for ending in self.endings:
            self._endings_by_id.setdefault(ending.id, ending)

    def node(self, node_id: str) -> Node:
        """The node with that id; KeyError if there is none."""
        return self._nodes_by_id[node_id]

    def ending(self, ending_id: str) -> Ending:
        """The ending with that id; KeyError if there is none."""
        return self._endings_by_id[ending_id]

    def has_node(self, node_id: str) -> bool:
        """True when a node has that id."""
        return node_id in self._nodes_by_id

    def has_ending(self, ending_id: str) -> bool:
        """True when an ending has that id."""
        return ending_id in self._endings_by_id

    def fingerprint(self) -> str:
        """What a save records to notice later changes: how the scenario plays, not its wording
        or its path tests (``kundenspiel.engine.fingerprint``)."""
        return structure_fingerprint(self)
