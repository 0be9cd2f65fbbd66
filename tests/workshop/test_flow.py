"""The flow of the group's paths: a tree of choices with people and outcomes on each branch."""

from __future__ import annotations

import pytest

from kundenspiel.engine import load_scenario
from kundenspiel.workshop import flow as flow_module
from kundenspiel.workshop.aggregate import aggregate
from kundenspiel.workshop.model import FlowBranch, FlowNode, GroupDebrief
from kundenspiel.workshop.model_flow import FLOW_MAX_BRANCHES
from tests.conftest import SCENARIO_DIR
from tests.workshop.conftest import make_record
from tests.workshop.loop_group import group, loop_records, random_group, schleife


def branch(node: FlowNode, choice_id: str | None) -> FlowBranch:
    return next(b for b in node.branches if b.choice_id == choice_id)


def outcomes(item: FlowBranch) -> list[tuple[str, str | None, int]]:
    return [(o.kind, o.ending_id, o.count) for o in item.outcomes]


def test_shared_beginnings_share_a_branch() -> None:
    scenario = schleife()
    flow = aggregate(group(loop_records(scenario)), [scenario]).scenario("schleife").flow
    assert flow is not None
    assert (flow.node_id, flow.step, flow.people, flow.stopped) == ("anruf", 1, 4, [])
    assert [(b.choice_id, b.people) for b in flow.branches] == [("direkt", 3), ("akte_lesen", 1)]
    straight = branch(flow, "direkt")
    assert outcomes(straight) == [
        ("ending", "ende_gut", 1),
        ("ending", "ende_schlecht", 1),
        ("laufend", None, 1),
    ]
    talk = straight.next
    assert talk is not None and (talk.node_id, talk.step, talk.people) == ("gespraech", 2, 3)
    # Dan is still in the talk: he stopped here, still playing.
    assert [(o.kind, o.title, o.count) for o in talk.stopped] == [("laufend", "läuft noch", 1)]
    away = branch(talk, "abwimmeln")
    assert (away.people, away.ending_id, away.ending_title, away.next) == (
        1,
        "ende_schlecht",
        "Vertröstet",
        None,
    )
    # One person only: the branch says how it ended but is not followed further.
    back = branch(talk, "zurueck")
    assert back.next is None and outcomes(back) == [("ending", "ende_gut", 1)]
    assert branch(flow, "akte_lesen").next is None


def test_the_rarest_choices_share_an_other_branch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(flow_module, "FLOW_MAX_BRANCHES", 2)
    scenario = schleife()
    records = loop_records(scenario)
    the_long_way = ["akte_lesen", "notiz", "weiter"]
    records.append(make_record(scenario, "Eva", [*the_long_way, "zurueck"], minute=9))
    records.append(make_record(scenario, "Finn", [*the_long_way, "abwimmeln"], minute=10))
    flow = aggregate(group(records), [scenario]).scenario("schleife").flow
    assert flow is not None
    talk = flow
    for choice_id in the_long_way:
        follows = branch(talk, choice_id).next
        assert follows is not None
        talk = follows
    assert (talk.node_id, talk.step, talk.people) == ("gespraech", 4, 3)
    # Bea, Eva and Finn took three choices once each: the first in YAML order stays, two merge.
    assert [(b.choice_id, b.people) for b in talk.branches] == [("zusage", 1), (None, 2)]
    other = branch(talk, None)
    assert other.text == "andere Wahl (2 Möglichkeiten)" and other.next is None
    # Finn was turned away; Eva went back to the call and is still playing.
    assert outcomes(other) == [("ending", "ende_schlecht", 1), ("laufend", None, 1)]


def test_the_flow_stops_at_the_depth_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(flow_module, "FLOW_MAX_DEPTH", 1)
    scenario = schleife()
    flow = aggregate(group(loop_records(scenario)), [scenario]).scenario("schleife").flow
    assert flow is not None
    assert all(b.next is None for b in flow.branches)
    assert branch(flow, "direkt").people == 3


def _count(node: FlowNode) -> int:
    return 1 + sum(_count(b.next) for b in node.branches if b.next)


def _check(node: FlowNode) -> None:
    # Everyone who got here either stopped here or took one of the branches.
    assert node.people == sum(o.count for o in node.stopped) + sum(b.people for b in node.branches)
    assert len(node.branches) <= FLOW_MAX_BRANCHES
    for item in node.branches:
        assert sum(o.count for o in item.outcomes) == item.people
        if item.next is not None:
            assert item.next.people == item.people and item.next.step == node.step + 1
            _check(item.next)


@pytest.mark.parametrize("seed", [4, 5])
def test_a_large_random_group_gives_a_flow_one_can_draw(seed: int) -> None:
    scenario = load_scenario(SCENARIO_DIR / "druckerpatrone.yaml")
    summary = aggregate(random_group(scenario, 200, seed, longest=40), [scenario]).scenario(scenario.id)
    flow = summary.flow
    assert flow is not None and flow.people == 200
    _check(flow)
    assert _count(flow) <= 60


def test_the_debrief_with_its_flow_survives_a_json_round_trip() -> None:
    scenario = schleife()
    debrief = aggregate(group(loop_records(scenario)), [scenario])
    assert GroupDebrief.model_validate_json(debrief.model_dump_json()) == debrief
