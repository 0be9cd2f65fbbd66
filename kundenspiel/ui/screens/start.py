"""The start screen: the game's name, a short intro, the player's name and group code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from kundenspiel.ui.screens.base import GameScreen

if TYPE_CHECKING:
    from kundenspiel.store import PlayerRef

INTRO = (
    "Du spielst Situationen aus dem Kundenservice und der Führung durch. Jede Entscheidung "
    "bewegt drei Werte: die Motivation der Mitarbeitenden, das Vertrauen der Kundschaft und "
    "die Befugnis, selbst zu entscheiden. Am Ende siehst du, warum etwas gewirkt hat."
)


class StartScreen(GameScreen):
    """Ask who is playing (and in which workshop group)."""

    CSS_PATH = "start.tcss"
    BINDINGS = [
        Binding("enter", "start", "Los geht's", show=True, key_display="Enter"),
        Binding("down", "focus_players", "Bekannte Namen", show=False),
        # A function key: the name field takes every printable key.
        Binding("f3", "group_debrief", "Gruppenauswertung", key_display="F3"),
    ]

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="start-card"):
            yield Static("kundenspiel", id="logo")
            yield Static("Kundenorientierung trainieren – Entscheidung für Entscheidung", id="tagline")
            yield Static(INTRO, id="intro")
            yield Label("Dein Name", classes="field-label")
            yield Input(placeholder="z. B. Alex", id="name", max_length=200, compact=True)
            yield Label(
                "Gruppencode (optional, von deiner Trainerin oder deinem Trainer)", classes="field-label"
            )
            yield Input(placeholder="z. B. KR7M", id="group", max_length=20, compact=True)
            yield Label(
                "Schon einmal gespielt? Wähle deinen Namen:", id="players-label", classes="field-label"
            )
            yield OptionList(id="players", compact=True)
            yield Static("Lade Szenarien …", id="status", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        """Focus the name field and load scenarios and players in the background."""
        self.query_one("#players").display = False
        self.query_one("#players-label").display = False
        self.query_one("#name", Input).focus()
        # After the first paint: the import of the engine would otherwise delay it.
        self.call_after_refresh(self.load_session)

    @work(thread=True, exclusive=True, group="load")
    def load_session(self) -> None:
        """Read the scenario folder and the save folder (blocking I/O)."""
        from kundenspiel.store import StoreError

        try:
            notices = self.session.load()
        except StoreError as error:
            self.app.call_from_thread(self.show_load_error, str(error))
            return
        store = self.session.store
        players = store.players() if store else []
        self.app.call_from_thread(self.show_loaded, players, notices)

    def show_load_error(self, message: str) -> None:
        """The save folder cannot be used: say so and where."""
        self.query_one("#status", Static).update(f"[b]Spielstände nicht nutzbar:[/b] {message}")
        self.notify(message, title="Spielstände", severity="error", timeout=15)

    def show_loaded(self, players: list[PlayerRef], notices: list[str]) -> None:
        """Offer the known players and report anything the loading repaired."""
        catalog = self.session.catalog
        count = len(catalog.playable) if catalog else 0
        self.query_one("#status", Static).update(
            f"{count} Szenarien bereit. Enter startet, F1 zeigt die Hilfe."
        )
        player_list = self.query_one("#players", OptionList)
        player_list.clear_options()
        player_list.add_options(Option(player.name, id=player.key) for player in players)
        player_list.display = bool(players)
        if players:
            player_list.highlighted = 0
        self.query_one("#players-label").display = bool(players)
        for notice in notices:
            self.notify(notice, title="Hinweis", severity="warning", timeout=12)

    def action_focus_players(self) -> None:
        """Arrow down from the fields into the list of known names."""
        players = self.query_one("#players", OptionList)
        if players.display and players.option_count:
            players.focus()

    def action_group_debrief(self) -> None:
        """For trainers: the debrief of the group whose code is typed (or pick one)."""
        from kundenspiel.ui.dialogs.group_pick import open_group_debrief

        open_group_debrief(self, self.query_one("#group", Input).value)

    @on(OptionList.OptionSelected, "#players")
    def pick_player(self, event: OptionList.OptionSelected) -> None:
        """A known name was picked: use it."""
        self.query_one("#name", Input).value = str(event.option.prompt)
        self.action_start()

    @on(Input.Submitted)
    def submitted(self) -> None:
        """Enter in either field starts."""
        self.action_start()

    def action_start(self) -> None:
        """Register the player and continue to the scenarios."""
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.notify("Bitte gib deinen Namen ein.", severity="warning")
            self.query_one("#name", Input).focus()
            return
        if self.session.store is None or self.session.catalog is None:
            self.notify("Einen Moment, die Szenarien werden noch geladen …")
            return
        code = self.query_one("#group", Input).value.strip().upper() or None
        self.sign_in(name, code)

    @work(thread=True, exclusive=True, group="sign-in")
    def sign_in(self, name: str, code: str | None) -> None:
        """Create or find the player (writes to the save folder)."""
        from kundenspiel.store import StoreError

        store = self.session.store
        assert store is not None
        try:
            player = store.ensure_player(name)
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self.signed_in, player, code)

    def signed_in(self, player: PlayerRef, code: str | None) -> None:
        """Continue to the scenario list (or straight into the scenario asked for)."""
        from kundenspiel.ui.screens.scenarios import ScenarioListScreen

        self.session.player = player
        self.session.group_code = code
        self.app.push_screen(ScenarioListScreen())
        wanted = self.session.config.start_scenario
        if wanted is None:
            return
        scenario = self.session.catalog.find(wanted) if self.session.catalog else None
        if scenario is None:
            self.notify(f"Ein Szenario „{wanted}“ gibt es nicht.", severity="error")
            return
        from kundenspiel.ui.screens.play import PlayScreen

        self.session.resume_offered = True
        open_record = self.session.store.latest_open(player.key, wanted) if self.session.store else None
        self.app.push_screen(PlayScreen(scenario, open_record))
