"""Snapshots of the play screen after a choice in each meter display (offen, tendenz, verdeckt),
at 80×24 and 120×40: what a trainee sees of the meters while deciding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import make_app, settle
from tests.ui.test_meter_display import scenario_folder
from tests.ui.test_snapshots import SIZES, Compare, as_alex, quiet


async def after_first_choice(pilot: Pilot[Any]) -> None:
    await as_alex(pilot)
    await pilot.press("2")  # nachfragen: vertrauen +5, motivation +5
    await settle(pilot)
    await quiet(pilot)


@pytest.mark.parametrize("display", ["offen", "tendenz", "verdeckt"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_meter_display(snap_compare: Compare, tmp_path: Path, display: str, size: tuple[int, int]) -> None:
    app = make_app(tmp_path / "saves", scenario_folder(tmp_path, display), start_scenario="mini")
    assert snap_compare(app, terminal_size=size, run_before=after_first_choice)
