"""The state of one playthrough: meters, flags and the path so far."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from kundenspiel.engine.conditions import EvaluationContext
from kundenspiel.engine.meters import METER_IDS, clamp
from kundenspiel.engine.models import MeterDeltas, MeterValues


class Meters(BaseModel):
    """Current values of the three meters, always within 0–100."""

    model_config = ConfigDict(frozen=True)

    motivation: int
    vertrauen: int
    befugnis: int

    @classmethod
    def from_values(cls, values: MeterValues) -> Meters:
        """The meters a scenario starts with."""
        return cls(**values.as_dict())

    def as_dict(self) -> dict[str, int]:
        """The values keyed by meter id."""
        return {meter: getattr(self, meter) for meter in METER_IDS}

    def apply(self, deltas: MeterDeltas) -> tuple[Meters, dict[str, int]]:
        """Add the deltas, clamp to 0–100, and return the new meters with the real changes."""
        before = self.as_dict()
        after = {meter: clamp(before[meter] + delta) for meter, delta in deltas.as_dict().items()}
        changes = {meter: after[meter] - before[meter] for meter in METER_IDS}
        return Meters(**after), changes


class PathStep(BaseModel):
    """One decision taken: where, which choice, and the meters right after it."""

    model_config = ConfigDict(frozen=True)

    node_id: str
    choice_id: str
    meters_after: Meters


class GameState(BaseModel):
    """Everything that defines a playthrough at one moment; immutable, replaced on each step."""

    model_config = ConfigDict(frozen=True)

    scenario_id: str
    node_id: str | None
    ending_id: str | None = None
    meters: Meters
    flags: frozenset[str] = frozenset()
    path: tuple[PathStep, ...] = ()

    @property
    def ended(self) -> bool:
        """True once an ending is reached."""
        return self.ending_id is not None

    @property
    def visited(self) -> frozenset[str]:
        """The nodes entered so far, the current one included."""
        nodes = {step.node_id for step in self.path}
        if self.node_id is not None:
            nodes.add(self.node_id)
        return frozenset(nodes)

    @property
    def choice_ids(self) -> list[str]:
        """The choice log: the ids of the choices taken, in order."""
        return [step.choice_id for step in self.path]

    def context(self) -> EvaluationContext:
        """What conditions are evaluated against."""
        return EvaluationContext(self.meters.as_dict(), self.flags, self.visited)
