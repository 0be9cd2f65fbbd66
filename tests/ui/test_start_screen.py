"""The start screen as trainees meet it: odd names, switching names, the list of known names, one
name in two windows."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from kundenspiel.store import SaveStore
from kundenspiel.ui.dialogs.confirm import ConfirmDialog
from kundenspiel.ui.screens.play import PlayScreen
from kundenspiel.ui.screens.scenarios import ScenarioListScreen
from kundenspiel.ui.screens.start import StartScreen
from tests.ui.conftest import make_app, settle, sign_in

HOSTILE_NAMES = ["[/x]", "[bold red]Rot", "[link=https://example.org]x[/link]"]


def listed_names(screen: StartScreen) -> list[str]:
    players = screen.query_one("#players", OptionList)
    return [str(players.get_option_at_index(i).prompt) for i in range(players.option_count)]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
async def test_a_name_with_markup_is_shown_literally_and_breaks_nothing(saves: Path, name: str) -> None:
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, name)
        assert isinstance(app.screen, ScenarioListScreen)

    # Every later start on that folder lists the name: it must not be read as markup.
    again = make_app(saves)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, StartScreen)
        assert listed_names(screen) == [name]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(again.screen, ScenarioListScreen)
        assert again.session.player is not None and again.session.player.name == name


async def test_control_characters_in_a_known_name_are_shown_visibly(saves: Path) -> None:
    # Such a name cannot be typed into the field, but arrives by import or a hand-edited file.
    SaveStore(saves).ensure_player("a\x1b[31mb\u202e")
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StartScreen)
        assert listed_names(screen) == ["a\\x1b[31mb\\u202e"]


async def test_switching_names_puts_the_cursor_into_an_empty_name_field(saves: Path) -> None:
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex", group="KR7M")
        await pilot.press("escape")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StartScreen)
        name = screen.query_one("#name", Input)
        assert app.focused is name and name.value == ""
        await pilot.press(*"Bea", "enter")
        await settle(pilot)
        assert app.session.player is not None and app.session.player.name == "Bea"
        assert app.session.group_code == "KR7M"


async def test_the_known_names_include_one_added_in_this_session(saves: Path) -> None:
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        await pilot.press("escape")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StartScreen)
        assert listed_names(screen) == ["Alex"]


async def test_the_known_names_follow_what_is_typed(saves: Path) -> None:
    store = SaveStore(saves)
    for name in ("Alex", "Bea", "Alexandra"):
        store.ensure_player(name)
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StartScreen)
        assert listed_names(screen) == ["Alex", "Alexandra", "Bea"]
        await pilot.press(*"ale")
        await pilot.pause()
        assert listed_names(screen) == ["Alex", "Alexandra"]


async def test_enter_in_the_list_signs_in_the_name_shown_in_the_field(saves: Path) -> None:
    store = SaveStore(saves)
    for name in ("Alex", "Bea"):
        store.ensure_player(name)
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StartScreen)
        await pilot.press("e", "down")
        await pilot.pause()
        # Going into the list shows the highlighted name in the field, so Enter does what is in view.
        assert screen.query_one("#name", Input).value == "Alex"
        await pilot.press("down")
        await pilot.pause()
        assert screen.query_one("#name", Input).value == "Bea"
        await pilot.press("enter")
        await settle(pilot)
        assert app.session.player is not None and app.session.player.name == "Bea"


async def test_the_focused_field_stands_out(saves: Path) -> None:
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        name, group = screen.query_one("#name", Input), screen.query_one("#group", Input)
        assert app.focused is name
        assert name.styles.background != group.styles.background
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is group
        assert name.styles.background != group.styles.background


async def test_a_name_in_another_case_is_the_same_player(saves: Path) -> None:
    SaveStore(saves).ensure_player("Alex")
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "  aLEX ")
        assert app.session.player is not None and app.session.player.name == "Alex"
    assert [player.name for player in SaveStore(saves).players()] == ["Alex"]


async def test_a_name_playing_in_another_window_is_not_taken_silently(saves: Path) -> None:
    store = SaveStore(saves)
    other_window = store.claim_player(store.ensure_player("Alex").key)
    assert other_window is not None
    try:
        app = make_app(saves)
        async with app.run_test(size=(120, 40)) as pilot:
            await sign_in(pilot, "Alex")
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("escape")  # „Anderer Name“
            await settle(pilot)
            assert isinstance(app.screen, StartScreen)
            assert app.session.player is None
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("enter")  # „Trotzdem hier spielen“
            await settle(pilot)
            assert isinstance(app.screen, ScenarioListScreen)
            assert app.session.player is not None and app.session.player.name == "Alex"
            await pilot.press("enter")  # a scenario opens and its playthrough is saved
            await settle(pilot)
            assert isinstance(app.screen, PlayScreen) and app.screen.record is not None
    finally:
        other_window.release()


async def test_signing_in_claims_the_name_until_the_name_is_switched(saves: Path) -> None:
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        store = SaveStore(saves)
        key = store.ensure_player("Alex").key
        assert store.claim_player(key) is None
        await pilot.press("escape")
        await settle(pilot)
        claim = store.claim_player(key)
        assert claim is not None
        claim.release()
