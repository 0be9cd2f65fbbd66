"""The German command palette: the app's commands in a fixed order, and what the screen below
can do right now, derived from its keys (the footer's labels, ``check_action`` respected)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any, ClassVar

from rich.align import Align
from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode
from textual.markup import escape
from textual.screen import Screen
from textual.widgets.option_list import Option

# Palette title and help line for the screens' keys, by the label the footer shows for them;
# None: the key stays a key (answering by number belongs to the answer list). A key missing
# here is still offered, under its footer label.
SCREEN_COMMANDS: dict[str, tuple[str, str] | None] = {
    "Los geht's": ("Los geht's", "Mit dem eingetragenen Namen anmelden und zu den Szenarien"),
    "Bekannte Namen": ("Bekannten Namen wählen", "In die Liste der Namen, die hier schon gespielt haben"),
    "Gruppenauswertung": ("Gruppenauswertung", "Für Trainerinnen und Trainer: die Auswertung einer Gruppe"),
    "Öffnen": ("Szenario öffnen", "Das markierte Szenario spielen, fortsetzen oder sein Ergebnis zeigen"),
    "Neustart": ("Szenario neu beginnen", "Das markierte Szenario noch einmal von vorn spielen"),
    "Fortschritt": ("Mein Fortschritt", "Alle deine Durchläufe mit ihren Ergebnissen"),
    "Abmelden": ("Spieler wechseln (abmelden)", "Zurück zum Start, um unter einem anderen Namen zu spielen"),
    "Auswahl": None,
    "Weiter": ("Weiter", "Nach der Rückmeldung zur nächsten Situation"),
    "Weg bisher": ("Mein Weg bisher", "Deine Entscheidungen in diesem Durchlauf bis jetzt"),
    "Übersicht": ("Szenarien-Übersicht", "Zurück zur Liste der Szenarien; dein Stand ist gespeichert"),
    "Nochmal spielen": ("Nochmal spielen", "Dasselbe Szenario noch einmal von vorn"),
    "Nochmal": ("Nochmal spielen", "Dasselbe Szenario noch einmal von vorn"),
    "Üben": ("Ab hier üben", "Ein Übungsdurchlauf ab der gewählten Entscheidung; er zählt nicht"),
    "Was wäre?": ("Was wäre passiert?", "Die anderen Antworten dieser Entscheidung auf- oder zuklappen"),
    "Inhalt": ("Inhalt zeigen oder verbergen", "Das Inhaltsverzeichnis ein- oder ausblenden"),
    "Auswertung": ("Auswertung zeigen", "Die Auswertung des markierten Durchlaufs"),
    "Zurück": ("Zurück", "Zurück zur vorigen Ansicht"),
    "Neu laden": ("Datei neu laden", "Die Szenario-Datei neu lesen; der Weg bisher bleibt, wo er passt"),
    "Neu beginnen": ("Vorschau neu beginnen", "Die Vorschau wieder am Anfang starten"),
    "Vorschau beenden": ("Vorschau beenden", "Die Vorschau schließen; gespeichert wird nichts"),
    "Szenario": ("Nächstes Szenario", "Die Auswertung des nächsten Szenarios der Gruppe"),
    "Nächste": ("Nächste Entscheidung", "Zur nächsten Entscheidung des Szenarios"),
    "Vorige": ("Vorige Entscheidung", "Zur vorigen Entscheidung des Szenarios"),
    "Namen": ("Namen zeigen oder verbergen", "Die Namen der Teilnehmenden ein- oder ausblenden"),
    "Vergleichen": ("Wege vergleichen", "Die Wege der Teilnehmenden nebeneinander"),
    "Überblick": ("Reiter Überblick", "Der Überblick über die Gruppe"),
    "Entscheidungen": ("Reiter Entscheidungen", "Wie die Gruppe an jeder Stelle entschieden hat"),
    "Kompetenzen": ("Reiter Kompetenzen", "Die Kompetenzen der Gruppe"),
    "Teilnehmende": ("Reiter Teilnehmende", "Alle Teilnehmenden mit ihren Durchläufen"),
    "Personen": ("Reiter Personen", "Alle Teilnehmenden mit ihren Durchläufen und wo sie gerade stehen"),
    "Worüber sprechen?": ("Reiter Worüber sprechen?", "Wo die Gruppe sich am meisten uneins war"),
    "Präsentation": ("Präsentation", "Eine Entscheidung pro Bild, groß, für den Beamer"),
    "Aktualisieren": ("Aktualisieren", "Die Spielstände der Gruppe neu lesen"),
    "Schließen": ("Schließen", "Dieses Fenster schließen"),
    # Listed once, as the app's own command („q“ and the preview's Esc quit too).
    "Beenden": ("Beenden", "kundenspiel beenden"),
    "Abbrechen": ("Abbrechen", "Dieses Fenster schließen, ohne etwas zu ändern"),
    "Weiterspielen": ("Weiterspielen", "Hierbleiben und weiterspielen"),
    "Ja": ("Ja", "Die Frage mit Ja beantworten"),
    "Nein": ("Nein", "Die Frage mit Nein beantworten"),
}
_KEY_NAMES = {"escape": "Esc", "enter": "Enter", "space": "Leertaste", "tab": "Tab", "backspace": "⌫"}


def key_name(app: App[Any], binding: Binding) -> str:
    """How a key is written in the footer and the help: „Esc“, „Enter“, „F3“, „n“."""
    if binding.key_display:
        return binding.key_display
    if binding.key in _KEY_NAMES:
        return _KEY_NAMES[binding.key]
    if binding.key[:1] == "f" and binding.key[1:].isdigit():
        return binding.key.upper()
    return app.get_key_display(binding)


def screen_commands(app: App[Any], screen: Screen[Any]) -> Iterator[SystemCommand]:
    """Palette commands for what ``screen`` can do right now: the keys its footer shows (the
    focused widget's included) and its unlisted keys named in SCREEN_COMMANDS; what
    ``check_action`` turns off or greys out is left out."""
    seen: set[tuple[int, str]] = set()
    for node, binding, enabled, _tooltip in screen.active_bindings.values():
        if node is app or not enabled or not binding.description:
            continue
        # Unlisted keys are offered only when named here: the others are Textual's own (focus,
        # copy, cursor and editing keys), described in English.
        if not binding.show and binding.description not in SCREEN_COMMANDS:
            continue
        if (id(node), binding.action) in seen:
            continue
        seen.add((id(node), binding.action))
        texts = SCREEN_COMMANDS.get(binding.description, (binding.description, ""))
        if texts is None:
            continue
        title, explanation = texts
        # A key's own tooltip knows best what it does on this screen.
        explanation = binding.tooltip or explanation
        key = key_name(app, binding)
        help_line = f"{explanation} ({key})" if explanation else f"Taste {key}"
        yield SystemCommand(title, help_line, partial(_run_binding, app, binding.action, node))


async def _run_binding(app: App[Any], action: str, node: DOMNode) -> None:
    await app.run_action(action, node)


class GameCommands(Provider):
    """The app's commands (``App.get_system_commands``) in the order given, not sorted by title as
    Textual's own provider does (which would put „Beenden“ first, where Enter runs it)."""

    # The palette reads a plain string (the help lines too) as markup: titles and help lines
    # may come from key labels, so they go in as Content or escaped.

    async def discover(self) -> Hits:
        """Every command, for the empty search."""
        for title, help_line, callback, discover in self.app.get_system_commands(self.screen):
            if discover:
                yield DiscoveryHit(Content(title), callback, text=title, help=escape(help_line))

    async def search(self, query: str) -> Hits:
        """The commands whose title matches what is typed."""
        matcher = self.matcher(query)
        for title, help_line, callback, _discover in self.app.get_system_commands(self.screen):
            if (score := matcher.match(title)) > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=escape(help_line))


class GermanCommandPalette(CommandPalette):
    """Textual's command palette with German texts wherever Textual lets them be set."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "escape", "Schließen", key_display="Esc"),
        Binding("down", "cursor_down", "Nächster Befehl", show=False),
        Binding("up", "command_list('cursor_up')", "Voriger Befehl", show=False),
        Binding("pagedown", "command_list('page_down')", "Seite weiter", show=False),
        Binding("pageup", "command_list('page_up')", "Seite zurück", show=False),
    ]

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual 8.2.8's own, but with the German „Keine Treffer“ (its text is not a setting).
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text("Keine Treffer", style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
