"""„Worüber sprechen?“ in a group debrief: the decisions that split the group most, where each
choice led in the end, and the group's paths as a compact tree."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from rich.tree import Tree

from kundenspiel.ui.widgets.group_charts import RATING_STYLES, plain, quoted, shortened
from kundenspiel.wording import counted
from kundenspiel.workshop.model import (
    ChoiceShare,
    Decision,
    FlowBranch,
    FlowNode,
    FlowOutcome,
    ScenarioDebrief,
)
from kundenspiel.workshop.tables import decimal

TALKING_POINTS_SHOWN = 5
"""The most divided decisions listed; a room rarely discusses more."""


def situation(decision: Decision, limit: int) -> str:
    """A decision in one short line: who speaks, and the start of the situation."""
    text = shortened(plain(decision.text), limit)
    return f"{decision.speaker}: {text}" if decision.speaker else text


def ending_link(choice: ChoiceShare, limit: int) -> Text | None:
    """„Von denen, die „X“ wählten, endeten 80 % bei „Y“.“ – for the choice's most frequent ending."""
    if not choice.endings or not choice.finished:
        return None
    top = choice.endings[0]
    text = Text(f"Von denen, die {quoted(shortened(plain(choice.text), limit))} wählten, endeten ")
    text.append(f"{decimal(top.percent, 0)} %", "bold")
    text.append(" bei ")
    text.append(f"„{top.title}“", RATING_STYLES.get(top.rating, ""))
    text.append(f" ({counted(choice.finished, 'Person', 'Personen')} am Ende).", "dim")
    return text


def talking_points_view(scenario: ScenarioDebrief, width: int) -> RenderableType:
    """The most divided decisions first, each with how it split and where its choices led."""
    if not scenario.talking_points:
        return Text("Noch keine Entscheidung, an der mindestens zwei Personen waren.", "italic")
    parts: list[RenderableType] = [
        Text("Die Entscheidungen, die die Gruppe am meisten geteilt haben", "bold")
    ]
    order = {decision.node_id: number for number, decision in enumerate(scenario.decisions, start=1)}
    for rank, point in enumerate(scenario.talking_points[:TALKING_POINTS_SHOWN], start=1):
        try:
            decision = scenario.decision(point.node_id)
        except KeyError:
            continue
        parts.append(Text(""))
        parts.append(
            Text.assemble(
                (f"{rank}. ", "bold"),
                (f"Entscheidung {order.get(point.node_id, '?')} – ", "bold"),
                situation(decision, max(40, width - 24)),
            )
        )
        leading = next((c for c in decision.choices if c.choice_id == point.leading_choice_id), None)
        summary = f"{counted(point.participants, 'Person', 'Personen')}; "
        if leading is not None:
            chosen = quoted(shortened(plain(leading.text), 50))
            summary += f"die meisten ({decimal(leading.percent, 0)} %) wählten {chosen}, "
        summary += f"{decimal(100 * point.split, 0)} % etwas anderes"
        lines: list[RenderableType] = [Text(summary)]
        lines += [link for choice in decision.choices if (link := ending_link(choice, 50)) is not None]
        parts.append(Padding(Group(*lines), (0, 0, 0, 3)))
    return Group(*parts)


def outcome_text(outcomes: list[FlowOutcome]) -> Text:
    """„→ 2× Gute Lösung, 1× läuft noch“."""
    text = Text("→ ", "dim")
    for index, outcome in enumerate(outcomes):
        if index:
            text.append(", ", "dim")
        text.append(f"{outcome.count}× ")
        text.append(outcome.title, RATING_STYLES.get(outcome.rating, "dim"))
    return text


def flow_label(node: FlowNode, scenario: ScenarioDebrief, width: int) -> Text:
    """A situation of the flow: its number along the path, a short text and how many got there."""
    try:
        what = situation(scenario.decision(node.node_id), max(30, width - 40))
    except KeyError:
        what = node.node_id
    label = Text.assemble((f"{node.step}. ", "bold"), what, (f" ({node.people})", "dim"))
    if node.stopped:
        label.append("  ")
        label.append_text(outcome_text(node.stopped))
    return label


def add_branches(tree: Tree, node: FlowNode, scenario: ScenarioDebrief, width: int) -> None:
    """The choices taken at ``node`` under ``tree``, each followed as far as the model goes."""
    for branch in node.branches:
        child = tree.add(branch_label(branch, width))
        if branch.next is not None:
            grandchild = child.add(flow_label(branch.next, scenario, width))
            add_branches(grandchild, branch.next, scenario, width)


def branch_label(branch: FlowBranch, width: int) -> Text:
    """A choice of the flow: its text, the people who took it, and where it led when it ends here."""
    label = Text.assemble(
        f"„{shortened(plain(branch.text), max(30, width - 50))}“", (f" {branch.people}", "bold")
    )
    if branch.ending_title:
        label.append(f"  → Ende „{branch.ending_title}“", "dim")
    elif branch.next is None and branch.outcomes:
        label.append("  ")
        label.append_text(outcome_text(branch.outcomes))
    return label


def flow_view(scenario: ScenarioDebrief, width: int) -> RenderableType:
    """The group's paths as a tree: situations and the choices taken there, with head counts."""
    if scenario.flow is None:
        return Text("Noch hat niemand entschieden.", "italic")
    tree = Tree(flow_label(scenario.flow, scenario, width), guide_style="dim")
    add_branches(tree, scenario.flow, scenario, width)
    return Group(Text("Die Wege der Gruppe (Zahl: Personen)", "bold"), tree)
