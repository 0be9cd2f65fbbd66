"""From the tallies of a scenario's situations to its decisions, per choice, and the ranking of
the decisions that split the group (the debrief's „Worüber sprechen?“)."""

from __future__ import annotations

import math
from collections.abc import Mapping

from kundenspiel.engine import Scenario, play
from kundenspiel.engine.models import Choice
from kundenspiel.workshop.model import ChoiceEnding, ChoiceShare, Decision, TalkingPoint
from kundenspiel.workshop.order import decision_order, story_depths
from kundenspiel.workshop.tally import NodeTally
from kundenspiel.workshop.times import median_seconds


def percent(part: int, whole: int) -> float:
    """``part`` as a share of ``whole`` in percent, one decimal; 0 when ``whole`` is 0."""
    return round(100 * part / whole, 1) if whole else 0.0


def ending_label(scenario: Scenario, ending_id: str) -> tuple[str, str]:
    """An ending's title and rating; its id and no rating when the scenario has no such ending."""
    if scenario.has_ending(ending_id):
        ending = scenario.ending(ending_id)
        return ending.title, ending.rating.value
    return ending_id, ""


def decisions(
    scenario: Scenario, tallies: dict[str, NodeTally], endings: Mapping[int, str]
) -> list[Decision]:
    """The decisions the group reached, in story order. ``endings`` maps the participants whose
    counted run is finished to the ending they reached."""
    depths = story_depths(scenario)
    found = []
    for node_id in decision_order(scenario):
        tally = tallies.get(node_id)
        if tally is None:
            continue
        node = scenario.node(node_id)
        people = len(tally.first_choice)
        choices = [_choice_share(scenario, choice, tally, endings) for choice in node.choices]
        largest = max((choice.count for choice in choices), default=0)
        found.append(
            Decision(
                node_id=node_id,
                speaker=node.speaker,
                text=node.text.strip(),
                decisions=tally.decisions,
                participants=people,
                with_locked=len(tally.with_locked),
                choices=choices,
                revisits=tally.decisions - people,
                depth=depths.get(node_id, len(depths)),
                median_seconds=median_seconds(tally.timings),
                timed=len(tally.timings),
                split=round(1 - largest / people, 3) if people >= 2 else None,
            )
        )
    return found


def _choice_share(
    scenario: Scenario, choice: Choice, tally: NodeTally, endings: Mapping[int, str]
) -> ChoiceShare:
    chosen_by = sorted(number for number, chosen in tally.first_choice.items() if chosen == choice.id)
    reached: dict[str, int] = {}
    for number in chosen_by:
        ending_id = endings.get(number)
        if ending_id is not None:
            reached[ending_id] = reached.get(ending_id, 0) + 1
    finished = sum(reached.values())
    ending_order = {ending.id: index for index, ending in enumerate(scenario.endings)}
    ranked = sorted(reached, key=lambda e: (-reached[e], ending_order.get(e, len(ending_order)), e))
    condition = choice.condition
    return ChoiceShare(
        choice_id=choice.id,
        text=choice.text.strip(),
        count=len(chosen_by),
        percent=percent(len(chosen_by), len(tally.first_choice)),
        locked=len(tally.saw_locked.get(choice.id, ())),
        revisits=tally.revisits.get(choice.id, 0),
        chosen_by=chosen_by,
        effects={meter: delta for meter, delta in choice.effects.as_dict().items() if delta},
        feedback=choice.feedback.strip() if choice.feedback else None,
        coaching=choice.coaching.strip() if choice.coaching else None,
        lock_condition=condition.describe(scenario.flags) if condition else None,
        lock_reason=play.locked_reason(scenario, choice) if condition else None,
        finished=finished,
        endings=[
            ChoiceEnding(
                ending_id=ending_id,
                title=ending_label(scenario, ending_id)[0],
                rating=ending_label(scenario, ending_id)[1],
                count=reached[ending_id],
                percent=percent(reached[ending_id], finished),
            )
            for ending_id in ranked
        ],
    )


def talking_points(decided: list[Decision]) -> list[TalkingPoint]:
    """The decisions reached by at least two people, the most divided first: by ``split`` (1 −
    the largest share), then by evenness (normalised entropy over the node's choices), then by
    more people, then in story order."""
    points = []
    for order, decision in enumerate(decided):
        if decision.split is None:
            continue
        counts = [choice.count for choice in decision.choices]
        leading = max(range(len(counts)), key=lambda index: (counts[index], -index))
        points.append(
            (
                order,
                TalkingPoint(
                    node_id=decision.node_id,
                    participants=decision.participants,
                    split=decision.split,
                    evenness=_evenness(counts),
                    leading_choice_id=decision.choices[leading].choice_id,
                ),
            )
        )
    points.sort(key=lambda item: (-item[1].split, -item[1].evenness, -item[1].participants, item[0]))
    return [point for _, point in points]


def _evenness(counts: list[int]) -> float:
    """Shannon entropy of the counts divided by its maximum, log(number of choices): 0 when all
    took one choice, 1 when they spread evenly over every choice."""
    total = sum(counts)
    if total == 0 or len(counts) < 2:
        return 0.0
    entropy = -sum(c / total * math.log(c / total) for c in counts if c)
    return round(entropy / math.log(len(counts)), 3)
