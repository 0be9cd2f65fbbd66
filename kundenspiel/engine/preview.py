"""Previewing a scenario file while writing it: start at any node, carry a path over an edit.

``kundenspiel play FILE --from NODE --watch`` uses these. Starting "at a node with a default
state" means the scenario's own start meters and flags, at that node with an empty path; that
is a scenario whose ``start.node`` is the node, so every rule (replay, debrief) works unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kundenspiel.engine import play
from kundenspiel.engine.models import Scenario
from kundenspiel.engine.schema_errors import suggestion


class PreviewError(ValueError):
    """The preview cannot start where asked; the message is German."""


def starting_at(scenario: Scenario, node_id: str | None) -> Scenario:
    """``scenario`` with its start moved to ``node_id`` (unchanged for None)."""
    if node_id is None or node_id == scenario.start.node:
        return scenario
    if not scenario.has_node(node_id):
        known = [node.id for node in scenario.nodes]
        kind = "ist ein Ende, keine Station" if scenario.has_ending(node_id) else "gibt es nicht"
        raise PreviewError(f"Station „{node_id}“ {kind}" + suggestion(node_id, known))
    data = scenario.model_dump()
    data["start"]["node"] = node_id
    return Scenario.model_validate(data)


@dataclass(frozen=True)
class CarriedOver:
    """The path replayed on the edited scenario, and what to tell the trainer about it."""

    replay: play.Replay
    message: str


def carry_over(scenario: Scenario, choice_ids: Sequence[str]) -> CarriedOver:
    """Replay the path so far on an edited scenario, as far as it still exists."""
    replay = play.replay(scenario, choice_ids)
    if replay.complete:
        count = len(choice_ids)
        where = f"nach Entscheidung {count}" if count else "am Anfang"
        return CarriedOver(replay, f"Datei neu geladen: Dein Weg gibt es noch, du bist {where}.")
    return CarriedOver(
        replay,
        f"Datei neu geladen, aber dein Weg passt nicht mehr: {replay.problem} "
        f"Du machst nach Entscheidung {replay.applied} weiter.",
    )
