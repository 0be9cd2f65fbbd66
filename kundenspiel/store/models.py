"""What the store keeps: players, playthroughs and their steps, plus its notices and errors.

Records are immutable: every change (a step, the ending, giving up) returns a new record, and
the game saves that new record. Times are kept in UTC; a naive time is read as local time,
which is what ``datetime.now()`` gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

PlaythroughStatus = Literal["laufend", "beendet", "abgebrochen"]


def _as_utc(value: datetime) -> datetime:
    # A naive time most likely came from datetime.now(), i.e. local time; astimezone() reads it so.
    return value.astimezone(UTC)


Timestamp = Annotated[datetime, AfterValidator(_as_utc)]


class StoreError(Exception):
    """The store cannot do what was asked; the message is German and can be shown to the player."""


@dataclass(frozen=True)
class StoreNotice:
    """Something the store repaired or moved on its own, to be told to the player (German)."""

    message: str
    path: Path


class PlayerRef(BaseModel):
    """A known player: the stable key used for files, and the name exactly as entered."""

    model_config = ConfigDict(frozen=True)

    key: str
    name: str
    created_at: Timestamp


class StepRecord(BaseModel):
    """One decision in the log: where it was taken, which choice, the meters after it, and when."""

    model_config = ConfigDict(frozen=True)

    node_id: str
    choice_id: str
    meters: dict[str, int]
    at: Timestamp


class PlaythroughRecord(BaseModel):
    """One playthrough of one scenario by one player, as saved after every choice.

    The choice log (``steps``) is what resume replays; ``scenario_version`` and ``content_hash``
    tell whether the scenario changed since the log was written.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    player_key: str
    scenario_id: str
    scenario_version: int
    content_hash: str
    group_code: str | None = None
    status: PlaythroughStatus = "laufend"
    started_at: Timestamp
    updated_at: Timestamp
    finished_at: Timestamp | None = None
    start_meters: dict[str, int]
    steps: list[StepRecord] = Field(default_factory=list)
    ending_id: str | None = None
    score: int | None = None
    rating: str | None = None

    @property
    def choice_ids(self) -> list[str]:
        """The chosen choice ids in order: the log that resume replays."""
        return [step.choice_id for step in self.steps]

    def with_step(self, step: StepRecord, now: datetime) -> PlaythroughRecord:
        """This record with one more decision logged."""
        if self.status != "laufend":
            raise ValueError(f"playthrough {self.id} is {self.status}; steps can only be added while laufend")
        return self._changed(now, steps=[*self.steps, step])

    def finished(self, ending_id: str, score: int, rating: str, now: datetime) -> PlaythroughRecord:
        """This record as completed with the given ending, score and rating."""
        return self._changed(
            now, status="beendet", finished_at=now, ending_id=ending_id, score=score, rating=rating
        )

    def abandoned(self, now: datetime) -> PlaythroughRecord:
        """This record as given up; ``finished_at`` stays empty because no ending was reached."""
        return self._changed(now, status="abgebrochen")

    def truncated(self, keep: int, now: datetime) -> PlaythroughRecord:
        """This record with only its first ``keep`` steps, e.g. when a scenario edit removed a later
        choice and resume continues from the last valid point. Status and ending are left alone."""
        if keep < 0:
            raise ValueError(f"keep must not be negative, got {keep}")
        return self._changed(now, steps=self.steps[:keep])

    def _changed(self, now: datetime, **changes: object) -> PlaythroughRecord:
        # model_copy(update=...) skips validation; validating again keeps times in UTC and types right.
        data = self.model_dump()
        data.update(changes, updated_at=now)
        return PlaythroughRecord.model_validate(data)
