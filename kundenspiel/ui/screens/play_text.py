"""What the play screen writes: the situation, the choice just made with its reaction, and how
the meters moved. Node texts and feedback are Markdown by design."""

from __future__ import annotations

from kundenspiel.engine import GameState, Scenario, play
from kundenspiel.engine.meters import METER_LABELS


def situation_markdown(scenario: Scenario, state: GameState) -> str:
    """The current node as Markdown, with who is speaking as a heading."""
    node = play.current_node(scenario, state)
    speaker = f"### {node.speaker}\n\n" if node.speaker else ""
    return f"{speaker}{play.node_text(node, state)}"


def feedback_markdown(step: play.Step) -> str:
    """„**Deine Wahl:** …“ with the choice just made, then the reaction to it.

    Not „Du: …“, because many choices begin with „Du …“ themselves; one line, not a heading
    and a quote, so the reaction and the meter changes still fit at 80×24.
    """
    choice = " ".join(step.choice.text.split())
    reaction = (step.feedback or "").strip() or "_Keine Rückmeldung._"
    return f"**Deine Wahl:** {choice}\n\n{reaction}"


def changes_text(changes: dict[str, int]) -> str:
    """„Kundenvertrauen ▲ +8 · Mitarbeitermotivation ▼ −5“, or that nothing moved."""
    parts = []
    for meter, delta in changes.items():
        if delta > 0:
            parts.append(f"{METER_LABELS[meter]} [b $success]▲ +{delta}[/]")
        elif delta < 0:
            parts.append(f"{METER_LABELS[meter]} [b $error]▼ −{-delta}[/]")
    return " · ".join(parts) if parts else "[i]Die Werte bleiben, wie sie sind.[/i]"
