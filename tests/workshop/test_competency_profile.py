"""The competency profile: weakest first, with its sample size and small samples marked."""

from __future__ import annotations

from kundenspiel.engine import Scenario
from kundenspiel.workshop.aggregate import GroupData, aggregate
from tests.workshop.conftest import make_record
from tests.workshop.loop_group import group, loop_records, schleife


def test_weakest_first_with_small_samples_marked() -> None:
    scenario = schleife()
    eva = make_record(scenario, "Eva", ["akte_lesen", "notiz", "weiter", "abwimmeln"], minute=9)
    debrief = aggregate(group([*loop_records(scenario), eva]), [scenario])
    rows = [(c.competency_id, c.rating, c.participants, c.small_sample) for c in debrief.competencies]
    # Deciding: Ada +1 −1, Bea +1 (2 of 3 points, two people); reading the file and taking notes:
    # Ada, Bea and Eva, all positive. Equal ratings keep the order of their labels.
    assert rows == [
        ("entscheiden", 67, 2, True),
        ("nachhaken", 100, 3, False),
        ("zuhoeren", 100, 3, False),
    ]
    assert debrief.scenario("schleife").competencies == debrief.competencies


def test_the_group_profile_adds_up_the_scenarios(mini: Scenario, mini_group: GroupData) -> None:
    scenario = schleife()
    records = [*mini_group.records, *loop_records(scenario)]
    players = {**mini_group.players, **group(loop_records(scenario)).players}
    debrief = aggregate(GroupData(mini_group.code, "Beide", players, records), [mini, scenario])
    profile = {c.competency_id: (c.positive, c.negative, c.participants) for c in debrief.competencies}
    # mini: zuhoeren 3/1 over four, entscheiden 2/0 (Ada); schleife adds Ada's and Bea's points
    # (Ada plays both: one person).
    assert profile["zuhoeren"] == (5, 1, 5)
    assert profile["entscheiden"] == (4, 1, 2)
    assert debrief.competencies[0].competency_id == "entscheiden"
