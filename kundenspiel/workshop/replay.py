"""Replaying a group's choice logs with the engine, each shared beginning only once."""

from __future__ import annotations

from dataclasses import dataclass

from kundenspiel.engine import GameState, Scenario, fingerprint, play


@dataclass(frozen=True)
class Decided:
    """One replayed decision: the step, the choices shown locked before it, and their texts."""

    step: play.Step
    locked: tuple[str, ...]
    choice_text: str
    locked_texts: tuple[str, ...]


class Replayer:
    """Replays choice logs of one scenario, each distinct prefix only once.

    Trainees share the first decisions, so a group of 1,000 replays far fewer steps than it
    logged. A prefix that no longer fits the scenario maps to None.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.fingerprint = scenario.fingerprint()
        self._start = play.start(scenario)
        self._decided: dict[tuple[str, ...], Decided | None] = {}

    def fits(self, content_hash: str) -> bool:
        """Whether a playthrough saved with this fingerprint was played on the scenario as it is
        now (a changed wording does not matter; see ``Scenario.fingerprint``)."""
        return content_hash == self.fingerprint or fingerprint.fits(content_hash, self.scenario)

    def replay(self, choice_ids: tuple[str, ...]) -> tuple[list[Decided], bool]:
        """The decisions of a log as far as they fit the scenario, and whether all of them did."""
        decided: list[Decided] = []
        state = self._start
        for index in range(len(choice_ids)):
            prefix = choice_ids[: index + 1]
            if prefix in self._decided:
                entry = self._decided[prefix]
            else:
                entry = self._decided[prefix] = self._decide(state, choice_ids[index])
            if entry is None:
                return decided, False
            decided.append(entry)
            state = entry.step.state
        return decided, True

    def _decide(self, state: GameState, choice_id: str) -> Decided | None:
        """The decision ``choice_id`` at ``state``; None when the scenario no longer allows it."""
        scenario = self.scenario
        try:
            locked = tuple(o.choice for o in play.options(scenario, state) if not o.available)
            step = play.choose(scenario, state, choice_id)
        except play.PlayError:
            return None
        return Decided(
            step=step,
            locked=tuple(choice.id for choice in locked),
            choice_text=step.choice.text.strip(),
            locked_texts=tuple(choice.text.strip() for choice in locked),
        )
