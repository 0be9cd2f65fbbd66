"""The per-choice CSV summary: one row per scenario × decision × choice, numbers as in the model."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kundenspiel.cli import main
from kundenspiel.engine import Scenario
from kundenspiel.engine.meters import METER_IDS, METER_LABELS
from kundenspiel.store.groups import Group, GroupStore
from kundenspiel.workshop.aggregate import GroupData, aggregate
from kundenspiel.workshop.model import GroupDebrief
from kundenspiel.workshop.report_text import decimal
from kundenspiel.workshop.tables import CSV_TABLES, csv_runs, csv_summary, csv_table
from tests.conftest import MINI_SCENARIO
from tests.workshop.conftest import CODE, START, write_to_store
from tests.workshop.print_seed import shipped_scenarios, workshop_group


def rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff") and "\r\n" in text
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))


@pytest.fixture(scope="module")
def workshop() -> GroupDebrief:
    """Twenty trainees through every shipped scenario."""
    scenarios = shipped_scenarios()
    return aggregate(workshop_group(scenarios), scenarios)


def test_every_choice_of_every_decision_has_a_row_with_the_models_numbers(workshop: GroupDebrief) -> None:
    table = rows(csv_summary(workshop))
    expected = [
        (scenario, number, decision, index, choice)
        for scenario in workshop.scenarios
        for number, decision in enumerate(scenario.decisions, start=1)
        for index, choice in enumerate(decision.choices, start=1)
    ]
    assert len(table) == len(expected) > 100
    for row, (scenario, number, decision, index, choice) in zip(table, expected, strict=True):
        assert (row["Szenario"], row["Nr."], row["Situation"]) == (
            scenario.scenario_id,
            str(number),
            decision.node_id,
        )
        assert (row["Auswahl-Nr."], row["Auswahl-ID"]) == (str(index), choice.choice_id)
        assert row["Personen an der Entscheidung"] == str(decision.participants)
        assert row["Personen"] == str(choice.count)
        assert row["Anteil (%)"] == decimal(choice.percent)
        assert row["Gesperrt gesehen"] == str(choice.locked)
        assert row["Erneut gewählt"] == str(choice.revisits)
        assert row["Wählbar nur bei"] == (choice.lock_condition or "")
        for meter in METER_IDS:
            assert row[f"Wirkung {METER_LABELS[meter]}"] == str(choice.effects.get(meter, 0))
        median = decision.median_seconds
        assert row["Median Zeit an der Entscheidung (s)"] == ("" if median is None else str(round(median)))
        assert row["Beendet"] == str(choice.finished)
        top = choice.endings[0] if choice.endings else None
        assert row["Häufigstes Ende"] == (top.title if top else "")
    # The seeded group takes 20–120 s per decision, and the shares of a decision add up to 100.
    timed = [
        int(r["Median Zeit an der Entscheidung (s)"])
        for r in table
        if r["Median Zeit an der Entscheidung (s)"]
    ]
    assert timed and all(20 <= t <= 120 for t in timed)
    first = [r for r in table if r["Szenario"] == workshop.scenarios[0].scenario_id and r["Nr."] == "1"]
    assert sum(int(r["Personen"]) for r in first) == int(first[0]["Personen an der Entscheidung"]) == 20


def test_who_chose_it_has_names_only_when_asked(workshop: GroupDebrief) -> None:
    anonymous = rows(csv_summary(workshop))
    named = rows(csv_summary(workshop, names=True))
    chosen = [(a, n) for a, n in zip(anonymous, named, strict=True) if a["Personen"] != "0"]
    assert chosen
    names = {p.name for p in workshop.participants}
    for plain, with_names in chosen:
        assert all(who.startswith("Person ") for who in plain["Gewählt von"].split(", "))
        assert set(with_names["Gewählt von"].split(", ")) <= names
        assert len(with_names["Gewählt von"].split(", ")) == int(with_names["Personen"])


def test_the_summary_is_chosen_by_its_table_name(mini: Scenario, mini_group: GroupData) -> None:
    debrief = aggregate(mini_group, [mini])
    assert "zusammenfassung" in CSV_TABLES
    assert csv_table(debrief, "zusammenfassung") == csv_summary(debrief)
    text = csv_summary(debrief)
    # Numbers for Excel: decimal comma, negative effects as numbers (no apostrophe).
    assert ";75,0;" in text and ";-25;" in text and "'-" not in text


def test_the_command_line_exports_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini_group: GroupData
) -> None:
    saves = tmp_path / "saves"
    write_to_store(saves, mini_group)
    GroupStore(saves).add(Group(code=CODE, title="Test", created_at=START))
    scenarios = MINI_SCENARIO.parent
    code = main(["--saves", str(saves), "--scenarios", str(scenarios), "export", CODE, "--format", "csv",
                 "--table", "zusammenfassung"])  # fmt: skip
    assert code == 0
    exported = rows(capsys.readouterr().out)
    assert [r["Auswahl-ID"] for r in exported if r["Nr."] == "1"] == [
        "umtauschen",
        "nachfragen",
        "vertroesten",
    ]


def test_the_run_rows_carry_start_last_change_and_the_time_between(workshop: GroupDebrief) -> None:
    table = rows(csv_runs(workshop))
    entries = {(r.participant, e.scenario_id): e for r in workshop.roster for e in r.scenarios}
    runs = [(s.scenario_id, run) for s in workshop.scenarios for run in s.runs]
    assert len(table) == len(runs) == 100
    for row, (scenario_id, run) in zip(table, runs, strict=True):
        entry = entries[(run.participant, scenario_id)]
        assert row["Begonnen"] == entry.started_at.astimezone().strftime("%d.%m.%Y %H:%M:%S")
        seconds = int(row["Zeit vom Beginn bis zuletzt (s)"])
        assert seconds == round((entry.updated_at - entry.started_at).total_seconds())
        # The seed takes 20–120 s per decision.
        assert 20 * len(run.path) <= seconds <= 120 * len(run.path)
