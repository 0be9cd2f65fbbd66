"""My progress: the player's playthroughs with date, scenario, ending and score; practice runs
are marked „Übung“, since their scores do not count."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from kundenspiel.engine import play
from kundenspiel.engine.models import Rating
from kundenspiel.safe_text import visible
from kundenspiel.ui.screens.base import GameScreen
from kundenspiel.ui.screens.play_record import group_suffix
from kundenspiel.ui.widgets.footer import GameFooter
from kundenspiel.wording import counted

if TYPE_CHECKING:
    from kundenspiel.store import PlaythroughRecord

STATUS_LABELS = {"laufend": "angefangen", "beendet": "beendet", "abgebrochen": "abgebrochen"}
PRACTICE_LABEL = "Übung"


def status_label(record: PlaythroughRecord) -> str:
    """„beendet“, or „Übung, beendet“ for a practice run."""
    status = STATUS_LABELS.get(record.status, record.status)
    return f"{PRACTICE_LABEL}, {status}" if record.is_practice else status


def summary_text(records: list[PlaythroughRecord]) -> str:
    """How many playthroughs there are, how many finished, and how many were practice."""
    if not records:
        return "Noch keine Durchläufe – wähle ein Szenario und leg los."
    finished = sum(1 for r in records if r.status == "beendet")
    text = f"{counted(len(records), 'Durchlauf', 'Durchläufe')}, davon {finished} beendet."
    practice = sum(1 for r in records if r.is_practice)
    if practice:
        text += (
            f" {counted(practice, 'Übungsdurchlauf', 'Übungsdurchläufe')} („{PRACTICE_LABEL}“) "
            f"{'zählt' if practice == 1 else 'zählen'} nicht für die Wertung."
        )
    return text


class ProgressScreen(GameScreen):
    """A table of every playthrough; Enter opens the debrief of a finished one."""

    CSS_PATH = "progress.tcss"
    BINDINGS = [
        Binding("enter", "open", "Auswertung", key_display="Enter"),
        Binding("escape", "leave", "Zurück", key_display="Esc"),
        Binding("q", "app.quit", "Beenden", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.records: dict[str, PlaythroughRecord] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Lade deine Durchläufe …", id="summary", classes="muted")
        yield DataTable(id="runs", cursor_type="row", zebra_stripes=True)
        yield GameFooter()

    def on_mount(self) -> None:
        """Set up the table and read the playthroughs in the background."""
        player = self.session.player
        group = group_suffix(self.session.group_code)
        self.sub_title = f"Dein Fortschritt – {visible(player.name)}{group}" if player else "Dein Fortschritt"
        table = self.query_one("#runs", DataTable)
        table.add_columns("Datum", "Szenario", "Stand", "Ende", "Punkte")
        table.focus()
        self.load_records()

    def on_screen_resume(self) -> None:
        """Back from a debrief (perhaps after a practice run): read the list again."""
        if self.records:
            self.load_records()

    @work(thread=True, exclusive=True, group="progress")
    def load_records(self) -> None:
        """Read the player's playthroughs (blocking I/O); an unreadable file is explained."""
        from kundenspiel.store import StoreError

        store, player = self.session.store, self.session.player
        if store is None or player is None:
            return
        try:
            records = store.playthroughs(player.key)
        except (StoreError, OSError) as error:
            self.app.call_from_thread(self.show_error, str(error))
        else:
            self.app.call_from_thread(self.show_records, records)
        for notice in self.session.pending_notices():
            self.app.call_from_thread(
                self.notify, notice, title="Hinweis", severity="warning", timeout=12, markup=False
            )

    def show_error(self, message: str) -> None:
        """The playthroughs could not be read: say so where the table would be, and why."""
        self.query_one("#summary", Static).update(
            Text.assemble(("Deine Durchläufe konnten nicht gelesen werden: ", "bold"), visible(message))
        )
        self.notify(message, title="Spielstand", severity="error", timeout=12, markup=False)

    def show_records(self, records: list[PlaythroughRecord]) -> None:
        """Fill the table, newest first."""
        catalog = self.session.catalog
        table = self.query_one("#runs", DataTable)
        table.clear()
        self.records = {}
        for record in sorted(records, key=lambda r: r.updated_at, reverse=True):
            scenario = catalog.find(record.scenario_id) if catalog else None
            title = scenario.title if scenario else f"{visible(record.scenario_id)} (nicht mehr vorhanden)"
            ending = "–"
            if scenario and record.ending_id and scenario.has_ending(record.ending_id):
                found = scenario.ending(record.ending_id)
                ending = f"{found.title} ({found.rating.label})"
            elif record.rating in {rating.value for rating in Rating}:
                ending = Rating(record.rating).label
            local = record.updated_at.astimezone()
            # Titles come from scenario files: Text, so DataTable never reads them as markup.
            table.add_row(
                local.strftime("%d.%m.%Y %H:%M"),
                Text(title),
                status_label(record),
                Text(ending),
                str(record.score) if record.score is not None else "–",
                key=record.id,
            )
            self.records[record.id] = record
        self.query_one("#summary", Static).update(summary_text(records))

    @on(DataTable.RowSelected)
    def selected(self) -> None:
        """Enter or click on a row."""
        self.action_open()

    def action_open(self) -> None:
        """Open the debrief of the selected finished playthrough."""
        from kundenspiel.ui.screens.debrief import DebriefScreen

        table = self.query_one("#runs", DataTable)
        if not self.records or table.cursor_row < 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        record = self.records.get(key or "")
        catalog = self.session.catalog
        scenario = catalog.find(record.scenario_id) if record and catalog else None
        if record is None or scenario is None or record.status != "beendet":
            self.notify("Eine Auswertung gibt es nur für beendete Durchläufe.", severity="warning")
            return
        replayed = play.replay(scenario, record.choice_ids)
        if not replayed.complete or not replayed.state.ended:
            self.notify(
                "Das Szenario wurde seitdem geändert; die Auswertung passt nicht mehr.", severity="warning"
            )
            return
        self.app.push_screen(DebriefScreen(scenario, replayed.state, record))

    def action_leave(self) -> None:
        """Back."""
        self.app.pop_screen()
