"""``kundenspiel graph``: the output is parsed back, and every node and edge must be in it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kundenspiel.cli import main
from kundenspiel.engine import Scenario, load_scenario
from kundenspiel.engine.graph import GraphFormat, render_graph
from kundenspiel.engine.models import Choice, Node
from tests.conftest import MINI_SCENARIO, repository_scenarios

START = "__start__"


# --- a small DOT parser: enough of the grammar for what Graphviz needs from us ----------------

DOT_TOKEN = re.compile(
    r'\s*(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<arrow>->)|(?P<punct>[{}\[\];,=])|(?P<word>[A-Za-z_][\w]*)|(?P<number>-?\d+(?:\.\d+)?))'
)


@dataclass
class Dot:
    name: str
    nodes: dict[str, dict[str, str]] = field(default_factory=dict)
    edges: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)


def dot_tokens(text: str) -> list[str]:
    tokens, position = [], 0
    while text[position:].strip():
        match = DOT_TOKEN.match(text, position)
        assert match is not None, f"unexpected DOT text at {text[position : position + 30]!r}"
        tokens.append(match.group(match.lastgroup or ""))
        position = match.end()
    return tokens


def unquote(token: str) -> str:
    if not token.startswith('"'):
        return token
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), token[1:-1])


def parse_dot(text: str) -> Dot:
    tokens = dot_tokens(text)
    assert tokens[0] == "digraph" and tokens[2] == "{" and tokens[-1] == "}"
    depth = 0
    for token in tokens:  # braces and brackets balanced, never negative
        depth += {"{": 1, "[": 1, "}": -1, "]": -1}.get(token, 0)
        assert depth >= 0
    assert depth == 0
    dot = Dot(unquote(tokens[1]))
    body, index = tokens[3:-1], 0

    def attributes() -> dict[str, str]:
        nonlocal index
        found: dict[str, str] = {}
        if index < len(body) and body[index] == "[":
            index += 1
            while body[index] != "]":
                key, equals, value = body[index : index + 3]
                assert equals == "="
                found[key] = unquote(value)
                index += 3
                if body[index] == ",":
                    index += 1
            index += 1
        return found

    while index < len(body):
        first = body[index]
        index += 1
        if body[index] == "=":  # graph attribute
            index += 2
        elif body[index] == "->":
            target = body[index + 1]
            index += 2
            dot.edges.append((unquote(first), unquote(target), attributes()))
        else:
            attrs = attributes()
            if first not in {"node", "edge"}:
                dot.nodes[unquote(first)] = attrs
        assert body[index] == ";", body[index - 3 : index + 1]
        index += 1
    return dot


def arrows(scenario: Scenario) -> list[tuple[Node, Choice, str, str | None]]:
    """(node, choice, target, route condition or None) for every arrow: a choice's routes in
    order, then its ``next``."""
    return [
        (node, choice, target, condition)
        for node in scenario.nodes
        for choice in node.choices
        for target, condition in [
            *((route.next, route.condition.source) for route in choice.next_when),
            (choice.next, None),
        ]
    ]


def expected_edges(scenario: Scenario) -> list[tuple[str, str, str]]:
    return [(START, scenario.start.node, "")] + [
        (node.id, target, choice.id) for node, choice, target, _ in arrows(scenario)
    ]


@pytest.mark.parametrize("path", [MINI_SCENARIO, *repository_scenarios()], ids=lambda p: p.stem)
def test_dot_is_balanced_and_complete(path: Path) -> None:
    scenario = load_scenario(path)
    dot = parse_dot(render_graph(scenario, GraphFormat.DOT))
    assert dot.name == scenario.id
    assert set(dot.nodes) == {START} | {n.id for n in scenario.nodes} | {e.id for e in scenario.endings}
    edges = [
        (source, target, attrs["label"].split("\n")[0] if "label" in attrs else "")
        for source, target, attrs in dot.edges
    ]
    assert edges == expected_edges(scenario)
    for (_, _, attrs), (node, choice, _, route) in zip(dot.edges[1:], arrows(scenario), strict=True):
        assert (attrs.get("style") == "dashed") == (choice.condition is not None), (node.id, choice.id)
        if choice.condition is not None:
            assert f"🔒 {choice.condition.source}" in attrs["label"]
        if route is not None:
            assert attrs["label"].endswith(f"→ wenn {route}")
        elif choice.next_when:
            assert attrs["label"].endswith("→ sonst")
    for ending in scenario.endings:
        label = dot.nodes[ending.id]["label"]
        assert ending.rating.value in label and ending.title in label
        assert dot.nodes[ending.id]["fillcolor"].startswith("#")


# --- Mermaid ---------------------------------------------------------------------------------

MERMAID_NODE = re.compile(r'^    (n_\w+)(\[|\(\[|\(\()"([^"]*)"(\]|\]\)|\)\))$')
MERMAID_EDGE = re.compile(r'^    (n_\w+) (-->|-\.->)(?:\|"([^"|]*)"\|)? (n_\w+)$')
MERMAID_OTHER = re.compile(r"^(flowchart TD|    classDef \w+ .*|    class [\w,]+ \w+)$")


def unescape_mermaid(label: str) -> str:
    assert "<" not in label.replace("<br/>", "") and ">" not in label.replace("<br/>", "")
    text = label.replace("<br/>", "\n")
    for entity, character in (("#quot;", '"'), ("#lt;", "<"), ("#gt;", ">"), ("#124;", "|")):
        text = text.replace(entity, character)
    return text.replace("#35;", "#")


def parse_mermaid(text: str) -> tuple[dict[str, str], list[tuple[str, str, str, str]]]:
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str, str]] = []
    for line in text.splitlines():
        if node := MERMAID_NODE.match(line):
            nodes[node.group(1)] = unescape_mermaid(node.group(3))
        elif edge := MERMAID_EDGE.match(line):
            edges.append((edge.group(1), edge.group(4), edge.group(2), unescape_mermaid(edge.group(3) or "")))
        else:
            assert MERMAID_OTHER.match(line), f"unexpected Mermaid line: {line!r}"
    return nodes, edges


@pytest.mark.parametrize("path", [MINI_SCENARIO, *repository_scenarios()], ids=lambda p: p.stem)
def test_mermaid_has_every_node_and_edge(path: Path) -> None:
    scenario = load_scenario(path)
    nodes, edges = parse_mermaid(render_graph(scenario))
    every = [START] + [n.id for n in scenario.nodes] + [e.id for e in scenario.endings]
    assert set(nodes) == {f"n_{item}" for item in every}
    assert [(s, t, label.split("\n")[0] if label else "") for s, t, _, label in edges] == [
        (f"n_{s}", f"n_{t}", c) for s, t, c in expected_edges(scenario)
    ]
    for (_, _, arrow, label), (_, choice, _, route) in zip(edges[1:], arrows(scenario), strict=True):
        assert (arrow == "-.->") == (choice.condition is not None)
        lines = label.split("\n") if label else []
        if route is not None or choice.next_when:
            assert lines[-1] == (f"→ wenn {route}" if route is not None else "→ sonst")
            lines = lines[:-1]
        if choice.condition is not None:
            assert lines[-1].endswith(choice.condition.source + (" (verborgen)" if choice.hidden else ""))
    for ending in scenario.endings:
        assert ending.title in nodes[f"n_{ending.id}"]


def test_mermaid_and_dot_escape_quotes_pipes_and_markup(mini_text: str, tmp_path: Path) -> None:
    speaker = 'Frau "Demir" | <b>#1</b> \\ ende'
    text = mini_text.replace('speaker: "Frau Demir, Kundin"', f"speaker: '{speaker}'")
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path)
    nodes, _ = parse_mermaid(render_graph(scenario))
    assert nodes["n_theke"] == f"theke\n{speaker}"
    dot = parse_dot(render_graph(scenario, GraphFormat.DOT))
    assert dot.nodes["theke"]["label"] == f"theke\n{speaker}"


def test_endings_are_classed_by_rating(mini: Scenario) -> None:
    lines = render_graph(mini).splitlines()
    assert "    class n_ende_gut gelungen" in lines
    assert "    class n_ende_gemischt gemischt" in lines
    assert "    class n_ende_schlecht gescheitert" in lines


def test_cli_prints_graph_and_refuses_broken_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["graph", str(MINI_SCENARIO)]) == 0
    assert capsys.readouterr().out.startswith("flowchart TD\n")
    assert main(["graph", "--format", "dot", str(MINI_SCENARIO)]) == 0
    assert capsys.readouterr().out.startswith('digraph "mini" {')
    broken = tmp_path / "mini.yaml"
    broken.write_text(MINI_SCENARIO.read_text().replace("next: leitung", "next: leitun"))
    assert main(["graph", str(broken)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert ":44:15: error: Ziel „leitun“ gibt es nicht" in captured.err
    with pytest.raises(SystemExit) as usage:
        main(["graph", "--format", "svg", str(MINI_SCENARIO)])
    assert usage.value.code == 2
