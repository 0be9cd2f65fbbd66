"""What every kundenspiel app shares: the stylesheet, the keys for quitting, help and themes, a
German command palette (Strg+P) and the colour theme remembered in the settings file."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Command, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header

from kundenspiel.settings import read_settings, remember_theme
from kundenspiel.ui.palette import GameCommands, GermanCommandPalette, screen_commands

SETTINGS_GROUP = "settings"
HEADER_ICON = "≡"
"""Opens the command palette; in DejaVu Sans Mono, Menlo, Consolas and Courier New alike."""


@dataclass(frozen=True)
class ThemePick:
    """A theme palette entry's command; carries the theme's name so a highlight can preview it."""

    app: ShellApp
    name: str

    def __call__(self) -> None:
        self.app.choose_theme(self.name)


class ThemeCommands(Provider):
    """Every registered theme, the one in use first (so opening the list changes nothing)."""

    def choices(self) -> list[tuple[str, str, ThemePick]]:
        """Name, help line and command of every theme."""
        app = self.app
        assert isinstance(app, ShellApp)
        current = app.theme_in_use
        themes = sorted(app.available_themes.values(), key=lambda theme: (theme.name != current, theme.name))
        return [
            (
                theme.name,
                ("Dunkles" if theme.dark else "Helles")
                + " Farbschema"
                + (" – jetzt eingestellt" if theme.name == current else ""),
                ThemePick(app, theme.name),
            )
            for theme in themes
        ]

    async def discover(self) -> Hits:
        """All themes, for the empty search."""
        for name, help_line, pick in self.choices():
            yield DiscoveryHit(name, pick, text=name, help=help_line)

    async def search(self, query: str) -> Hits:
        """The themes whose name matches what is typed."""
        matcher = self.matcher(query)
        for name, help_line, pick in self.choices():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), pick, text=name, help=help_line)


class ShellApp(App[None]):
    """Base of the game and the author's preview.

    ``settings_file`` is where the chosen theme is remembered (None: nothing is read or written);
    ``theme`` is a theme for this run only (``--theme``), over the remembered one and not written.
    """

    # Absolute, so subclasses defined elsewhere (tests, benchmarks) still find it.
    CSS_PATH = Path(__file__).parent / "app.tcss"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {GameCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Beenden", priority=True, key_display="Strg+Q"),
        # Unlisted among the keys: the footer shows the palette's key on its own, at the right.
        Binding(
            "ctrl+p",
            "command_palette",
            "Befehle",
            show=False,
            priority=True,
            key_display="Strg+P",
            tooltip="Alle Befehle, die hier gehen, zum Suchen und Auswählen",
        ),
        Binding("f1,question_mark", "help", "Hilfe", key_display="F1"),
        # Not in the footer, which has no room for it at 80 columns: the palette offers it
        # („Hell/Dunkel umschalten (F2)“) and the help lists it.
        Binding("f2", "toggle_theme", "Hell/Dunkel", key_display="F2", show=False),
    ]

    def __init__(self, settings_file: Path | None = None, theme: str | None = None) -> None:
        super().__init__()
        self._crash_message: str | None = None
        self.settings_file = settings_file
        self.startup_notices: list[str] = []
        self._theme_before_preview: str | None = None
        self._wanted_theme: str | None = None
        self._settings_lock = threading.Lock()
        remembered = None
        if settings_file is not None:
            settings, self.startup_notices = read_settings(settings_file, self.available_themes)
            remembered = settings.theme
        if theme is not None and theme not in self.available_themes:
            self.startup_notices.append(f"Ein Farbschema „{theme}“ gibt es nicht; es gilt das bisherige.")
            theme = None
        if theme or remembered:
            self.theme = theme or remembered or self.theme

    @property
    def palette_open(self) -> bool:
        """Whether a command palette (ours or the theme list) is the current screen."""
        # CommandPalette.is_open, which mypy will not take an App[None] for.
        return self.screen.has_class("--textual-command-palette")

    @property
    def theme_in_use(self) -> str:
        """The theme chosen, not one shown only as a preview while the theme list is open."""
        return self._theme_before_preview or self.theme

    def on_ready(self) -> None:
        """Say once what was wrong with the settings file (after the first screen is drawn)."""
        for notice in self.startup_notices:
            self.notify(notice, title="Einstellungen", severity="warning", timeout=15, markup=False)
        self.startup_notices = []
        self.screen_change_signal.subscribe(self, self.german_header_tooltip)
        self.german_header_tooltip(self.screen)

    def german_header_tooltip(self, screen: Screen[Any]) -> None:
        """The header icon's tooltip in German (Textual sets „Open the command palette“), and an
        icon that every browser's font has (Textual's ⭘ is a missing glyph under textual-serve)."""

        def retitle() -> None:
            for header in screen.query(Header):
                header.icon = HEADER_ICON
            for icon in screen.query("HeaderIcon"):
                icon.tooltip = "Befehle (Strg+P)"

        # After the refresh: the icon sets its own tooltip when it is mounted.
        screen.call_after_refresh(retitle)

    def _handle_exception(self, error: Exception) -> None:
        """A bug ends the app as in Textual, but the traceback goes to the error log and the
        player reads what happened in German (Textual would print the traceback)."""
        from kundenspiel.logbook import log_crash

        self._crash_message = log_crash(error)
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        # Textual prints its traceback here, once the terminal is restored (pinned Textual 8.2.8).
        # Plain print, not Rich: Rich would wrap the log's path, which the player has to copy.
        if self._crash_message is None:
            super()._print_error_renderables()
            return
        self._exit_renderables.clear()
        print(self._crash_message, file=sys.stderr)

    def format_title(self, title: str, sub_title: str) -> Content:
        """„kundenspiel – Szenarien – Alex“: one kind of dash in the title bar (Textual's own
        separator is an em dash, our sub-titles use en dashes as German typesetting does)."""
        if not sub_title:
            return Content(title)
        return Content.assemble(Content(title), (" – ", "dim"), Content(sub_title).stylize("dim"))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette's commands in the order it lists them: what the screen below can do right
        now, then the app's own, „Beenden“ last (the first is highlighted: Enter runs it)."""
        from kundenspiel.ui.dialogs.help import HelpDialog

        offered = [
            ("help", "Hilfe", "Die Tasten, die Befehle und die drei Werte erklärt (F1)"),
            ("pick_theme", "Farbschema wählen", "Alle Farbschemata, mit Vorschau beim Durchblättern"),
            ("toggle_theme", "Hell/Dunkel umschalten", "Helles oder dunkles Standard-Farbschema (F2)"),
            ("quit", "Beenden", "kundenspiel beenden (Strg+Q)"),
        ]
        own = [
            SystemCommand(title, help_line, partial(self.run_action, action))
            for action, title, help_line in offered
            if self.check_action(action, ()) and not (action == "help" and isinstance(screen, HelpDialog))
        ]
        # A screen's key for something the app offers anyway („q“ quits) is listed once, as the app's.
        titles = {command.title for command in own}
        for command in screen_commands(self, screen):
            if command.title not in titles:
                titles.add(command.title)
                yield command
        yield from own

    def action_command_palette(self) -> None:
        """Open the German command palette (Strg+P or a click on the header's icon)."""
        if self.use_command_palette and not self.palette_open:
            self.push_screen(GermanCommandPalette(placeholder="Befehl suchen …", id="--command-palette"))

    def action_pick_theme(self) -> None:
        """Pick any theme from a list; the highlighted one is shown at once, Esc goes back."""
        if self.palette_open:
            return
        self._theme_before_preview = self.theme
        self.push_screen(GermanCommandPalette(providers=[ThemeCommands], placeholder="Farbschema suchen …"))

    def action_change_theme(self) -> None:
        """Textual's name for the theme list: ours."""
        self.action_pick_theme()

    def search_themes(self) -> None:
        """Textual's theme search: ours, in German and with the choice remembered."""
        self.action_pick_theme()

    def action_toggle_theme(self) -> None:
        """Switch between Textual's light and dark theme, and remember the choice."""
        self.choose_theme("textual-light" if self.current_theme.dark else "textual-dark")

    @on(CommandPalette.OptionHighlighted)
    def preview_theme(self, event: CommandPalette.OptionHighlighted) -> None:
        """While the theme list is open, show the highlighted theme."""
        option = event.highlighted_event.option
        if (
            self._theme_before_preview is not None
            and isinstance(option, Command)
            and isinstance(option.hit.command, ThemePick)
        ):
            self.theme = option.hit.command.name

    @on(CommandPalette.Closed)
    def end_theme_preview(self, event: CommandPalette.Closed) -> None:
        """The theme list closed: without a choice, the theme from before comes back.

        (A choice's command runs after this message: the palette posts it before calling it.)"""
        before, self._theme_before_preview = self._theme_before_preview, None
        if before is not None and not event.option_selected:
            self.theme = before

    def choose_theme(self, name: str) -> None:
        """Use ``name`` and remember it in the settings file (written in the background)."""
        self.theme = name
        if self._theme_before_preview is not None:
            # F2 while the theme list is open: Esc must not bring back the theme from before.
            self._theme_before_preview = name
        if self.settings_file is None:
            return
        self._wanted_theme = name
        self.save_theme()

    @work(thread=True, group=SETTINGS_GROUP, exit_on_error=False)
    def save_theme(self) -> None:
        """Write the latest chosen theme to the settings file; problems become German toasts."""
        assert self.settings_file is not None
        # One writer at a time, each writing the newest choice: a slow first write cannot
        # land after a later one and bring back the older theme.
        with self._settings_lock:
            theme = self._wanted_theme
            if theme is None:
                return
            try:
                notices = remember_theme(self.settings_file, theme, datetime.now().astimezone())
            except Exception as error:  # a full disk or a bug: the game goes on, and says so
                self.notify(
                    self._not_saved(theme, error),
                    title="Einstellungen",
                    severity="error",
                    timeout=12,
                    markup=False,
                )
                return
        for notice in notices:
            self.notify(notice, title="Einstellungen", severity="warning", timeout=12, markup=False)

    def _not_saved(self, theme: str, error: Exception) -> str:
        from kundenspiel.commands.common import os_reason
        from kundenspiel.safe_text import visible

        reason = os_reason(error) if isinstance(error, OSError) else repr(error)
        return (
            f"Das Farbschema „{theme}“ gilt jetzt, wurde aber nicht gespeichert ({reason}: "
            f"{visible(str(self.settings_file))}). Beim nächsten Start gilt wieder das vorige."
        )

    def action_help(self) -> None:
        """Keys and meters explained."""
        from kundenspiel.ui.dialogs.help import HelpDialog

        if not isinstance(self.screen, HelpDialog):
            self.push_screen(HelpDialog(self.settings_file))
