"""Story order: decisions as the scenario unfolds, not breadth first."""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pytest

from kundenspiel.engine import Scenario, load_scenario
from kundenspiel.workshop.aggregate import aggregate, decision_order
from kundenspiel.workshop.order import story_depths
from tests.conftest import repository_scenarios
from tests.workshop.loop_group import group, loop_records, schleife


def breadth_first(scenario: Scenario, start: str | None = None) -> list[str]:
    """The old order (from the start, or from ``start``): for comparison, and what a node reaches."""
    first = start or scenario.start.node
    order, queue, seen = [], deque([first]), {first}
    while queue:
        node_id = queue.popleft()
        order.append(node_id)
        for choice in scenario.node(node_id).choices:
            for target in choice.targets():
                if scenario.has_node(target) and target not in seen:
                    seen.add(target)
                    queue.append(target)
    return order


def test_a_merge_comes_after_the_long_way_that_leads_to_it() -> None:
    scenario = schleife()
    assert breadth_first(scenario) == ["anruf", "gespraech", "akte", "vermerk"]
    # The loop back from the talk to the call is a back edge: it does not push the call down.
    assert decision_order(scenario) == ["anruf", "akte", "vermerk", "gespraech"]
    assert story_depths(scenario) == {"anruf": 0, "akte": 1, "vermerk": 2, "gespraech": 3}


def test_the_debrief_lists_decisions_in_story_order() -> None:
    scenario = schleife()
    summary = aggregate(group(loop_records(scenario)), [scenario]).scenario("schleife")
    assert [(d.node_id, d.depth) for d in summary.decisions] == [
        ("anruf", 0),
        ("akte", 1),
        ("vermerk", 2),
        ("gespraech", 3),
    ]


def test_depth_decides_before_the_yaml_order(mini: Scenario) -> None:
    # leitung (depth 1) before theke_zwei (depth 2), wherever the YAML lists them.
    assert decision_order(mini) == ["theke", "leitung", "theke_zwei"]
    swapped = mini.model_copy(update={"nodes": [mini.nodes[0], mini.nodes[2], mini.nodes[1]]})
    assert decision_order(swapped) == ["theke", "leitung", "theke_zwei"]


def test_nodes_the_start_cannot_reach_come_last() -> None:
    scenario = schleife()
    cut_off = scenario.model_copy(update={"start": scenario.start.model_copy(update={"node": "vermerk"})})
    # From vermerk: gespraech, then the call and the file behind the loop; nothing is left out.
    assert decision_order(cut_off) == ["vermerk", "gespraech", "anruf", "akte"]
    assert story_depths(cut_off) == {"vermerk": 0, "gespraech": 1, "anruf": 2, "akte": 3}


@pytest.mark.parametrize("path", repository_scenarios(), ids=lambda path: path.stem)
def test_every_choice_leads_deeper_unless_it_loops_back(path: Path) -> None:
    scenario = load_scenario(path)
    depths = story_depths(scenario)
    order = decision_order(scenario)
    position = {node.id: index for index, node in enumerate(scenario.nodes)}
    assert sorted(order) == sorted(node.id for node in scenario.nodes)
    ranked = [(depths[n], position[n]) for n in order if n in depths]
    assert ranked == sorted(ranked)  # by depth, ties in YAML order
    for node_id in depths:
        for choice in scenario.node(node_id).choices:
            for target in choice.targets():
                if scenario.has_node(target) and depths[target] <= depths[node_id]:
                    assert node_id in breadth_first(scenario, target), (node_id, target)
