"""The names in the group debrief need the group's trainer PIN (issue 12, Privacy).

Before, anyone on the host could press F3, Enter, ``a`` and read everyone's named scores.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from kundenspiel.ui.dialogs.group_path import RunPathDialog
from kundenspiel.ui.dialogs.pin import PinDialog
from kundenspiel.ui.screens.group_debrief import GroupDebriefScreen
from tests.ui.conftest import make_app, settle
from tests.ui.group_seed import GROUP_PIN, seed_group
from tests.ui.test_group_debrief import group_app, status


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrong PIN waits before the next try; not in tests."""
    monkeypatch.setattr(PinDialog, "WRONG_PIN_DELAY", 0.0)


def names_in_table(screen: GroupDebriefScreen) -> list[str]:
    table = screen.query_one("#runs", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def debrief_on_screen(pilot: Pilot[None]) -> GroupDebriefScreen:
    """The debrief once its first reading is shown."""
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, GroupDebriefScreen)
    return screen


async def type_pin(pilot: Pilot[None], pin: str) -> None:
    await pilot.press(*pin, "enter")
    await settle(pilot)


async def test_f3_enter_a_asks_for_the_pin_instead_of_showing_names(saves: Path) -> None:
    seed_group(saves)
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("enter")
        screen = await debrief_on_screen(pilot)
        await pilot.press("4", "a")
        await settle(pilot)
        assert isinstance(app.screen, PinDialog)
        field = app.screen.query_one("#pin-input", Input)
        assert field.password and field.has_focus
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and not screen.names
        assert names_in_table(screen) == ["Person 1", "Person 5"]


async def test_the_right_pin_shows_names_in_the_table_and_the_paths(saves: Path) -> None:
    seed_group(saves)
    app = group_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await debrief_on_screen(pilot)
        await pilot.press("4", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RunPathDialog)
        assert [who for _, who in app.screen.paths] == ["Person 1"]
        await pilot.press("escape", "a")
        await settle(pilot)
        await type_pin(pilot, GROUP_PIN)
        assert app.screen is screen and screen.names
        assert names_in_table(screen) == ["Alex", "Emil"]
        assert "Namen sichtbar" in status(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RunPathDialog)
        assert [who for _, who in app.screen.paths] == ["Alex"]
        # Hidden and shown again without a second PIN: unlocked until the screen is left.
        await pilot.press("escape", "a")
        await settle(pilot)
        assert names_in_table(screen) == ["Person 1", "Person 5"]
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is screen and names_in_table(screen) == ["Alex", "Emil"]


async def test_a_wrong_pin_is_said_in_german_and_the_tries_are_limited(saves: Path) -> None:
    seed_group(saves)
    app = group_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await debrief_on_screen(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_pin(pilot, "0000")
        dialog = app.screen
        assert isinstance(dialog, PinDialog)
        message = str(dialog.query_one("#pin-message").render())
        assert "Die PIN stimmt nicht" in message and "4 Versuche übrig" in message
        assert dialog.query_one("#pin-input", Input).value == ""
        # Closing and opening the dialog again does not give fresh tries.
        await pilot.press("escape", "a")
        await settle(pilot)
        for attempt in range(screen.PIN_TRIES - 2):
            await type_pin(pilot, f"000{attempt + 1}")
        assert "1 Versuch übrig" in str(app.screen.query_one("#pin-message").render())
        await type_pin(pilot, "9999")
        assert app.screen is screen and not screen.names
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is screen  # no dialog any more
        assert any("Zu viele falsche PINs" in str(n.message) for n in app._notifications)
        # Even the right PIN does not help now: there is nowhere to type it.
        await pilot.press(*GROUP_PIN, "enter")
        await settle(pilot)
        assert not screen.names and names_in_table(screen)[0] == "Person 1"


async def test_a_group_without_pin_stays_anonymous_and_says_how_to_set_one(saves: Path) -> None:
    seed_group(saves, pin=None)
    app = group_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await debrief_on_screen(pilot)
        await pilot.press("4", "a")
        await settle(pilot)
        assert app.screen is screen and not screen.names
        assert names_in_table(screen) == ["Person 1", "Person 5"]
        (hint,) = [str(n.message) for n in app._notifications if "Trainer-PIN" in str(n.message)]
        assert "kundenspiel workshop pin KR7M" in hint


async def test_the_pin_asked_for_is_the_one_on_disk_now(saves: Path) -> None:
    """A PIN set while the debrief is open counts (``kundenspiel workshop pin`` in another window)."""
    from kundenspiel.store.groups import GroupStore
    from kundenspiel.store.pin import hash_pin

    seed_group(saves, pin=None)
    app = group_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await debrief_on_screen(pilot)
        (group,) = GroupStore(saves).groups()
        (saves / "groups.json").unlink()
        GroupStore(saves).add(group.model_copy(update={"pin_hash": hash_pin("2468")}))
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, PinDialog)
        await type_pin(pilot, "2468")
        assert app.screen is screen and screen.names


async def test_esc_while_a_pin_is_checked_still_counts_the_try(
    saves: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Else closing the dialog during the wait after a wrong PIN would give unlimited tries."""
    monkeypatch.setattr(PinDialog, "WRONG_PIN_DELAY", 2.0)
    seed_group(saves)
    app = group_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await debrief_on_screen(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, PinDialog)
        await pilot.press(*"0000", "enter", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, PinDialog) and screen.wrong_pins == 1
        await settle(pilot)  # the check ends on a closed dialog: nothing happens
        assert screen.wrong_pins == 1 and not screen.names
