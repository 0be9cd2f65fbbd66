"""The group debrief screens driven by keys: walk decisions, names, paths, refresh, start screen F3."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Static, TabbedContent

from kundenspiel.store import SaveStore
from kundenspiel.ui.dialogs.group_path import RunPathDialog
from kundenspiel.ui.dialogs.group_pick import GroupPickDialog
from kundenspiel.ui.group_app import GroupDebriefApp
from kundenspiel.ui.screens.group_debrief import GroupDebriefScreen
from kundenspiel.ui.session import GameConfig
from tests.conftest import SCENARIO_DIR
from tests.ui.conftest import FixedClock, make_app, settle, shared_cache
from tests.ui.group_seed import GROUP_CODE, GROUP_PIN, policy_path, record_group_playthrough, seed_group


def group_app(saves: Path, code: str = GROUP_CODE) -> GroupDebriefApp:
    """The debrief app as ``kundenspiel debrief CODE`` starts it, with a fixed clock."""
    return GroupDebriefApp(
        GameConfig(saves_dir=saves, scenario_dir=SCENARIO_DIR, clock=FixedClock(), cache_dir=shared_cache()),
        code,
    )


def status(app: GroupDebriefApp) -> str:
    return str(app.screen.query_one("#group-status", Static).render())


async def test_opens_anonymous_and_shows_names_on_a_with_the_pin(saves: Path) -> None:
    seed_group(saves)
    app = group_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GroupDebriefScreen)
        assert "Servicetraining März" in status(app) and "5 Teilnehmende" in status(app)
        await pilot.press("4")
        table = screen.query_one("#runs", DataTable)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [
            "Person 1",
            "Person 5",
        ]
        await pilot.press("a")
        await settle(pilot)  # the dialog opens once the group's PIN hash is read
        await pilot.press(*GROUP_PIN, "enter")
        await settle(pilot)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["Alex", "Emil"]
        assert "Namen sichtbar" in status(app)


async def test_walk_decision_by_decision(saves: Path) -> None:
    seed_group(saves)
    app = group_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GroupDebriefScreen)
        await pilot.press("n")  # first n only opens the decisions tab
        assert screen.query_one(TabbedContent).active == "entscheidungen" and screen.decision_index == 0
        await pilot.press("n", "n", "b")
        assert screen.decision_index == 1
        assert screen.scenario is not None
        total = len(screen.scenario.decisions)
        await pilot.press(*["n"] * (total + 3))
        assert screen.decision_index == total - 1  # stops at the last one
        await pilot.press("s")
        await settle(pilot)
        assert screen.decision_index == 0 and "Szenario 2/2" in status(app)


async def test_drill_into_a_path_and_compare_two(saves: Path) -> None:
    seed_group(saves)
    app = group_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s", "4", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RunPathDialog) and len(app.screen.paths) == 1
        await pilot.press("escape", "v", "down", "v")
        await settle(pilot)
        assert isinstance(app.screen, RunPathDialog)
        assert [who for _, who in app.screen.paths] == ["Person 1", "Person 2"]


async def test_refreshes_while_trainees_play(saves: Path) -> None:
    seed_group(saves)
    app = group_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "5 Teilnehmende" in status(app)
        # Another process (a trainee's window) saves a playthrough into the same folder.
        record_group_playthrough(
            SaveStore(saves), FixedClock(), "Fritz", "keine_befugnis", policy_path("keine_befugnis", 0)
        )
        screen = app.screen
        assert isinstance(screen, GroupDebriefScreen)
        screen.reload()  # what the timer does every few seconds
        await settle(pilot)
        assert "6 Teilnehmende" in status(app)


async def test_unknown_code_shows_an_empty_debrief(saves: Path) -> None:
    seed_group(saves)
    app = group_app(saves, "XXXX")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "0 Teilnehmende" in status(app)


async def test_f3_on_the_start_screen(saves: Path) -> None:
    seed_group(saves)
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, GroupPickDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GroupDebriefScreen) and app.screen.code == GROUP_CODE
        await pilot.press("escape")
        await settle(pilot)
        app.screen.query_one("#group", Input).value = "kr-7m"
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, GroupDebriefScreen) and app.screen.code == GROUP_CODE


async def test_odd_names_and_titles_are_shown_as_typed(saves: Path) -> None:
    from kundenspiel.store.groups import Group, GroupStore
    from kundenspiel.store.pin import hash_pin

    clock = FixedClock()
    pin_hash = hash_pin(GROUP_PIN)
    GroupStore(saves).add(Group(code=GROUP_CODE, title="[/b] Kurs [x", created_at=clock(), pin_hash=pin_hash))
    store = SaveStore(saves, clock=clock)
    record_group_playthrough(store, clock, "[red]Bö[/]se", "keine_befugnis", policy_path("keine_befugnis", 0))
    app = group_app(saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "[/b] Kurs [x" in status(app)
        await pilot.press("4", "a")
        await settle(pilot)
        await pilot.press(*GROUP_PIN, "enter")
        await settle(pilot)
        table = app.screen.query_one("#runs", DataTable)
        assert str(table.get_row_at(0)[0]) == "[red]Bö[/]se"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RunPathDialog)
