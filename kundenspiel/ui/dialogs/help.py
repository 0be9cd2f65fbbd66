"""Help: the keys and what each meter means, or the help of the screen below when it has its own.

A screen explains itself by a ``help_markdown()`` method (``ScreenHelp``); the app's F1 key stays
the same everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from kundenspiel.safe_text import visible
from kundenspiel.ui.widgets.meters import METERS

METER_MEANINGS = {
    "motivation": "Wie viel Kraft und Lust die Mitarbeitenden auf ihre Arbeit haben. Vorgetäuschte "
    "Begeisterung und Arbeit, bei der sie nichts selbst entscheiden dürfen, zehren daran.",
    "vertrauen": "Wie sehr die Kundin oder der Kunde dem Unternehmen vertraut. Es wächst durch "
    "Ehrlichkeit, Verlässlichkeit und echte Lösungen – nicht durch große Versprechen.",
    "befugnis": "Wie viel die Mitarbeitenden selbst entscheiden dürfen. Ohne Befugnis bleiben "
    "faire Angebote gesperrt, auch wenn du sie machen möchtest.",
}

KEYS = """
| Taste | Wirkung |
|---|---|
| **1–9** | die Antwort mit dieser Nummer geben |
| **↑ ↓** und **Enter** | eine Antwort markieren und geben (die Maus geht auch) |
| **Enter** / **Leertaste** | nach der Rückmeldung weiter |
| **w** | deinen Weg bisher zeigen |
| **Esc** | zurück (dein Stand ist schon gespeichert) |
| **n** | Szenario neu beginnen / nochmal spielen |
| **p** | dein Fortschritt |
| **F1** oder **?** | diese Hilfe |
| **Strg+P** | Befehle: alles, was gerade geht, zum Suchen und Auswählen (auch ein Klick auf ⭘ oben links) |
| **F2** | zwischen hellem und dunklem Farbschema wechseln |
| **q** / **Strg+Q** | beenden – der Stand ist gespeichert, beim nächsten Start geht es weiter |

## Farbschema

Mit **Strg+P** und **Farbschema wählen** kannst du jedes Farbschema nehmen: Beim Blättern mit
**↑ ↓** siehst du es sofort, **Enter** behält es, **Esc** bleibt beim bisherigen. Das Spiel
merkt sich deine Wahl (auch die mit **F2**) und startet beim nächsten Mal damit.
"""


def settings_line(settings_file: Path | None) -> str:
    """Where the choice is kept, for those who would rather edit the file."""
    if settings_file is None:
        return ""
    # A code span shows the path as it is; a backtick in it would end the span early.
    shown = visible(str(settings_file)).replace("`", "'")
    return f"\nGespeichert wird sie in `{shown}` – die Datei kannst du auch selbst bearbeiten.\n"


def help_markdown(settings_file: Path | None = None) -> str:
    """The help text; with ``settings_file``, it says where the chosen theme is kept."""
    meters = "\n".join(f"- **{label}**: {METER_MEANINGS[meter]}" for meter, label in METERS)
    return (
        "# Hilfe\n\n## Tasten\n"
        + KEYS
        + settings_line(settings_file)
        + "\n## Die drei Werte\n\nJeder Wert liegt zwischen 0 und 100. Nach jeder Entscheidung "
        "siehst du, wie er sich verändert hat (▲ / ▼).\n\n"
        + meters
        + "\n\nGesperrte Antworten (🔒) bleiben sichtbar: Sie zeigen, was möglich wäre, "
        "wenn die Umstände andere wären – oft fehlt die Befugnis.\n\n_Schließen mit Esc._"
    )


@runtime_checkable
class ScreenHelp(Protocol):
    """A screen with help of its own (the group debrief: its keys are not the player's)."""

    def help_markdown(self) -> str:
        """The help text as Markdown."""
        ...


class HelpDialog(ModalScreen[None]):
    """Keys and meters, over the current screen; or the screen's own help (``ScreenHelp``)."""

    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "Schließen")]

    def __init__(self, settings_file: Path | None = None) -> None:
        super().__init__()
        self.settings_file = settings_file
        # Made before it is pushed: the top screen is the one the help is about, unless it is
        # the command palette that „Hilfe“ was chosen in (it closes only after).
        below = next(
            (screen for screen in reversed(self.app.screen_stack) if not isinstance(screen, CommandPalette)),
            None,
        )
        self.text = below.help_markdown() if isinstance(below, ScreenHelp) else help_markdown(settings_file)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(self.text)

    def on_mount(self) -> None:
        """Let arrows scroll the help."""
        self.query_one("#help").focus()
