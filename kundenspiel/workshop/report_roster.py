"""The roster as a plain-text table (header and rows) for the HTML report and Markdown: who
joined, where each one stands in every scenario, and when they were active."""

from __future__ import annotations

from datetime import datetime

from kundenspiel.workshop.model import GroupDebrief, RosterEntry, ScenarioDebrief
from kundenspiel.workshop.report_wording import People, decision_numbers

ROSTER_STATUS = {"beendet": "beendet", "laufend": "läuft", "abgebrochen": "abgebrochen"}


def when(moment: datetime) -> str:
    """„25.11. 09:03“ in the exporting computer's time zone."""
    return moment.astimezone().strftime("%d.%m. %H:%M")


def entry_text(entry: RosterEntry | None, scenario: ScenarioDebrief) -> str:
    """„beendet“, „läuft: Entscheidung 4“, „abgebrochen (ohne Aktivität)“, with „· 2 Anläufe“
    for a restart; „–“ when the person has not started the scenario."""
    if entry is None:
        return "–"
    text = ROSTER_STATUS.get(entry.status, entry.status)
    if entry.status == "laufend" and entry.node_id is not None:
        numbers = decision_numbers(scenario)
        place = numbers.get(entry.node_id)
        text += f": Entscheidung {place}" if place else f": Schritt {entry.step}"
    elif entry.stalled:
        text += " (ohne Aktivität)"
    if entry.restarted:
        text += f" · {entry.runs} Anläufe"
    return text


def roster_rows(debrief: GroupDebrief, people: People) -> tuple[list[str], list[list[str]]]:
    """Header and rows: person, one column per scenario, first and last activity."""
    header = ["Person", *(s.title for s in debrief.scenarios), "Erste Aktivität", "Letzte Aktivität"]
    rows = []
    for row in debrief.roster:
        entries = {entry.scenario_id: entry for entry in row.scenarios}
        rows.append(
            [
                people(row.participant),
                *(entry_text(entries.get(s.scenario_id), s) for s in debrief.scenarios),
                when(row.first_activity),
                when(row.last_activity),
            ]
        )
    return header, rows
