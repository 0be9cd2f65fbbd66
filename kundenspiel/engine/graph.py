"""The scenario as a graph: stations as boxes, choices as labelled arrows, endings by rating.

Two text formats: Mermaid (renders in GitLab, GitHub and most wikis) and DOT (Graphviz).
Choices with a condition are drawn dashed with a lock and the condition, because those are
the arrows a player may find closed. Endings are coloured by their rating.
"""

from __future__ import annotations

from enum import StrEnum

from kundenspiel.engine.models import Choice, Rating, Scenario
from kundenspiel.safe_text import visible

RATING_COLOURS: dict[Rating, str] = {
    Rating.GELUNGEN: "#c8e6c9",
    Rating.GEMISCHT: "#fff3c4",
    Rating.GESCHEITERT: "#ffcdd2",
}
RATING_SYMBOLS: dict[Rating, str] = {
    Rating.GELUNGEN: "✔",
    Rating.GEMISCHT: "◐",
    Rating.GESCHEITERT: "✘",
}
LOCK = "🔒"
START_NODE = "__start__"


class GraphFormat(StrEnum):
    """The output formats of :func:`render_graph`."""

    MERMAID = "mermaid"
    DOT = "dot"


def render_graph(scenario: Scenario, graph_format: GraphFormat = GraphFormat.MERMAID) -> str:
    """The scenario as Mermaid or DOT text, ending with a newline."""
    if graph_format is GraphFormat.DOT:
        return render_dot(scenario)
    return render_mermaid(scenario)


def _edge_lines(choice: Choice) -> list[str]:
    """The label lines of a choice's arrow: its id, and the condition behind a lock."""
    lines = [choice.id]
    if choice.condition is not None:
        hidden = " (verborgen)" if choice.hidden else ""
        lines.append(f"{LOCK} {choice.condition.source}{hidden}")
    return lines


def _edges(choice: Choice) -> list[tuple[str, list[str]]]:
    """(target, label lines) for each arrow of a choice: one per route, then its ``next``."""
    edges = [
        (route.next, [*_edge_lines(choice), f"→ wenn {route.condition.source}"]) for route in choice.next_when
    ]
    edges.append((choice.next, [*_edge_lines(choice), *(["→ sonst"] if choice.next_when else [])]))
    return edges


def _ending_lines(scenario: Scenario, ending_id: str) -> list[str]:
    ending = scenario.ending(ending_id)
    return [f"{RATING_SYMBOLS[ending.rating]} {ending.title}", f"{ending.id} · {ending.rating.value}"]


def _node_lines(scenario: Scenario, node_id: str) -> list[str]:
    node = scenario.node(node_id)
    return [node.id, node.speaker] if node.speaker else [node.id]


# --- Mermaid -------------------------------------------------------------------------------


def mermaid_escape(text: str) -> str:
    """Text safe inside a quoted Mermaid label.

    Mermaid understands ``#name;`` and ``#code;`` entities; ``#`` itself goes first so the
    entities written for the other characters are not escaped again.
    """
    replacements = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "|": "#124;"}
    return "".join(replacements.get(character, character) for character in text)


def mermaid_id(item_id: str) -> str:
    """A Mermaid node id: prefixed, because words like ``end`` are Mermaid keywords."""
    return f"n_{item_id}"


def _mermaid_label(lines: list[str]) -> str:
    # Texts from the file are printed to a terminal or pasted into a wiki: control and bidi
    # characters in them are written out (``\x1b``), never passed on.
    return '"' + "<br/>".join(mermaid_escape(visible(line)) for line in lines) + '"'


def render_mermaid(scenario: Scenario) -> str:
    """A Mermaid flowchart: boxes for stations, rounded boxes for endings, dashed locked arrows."""
    out = ["flowchart TD", f'    {mermaid_id(START_NODE)}(("Start"))']
    for node in scenario.nodes:
        out.append(f"    {mermaid_id(node.id)}[{_mermaid_label(_node_lines(scenario, node.id))}]")
    for ending in scenario.endings:
        out.append(f"    {mermaid_id(ending.id)}([{_mermaid_label(_ending_lines(scenario, ending.id))}])")
    out.append(f"    {mermaid_id(START_NODE)} --> {mermaid_id(scenario.start.node)}")
    for node in scenario.nodes:
        for choice in node.choices:
            arrow = "-.->" if choice.condition is not None else "-->"
            for target, lines in _edges(choice):
                out.append(f"    {mermaid_id(node.id)} {arrow}|{_mermaid_label(lines)}| {mermaid_id(target)}")
    for rating, colour in RATING_COLOURS.items():
        out.append(f"    classDef {rating.value} fill:{colour},stroke:#555")
    for rating in Rating:
        members = [mermaid_id(e.id) for e in scenario.endings if e.rating is rating]
        if members:
            out.append(f"    class {','.join(members)} {rating.value}")
    return "\n".join(out) + "\n"


# --- DOT -----------------------------------------------------------------------------------


def dot_quote(text: str) -> str:
    """A DOT string literal: backslashes and quotes escaped, line breaks as ``\\n``."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _dot_label(lines: list[str]) -> str:
    return dot_quote("\n".join(visible(line) for line in lines))


def render_dot(scenario: Scenario) -> str:
    """A Graphviz digraph: boxes for stations, coloured ellipses for endings, dashed locked arrows."""
    out = [
        f"digraph {dot_quote(scenario.id)} {{",
        f"    label={dot_quote(visible(scenario.title))};",
        "    labelloc=t;",
        '    node [shape=box, style=rounded, fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=10];',
        f'    {dot_quote(START_NODE)} [label="Start", shape=circle];',
    ]
    for node in scenario.nodes:
        out.append(f"    {dot_quote(node.id)} [label={_dot_label(_node_lines(scenario, node.id))}];")
    for ending in scenario.endings:
        colour = RATING_COLOURS[ending.rating]
        out.append(
            f"    {dot_quote(ending.id)} [label={_dot_label(_ending_lines(scenario, ending.id))}, "
            f'shape=ellipse, style=filled, fillcolor="{colour}"];'
        )
    out.append(f"    {dot_quote(START_NODE)} -> {dot_quote(scenario.start.node)};")
    for node in scenario.nodes:
        for choice in node.choices:
            style = ", style=dashed" if choice.condition is not None else ""
            for target, lines in _edges(choice):
                out.append(
                    f"    {dot_quote(node.id)} -> {dot_quote(target)} [label={_dot_label(lines)}{style}];"
                )
    out.append("}")
    return "\n".join(out) + "\n"
