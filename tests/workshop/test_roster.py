"""The roster, restarted and abandoned runs (issue 12, item 5) and stable numbers (item 4)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kundenspiel.store import PlaythroughRecord, player_key
from kundenspiel.workshop.aggregate import aggregate, number_participants
from kundenspiel.workshop.model import GroupDebrief
from tests.workshop.conftest import START, make_record
from tests.workshop.loop_group import group, loop_records, schleife

NOW = START + timedelta(minutes=50)


def room() -> list[PlaythroughRecord]:
    """The loop group plus Eva, who gave up and started again, and Finn, who left an hour ago."""
    scenario = schleife()
    return [
        *loop_records(scenario),
        make_record(scenario, "Eva", ["direkt"], minute=5, abandoned=True),
        make_record(scenario, "Eva", ["akte_lesen"], minute=8),
        make_record(scenario, "Finn", ["akte_lesen", "notiz"], minute=-20),
    ]


@pytest.fixture
def debrief() -> GroupDebrief:
    return aggregate(group(room()), [schleife()], now=NOW)


def test_restarted_and_abandoned_runs_are_counted(debrief: GroupDebrief) -> None:
    summary = debrief.scenario("schleife")
    # Eva's first run was given up, Finn's has not changed for over an hour: two abandoned,
    # not „0 abgebrochen“; Eva began twice.
    assert (summary.given_up, summary.stalled, summary.abandoned, summary.restarted) == (1, 1, 2, 1)
    assert (summary.participants, summary.finished, summary.in_progress) == (6, 3, 2)


def test_without_now_no_run_counts_as_gone_quiet() -> None:
    summary = aggregate(group(room()), [schleife()]).scenario("schleife")
    assert (summary.given_up, summary.stalled, summary.abandoned, summary.in_progress) == (1, 0, 1, 3)


def test_the_roster_says_where_everyone_stands(debrief: GroupDebrief) -> None:
    names = {p.number: p.name for p in debrief.participants}
    rows = {names[row.participant]: row for row in debrief.roster}
    assert sorted(rows) == ["Ada", "Bea", "Cem", "Dan", "Eva", "Finn"]

    def standing(name: str) -> tuple[object, ...]:
        (entry,) = rows[name].scenarios
        return entry.scenario_id, entry.status, entry.stalled, entry.runs, entry.node_id, entry.step

    assert standing("Ada") == ("schleife", "beendet", False, 1, None, None)
    # Dan decided once and is now in the talk with the team lead: his second decision.
    assert standing("Dan") == ("schleife", "laufend", False, 1, "gespraech", 2)
    assert standing("Eva") == ("schleife", "laufend", False, 2, "akte", 2)
    assert rows["Eva"].scenarios[0].restarted and not rows["Dan"].scenarios[0].restarted
    assert standing("Finn") == ("schleife", "abgebrochen", True, 1, "vermerk", 3)
    eva = rows["Eva"]
    assert eva.first_activity == START + timedelta(minutes=5)
    assert eva.last_activity == START + timedelta(minutes=8, seconds=1)
    finn_run = next(run for run in debrief.scenario("schleife").runs if names[run.participant] == "Finn")
    assert finn_run.status == "abgebrochen"


def test_practice_runs_are_no_activity_and_no_restart() -> None:
    scenario = schleife()
    records = loop_records(scenario)
    first = records[1]
    practice = first.practice_branch(
        2,
        new_id="uebung",
        now=START + timedelta(hours=3),
        scenario_version=1,
        content_hash=first.content_hash,
    )
    debrief = aggregate(group([*records, practice]), [scenario], now=NOW)
    bea = next(row for row in debrief.roster if row.participant == 2)
    assert bea.scenarios[0].runs == 1 and bea.last_activity == first.updated_at
    assert debrief.scenario("schleife").restarted == 0


def test_stored_numbers_win_and_newcomers_follow_the_highest() -> None:
    records = room()
    labels = {player_key("Cem"): 7, player_key("Ada"): 2}
    numbers = number_participants(records, labels)
    # Finn started first, then Bea, Dan, Eva: numbered after the highest stored number.
    assert {key: numbers[player_key(key)] for key in ("Ada", "Cem", "Finn", "Bea", "Dan", "Eva")} == {
        "Ada": 2,
        "Cem": 7,
        "Finn": 8,
        "Bea": 9,
        "Dan": 10,
        "Eva": 11,
    }
    debrief = aggregate(group(records, labels), [schleife()])
    assert [(p.number, p.name) for p in debrief.participants][:3] == [(2, "Ada"), (7, "Cem"), (8, "Finn")]
    assert [row.participant for row in debrief.roster] == [2, 7, 8, 9, 10, 11]
    assert {run.participant for run in debrief.scenario("schleife").runs} == {2, 7, 8, 9, 10, 11}


def test_a_stored_label_of_someone_without_runs_still_reserves_its_number() -> None:
    records = loop_records(schleife())
    numbers = number_participants(records, {player_key("Gül"): 4, player_key("Bea"): 1})
    assert [numbers[player_key(n)] for n in ("Bea", "Ada", "Cem", "Dan")] == [1, 5, 6, 7]
    assert player_key("Gül") not in numbers


def test_a_number_stored_twice_goes_to_the_earlier_player() -> None:
    records = loop_records(schleife())
    numbers = number_participants(records, {player_key("Ada"): 2, player_key("Bea"): 2})
    assert [numbers[player_key(n)] for n in ("Ada", "Bea", "Cem", "Dan")] == [2, 3, 4, 5]


def test_without_stored_numbers_the_order_of_the_first_run_counts() -> None:
    records = room()
    numbers = number_participants(records)
    assert [numbers[player_key(n)] for n in ("Finn", "Ada", "Bea", "Cem", "Dan", "Eva")] == [1, 2, 3, 4, 5, 6]


def test_a_log_that_no_longer_fits_stands_where_a_resume_would_continue() -> None:
    scenario = schleife()
    record = make_record(scenario, "Dan", ["akte_lesen", "notiz"], minute=3)
    changed = record.model_copy(
        update={"steps": [record.steps[0], record.steps[1].model_copy(update={"choice_id": "weg"})]}
    )
    unknown = make_record(scenario, "Eva", ["direkt"], minute=4).model_copy(update={"scenario_id": "alt"})
    debrief = aggregate(group([changed, unknown]), [scenario])
    (dan,) = debrief.roster[0].scenarios
    # The second decision no longer exists: a resume continues at the file, decision 2.
    assert (dan.status, dan.node_id, dan.step) == ("laufend", "akte", 2)
    (eva,) = debrief.roster[1].scenarios
    # A scenario that is not there any more: no situation to name, but the decision count.
    assert (eva.scenario_id, eva.node_id, eva.step) == ("alt", None, 2)
