"""The group code of a sign-in: a resumed playthrough takes it (asked when it had another), a
mistyped code is caught where the groups are known, and the code shows on the trainee's screens
(issue 12, „Trainees who vanish“ items 1 and 2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Static

from kundenspiel.store import PlaythroughRecord, SaveStore
from kundenspiel.store.groups import Group, GroupStore
from kundenspiel.ui.app import KundenspielApp
from kundenspiel.ui.dialogs.confirm import ConfirmDialog
from kundenspiel.ui.screens.play import PlayScreen
from kundenspiel.ui.screens.scenarios import ScenarioListScreen
from kundenspiel.ui.screens.start import StartScreen
from tests.ui.conftest import FixedClock, make_app, settle, sign_in
from tests.ui.seed import OPEN_PATH, record_playthrough
from tests.ui.test_snapshots import SIZES, Compare, quiet

GROUP_TITLE = "Servicetraining März"


def add_group(saves: Path, code: str, title: str = GROUP_TITLE) -> None:
    GroupStore(saves).add(Group(code=code, title=title, created_at=FixedClock()()))


def records(saves: Path, name: str = "Alex") -> list[PlaythroughRecord]:
    store = SaveStore(saves)
    return store.playthroughs(store.ensure_player(name).key)


def messages(app: KundenspielApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def question(app: App[None]) -> str:
    screen = app.screen
    assert isinstance(screen, ConfirmDialog), f"no question open but {screen!r}"
    return str(screen.query_one("#question", Static).render())


async def play_two_decisions(saves: Path, group: str | None = None) -> None:
    """Sign in as Alex, open the first scenario, make two decisions and quit."""
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex", group=group)
        await pilot.press("enter")
        await settle(pilot)
        for _ in range(2):
            await pilot.press("1")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        await app.wait_for_saves()
    (record,) = records(saves)
    assert len(record.steps) == 2 and record.group_code == group


async def resume(pilot: Pilot[None], group: str | None) -> None:
    """Sign in as Alex with ``group`` and take the offer to resume."""
    await sign_in(pilot, "Alex", group=group)
    assert "noch nicht beendet" in question(pilot.app)
    await pilot.press("enter")
    await settle(pilot)


async def test_a_resumed_playthrough_takes_the_code_entered_at_sign_in(saves: Path) -> None:
    await play_two_decisions(saves)
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot, "KR7M")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert "Gruppe KR7M" in str(screen.sub_title)
        await app.wait_for_saves()
        # On disk at once: leaving now without another decision still counts for the group.
        (record,) = records(saves)
        assert record.group_code == "KR7M" and len(record.steps) == 2
        await pilot.press("enter", "1")  # past the reaction shown again, the next decision
        await settle(pilot)
        await app.wait_for_saves()
    (record,) = records(saves)
    assert record.group_code == "KR7M" and len(record.steps) == 3


@pytest.mark.parametrize(("key", "kept"), [("enter", "XPYF"), ("escape", "AB12")], ids=["switch", "stay"])
async def test_a_playthrough_of_another_group_moves_only_when_the_trainee_says_so(
    saves: Path, key: str, kept: str
) -> None:
    await play_two_decisions(saves, group="AB12")
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot, "XPYF")
        text = question(app)
        assert "Dieser Durchlauf gehört zu Gruppe AB12" in text
        assert "Zu Gruppe XPYF wechseln?" in text
        await pilot.press(key)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert f"Gruppe {kept}" in str(screen.sub_title)
        await app.wait_for_saves()
    (record,) = records(saves)
    assert record.group_code == kept and len(record.steps) == 2


async def test_staying_in_the_old_group_is_not_asked_again_until_the_next_sign_in(saves: Path) -> None:
    await play_two_decisions(saves, group="AB12")
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot, "XPYF")
        await pilot.press("escape")  # „Bei AB12 bleiben“
        await settle(pilot)
        await pilot.press("escape")  # back to the list, and open the run again
        await settle(pilot)
        assert isinstance(app.screen, ScenarioListScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("escape", "escape")  # to the list, sign out, and in again
        await settle(pilot)
        await resume(pilot, "XPYF")
        assert "Zu Gruppe XPYF wechseln?" in question(app)


async def test_the_switch_question_answers_to_the_mouse(saves: Path) -> None:
    await play_two_decisions(saves, group="AB12")
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot, "XPYF")
        await pilot.click("#yes")
        await settle(pilot)
        await app.wait_for_saves()
    assert [record.group_code for record in records(saves)] == ["XPYF"]


async def test_signing_in_without_a_code_keeps_the_playthroughs_group(saves: Path) -> None:
    await play_two_decisions(saves, group="AB12")
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot, None)
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert "Gruppe AB12" in str(screen.sub_title)
        await app.wait_for_saves()
    (record,) = records(saves)
    assert record.group_code == "AB12" and record.revision == 2


async def test_a_mistyped_code_is_caught_and_can_be_corrected(saves: Path) -> None:
    add_group(saves, "KR7M")
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex", group="XPYF")
        assert "Gruppe XPYF gibt es hier nicht." in question(app)
        await pilot.press("escape")  # „Code korrigieren“
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StartScreen)
        assert app.session.player is None
        group = screen.query_one("#group", Input)
        assert app.focused is group
        await pilot.press(*"kr-7m", "enter")  # the selected wrong code is typed over
        await settle(pilot)
        assert isinstance(app.screen, ScenarioListScreen)
        assert app.session.group_code == "KR7M"
        assert "Gruppe KR7M" in str(app.screen.sub_title)
        assert f"Gruppe KR7M: {GROUP_TITLE}" in messages(app)


async def test_a_mistyped_code_can_be_kept_on_purpose(saves: Path) -> None:
    add_group(saves, "KR7M")
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex", group="XPYF")
        await pilot.click("#yes")  # „Trotzdem weiter“
        await settle(pilot)
        assert isinstance(app.screen, ScenarioListScreen)
        assert app.session.group_code == "XPYF"
        await pilot.press("enter")
        await settle(pilot)
        await app.wait_for_saves()
    assert [record.group_code for record in records(saves)] == ["XPYF"]


async def test_a_code_on_a_laptop_without_groups_is_taken_with_a_note(saves: Path) -> None:
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex", group="XPYF")
        assert isinstance(app.screen, ScenarioListScreen)
        assert app.session.group_code == "XPYF"
        (note,) = [message for message in messages(app) if message.startswith("Gruppe XPYF")]
        assert "lässt sich der Code hier nicht prüfen" in note


async def test_without_a_code_nothing_is_said_about_groups(saves: Path) -> None:
    add_group(saves, "KR7M")
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        assert isinstance(app.screen, ScenarioListScreen)
        assert app.screen.sub_title == "Szenarien – Alex"
        assert not [message for message in messages(app) if "Gruppe" in message]


def seed_open_run(saves: Path, group: str) -> None:
    """Alex is one decision into „Die Druckerpatrone“, played for ``group``."""
    clock = FixedClock()
    record_playthrough(SaveStore(saves, clock=clock), clock, "Alex", "druckerpatrone", OPEN_PATH, group)


async def with_unknown_code(pilot: Pilot[Any]) -> None:
    await sign_in(pilot, "Alex", group="XPYF")
    await quiet(pilot)


async def resumed_with_other_code(pilot: Pilot[Any]) -> None:
    await sign_in(pilot, "Alex", group="KR7M")
    await pilot.press("enter")  # „Weiterspielen“
    await quiet(pilot)


async def switched(pilot: Pilot[Any]) -> None:
    await resumed_with_other_code(pilot)
    await pilot.press("enter")  # „Zu Gruppe KR7M wechseln“
    await quiet(pilot)


SNAPSHOTS = {
    "unknown_code": with_unknown_code,
    "switch_question": resumed_with_other_code,
    "play_with_code": switched,
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(SNAPSHOTS))
def test_group_code_snapshot(
    screen: str, size: tuple[int, int], snap_compare: Compare, tmp_path: Path
) -> None:
    saves = tmp_path / "saves"
    add_group(saves, "KR7M")
    seed_open_run(saves, "AB12")
    assert snap_compare(make_app(saves), terminal_size=size, run_before=SNAPSHOTS[screen])
