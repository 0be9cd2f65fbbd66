"""Story order: the decisions of a scenario in the order the story unfolds.

Breadth first puts a situation where two branches merge before the situations of the longer
branch that leads there; a trainer walking the story would discuss it after them. The order
used here is the *longest-path depth* from the start over the scenario graph with its back
edges removed: a depth-first walk from the start (choices in YAML order, a choice's routes
before its ``next``) marks every edge to a situation still on the walk's path as a back edge
(a loop), and each remaining situation's depth is the longest chain of choices that leads to it
from the start. Situations of equal depth keep their YAML order; situations the start cannot
reach come last, in YAML order.
"""

from __future__ import annotations

from kundenspiel.engine import Scenario


def _forward_edges(scenario: Scenario) -> tuple[dict[str, list[str]], list[str]]:
    """The graph without back edges (node → the nodes its choices lead to) and its reachable
    nodes in reverse post-order, i.e. a topological order of that graph."""
    successors = {
        node.id: [t for choice in node.choices for t in choice.targets() if scenario.has_node(t)]
        for node in scenario.nodes
    }
    forward: dict[str, list[str]] = {}
    finished: list[str] = []
    start = scenario.start.node
    if not scenario.has_node(start):
        return forward, finished
    on_path = {start}
    forward[start] = []
    # An explicit stack: a long chain of situations must not hit Python's recursion limit.
    stack: list[tuple[str, int]] = [(start, 0)]
    while stack:
        node_id, index = stack[-1]
        targets = successors[node_id]
        if index == len(targets):
            stack.pop()
            on_path.discard(node_id)
            finished.append(node_id)
            continue
        stack[-1] = (node_id, index + 1)
        target = targets[index]
        if target in on_path:
            continue
        forward[node_id].append(target)
        if target not in forward:
            forward[target] = []
            on_path.add(target)
            stack.append((target, 0))
    finished.reverse()
    return forward, finished


def story_depths(scenario: Scenario) -> dict[str, int]:
    """Node id → its longest-path depth from the start (the start is 0), for the nodes the start
    reaches; see the module's docstring."""
    forward, topological = _forward_edges(scenario)
    depths = dict.fromkeys(topological, 0)
    for node_id in topological:
        for target in forward[node_id]:
            depths[target] = max(depths[target], depths[node_id] + 1)
    return depths


def decision_order(scenario: Scenario) -> list[str]:
    """The scenario's node ids in story order: by ``story_depths``, ties in YAML order, nodes the
    start cannot reach last."""
    depths = story_depths(scenario)
    position = {node.id: index for index, node in enumerate(scenario.nodes)}
    reached = sorted(depths, key=lambda node_id: (depths[node_id], position[node_id]))
    return reached + [node.id for node in scenario.nodes if node.id not in depths]
