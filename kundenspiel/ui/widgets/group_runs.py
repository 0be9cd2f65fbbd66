"""The participants of one scenario in a group debrief: a table row per person."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from kundenspiel.safe_text import visible
from kundenspiel.ui.widgets.group_charts import duration
from kundenspiel.workshop.model import GroupDebrief, RosterEntry, Run, ScenarioDebrief

STATUS_LABELS = {"laufend": "läuft noch", "beendet": "beendet", "abgebrochen": "abgebrochen"}


def standing(run: Run, entry: RosterEntry | None) -> str:
    """Where a run stands: „beendet“, „bei Entscheidung 3“ while it runs, „still seit über 1 h“,
    with „neu begonnen“ for those who started the scenario again."""
    if entry is None:
        return STATUS_LABELS.get(run.status, run.status)
    if entry.stalled:
        shown = "still seit über 1 h"
    elif entry.status == "laufend" and entry.step is not None:
        shown = f"bei Entscheidung {entry.step}"
    else:
        shown = STATUS_LABELS.get(entry.status, entry.status)
    return shown + (", neu begonnen" if entry.restarted else "")


class RunsTable(DataTable[Text | str]):
    """Person, status, decisions, ending and points of every run; keyed by participant number."""

    def on_mount(self) -> None:
        """The columns; narrow ones first, so that Punkte stays visible at 80 columns."""
        self.add_column("Person", key="person")
        self.add_column("Stand", key="status")
        self.add_column("Schritte", key="steps")
        self.add_column("Punkte", key="score")
        self.add_column("Zeit", key="time")
        self.add_column("Ende", key="ending")

    def show(
        self, scenario: ScenarioDebrief | None, debrief: GroupDebrief, names: bool, marked: int | None
    ) -> None:
        """Fill the rows anew; the cursor stays where it was."""
        row = self.cursor_row
        self.clear()
        if scenario is None:
            return
        where = {
            row.participant: entry
            for row in debrief.roster
            for entry in row.scenarios
            if entry.scenario_id == scenario.scenario_id
        }
        for run in scenario.runs:
            who = debrief.participant(run.participant).shown(names)
            entry = where.get(run.participant)
            mark = "▶ " if run.participant == marked else ""
            # Text cells: DataTable would read a plain string as markup, and names are typed freely.
            self.add_row(
                Text(mark + visible(who)),
                standing(run, entry),
                str(len(run.path)),
                "–" if run.score is None else str(run.score),
                "–" if entry is None else duration((entry.updated_at - entry.started_at).total_seconds()),
                Text(run.ending_title or "–", overflow="ellipsis", no_wrap=True),
                key=str(run.participant),
            )
        if scenario.runs:
            self.move_cursor(row=max(0, min(row, len(scenario.runs) - 1)))

    def selected(self) -> int | None:
        """The participant number in the cursor's row."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return int(key) if key else None
