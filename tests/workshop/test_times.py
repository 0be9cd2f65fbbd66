"""Time per decision and per scenario from the steps' timestamps, breaks left out."""

from __future__ import annotations

from kundenspiel.workshop.aggregate import aggregate
from tests.workshop.conftest import make_record
from tests.workshop.loop_group import LOOP_GROUP, group, loop_records, schleife, timed

GAPS = {
    # Ada's fifth gap, 50 minutes, is a break; her revisits of the call and the talk are not timed.
    "Ada": [10, 20, 40, 5, 3000, 30],
    "Bea": [20, 7, 9, 60],
    "Cem": [30, 90],
    "Dan": [12],
}


def test_median_time_per_decision_over_first_visits() -> None:
    scenario = schleife()
    records = [timed(r, GAPS[name]) for r, (name, *_) in zip(loop_records(scenario), LOOP_GROUP, strict=True)]
    summary = aggregate(group(records), [scenario]).scenario("schleife")
    times = {d.node_id: (d.median_seconds, d.timed) for d in summary.decisions}
    assert times == {
        "anruf": (16.0, 4),  # 10, 12, 20, 30
        "gespraech": (60.0, 3),  # 20, 60, 90
        "akte": (6.0, 2),  # Ada 5, Bea 7
        "vermerk": (9.0, 1),  # Bea only: Ada's was a break
    }


def test_time_per_finished_run_without_breaks() -> None:
    scenario = schleife()
    records = [timed(r, GAPS[name]) for r, (name, *_) in zip(loop_records(scenario), LOOP_GROUP, strict=True)]
    durations = aggregate(group(records), [scenario]).scenario("schleife").durations
    assert durations is not None
    # Ada 10+20+40+5+30 = 105 s (the break left out), Bea 96 s, Cem 120 s; Dan is not finished.
    assert (
        durations.runs,
        durations.median_seconds,
        durations.minimum_seconds,
        durations.maximum_seconds,
    ) == (
        3,
        105.0,
        96.0,
        120.0,
    )


def test_clocks_running_backwards_give_no_time() -> None:
    scenario = schleife()
    record = timed(make_record(scenario, "Cem", ["direkt", "abwimmeln"]), [-5, 30])
    summary = aggregate(group([record]), [scenario]).scenario("schleife")
    assert summary.decision("anruf").median_seconds is None and summary.decision("anruf").timed == 0
    assert summary.durations is not None and summary.durations.median_seconds == 30.0


def test_no_finished_run_no_durations() -> None:
    scenario = schleife()
    summary = aggregate(group(loop_records(scenario)[3:]), [scenario]).scenario("schleife")
    assert summary.durations is None
