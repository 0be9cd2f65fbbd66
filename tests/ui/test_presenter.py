"""Presenter mode of the group debrief, and F1 explaining the debrief's own keys (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Markdown, Static
from textual.widgets._footer import FooterKey

from kundenspiel.store import SaveStore
from kundenspiel.ui.dialogs.help import HelpDialog
from kundenspiel.ui.screens.group_debrief import GroupDebriefScreen
from kundenspiel.ui.screens.presenter import ChoiceRow, PresenterScreen
from tests.ui.conftest import FixedClock, settle
from tests.ui.group_seed import policy_path, record_group_playthrough, seed_group
from tests.ui.test_group_debrief import group_app
from tests.ui.test_palette import open_palette


def title(screen: PresenterScreen) -> str:
    return str(screen.query_one("#presenter-title", Static).render())


def results_visible(screen: PresenterScreen) -> list[bool]:
    return [row.query_one(".result").display for row in screen.query(ChoiceRow)]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_one_decision_per_screen_results_on_space(saves: Path, size: tuple[int, int]) -> None:
    seed_group(saves)
    app = group_app(saves)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        debrief = app.screen
        assert isinstance(debrief, GroupDebriefScreen) and debrief.scenario is not None
        decisions = debrief.scenario.decisions
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PresenterScreen)
        assert title(screen).startswith(f"Entscheidung 1 von {len(decisions)}")
        assert len(screen.query(ChoiceRow)) == len(decisions[0].choices)
        assert not any(results_visible(screen))  # the room talks first
        await pilot.press("space")
        assert all(results_visible(screen))
        # Every row fits beside its result: nothing is pushed off the right edge.
        for row in screen.query(ChoiceRow):
            assert row.query_one(".result").region.right <= size[0]
        await pilot.press("right")
        await settle(pilot)
        assert title(screen).startswith("Entscheidung 2")
        assert not any(results_visible(screen))  # hidden again for the next one
        await pilot.press("n", "b", "left", "left", "left")
        await settle(pilot)
        assert title(screen).startswith("Entscheidung 1")  # stops at the first
        footer = {key.description for key in screen.query(FooterKey)}
        assert {"Auflösen", "Nächste", "Vorige", "Zurück"} <= footer
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is debrief


async def test_starts_at_the_decision_in_view_and_follows_fresh_numbers(saves: Path) -> None:
    seed_group(saves)
    app = group_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        debrief = app.screen
        assert isinstance(debrief, GroupDebriefScreen)
        assert debrief.scenario is not None and debrief.scenario.scenario_id == "druckerpatrone"
        await pilot.press("n", "n", "p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PresenterScreen)
        assert title(screen).startswith("Entscheidung 2")
        before = screen.decision
        assert before is not None
        record_group_playthrough(
            SaveStore(saves), FixedClock(), "Fritz", "druckerpatrone", policy_path("druckerpatrone", 0)
        )
        debrief.reload()  # what the timer below does every few seconds
        await settle(pilot)
        after = screen.decision
        assert after is not None and after.node_id == before.node_id
        assert after.participants == before.participants + 1


async def test_f1_in_the_debrief_explains_the_debriefs_keys(saves: Path) -> None:
    seed_group(saves)
    app = group_app(saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpDialog)
        text = app.screen.text
        assert "Gruppenauswertung" in text and "Trainer-PIN" in text and "Präsentation" in text
        assert "die Antwort mit dieser Nummer geben" not in text  # the player's help
        assert app.screen.query_one(Markdown)
        await pilot.press("escape", "p")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpDialog) and "Leertaste" in app.screen.text
        # „Hilfe“ chosen in the command palette: the help is about the screen below the palette.
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, GroupDebriefScreen)
        assert "Hilfe" in await open_palette(pilot, *"hilfe")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HelpDialog) and "Trainer-PIN" in app.screen.text
