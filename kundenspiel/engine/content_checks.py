"""Checks of content that is valid but cannot work the way its author meant.

A setting that never takes effect (``hidden`` or ``locked_reason`` on a choice without a
condition), a comparison the 0–100 range of the meters already decides, and fewer or more
learning goals than a debrief needs (2 to 4 are recommended). All are warnings: the scenario
still plays.

Like the reference checks they run on the parts of a file that passed the schema, so they
are reported even while other parts of the file are broken.
"""

from __future__ import annotations

from kundenspiel.engine.conditions import Condition
from kundenspiel.engine.diagnostics import DiagnosticSink
from kundenspiel.engine.meters import METER_MAX, METER_MIN
from kundenspiel.engine.models import Choice
from kundenspiel.engine.positions import Location, PositionIndex
from kundenspiel.engine.references import ScenarioParts

MIN_LEARNING_GOALS = 2
MAX_LEARNING_GOALS = 4


def check_content(parts: ScenarioParts, index: PositionIndex, sink: DiagnosticSink) -> None:
    """Warn about choice settings without effect, constant comparisons and too few or too
    many learning goals."""
    for node_index, node in parts.nodes:
        for choice_index, choice in node.choices:
            base: Location = ("nodes", node_index, "choices", choice_index)
            _check_lock_settings(base, choice, index, sink)
            if choice.condition is not None:
                _check_comparisons((*base, "condition"), choice.condition, index, sink)
    _check_learning_goals(index, sink)


def _check_lock_settings(base: Location, choice: Choice, index: PositionIndex, sink: DiagnosticSink) -> None:
    if choice.condition is not None:
        return
    # Without a condition a choice is never locked, so neither setting can ever show.
    if choice.hidden:
        line, column = index.position((*base, "hidden"), at_key=True)
        sink.warning(
            line,
            column,
            "„hidden“ wirkt nur zusammen mit „condition“: ohne Bedingung ist die Auswahl immer "
            "sichtbar und wählbar",
        )
    if choice.locked_reason is not None:
        line, column = index.position((*base, "locked_reason"), at_key=True)
        sink.warning(
            line,
            column,
            "„locked_reason“ wirkt nur zusammen mit „condition“: ohne Bedingung ist die Auswahl nie gesperrt",
        )


def _check_comparisons(
    location: Location, condition: Condition, index: PositionIndex, sink: DiagnosticSink
) -> None:
    for comparison in condition.meter_references():
        outcome = comparison.constant_outcome()
        if outcome is None:
            continue
        line, column = index.position_in_text(location, comparison.offset)
        sink.warning(
            line,
            column,
            f"Bedingung: „{comparison}“ ist {'immer' if outcome else 'nie'} wahr: Messwerte "
            f"liegen immer zwischen {METER_MIN} und {METER_MAX}",
        )


def _check_learning_goals(index: PositionIndex, sink: DiagnosticSink) -> None:
    goals = index.value(("learning_goals",))
    # An empty list is already a schema error ("mindestens ein Eintrag"): no warning on top.
    if not isinstance(goals, list) or not goals:
        return
    recommended = f"empfohlen sind {MIN_LEARNING_GOALS} bis {MAX_LEARNING_GOALS}"
    if len(goals) < MIN_LEARNING_GOALS:
        message = f"Nur {len(goals)} Lernziel: {recommended}"
    elif len(goals) > MAX_LEARNING_GOALS:
        message = f"{len(goals)} Lernziele sind zu viele: {recommended}"
    else:
        return
    line, column = index.position(("learning_goals",))
    sink.warning(line, column, message)
