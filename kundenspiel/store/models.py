"""What the store keeps: players, playthroughs and their steps, plus its notices and errors.

Records are immutable: every change (a step, the ending, giving up) returns a new record, and
the game saves that new record. Times are kept in UTC; a naive time is read as local time,
which is what ``datetime.now()`` gives.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidationError,
    model_serializer,
)

PlaythroughStatus = Literal["laufend", "beendet", "abgebrochen"]


def _as_utc(value: datetime) -> datetime:
    # A naive time most likely came from datetime.now(), i.e. local time; astimezone() reads it so.
    return value.astimezone(UTC)


Timestamp = Annotated[datetime, AfterValidator(_as_utc)]


class StoreError(Exception):
    """The store cannot do what was asked; the message is German and can be shown to the player."""


# The name the callers know it by: it is a conflict to resolve, not an error of the program.
class PlaythroughConflict(StoreError):  # noqa: N818
    """A save was refused because the stored copy of the playthrough is as new or newer and
    different: it was played on in another window (or process) since this one loaded it.

    ``record_id`` is the playthrough; ``stored_revision`` the revision found on disk.
    """

    def __init__(self, record_id: str, stored_revision: int) -> None:
        super().__init__(
            "Dieser Durchlauf wurde inzwischen in einem anderen Fenster weitergespielt. Damit dort "
            "nichts verloren geht, wurde dein Stand hier nicht gespeichert; öffne den Durchlauf neu, "
            "um mit dem neuesten Stand weiterzuspielen."
        )
        self.record_id = record_id
        self.stored_revision = stored_revision


@dataclass(frozen=True)
class StoreNotice:
    """Something the store repaired or moved on its own, to be told to the player (German)."""

    message: str
    path: Path


class PlayerRef(BaseModel):
    """A known player: the stable key used for files, and the name exactly as entered.

    ``device`` is the device id of the save folder the player played on when they came in by
    import from another one (see ``store.device``); None for players of this folder.
    """

    model_config = ConfigDict(frozen=True)

    key: str
    name: str
    created_at: Timestamp
    device: str | None = Field(default=None, pattern=r"^[A-Za-z0-9]{1,32}$")

    @model_serializer(mode="wrap")
    def _without_empty_device(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        # Players of this folder are stored exactly as before device ids existed.
        data: dict[str, object] = handler(self)
        if data.get("device") is None:
            data.pop("device", None)
        return data

    def stored(self) -> dict[str, object]:
        """The document in the index and profile (``device`` only where it is set)."""
        return self.model_dump(mode="json")


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
    tell whether the scenario changed since the log was written. ``revision`` counts the changes
    (every new record made from this one has one more), so a save can tell a stale copy from a
    newer one; files written before it existed load as revision 0.

    A practice run (``practice_of`` set) is a playthrough branched off an earlier one from its
    debrief: it starts with that run's first ``practice_from - 1`` steps, copied, and is played on
    from decision ``practice_from``. It never changes the run it branches from, and workshop
    figures leave it out. Files written before practice runs existed load as first runs.
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
    revision: int = Field(default=0, ge=0)
    practice_of: str | None = None
    """The id of the playthrough this practice run branches from; None for a first run."""
    practice_from: int | None = Field(default=None, ge=1)
    """The decision (counted from 1) a practice run starts at."""

    @property
    def is_practice(self) -> bool:
        """True for a practice run: recorded apart and never counted as the scored run."""
        return self.practice_of is not None

    @property
    def at_practice_start(self) -> bool:
        """True for a practice run with no decision of its own yet (only the shared steps)."""
        return self.is_practice and len(self.steps) < (self.practice_from or 1)

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

    def in_group(self, code: str | None, now: datetime) -> PlaythroughRecord:
        """This record counted for workshop group ``code`` (a resumed run joins the sign-in's group)."""
        return self._changed(now, group_code=code)

    def abandoned(self, now: datetime) -> PlaythroughRecord:
        """This record as given up; ``finished_at`` stays empty because no ending was reached."""
        return self._changed(now, status="abgebrochen")

    def truncated(self, keep: int, now: datetime) -> PlaythroughRecord:
        """This record with only its first ``keep`` steps, e.g. when a scenario edit removed a later
        choice and resume continues from the last valid point. Status and ending are left alone."""
        if keep < 0:
            raise ValueError(f"keep must not be negative, got {keep}")
        return self._changed(now, steps=self.steps[:keep])

    def practice_branch(
        self, decision: int, *, new_id: str, now: datetime, scenario_version: int, content_hash: str
    ) -> PlaythroughRecord:
        """A new practice run of the same player and scenario that shares this run's steps before
        ``decision`` (counted from 1) and continues from there; this record stays as it is."""
        if not 1 <= decision <= len(self.steps):
            raise ValueError(f"decision must be 1 to {len(self.steps)}, got {decision}")
        return PlaythroughRecord(
            id=new_id,
            player_key=self.player_key,
            scenario_id=self.scenario_id,
            scenario_version=scenario_version,
            content_hash=content_hash,
            # The branch belongs where its original was played: same group, so it neither joins
            # nor leaves a workshop the first run was (not) part of.
            group_code=self.group_code,
            started_at=now,
            updated_at=now,
            start_meters=dict(self.start_meters),
            steps=list(self.steps[: decision - 1]),
            practice_of=self.id,
            practice_from=decision,
        )

    def _changed(self, now: datetime, **changes: object) -> PlaythroughRecord:
        # model_copy(update=...) skips validation; validating again keeps times in UTC and types right.
        data = self.model_dump()
        data.update(changes, updated_at=now, revision=self.revision + 1)
        return PlaythroughRecord.model_validate(data)


def stored_is_current(
    stored: Sequence[Mapping[str, object]], record: PlaythroughRecord, document: Mapping[str, object]
) -> bool:
    """Whether saving ``record`` (whose JSON is ``document``) over the ``stored`` copies of it is
    unnecessary: True when one is exactly it, False when they are older (the save goes ahead).
    Raise PlaythroughConflict when they are as new or newer and different (played on elsewhere)."""
    if any(doc == document for doc in stored):
        return True
    revisions = [doc.get("revision", 0) for doc in stored]
    newest = max((value for value in revisions if isinstance(value, int)), default=0)
    if newest < record.revision:
        return False
    for doc in stored:
        try:
            # Compared as records, so a copy written before revisions existed still counts as equal.
            if PlaythroughRecord.model_validate(doc) == record:
                return True
        except ValidationError:
            continue
    raise PlaythroughConflict(record.id, newest)
