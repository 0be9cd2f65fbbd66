"""A game served to browsers (``kundenspiel serve``) runs on a shared host: the start screen never
lists the other players' names, and the group debrief is not reachable from a trainee's screen
(issue 12, „Trainees in the browser“)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static
from textual.widgets._footer import FooterKey

from kundenspiel.store import SaveStore
from kundenspiel.ui.dialogs.confirm import ConfirmDialog
from kundenspiel.ui.dialogs.group_pick import GroupPickDialog, open_group_debrief
from kundenspiel.ui.screens.group_debrief import GroupDebriefScreen
from kundenspiel.ui.screens.play import PlayScreen
from kundenspiel.ui.screens.start import StartScreen
from tests.ui.conftest import make_app, settle, sign_in
from tests.ui.group_seed import GROUP_CODE, seed_group
from tests.ui.seed import seed
from tests.ui.test_palette import open_palette
from tests.ui.test_snapshots import SIZES, Compare, quiet


def footer_labels(screen: StartScreen) -> list[str]:
    return [key.description for key in screen.query(FooterKey)]


def opened_debrief(app: object) -> bool:
    stack = getattr(app, "screen_stack", [])
    return any(isinstance(screen, GroupDebriefScreen | GroupPickDialog) for screen in stack)


@pytest.mark.parametrize("served", [False, True], ids=["terminal", "served"])
async def test_the_start_screen_lists_known_names_only_outside_a_served_game(
    saves: Path, served: bool
) -> None:
    store = SaveStore(saves)
    for name in ("Alex", "Alexandra", "Bea"):
        store.ensure_player(name)
    app = make_app(saves, served=served)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StartScreen)
        await pilot.press(*"Al")
        await pilot.pause()
        players = screen.query_one("#players", OptionList)
        shown = [str(players.get_option_at_index(i).prompt) for i in range(players.option_count)]
        assert screen.query_one("#players-field").display is not served
        assert shown == ([] if served else ["Alex", "Alexandra"])
        await pilot.press("down")
        await pilot.pause()
        assert (app.focused is players) is not served
        assert bool(screen.query("#served-note")) is served


async def test_a_served_start_screen_says_where_the_results_are_and_how_to_resume(saves: Path) -> None:
    app = make_app(saves, served=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        note = str(app.screen.query_one("#served-note", Static).render())
        assert "denselben Namen" in note
        assert "Trainerin oder dein Trainer" in note
        assert app.screen.query_one("#served-note").region.bottom <= 24


async def test_signing_in_with_a_known_name_in_a_served_game_resumes_that_player(saves: Path) -> None:
    seed(saves)  # Alex is one decision into „Die Druckerpatrone“
    app = make_app(saves, served=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "alex")
        assert app.session.player is not None and app.session.player.name == "Alex"
        assert isinstance(app.screen, ConfirmDialog)  # „Weiterspielen?“
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert screen.record is not None and len(screen.record.steps) == 1


@pytest.mark.parametrize("served", [False, True], ids=["terminal", "served"])
async def test_f3_opens_the_group_debrief_only_outside_a_served_game(saves: Path, served: bool) -> None:
    seed_group(saves)
    app = make_app(saves, served=served)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StartScreen)
        assert ("Gruppenauswertung" in footer_labels(screen)) is not served
        assert ("Gruppenauswertung" in await open_palette(pilot)) is not served
        await pilot.press("escape")
        await pilot.press("tab", *GROUP_CODE, "f3")
        await settle(pilot)
        assert opened_debrief(app) is not served


async def test_nothing_opens_the_group_debrief_in_a_served_game(saves: Path) -> None:
    seed_group(saves)
    app = make_app(saves, served=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StartScreen)
        # The key's action and the dialog's entry point, called directly, both refuse.
        await app.run_action("group_debrief", screen)
        open_group_debrief(screen, GROUP_CODE)
        open_group_debrief(screen, "")
        await settle(pilot)
        assert not opened_debrief(app)
        messages = [notification.message for notification in app._notifications]
        assert "Die Auswertung der Gruppe zeigt deine Trainerin oder dein Trainer." in messages


async def served_start(pilot: Pilot[Any]) -> None:
    await quiet(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_served_start_screen_snapshot(size: tuple[int, int], snap_compare: Compare, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    seed(saves)  # a known player, who must not be listed
    assert snap_compare(make_app(saves, served=True), terminal_size=size, run_before=served_start)
