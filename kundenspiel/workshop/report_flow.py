"""The group's paths through a scenario as an SVG tree, drawn left to right.

A box per situation („E3 · 18“: decision 3 of the report, reached by 18 people along the same
choices), an edge per choice taken there („A2 · 8“: answer 2, by 8 people; the thicker, the more
people), and at the end of each path where those people ended. Every path gets its own row, so a
label never overlaps another; the numbers refer to the decision cards of the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kundenspiel.workshop.model import FlowBranch, FlowNode, FlowOutcome, ScenarioDebrief
from kundenspiel.workshop.report_svg import BAR_COLOR, escape, svg
from kundenspiel.workshop.report_wording import decision_numbers, shortened

ROW = 26
BOX_WIDTH, BOX_HEIGHT = 58, 18
COLUMN = 118
LEAF_TEXT = 260
RATING_COLORS = {"gelungen": "#2e7d32", "gemischt": "#b8860b", "gescheitert": "#b71c1c"}


@dataclass
class _Canvas:
    """What the drawing collects while the tree is laid out."""

    decisions: dict[str, int]
    answers: dict[str, dict[str, int]]
    body: list[str] = field(default_factory=list)
    row: int = 0
    depth: int = 0
    widest: int = 0

    def next_row(self) -> float:
        y = self.row * ROW + ROW / 2
        self.row += 1
        return y


def _outcome_text(outcomes: list[FlowOutcome]) -> str:
    if not outcomes:
        return ""
    first = outcomes[0]
    more = sum(o.count for o in outcomes[1:])
    rest = f", {more} anders" if more else ""
    return f"{first.count} × {shortened(first.title, 34)}{rest}"


def _leaf(canvas: _Canvas, x: float, y: float, text: str, rating: str) -> None:
    color = RATING_COLORS.get(rating, "#777")
    canvas.body.append(f'<circle cx="{x + 4:.1f}" cy="{y:.1f}" r="4" fill="{color}"/>')
    canvas.body.append(f'<text x="{x + 12:.1f}" y="{y + 4:.1f}">{escape(text)}</text>')
    canvas.widest = max(canvas.widest, int(x) + 12 + 6 * len(text))


def _edge(
    canvas: _Canvas, start: tuple[float, float], end: tuple[float, float], width: float, label: str
) -> None:
    (x1, y1), (x2, y2) = start, end
    middle = (x1 + x2) / 2
    canvas.body.append(
        f'<path d="M{x1:.1f},{y1:.1f} C{middle:.1f},{y1:.1f} {middle:.1f},{y2:.1f} {x2:.1f},{y2:.1f}" '
        f'fill="none" stroke="{BAR_COLOR}" stroke-opacity="0.45" stroke-width="{width:.1f}"/>'
    )
    canvas.body.append(
        f'<text x="{x2 - 4:.1f}" y="{y2 - 4:.1f}" text-anchor="end" font-size="10">{escape(label)}</text>'
    )


def _answer(canvas: _Canvas, node: FlowNode, branch: FlowBranch) -> str:
    number = canvas.answers.get(node.node_id, {}).get(branch.choice_id or "")
    return f"A{number} · {branch.people}" if number else f"andere · {branch.people}"


def _node(canvas: _Canvas, node: FlowNode, column: int, total: int) -> float:
    """Draw ``node`` and everything after it; its box's middle height."""
    canvas.depth = max(canvas.depth, column + 1)
    x = column * COLUMN
    child_x = x + COLUMN
    edges: list[tuple[float, float, str]] = []
    ys: list[float] = []
    for branch in node.branches:
        if branch.next is not None:
            y = _node(canvas, branch.next, column + 1, total)
        else:
            y = canvas.next_row()
            # The dot takes the colour of where most of these people ended.
            rating = branch.outcomes[0].rating if branch.outcomes else ""
            if branch.ending_title:
                text = f"Ende: {shortened(branch.ending_title, 40)}"
            else:
                text = "später: " + _outcome_text(branch.outcomes) if branch.outcomes else "–"
            _leaf(canvas, child_x, y, text, rating)
        edges.append((y, 1.5 + 9 * branch.people / total, _answer(canvas, node, branch)))
        ys.append(y)
    for outcome in node.stopped:
        y = canvas.next_row()
        _leaf(canvas, child_x, y, f"{outcome.count} × hier: {outcome.title}", outcome.rating)
        ys.append(y)
    middle = (min(ys) + max(ys)) / 2 if ys else canvas.next_row()
    for y, width, label in edges:
        _edge(canvas, (x + BOX_WIDTH, middle), (child_x, y), width, label)
    number = canvas.decisions.get(node.node_id)
    label = f"E{number} · {node.people}" if number else f"{shortened(node.node_id, 6)} · {node.people}"
    canvas.body.append(
        f'<rect x="{x}" y="{middle - BOX_HEIGHT / 2:.1f}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="4" '
        f'fill="#fff" stroke="{BAR_COLOR}"/>'
        f'<text x="{x + BOX_WIDTH / 2}" y="{middle + 4:.1f}" text-anchor="middle">{escape(label)}</text>'
    )
    return middle


def flow_svg(scenario: ScenarioDebrief) -> str | None:
    """The scenario's flow as SVG; None when nobody decided anything yet."""
    if scenario.flow is None:
        return None
    canvas = _Canvas(
        decisions=decision_numbers(scenario),
        answers={
            d.node_id: {c.choice_id: n for n, c in enumerate(d.choices, start=1)} for d in scenario.decisions
        },
    )
    _node(canvas, scenario.flow, 0, max(1, scenario.flow.people))
    width = max(canvas.widest, canvas.depth * COLUMN + LEAF_TEXT) + 4
    height = max(1, canvas.row) * ROW + 4
    return svg(width, height, f"Wege der Gruppe durch {scenario.title}", canvas.body, css_class="flow")
