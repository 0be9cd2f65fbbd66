"""Playing a scenario: start, see the options, choose, replay a log, score.

Every function is pure: it takes a scenario and a state and returns new values. The same
inputs always give the same result, so a choice log is enough to rebuild a playthrough.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kundenspiel.engine.models import Choice, Ending, Node, Passage, Scenario
from kundenspiel.engine.scoring import ScoreCard, score_playthrough
from kundenspiel.engine.state import GameState, Meters, PathStep


class PlayError(Exception):
    """A move the rules do not allow; the message is German and can be shown to the player."""


@dataclass(frozen=True)
class ChoiceOption:
    """A choice as offered right now: available, or locked with the reason why."""

    choice: Choice
    available: bool
    reason: str | None = None


@dataclass(frozen=True)
class Step:
    """What one decision did: the consequence to show and the state it leads to."""

    node: Node
    choice: Choice
    state: GameState
    changes: dict[str, int]
    ending: Ending | None

    @property
    def feedback(self) -> str | None:
        """The consequence shown right after the choice: ``feedback`` and the passages of
        ``feedback_when`` that hold after it, as paragraphs."""
        if not self.choice.feedback_when:
            return self.choice.feedback
        context = self.state.context()
        parts = [self.choice.feedback] if self.choice.feedback else []
        parts += [
            text
            for passage in self.choice.feedback_when
            if (text := passage.shown(passage.condition.evaluate(context))) is not None
        ]
        return "\n\n".join(part.strip() for part in parts) if parts else None

    @property
    def ended(self) -> bool:
        """True when this step reached an ending."""
        return self.ending is not None


@dataclass(frozen=True)
class Replay:
    """The result of replaying a choice log, possibly stopped early.

    ``applied`` counts the choices that could be replayed; when the log holds a choice the
    scenario no longer has (or no longer allows), replay stops before it and ``problem`` says why.
    """

    state: GameState
    steps: list[Step] = field(default_factory=list)
    applied: int = 0
    problem: str | None = None

    @property
    def complete(self) -> bool:
        """True when every logged choice was replayed."""
        return self.problem is None


def passages_shown(text: str, passages: Sequence[Passage], state: GameState) -> str:
    """``text`` and each passage that holds in ``state`` (or its ``otherwise``), as paragraphs."""
    if not passages:
        return text
    context = state.context()
    parts = [text.strip()]
    parts += [
        shown.strip() for passage in passages if (shown := passage.shown(passage.condition.evaluate(context)))
    ]
    return "\n\n".join(parts)


def node_text(node: Node, state: GameState) -> str:
    """What the situation says now: its text and the passages that hold on arrival."""
    return passages_shown(node.text, node.text_when, state)


def ending_text(ending: Ending, state: GameState) -> str:
    """What the ending says after this playthrough."""
    return passages_shown(ending.text, ending.text_when, state)


def route(scenario: Scenario, choice: Choice, after: GameState) -> str:
    """Where ``choice`` leads, judged on ``after`` (the state once the choice is taken): the
    first route whose condition holds, else ``next``."""
    context = after.context()
    return next((r.next for r in choice.next_when if r.condition.evaluate(context)), choice.next)


def start(scenario: Scenario) -> GameState:
    """A fresh playthrough at the scenario's start node."""
    return GameState(
        scenario_id=scenario.id,
        node_id=scenario.start.node,
        meters=Meters.from_values(scenario.start.meters),
        flags=frozenset(scenario.start.flags),
    )


def current_node(scenario: Scenario, state: GameState) -> Node:
    """The node the player decides in now; PlayError once the playthrough has ended."""
    if state.node_id is None:
        raise PlayError("Dieser Durchlauf ist bereits beendet.")
    return scenario.node(state.node_id)


def locked_reason(scenario: Scenario, choice: Choice) -> str:
    """Why a choice is locked: the scenario's own words, or a German rendering of its condition."""
    if choice.locked_reason:
        return choice.locked_reason
    if choice.condition is None:
        return "Nicht verfügbar."
    return f"Noch nicht möglich: {choice.condition.describe(scenario.flags)}."


def is_available(choice: Choice, state: GameState) -> bool:
    """True when the choice's condition holds (or it has none)."""
    return choice.condition is None or choice.condition.evaluate(state.context())


def options(scenario: Scenario, state: GameState) -> list[ChoiceOption]:
    """The choices to show at the current node; locked ones carry their reason, hidden ones
    are left out while locked."""
    node = current_node(scenario, state)
    offered: list[ChoiceOption] = []
    for choice in node.choices:
        if is_available(choice, state):
            offered.append(ChoiceOption(choice, available=True))
        elif not choice.hidden:
            offered.append(ChoiceOption(choice, False, locked_reason(scenario, choice)))
    return offered


def choose(scenario: Scenario, state: GameState, choice_id: str) -> Step:
    """Take a choice at the current node and return the step it makes."""
    node = current_node(scenario, state)
    choice = node.choice(choice_id)
    if choice is None:
        raise PlayError(f"Die Auswahl „{choice_id}“ gibt es bei „{node.id}“ nicht.")
    if not is_available(choice, state):
        raise PlayError(locked_reason(scenario, choice))
    meters, changes = state.meters.apply(choice.effects)
    flags = (state.flags | set(choice.set_flags)) - set(choice.clear_flags)
    path = (*state.path, PathStep(node_id=node.id, choice_id=choice.id, meters_after=meters))
    # Routes see the state once the choice is taken: its effects, its flags, this node visited.
    taken = GameState(
        scenario_id=state.scenario_id, node_id=None, meters=meters, flags=frozenset(flags), path=path
    )
    target = route(scenario, choice, taken)
    ending = scenario.ending(target) if scenario.has_ending(target) else None
    next_state = taken.model_copy(
        update={"node_id": None if ending else target, "ending_id": ending.id if ending else None}
    )
    return Step(node=node, choice=choice, state=next_state, changes=changes, ending=ending)


def replay(scenario: Scenario, choice_ids: Iterable[str]) -> Replay:
    """Rebuild a playthrough from its choice log, stopping at the first choice that no
    longer fits the scenario."""
    state = start(scenario)
    steps: list[Step] = []
    for index, choice_id in enumerate(choice_ids):
        try:
            step = choose(scenario, state, choice_id)
        except PlayError as error:
            problem = f"Schritt {index + 1}: {error}"
            return Replay(state=state, steps=steps, applied=index, problem=problem)
        steps.append(step)
        state = step.state
    return Replay(state=state, steps=steps, applied=len(steps))


def score(scenario: Scenario, state: GameState) -> ScoreCard:
    """The score of a playthrough (final meters, ending, competencies shown on the way)."""
    return score_playthrough(scenario, state)


def taken_choices(scenario: Scenario, state: GameState) -> Sequence[tuple[Node, Choice]]:
    """The nodes and choices of the path so far, for the debrief."""
    taken: list[tuple[Node, Choice]] = []
    for step in state.path:
        node = scenario.node(step.node_id)
        choice = node.choice(step.choice_id)
        if choice is not None:
            taken.append((node, choice))
    return taken
