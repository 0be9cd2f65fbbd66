"""Text from trainers, trainees and files is shown literally on the trainer's screens too."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from kundenspiel.store import SaveStore
from kundenspiel.store.groups import Group, GroupStore
from kundenspiel.store.pin import hash_pin
from kundenspiel.ui.group_app import GroupDebriefApp
from kundenspiel.ui.screens.group_debrief import GroupDebriefScreen
from kundenspiel.ui.session import GameConfig
from tests.conftest import SCENARIO_DIR
from tests.ui.conftest import FixedClock, settle, shared_cache
from tests.ui.group_seed import policy_path
from tests.ui.seed import record_playthrough

CODE = "KR7M"


async def test_group_title_and_names_with_markup_are_shown_literally(saves: Path) -> None:
    clock = FixedClock()
    store = SaveStore(saves, clock=clock)
    GroupStore(saves).add(
        Group(code=CODE, title="[/x] Training [bold]laut", created_at=clock(), pin_hash=hash_pin("4711"))
    )
    path = policy_path("keine_befugnis", 0)
    record_playthrough(store, clock, "[red]Rot[/red]", "keine_befugnis", path, group_code=CODE)
    record_playthrough(store, clock, "[/b]", "keine_befugnis", path, group_code=CODE)
    app = GroupDebriefApp(
        GameConfig(saves_dir=saves, scenario_dir=SCENARIO_DIR, clock=FixedClock(), cache_dir=shared_cache()),
        CODE,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GroupDebriefScreen)
        status = str(screen.query_one("#group-status", Static).render())
        assert "[/x] Training [bold]laut" in status
        await pilot.press("a")  # names shown, after the trainer PIN
        await settle(pilot)
        await pilot.press(*"4711", "enter")
        await settle(pilot)
        table = screen.query_one("#runs", DataTable)
        names = sorted(str(table.get_row_at(i)[0]) for i in range(table.row_count))
        assert names == ["[/b]", "[red]Rot[/red]"]


async def test_an_unreadable_save_folder_message_with_brackets_is_shown_literally(
    saves: Path, tmp_path: Path
) -> None:
    app = GroupDebriefApp(
        GameConfig(saves_dir=saves, scenario_dir=SCENARIO_DIR, clock=FixedClock(), cache_dir=shared_cache()),
        CODE,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GroupDebriefScreen)
        screen.show_error("Ordner „/tmp/[/x]“ nicht lesbar")
        await pilot.pause()
        assert "„/tmp/[/x]“" in str(screen.query_one("#group-status", Static).render())
