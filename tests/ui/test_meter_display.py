"""The three ways of showing the meters while playing, set by the scenario or by the workshop
group: open (numbers and per-choice changes), trend (bars only) and hidden (nothing until the
debrief)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from kundenspiel.engine.models import MeterDisplay
from kundenspiel.store.groups import GroupStore
from kundenspiel.ui.screens.debrief import DebriefScreen
from kundenspiel.ui.screens.play import PlayScreen
from kundenspiel.ui.widgets.meters import MeterBar, MeterPanel
from tests.conftest import MINI_SCENARIO
from tests.ui.conftest import make_app, settle, sign_in


def scenario_folder(tmp_path: Path, display: str) -> Path:
    folder = tmp_path / "szenarien"
    folder.mkdir(exist_ok=True)
    text = MINI_SCENARIO.read_text(encoding="utf-8").replace(
        "nodes:\n", f"meter_display: {display}\nnodes:\n", 1
    )
    (folder / "mini.yaml").write_text(text, encoding="utf-8")
    return folder


def bar_lines(screen: PlayScreen) -> list[str]:
    return [bar.render().plain.splitlines()[1] for bar in screen.query(MeterBar)]


async def play_first_choice(
    tmp_path: Path, display: str, group: str | None = None
) -> tuple[PlayScreen, list[str]]:
    app = make_app(tmp_path / "saves", scenario_folder(tmp_path, display), start_scenario="mini")
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex", group)
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        before = bar_lines(screen)
        await pilot.press("2")  # nachfragen: vertrauen +5, motivation +5
        await settle(pilot)
        after = bar_lines(screen)
        changes = screen.query_one("#feedback-changes", Static)
        hidden_note = screen.query_one("#meters-hidden", Static)
        shown = {
            "changes": changes.display and str(changes.render()),
            "bars": [bar.display for bar in screen.query(MeterBar)],
            "note": hidden_note.display,
            "mode": screen.query_one("#meters", MeterPanel).mode,
        }
        await pilot.press("enter")
        await settle(pilot)
        return screen, [*before, "|", *after, repr(shown)]


async def test_open_shows_numbers_and_the_change_of_each_choice(tmp_path: Path) -> None:
    _, lines = await play_first_choice(tmp_path, "offen")
    assert lines[0].rstrip().endswith(" 60") and lines[1].rstrip().endswith(" 40")
    assert "▲ +5" in lines[4] and "▲ +5" in lines[5]
    assert "Kundenvertrauen" in lines[-1] and "'note': False" in lines[-1]


async def test_trend_moves_the_bars_without_numbers_or_changes(tmp_path: Path) -> None:
    _, lines = await play_first_choice(tmp_path, "tendenz")
    before, after = lines[:3], lines[4:7]
    assert not any(character.isdigit() or character in "▲▼" for line in before + after for character in line)
    assert before[1] != after[1]  # the trust bar grew
    assert "'changes': False" in lines[-1] and "'note': False" in lines[-1]


async def test_hidden_shows_nothing_but_a_note(tmp_path: Path) -> None:
    _, lines = await play_first_choice(tmp_path, "verdeckt")
    assert "'bars': [False, False, False]" in lines[-1] and "'note': True" in lines[-1]
    assert "'changes': False" in lines[-1]


async def test_the_group_setting_wins_over_the_scenario(tmp_path: Path) -> None:
    group = GroupStore(tmp_path / "saves").create("Kurs", meter_display=MeterDisplay.VERDECKT)
    _, lines = await play_first_choice(tmp_path, "offen", group=group.code)
    assert "'mode': <MeterDisplay.VERDECKT: 'verdeckt'>" in lines[-1]


async def test_a_group_without_setting_plays_as_the_scenario_says(tmp_path: Path) -> None:
    group = GroupStore(tmp_path / "saves").create("Kurs")
    _, lines = await play_first_choice(tmp_path, "offen", group=group.code)
    assert "'mode': <MeterDisplay.OFFEN: 'offen'>" in lines[-1]


async def test_the_debrief_shows_everything_whatever_the_mode(tmp_path: Path) -> None:
    app = make_app(tmp_path / "saves", scenario_folder(tmp_path, "verdeckt"), start_scenario="mini")
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        await pilot.press("3")  # vertroesten ends the scenario
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        assert app.screen.query_one("#course").display


@pytest.mark.parametrize("display", ["offen", "tendenz", "verdeckt"])
def test_workshop_new_sets_the_display(
    tmp_path: Path, display: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from kundenspiel.cli import main

    assert main(["workshop", "new", "Kurs", "--anzeige", display, "--saves", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Messwerte beim Spielen:" in out
    (group,) = GroupStore(tmp_path).groups()
    assert group.meter_display == MeterDisplay(display)
    assert main(["workshop", "list", "--saves", str(tmp_path)]) == 0
    assert f"{display:<9} Kurs" in capsys.readouterr().out


def test_shipped_scenarios_never_default_to_the_answer_key() -> None:
    from kundenspiel.engine import load_scenario
    from tests.conftest import repository_scenarios

    for path in repository_scenarios():
        assert load_scenario(path).meter_display is not MeterDisplay.OFFEN, path.name
