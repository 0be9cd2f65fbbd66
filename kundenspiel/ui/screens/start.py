"""The start screen: the game's name, a short intro, the player's name and group code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from kundenspiel.safe_text import visible
from kundenspiel.ui.screens.base import GameScreen
from kundenspiel.ui.widgets.entry import StartInput, StartOptionList
from kundenspiel.ui.widgets.footer import GameFooter
from kundenspiel.wording import counted

if TYPE_CHECKING:
    from kundenspiel.engine import Scenario
    from kundenspiel.store import PlayerRef
    from kundenspiel.store.locking import PlayerClaim
    from kundenspiel.ui.dialogs.group_code import GroupCheck

SERVED_NOTE = (
    "Schon einmal gespielt? Gib denselben Namen ein, dann geht es dort weiter, wo du warst. "
    "Die Ergebnisse der Gruppe zeigt deine Trainerin oder dein Trainer."
)
INTRO = (
    "Du spielst Situationen aus dem Kundenservice und der Führung durch. Jede Entscheidung "
    "bewegt drei Werte: die Motivation der Mitarbeitenden, das Vertrauen der Kundschaft und "
    "die Befugnis, selbst zu entscheiden. Am Ende siehst du, warum etwas gewirkt hat."
)


def shown_name(name: str) -> Content:
    """A player's name as typed, never read as markup and with control characters made visible."""
    return Content(visible(name))


def matching_players(players: list[PlayerRef], typed: str) -> list[PlayerRef]:
    """The known players whose name contains what is typed (ignoring case); all when nothing is."""
    from kundenspiel.store.names import name_identity

    wanted = name_identity(typed)
    if not wanted:
        return list(players)
    return [player for player in players if wanted in name_identity(player.name)]


class StartScreen(GameScreen):
    """Ask who is playing (and in which workshop group)."""

    CSS_PATH = "start.tcss"
    BINDINGS = [
        Binding("enter", "start", "Los geht's", key_display="Enter"),
        Binding("down", "focus_players", "Bekannte Namen", show=False),
        # A function key: the name field takes every printable key.
        Binding("f3", "group_debrief", "Gruppenauswertung", key_display="F3"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.players: list[PlayerRef] = []
        self.claim: PlayerClaim | None = None
        self.left_for_scenarios = False

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="start-card"):
            yield Static("kundenspiel", id="logo")
            yield Static("Kundenorientierung trainieren – Entscheidung für Entscheidung", id="tagline")
            yield Static(INTRO, id="intro")
            with Vertical(classes="field"):
                yield Label("Dein Name", classes="field-label")
                yield StartInput(placeholder="z. B. Alex", id="name", max_length=200, compact=True)
            with Vertical(classes="field"):
                yield Label(
                    "Gruppencode (optional, von deiner Trainerin oder deinem Trainer)",
                    classes="field-label",
                )
                yield StartInput(placeholder="z. B. KR7M", id="group", max_length=20, compact=True)
            if self.session.config.served:
                # On a shared host the names of the others stay private (issue 12).
                yield Static(SERVED_NOTE, id="served-note", classes="muted")
            with Vertical(classes="field", id="players-field"):
                yield Label(
                    "Schon einmal gespielt? Mit ↓ deinen Namen wählen:",
                    id="players-label",
                    classes="field-label",
                )
                yield StartOptionList(id="players", compact=True)
            yield Static("Lade Szenarien …", id="status", classes="muted")
        yield GameFooter()

    def on_mount(self) -> None:
        """Focus the name field and load scenarios and players in the background."""
        self.query_one("#players-field").display = False
        self.query_one("#name", Input).focus()
        # After the first paint: the import of the engine would otherwise delay it.
        self.call_after_refresh(self.load_session)

    def on_screen_resume(self) -> None:
        """Back from the scenario list („Abmelden“): a fresh name field, an up-to-date list.
        (A dialog closing over this screen resumes it too; that changes nothing.)"""
        # A dialog closing over this screen resumes it too, possibly after the sign-in it
        # answered has already pushed the scenario list: only a resume in view counts.
        if not self.left_for_scenarios or self.app.screen is not self:
            return
        self.left_for_scenarios = False
        self.session.player = None
        self.session.group_code = None
        self.session.group_meter_display = None
        self.session.kept_group.clear()
        if self.claim is not None:
            self.claim.release()
            self.claim = None
        name = self.query_one("#name", Input)
        name.value = ""
        name.focus()
        if self.session.store is not None:
            self.reload_players()

    def on_unmount(self) -> None:
        """The game ends: the name is free for other windows at once (not only when the process
        ends, which a test or an embedding host may outlive)."""
        if self.claim is not None:
            self.claim.release()
            self.claim = None

    @work(thread=True, exclusive=True, group="load")
    def load_session(self) -> None:
        """Read the scenario folder and the save folder (blocking I/O)."""
        from kundenspiel.store import StoreError

        try:
            notices = self.session.load()
            store = self.session.store
            players = store.players() if store and not self.session.config.served else []
        except (StoreError, OSError) as error:
            self.app.call_from_thread(self.show_load_error, str(error))
            return
        self.app.call_from_thread(self.show_loaded, players, notices)

    @work(thread=True, exclusive=True, group="load")
    def reload_players(self) -> None:
        """Read the known players again: someone may have joined in another window."""
        from kundenspiel.store import StoreError

        store = self.session.store
        if store is None or self.session.config.served:
            return
        try:
            players = store.players()
        except (StoreError, OSError) as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        notices = self.session.pending_notices()
        self.app.call_from_thread(self.show_players, players)
        for notice in notices:
            self.app.call_from_thread(
                self.notify, notice, title="Hinweis", severity="warning", timeout=12, markup=False
            )

    def show_load_error(self, message: str) -> None:
        """The save folder cannot be used: say so and where."""
        status = Content.assemble(("Spielstände nicht nutzbar: ", "bold"), visible(message))
        self.query_one("#status", Static).update(status)
        self.notify(message, title="Spielstände", severity="error", timeout=15, markup=False)

    def show_loaded(self, players: list[PlayerRef], notices: list[str]) -> None:
        """Offer the known players and report anything the loading repaired."""
        catalog = self.session.catalog
        count = len(catalog.playable) if catalog else 0
        self.query_one("#status", Static).update(
            f"{counted(count, 'Szenario', 'Szenarien')} bereit. Enter startet, F1 zeigt die Hilfe."
        )
        self.show_players(players)
        for notice in notices:
            self.notify(notice, title="Hinweis", severity="warning", timeout=12, markup=False)

    def show_players(self, players: list[PlayerRef]) -> None:
        """Remember the known players and list those matching the name typed so far."""
        self.players = players
        self.filter_players(self.query_one("#name", Input).value)

    def filter_players(self, typed: str) -> None:
        """List the known names containing ``typed``; the one typed exactly is highlighted."""
        from kundenspiel.store.names import name_identity

        shown = matching_players(self.players, typed)
        player_list = self.query_one("#players", OptionList)
        player_list.clear_options()
        player_list.add_options(Option(shown_name(player.name), id=player.key) for player in shown)
        self.query_one("#players-field").display = bool(shown)
        exact = next(
            (i for i, player in enumerate(shown) if name_identity(player.name) == name_identity(typed)),
            None,
        )
        player_list.highlighted = exact if exact is not None else (0 if shown else None)

    @on(Input.Changed, "#name")
    def name_changed(self, event: Input.Changed) -> None:
        """Typing narrows the list of known names (but not while walking through the list)."""
        if not self.query_one("#players", OptionList).has_focus:
            self.filter_players(event.value)

    def player_at(self, index: int | None) -> PlayerRef | None:
        """The known player shown at ``index`` of the list."""
        player_list = self.query_one("#players", OptionList)
        if index is None or not 0 <= index < player_list.option_count:
            return None
        key = player_list.get_option_at_index(index).id
        return next((player for player in self.players if player.key == key), None)

    @on(OptionList.OptionHighlighted, "#players")
    def player_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Walking through the list puts the name into the field: what Enter signs in is in view."""
        player = self.player_at(event.option_index)
        if player is not None and event.option_list.has_focus:
            self.query_one("#name", Input).value = player.name

    def action_focus_players(self) -> None:
        """Arrow down from the fields into the list of known names."""
        players = self.query_one("#players", OptionList)
        if not (self.query_one("#players-field").display and players.option_count):
            return
        players.focus()
        if players.highlighted is None:
            players.highlighted = 0
        player = self.player_at(players.highlighted)
        if player is not None:
            self.query_one("#name", Input).value = player.name

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A served game (a shared host) offers neither the group debrief nor the known names."""
        if action in {"group_debrief", "focus_players"}:
            return not self.session.config.served
        return True

    def action_group_debrief(self) -> None:
        """For trainers: the debrief of the group whose code is typed (or pick one)."""
        from kundenspiel.ui.dialogs.group_pick import open_group_debrief

        open_group_debrief(self, self.query_one("#group", Input).value)

    @on(OptionList.OptionSelected, "#players")
    def pick_player(self, event: OptionList.OptionSelected) -> None:
        """A known name was picked (Enter or click): sign in with it."""
        player = self.player_at(event.option_index)
        if player is not None:
            self.query_one("#name", Input).value = player.name
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
        from kundenspiel.store.groups import normalize_code

        code = normalize_code(self.query_one("#group", Input).value.strip()) or None
        self.sign_in(name, code)

    @work(thread=True, exclusive=True, group="sign-in")
    def sign_in(self, name: str, code: str | None, *, code_confirmed: bool = False) -> None:
        """Check the group code, then create or find the player and claim them for this window
        (reads the groups and writes to the save folder). A code this folder does not know, where
        it knows groups, is asked about first, unless the trainee already chose to keep it."""
        from kundenspiel.store import StoreError
        from kundenspiel.ui.dialogs.group_code import check_group_code

        store = self.session.store
        assert store is not None
        check = check_group_code(store.root, code)
        if check.unknown and not code_confirmed:
            self.app.call_from_thread(self.ask_unknown_code, name, check)
            return
        try:
            player = store.ensure_player(name)
            claim = store.claim_player(player.key)
        except (StoreError, OSError) as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.session.group_meter_display = check.meter_display
        if claim is None:
            self.app.call_from_thread(self.ask_take_over, player, check)
            return
        self.app.call_from_thread(self.signed_in, player, check, claim)

    def ask_unknown_code(self, name: str, check: GroupCheck) -> None:
        """The code is none of this folder's groups: correct it, or sign in with it anyway."""
        from kundenspiel.ui.dialogs.group_code import ask_unknown_code

        def answered(go_on: bool) -> None:
            if go_on:
                self.sign_in(name, check.code, code_confirmed=True)
                return
            group = self.query_one("#group", Input)
            group.focus()
            group.select_all()

        assert check.code is not None
        ask_unknown_code(self.app, visible(check.code), answered)

    def ask_take_over(self, player: PlayerRef, check: GroupCheck) -> None:
        """The name is in use in another window: say what that means and let the player decide."""
        from kundenspiel.ui.dialogs.confirm import ConfirmDialog

        question = (
            f"Unter dem Namen „{visible(player.name)}“ wird gerade in einem anderen Fenster gespielt. "
            "Wenn du hier auch spielst, speichert nur das Fenster, in dem zuerst weitergespielt wird; "
            "das andere meldet dann, dass der Durchlauf woanders weiterging. Wenn das jemand anderes "
            "ist, wähle einen eigenen Namen."
        )

        def answered(take_over: bool | None) -> None:
            if take_over:
                self.signed_in(player, check, None)
            else:
                name = self.query_one("#name", Input)
                name.focus()
                name.select_all()

        self.app.push_screen(
            ConfirmDialog("Name schon im Spiel", question, yes="Trotzdem hier spielen", no="Anderer Name"),
            answered,
        )

    def signed_in(self, player: PlayerRef, check: GroupCheck, claim: PlayerClaim | None) -> None:
        """Continue to the scenario list (or straight into the scenario asked for), confirming
        the group code with the group's title where this folder knows it."""
        from kundenspiel.ui.screens.scenarios import ScenarioListScreen

        self.claim = claim
        self.left_for_scenarios = True
        self.session.player = player
        self.session.group_code = check.code
        self.app.push_screen(ScenarioListScreen())
        if note := check.note():
            self.notify(note, title="Gruppencode", timeout=8, markup=False)
        wanted = self.session.config.start_scenario
        if wanted is None:
            return
        scenario = self.session.catalog.find(wanted) if self.session.catalog else None
        if scenario is None:
            self.notify(f"Ein Szenario „{visible(wanted)}“ gibt es nicht.", severity="error", markup=False)
            return
        self.session.resume_offered = True
        self.open_wanted(scenario)

    @work(thread=True, exclusive=True, group="open-wanted")
    def open_wanted(self, scenario: Scenario) -> None:
        """Open the scenario named on the command line, resuming its open playthrough (blocking
        I/O to find it)."""
        from kundenspiel.store import StoreError

        store, player = self.session.store, self.session.player
        assert store is not None and player is not None
        try:
            open_record = store.latest_open(player.key, scenario.id)
        except (StoreError, OSError) as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        from kundenspiel.ui.screens.play import PlayScreen

        self.app.call_from_thread(self.app.push_screen, PlayScreen(scenario, open_record))
