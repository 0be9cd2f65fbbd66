"""The German command palette (Strg+P), the theme list with its preview, and the theme remembered
in config.toml (issue 10, item 5)."""

from __future__ import annotations

import errno
import importlib
import pkgutil
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.binding import Binding
from textual.command import CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import TabbedContent
from textual.widgets._footer import FooterKey

import kundenspiel.ui
from kundenspiel.ui import shell
from kundenspiel.ui.app import KundenspielApp
from kundenspiel.ui.dialogs.help import HelpDialog, help_markdown
from kundenspiel.ui.group_app import GroupDebriefApp
from kundenspiel.ui.palette import SCREEN_COMMANDS, GermanCommandPalette
from kundenspiel.ui.screens.group_debrief import GroupDebriefScreen
from kundenspiel.ui.screens.progress import ProgressScreen
from kundenspiel.ui.session import GameConfig
from tests.conftest import SCENARIO_DIR
from tests.ui.conftest import FixedClock, settle, sign_in
from tests.ui.group_seed import GROUP_CODE, seed_group
from tests.ui.test_snapshots import SIZES, Compare, keys, steps

ENGLISH = {"Theme", "Quit", "Keys", "Screenshot", "Maximize", "Minimize", "Focus Next", "Copy selected text"}


def game(tmp_path: Path, *, settings: bool = True, theme: str | None = None) -> KundenspielApp:
    config = GameConfig(
        saves_dir=tmp_path / "saves",
        scenario_dir=SCENARIO_DIR,
        clock=FixedClock(),
        settings_file=tmp_path / "config" / "config.toml" if settings else None,
        theme=theme,
    )
    return KundenspielApp(config)


async def open_palette(pilot: Pilot[Any], *typed: str) -> list[str]:
    """Open the palette (typing ``typed``) and return the titles it lists."""
    await pilot.press("ctrl+p", *typed)
    return await listed(pilot)


async def listed(pilot: Pilot[Any]) -> list[str]:
    await settle(pilot)
    await pilot.pause(0.3)  # the palette gathers its commands in a worker of its own
    await settle(pilot)
    command_list = pilot.app.screen.query_one(CommandList)
    return [
        str(command_list.get_option_at_index(i).prompt).split("\n")[0]
        for i in range(command_list.option_count)
    ]


def messages(app: KundenspielApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_ctrl_p_opens_a_german_palette_with_the_apps_own_commands(tmp_path: Path) -> None:
    async with game(tmp_path).run_test() as pilot:
        await settle(pilot)
        titles = await open_palette(pilot)
        palette = pilot.app.screen
        assert isinstance(palette, GermanCommandPalette)
        assert palette.query_one(CommandInput).placeholder == "Befehl suchen …"
        assert {"Hilfe", "Farbschema wählen", "Hell/Dunkel umschalten", "Beenden", "Los geht's"} <= set(
            titles
        )
        assert "Gruppenauswertung" in titles
        assert not ENGLISH & set(titles)


async def test_every_command_has_a_title_and_help_line_of_its_own(tmp_path: Path) -> None:
    async with game(tmp_path).run_test() as pilot:
        app = pilot.app
        for step in (settle, sign_in, keys("enter"), keys("1")):  # start, list, play, reaction
            await step(pilot)
            commands = list(app.get_system_commands(app.screen))
            for command in commands:
                assert command.help and not command.help.startswith("Taste"), command.title
                assert command.title not in ENGLISH
            assert len({command.title for command in commands}) == len(commands)


def test_every_key_of_the_games_screens_has_palette_texts() -> None:
    """A new key gets its palette title and help line in SCREEN_COMMANDS (or a tooltip)."""
    missing = set()
    for module_info in pkgutil.walk_packages(kundenspiel.ui.__path__, "kundenspiel.ui."):
        module = importlib.import_module(module_info.name)
        for cls in vars(module).values():
            if not (isinstance(cls, type) and cls.__module__ == module.__name__):
                continue
            if issubclass(cls, App | CommandPalette):  # the app's own, and keys inside the palette
                continue
            for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
                if binding.description and not binding.tooltip and binding.description not in SCREEN_COMMANDS:
                    missing.add(f"{cls.__name__}: {binding.description}")
    assert sorted(missing) == []


async def test_running_hilfe_opens_the_help_and_the_palette_closes(tmp_path: Path) -> None:
    async with game(tmp_path).run_test() as pilot:
        await settle(pilot)
        assert await open_palette(pilot, *"hilfe") == ["Hilfe"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpDialog)
        # Over the help, „Hilfe“ has nothing left to do; „Schließen“ has.
        titles = await open_palette(pilot)
        assert "Hilfe" not in titles
        assert "Schließen" in titles


async def test_commands_follow_what_the_screen_can_do(tmp_path: Path) -> None:
    async with game(tmp_path).run_test() as pilot:
        await settle(pilot)
        on_start = await open_palette(pilot)
        assert "Mein Fortschritt" not in on_start
        assert "Szenarien-Übersicht" not in on_start
        await pilot.press("escape")
        await sign_in(pilot)
        on_list = await open_palette(pilot)
        assert {
            "Mein Fortschritt",
            "Spieler wechseln (abmelden)",
            "Szenario neu beginnen",
            "Szenario öffnen",
        } <= set(on_list)
        assert "Los geht's" not in on_list
        await pilot.press("escape", "enter")  # open the first scenario
        await settle(pilot)
        before_choosing = await open_palette(pilot)
        assert {"Szenarien-Übersicht", "Mein Weg bisher"} <= set(before_choosing)
        # PlayScreen.check_action: „Weiter“ only while a reaction is shown.
        assert "Weiter" not in before_choosing
        assert "Mein Fortschritt" not in before_choosing
        await pilot.press("escape", "1")
        await settle(pilot)
        assert "Weiter" in await open_palette(pilot)


async def test_a_screen_command_runs_on_its_screen(tmp_path: Path) -> None:
    async with game(tmp_path).run_test() as pilot:
        await sign_in(pilot)
        assert await open_palette(pilot, *"fortschritt") == ["Mein Fortschritt"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ProgressScreen)


async def test_the_group_debrief_offers_its_unlisted_keys_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No refresh while the first reading is still under way (on a busy machine it takes longer
    # than the five seconds between refreshes, and the next one cancels it).
    monkeypatch.setattr(GroupDebriefScreen, "REFRESH_SECONDS", 3600.0)
    saves = tmp_path / "saves"
    seed_group(saves)
    config = GameConfig(saves_dir=saves, scenario_dir=SCENARIO_DIR, clock=FixedClock())
    async with GroupDebriefApp(config, GROUP_CODE).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = await open_palette(pilot)
        assert {
            "Nächstes Szenario",
            "Namen zeigen oder verbergen",
            "Aktualisieren",
            "Reiter Kompetenzen",
        } <= set(titles)
        await pilot.press(*"kompetenzen", "enter")
        await settle(pilot)
        assert pilot.app.screen.query_one(TabbedContent).active == "kompetenzen"


async def test_no_match_is_said_in_german(tmp_path: Path) -> None:
    async with game(tmp_path).run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"xyzzy")
        await settle(pilot)
        await pilot.pause(0.8)  # Textual waits half a second before saying so
        assert "Keine Treffer" in str(pilot.app.screen.query_one(CommandList).get_option_at_index(0).prompt)


async def test_the_header_icon_opens_the_palette(tmp_path: Path) -> None:
    async with game(tmp_path).run_test() as pilot:
        await sign_in(pilot)  # the scenario list has a header
        assert pilot.app.screen.query_one("HeaderIcon").tooltip == "Befehle (Strg+P)"
        await pilot.click("HeaderIcon")
        await settle(pilot)
        assert isinstance(pilot.app.screen, GermanCommandPalette)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_footer_shows_strg_p_and_no_key_is_cut_off(tmp_path: Path, size: tuple[int, int]) -> None:
    async with game(tmp_path).run_test(size=size) as pilot:
        for step in (settle, sign_in):
            await step(pilot)
            footer_keys = list(pilot.app.screen.query(FooterKey))
            (palette_key,) = [key for key in footer_keys if key.has_class("-command-palette")]
            assert (palette_key.key_display, palette_key.description) == ("Strg+P", "Befehle")
            for key in footer_keys:
                if key is not palette_key:
                    assert key.region.right <= palette_key.region.x, key.description


async def test_the_help_explains_strg_p_the_theme_list_and_where_the_choice_is_kept(tmp_path: Path) -> None:
    async with game(tmp_path).run_test() as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        help_dialog = pilot.app.screen
        assert isinstance(help_dialog, HelpDialog)
        text = help_markdown(help_dialog.settings_file)
        assert "**Strg+P** | Befehle" in text
        assert "**Farbschema wählen**" in text
        assert f"`{tmp_path / 'config' / 'config.toml'}`" in text


async def pick_theme(pilot: Pilot[Any], name: str) -> None:
    await pilot.press("ctrl+p", *"farbschema", "enter")
    await listed(pilot)
    await pilot.press(*name)
    await listed(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_the_theme_list_offers_every_theme_the_current_first(tmp_path: Path) -> None:
    async with game(tmp_path).run_test() as pilot:
        await settle(pilot)
        titles = await open_palette(pilot, *"farbschema")
        await pilot.press("enter")
        themes = await listed(pilot)
        assert pilot.app.screen.query_one(CommandInput).placeholder == "Farbschema suchen …"
        assert themes[0] == "textual-dark"
        assert sorted(themes) == sorted(pilot.app.available_themes)
        assert titles == ["Farbschema wählen"]


async def test_a_theme_picked_in_the_palette_is_used_and_written(tmp_path: Path) -> None:
    config = tmp_path / "config" / "config.toml"
    async with game(tmp_path).run_test() as pilot:
        await settle(pilot)
        await pick_theme(pilot, "nord")
        assert pilot.app.theme == "nord"
        await pilot.app.workers.wait_for_complete()
    assert 'theme = "nord"' in config.read_text(encoding="utf-8")
    async with game(tmp_path).run_test() as pilot:
        assert pilot.app.theme == "nord"


async def test_the_highlighted_theme_is_previewed_and_esc_brings_the_old_one_back(tmp_path: Path) -> None:
    async with game(tmp_path).run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"farbschema", "enter")
        await listed(pilot)
        await pilot.press("down")
        await pilot.pause()
        previewed = pilot.app.theme
        assert previewed != "textual-dark"
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.theme == "textual-dark"
        await pilot.app.workers.wait_for_complete()
    assert not (tmp_path / "config").exists()


async def test_f2_toggles_light_and_dark_and_is_remembered(tmp_path: Path) -> None:
    async with game(tmp_path).run_test() as pilot:
        await settle(pilot)
        await pilot.press("f2")
        assert pilot.app.theme == "textual-light"
        await pilot.app.workers.wait_for_complete()
    async with game(tmp_path).run_test() as pilot:
        assert pilot.app.theme == "textual-light"


async def test_the_theme_from_the_command_line_wins_and_is_not_written(tmp_path: Path) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir()
    config.write_text('theme = "nord"\n', encoding="utf-8")
    async with game(tmp_path, theme="dracula").run_test() as pilot:
        await settle(pilot)
        assert pilot.app.theme == "dracula"
        await pilot.app.workers.wait_for_complete()
    assert config.read_text(encoding="utf-8") == 'theme = "nord"\n'


async def test_an_unknown_theme_from_the_constructor_is_a_notice_not_a_crash(tmp_path: Path) -> None:
    async with game(tmp_path, theme="pink-unicorn").run_test() as pilot:
        await settle(pilot)
        assert pilot.app.theme == "textual-dark"
        assert any("pink-unicorn" in message for message in messages(pilot.app))


async def test_without_a_settings_file_nothing_is_read_or_written(tmp_path: Path) -> None:
    async with game(tmp_path, settings=False).run_test() as pilot:
        await settle(pilot)
        await pick_theme(pilot, "nord")
        assert pilot.app.theme == "nord"
        await pilot.app.workers.wait_for_complete()
    assert not (tmp_path / "config").exists()


async def test_a_damaged_config_is_one_notice_and_is_set_aside_not_overwritten(tmp_path: Path) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir()
    config.write_bytes(b"theme = nord\n")
    async with game(tmp_path).run_test() as pilot:
        await settle(pilot)
        assert pilot.app.theme == "textual-dark"
        notices = [message for message in messages(pilot.app) if str(config) in message]
        assert len(notices) == 1
        assert "kein gültiges TOML (Zeile 1, Spalte 9)" in notices[0]
        assert config.read_bytes() == b"theme = nord\n"
        await pick_theme(pilot, "nord")
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        assert any("config.broken-" in message for message in messages(pilot.app))
    (aside,) = config.parent.glob("config.broken-*.toml")
    assert aside.read_bytes() == b"theme = nord\n"
    assert 'theme = "nord"' in config.read_text(encoding="utf-8")


async def test_a_symlinked_config_is_not_written_through(tmp_path: Path) -> None:
    target = tmp_path / "dotfiles" / "kundenspiel.toml"
    target.parent.mkdir()
    target.write_text('theme = "nord"\n', encoding="utf-8")
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir()
    config.symlink_to(target)
    async with game(tmp_path).run_test() as pilot:
        await settle(pilot)
        assert pilot.app.theme == "textual-dark"  # a link is not followed
        assert any("symbolischer Link" in message for message in messages(pilot.app))
        await pick_theme(pilot, "dracula")
        await pilot.app.workers.wait_for_complete()
    assert target.read_text(encoding="utf-8") == 'theme = "nord"\n'
    assert not config.is_symlink()
    assert 'theme = "dracula"' in config.read_text(encoding="utf-8")
    (aside,) = config.parent.glob("config.broken-*.toml")
    assert aside.is_symlink()


async def test_a_failed_write_is_a_german_toast_and_the_game_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*args: object) -> list[str]:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shell, "remember_theme", full_disk)
    async with game(tmp_path).run_test() as pilot:
        await settle(pilot)
        await pick_theme(pilot, "nord")
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        assert pilot.app.theme == "nord"
        assert pilot.app.is_running
        (message,) = [message for message in messages(pilot.app) if "nicht gespeichert" in message]
        assert "kein Platz mehr auf dem Datenträger" in message
        assert "config.toml" in message


async def quiet_palette(pilot: Pilot[Any]) -> None:
    await listed(pilot)
    for field in pilot.app.screen.query(CommandInput):
        field.cursor_blink = False
    await pilot.pause()


PALETTE_SCREENS = {
    "palette_start": steps(keys("ctrl+p"), quiet_palette),
    "palette_themes": steps(keys("ctrl+p", *"farbschema", "enter"), quiet_palette),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(PALETTE_SCREENS))
def test_palette_snapshot(screen: str, size: tuple[int, int], snap_compare: Compare, tmp_path: Path) -> None:
    assert snap_compare(
        game(tmp_path, settings=False), terminal_size=size, run_before=PALETTE_SCREENS[screen]
    )
