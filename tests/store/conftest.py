"""Fixtures for the store tests: a save folder in tmp_path and a clock that never reads the time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kundenspiel.store import PlayerRef, PlaythroughRecord, SaveStore, StepRecord

START = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
METERS = {"motivation": 50, "vertrauen": 40, "befugnis": 30}


class TickingClock:
    """A clock that moves one second forward on every call, so every timestamp differs."""

    def __init__(self, start: datetime = START, tick: timedelta = timedelta(seconds=1)) -> None:
        self.now = start
        self.tick = tick

    def __call__(self) -> datetime:
        current = self.now
        self.now += self.tick
        return current


@pytest.fixture
def clock() -> TickingClock:
    return TickingClock()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "saves"


@pytest.fixture
def store(root: Path, clock: TickingClock) -> SaveStore:
    return SaveStore(root, clock=clock)


def start(store: SaveStore, player: PlayerRef, scenario_id: str = "drucker") -> PlaythroughRecord:
    """A new playthrough with the usual arguments."""
    return store.new_playthrough(
        player,
        scenario_id=scenario_id,
        scenario_version=2,
        content_hash="ab" * 32,
        group_code="GRUPPE-7",
        start_meters=METERS,
    )


def make_step(index: int, at: datetime = START) -> StepRecord:
    """The step at position ``index`` of a test playthrough."""
    return StepRecord(
        node_id=f"knoten_{index}",
        choice_id=f"wahl_{index}",
        meters={"motivation": 50 + index, "vertrauen": 40, "befugnis": 30},
        at=at,
    )


def play(store: SaveStore, record: PlaythroughRecord, steps: int, clock: TickingClock) -> PlaythroughRecord:
    """Log ``steps`` more steps, saving after each, as the game does."""
    for _ in range(steps):
        record = record.with_step(make_step(len(record.steps), clock()), clock())
        store.save_playthrough(record)
    return record
