"""Helpers for driving the Textual app in tests: fixed clock, temporary saves, key presses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from kundenspiel.folders import resolve_folders
from kundenspiel.ui.app import KundenspielApp
from kundenspiel.ui.session import GameConfig
from tests.conftest import SCENARIO_DIR


class FixedClock:
    """A clock that advances one minute per reading, from a fixed moment."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def shared_cache() -> Path:
    """The run's scenario cache (tests/conftest.py points the platform's cache folder at one
    temporary folder for the whole run): the full check of the shipped scenarios takes seconds,
    and every app in the tests would otherwise repeat it."""
    return resolve_folders().cache


def make_app(
    saves: Path, scenario_dir: Path = SCENARIO_DIR, start_scenario: str | None = None, *, served: bool = False
) -> KundenspielApp:
    """The game with a temporary save folder and a deterministic clock; ``served`` plays it as
    ``kundenspiel serve`` does, a trainee's browser tab on a shared host."""
    config = GameConfig(
        saves_dir=saves,
        scenario_dir=scenario_dir,
        clock=FixedClock(),
        start_scenario=start_scenario,
        cache_dir=shared_cache(),
        served=served,
    )
    return KundenspielApp(config)


@pytest.fixture
def saves(tmp_path: Path) -> Path:
    """A fresh save folder."""
    return tmp_path / "saves"


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish and the screen catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def sign_in(pilot: Pilot[None], name: str = "Alex", group: str | None = None) -> None:
    """Type a name (and group code) on the start screen and press Enter."""
    await settle(pilot)
    await pilot.press(*name)
    if group:
        await pilot.press("tab", *group)
    await pilot.press("enter")
    await settle(pilot)
