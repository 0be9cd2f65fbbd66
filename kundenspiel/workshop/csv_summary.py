"""The per-choice summary table of the CSV export: one row per scenario × decision × choice,
with the numbers of the debrief (people, share, locks, effects, time), for a pivot in Excel."""

from __future__ import annotations

from kundenspiel.engine.meters import METER_IDS, METER_LABELS
from kundenspiel.workshop.csv_format import csv_text
from kundenspiel.workshop.model import GroupDebrief
from kundenspiel.workshop.report_wording import People

LISTED_IN_A_CELL = 1_000
"""People named in the „Gewählt von“ cell; Excel holds at most 32,767 characters in one."""

SUMMARY_HEADER = [
    "Gruppe",
    "Szenario",
    "Szenario-Titel",
    "Nr.",
    "Situation",
    "Personen an der Entscheidung",
    "Auswahl-Nr.",
    "Auswahl-ID",
    "Auswahl",
    "Personen",
    "Anteil (%)",
    "Erneut gewählt",
    "Gesperrt gesehen",
    "Wählbar nur bei",
    *(f"Wirkung {METER_LABELS[m]}" for m in METER_IDS),
    "Median Zeit an der Entscheidung (s)",
    "Zeitmessungen",
    "Beendet",
    "Häufigstes Ende",
    "Anteil häufigstes Ende (%)",
    "Gewählt von",
]


def csv_summary(debrief: GroupDebrief, names: bool = False) -> str:
    """One row per choice of every decision reached, in story order. Shares are of the people
    who reached the decision (their first visit); „Erneut gewählt“ counts revisits apart. The
    time is the decision's median (the same for each of its choices); „Gewählt von“ has names
    only with ``names``."""
    people = People(debrief, names)
    rows: list[list[object]] = []
    for scenario in debrief.scenarios:
        for number, decision in enumerate(scenario.decisions, start=1):
            for index, choice in enumerate(decision.choices, start=1):
                top = choice.endings[0] if choice.endings else None
                rows.append(
                    [
                        debrief.code,
                        scenario.scenario_id,
                        scenario.title,
                        number,
                        decision.node_id,
                        decision.participants,
                        index,
                        choice.choice_id,
                        choice.text,
                        choice.count,
                        float(choice.percent),
                        choice.revisits,
                        choice.locked,
                        choice.lock_condition or "",
                        *(choice.effects.get(m, 0) for m in METER_IDS),
                        None if decision.median_seconds is None else round(decision.median_seconds),
                        decision.timed,
                        choice.finished,
                        top.title if top else "",
                        None if top is None else float(top.percent),
                        people.listed(choice.chosen_by, LISTED_IN_A_CELL) if choice.count else "",
                    ]
                )
    return csv_text(SUMMARY_HEADER, rows)
