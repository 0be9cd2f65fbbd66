"""CSV and Markdown exports of a ``GroupDebrief``: the entry points, and the raw CSV tables.

CSV is written for German Excel (``csv_format``: UTF-8 with BOM, ``;``, CRLF, decimal comma,
no cell that Excel would run as a formula). ``durchlaeufe`` has one row per participant and
scenario, ``entscheidungen`` one per decision taken, ``zusammenfassung`` one per choice of every
decision (``csv_summary``). Markdown lives in ``markdown_report``; the text helpers every export
shares in ``report_text``. Both are importable from here as before.
"""

from __future__ import annotations

from datetime import datetime

from kundenspiel.engine.meters import METER_IDS, METER_LABELS
from kundenspiel.workshop.csv_format import csv_text
from kundenspiel.workshop.csv_summary import csv_summary
from kundenspiel.workshop.markdown_report import markdown
from kundenspiel.workshop.markdown_text import md_escape
from kundenspiel.workshop.model import GroupDebrief
from kundenspiel.workshop.report_text import (
    RATING_LABELS,
    STATUS_LABELS,
    clean,
    decimal,
    outdated_text,
    participants_text,
)
from kundenspiel.workshop.report_wording import People

__all__ = [
    "CSV_TABLES",
    "RATING_LABELS",
    "STATUS_LABELS",
    "clean",
    "csv_decisions",
    "csv_runs",
    "csv_summary",
    "csv_table",
    "decimal",
    "markdown",
    "md_escape",
    "outdated_text",
    "participants_text",
]

CSV_TABLES = ("durchlaeufe", "entscheidungen", "zusammenfassung")


def csv_runs(debrief: GroupDebrief, names: bool = False) -> str:
    """One row per participant and scenario (the playthrough that counts)."""
    people = People(debrief, names)
    header = [
        "Gruppe",
        "Teilnehmende",
        "Szenario",
        "Szenario-Titel",
        "Status",
        "Entscheidungen",
        "Ende",
        "Wertung",
        "Punkte",
        *(f"{METER_LABELS[m]} am Ende" for m in METER_IDS),
        "Passt nicht mehr zum Szenario",
        "Begonnen",
        "Zuletzt gespielt",
        "Zeit vom Beginn bis zuletzt (s)",
    ]
    # Start and last change of the counted run come with the roster.
    times = {
        (row.participant, entry.scenario_id): (entry.started_at, entry.updated_at)
        for row in debrief.roster
        for entry in row.scenarios
    }
    rows: list[list[object]] = []
    for scenario in debrief.scenarios:
        ratings = {e.ending_id: e.rating for e in scenario.endings}
        for run in scenario.runs:
            final = run.path[-1].meters if run.path and run.status == "beendet" else {}
            began, last = times.get((run.participant, scenario.scenario_id), (None, None))
            rows.append(
                [
                    debrief.code,
                    people(run.participant),
                    scenario.scenario_id,
                    scenario.title,
                    STATUS_LABELS.get(run.status, run.status),
                    len(run.path),
                    run.ending_title or run.ending_id or "",
                    RATING_LABELS.get(ratings.get(run.ending_id or "", ""), ""),
                    "" if run.score is None else run.score,
                    *(final.get(m, "") for m in METER_IDS),
                    "ja" if run.outdated else "nein",
                    _excel_time(began),
                    _excel_time(last),
                    round((last - began).total_seconds()) if began and last else None,
                ]
            )
    return csv_text(header, rows)


def _excel_time(moment: datetime | None) -> str:
    """„25.11.2026 09:03:00“ in the exporting computer's time zone, as German Excel reads a date."""
    return moment.astimezone().strftime("%d.%m.%Y %H:%M:%S") if moment else ""


def csv_decisions(debrief: GroupDebrief, names: bool = False) -> str:
    """One row per decision taken: who, where, which choice, what was locked, the meters after."""
    people = People(debrief, names)
    header = [
        "Gruppe",
        "Teilnehmende",
        "Szenario",
        "Nr.",
        "Situation",
        "Auswahl-ID",
        "Auswahl",
        "Gesperrt gesehen",
        "Gesperrte Antworten",
        *(f"{METER_LABELS[m]} danach" for m in METER_IDS),
        "Sekunden bis zur Wahl",
    ]
    rows: list[list[object]] = []
    for scenario in debrief.scenarios:
        for run in scenario.runs:
            who = people(run.participant)
            for number, entry in enumerate(run.path, start=1):
                rows.append(
                    [
                        debrief.code,
                        who,
                        scenario.scenario_id,
                        number,
                        entry.node_id,
                        entry.choice_id,
                        entry.choice_text,
                        len(entry.locked),
                        " | ".join(entry.locked),
                        *(entry.meters.get(m, "") for m in METER_IDS),
                        entry.seconds,
                    ]
                )
    return csv_text(header, rows)


def csv_table(debrief: GroupDebrief, table: str, names: bool = False) -> str:
    """The CSV table named ``table`` (one of ``CSV_TABLES``; anything else: ``durchlaeufe``)."""
    if table == "entscheidungen":
        return csv_decisions(debrief, names)
    if table == "zusammenfassung":
        return csv_summary(debrief, names)
    return csv_runs(debrief, names)
