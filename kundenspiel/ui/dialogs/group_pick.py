"""Choosing a workshop group for its debrief, from the start screen (F3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kundenspiel.safe_text import visible
from kundenspiel.ui.session import game

if TYPE_CHECKING:
    from textual.screen import Screen

    from kundenspiel.store.groups import Group


SERVED_REFUSAL = "Die Auswertung der Gruppe zeigt deine Trainerin oder dein Trainer."


def open_group_debrief(screen: Screen[None], typed_code: str) -> None:
    """Open the debrief of the group whose code was typed; without one, offer the known groups.
    Never in a served game: there every trainee would read everyone's results."""
    from kundenspiel.store.groups import normalize_code
    from kundenspiel.ui.screens.group_debrief import GroupDebriefScreen

    app = screen.app
    if game(app).session.config.served:
        # A trainee's browser tab on the shared host: the debrief names everyone (issue 12).
        screen.notify(SERVED_REFUSAL, title="Gruppenauswertung", severity="warning", markup=False)
        return
    if game(app).session.store is None:
        screen.notify("Einen Moment, die Spielstände werden noch geladen …")
        return
    code = normalize_code(typed_code)
    if code:
        app.push_screen(GroupDebriefScreen(code))
        return

    def picked(chosen: str | None) -> None:
        if chosen:
            app.push_screen(GroupDebriefScreen(chosen))

    app.push_screen(GroupPickDialog(), picked)


class GroupPickDialog(ModalScreen[str | None]):
    """The groups of this save folder; Enter opens one, Esc goes back."""

    CSS_PATH = "group_pick.tcss"
    BINDINGS = [Binding("escape", "cancel", "Abbrechen", key_display="Esc")]

    def compose(self) -> ComposeResult:
        with Vertical(id="group-pick"):
            yield Static("Gruppenauswertung", id="group-pick-title")
            yield Static("Lade die Gruppen …", id="group-pick-hint", classes="muted")
            yield OptionList(id="group-list")

    def on_mount(self) -> None:
        """Read the groups in the background."""
        self.query_one("#group-list").display = False
        self.load_groups()

    @work(thread=True, exclusive=True, group="group-pick")
    def load_groups(self) -> None:
        """Read ``groups.json`` (blocking I/O)."""
        from kundenspiel.store import StoreError
        from kundenspiel.store.groups import GroupStore

        store = game(self.app).session.store
        if store is None:
            return
        try:
            groups = GroupStore(store.root).groups()
        except StoreError as error:
            self.app.call_from_thread(self.show_hint, str(error))
            return
        self.app.call_from_thread(self.show_groups, groups)

    def show_hint(self, text: str) -> None:
        """A line of explanation above the list."""
        self.query_one("#group-pick-hint", Static).update(Content(visible(text)))

    def show_groups(self, groups: list[Group]) -> None:
        """Newest group first."""
        if not groups:
            self.show_hint(
                'Hier gibt es noch keine Gruppe. Lege eine an mit: kundenspiel workshop new "Titel" – '
                "oder trag oben den Gruppencode ein und drück F3."
            )
            return
        self.show_hint("Wähle eine Gruppe (Enter) oder schließe mit Esc.")
        options = self.query_one("#group-list", OptionList)
        options.add_options(
            Option(Text(visible(f"{group.code}  {group.title}")), id=group.code) for group in reversed(groups)
        )
        options.display = True
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#group-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        """A group was picked."""
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Back without choosing."""
        self.dismiss(None)
