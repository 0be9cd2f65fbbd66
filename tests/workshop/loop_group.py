"""A small group on a scenario with a merge and a loop (tests/workshop/data/schleife.yaml).

The scenario: ``anruf`` leads straight to ``gespraech`` (``direkt``) or the long way round
through ``akte`` and ``vermerk``; ``gespraech`` can loop back to ``anruf`` (``zurueck``).
Breadth first would list ``gespraech`` second; the story reaches it last.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from kundenspiel.engine import Scenario, load_scenario, play
from kundenspiel.store import PlaythroughRecord
from kundenspiel.workshop.aggregate import GroupData
from tests.workshop.conftest import CODE, make_record, player

SCHLEIFE = Path(__file__).resolve().parent / "data" / "schleife.yaml"

LOOP_GROUP = [
    # Ada goes straight to the talk, comes back, reads the file and redeems the promise.
    ("Ada", ["direkt", "zurueck", "akte_lesen", "notiz", "weiter", "zusage"], 0),
    ("Bea", ["akte_lesen", "notiz", "weiter", "zusage"], 1),
    ("Cem", ["direkt", "abwimmeln"], 2),
    ("Dan", ["direkt"], 3),  # still in the talk with the team lead
]


def schleife() -> Scenario:
    """The loop scenario."""
    return load_scenario(SCHLEIFE)


def group(records: list[PlaythroughRecord], labels: dict[str, int] | None = None) -> GroupData:
    """A group of these records, with a player for every name behind them."""
    players = {record.player_key for record in records}
    names = [name for name, *_ in LOOP_GROUP] + ["Eva", "Finn", "Gül"]
    refs = {player(name).key: player(name) for name in names if player(name).key in players}
    return GroupData(CODE, "Schleife", refs, records, labels or {})


def loop_records(scenario: Scenario) -> list[PlaythroughRecord]:
    """The playthroughs of ``LOOP_GROUP``, one each."""
    return [make_record(scenario, name, choices, minute=minute) for name, choices, minute in LOOP_GROUP]


def random_group(scenario: Scenario, people: int, seed: int, longest: int = 30) -> GroupData:
    """``people`` players P0, P1, … each taking random open choices, 1 to ``longest`` of them."""
    rng = random.Random(seed)
    records = []
    for number in range(people):
        state = play.start(scenario)
        choices: list[str] = []
        for _ in range(rng.randint(1, longest)):
            if state.ended:
                break
            option = rng.choice([o for o in play.options(scenario, state) if o.available])
            state = play.choose(scenario, state, option.choice.id).state
            choices.append(option.choice.id)
        records.append(make_record(scenario, f"P{number}", choices, minute=number))
    players = {player(f"P{n}").key: player(f"P{n}") for n in range(people)}
    return GroupData(CODE, "Zufall", players, records)


def timed(record: PlaythroughRecord, gaps: Sequence[float]) -> PlaythroughRecord:
    """The record with its steps at these gaps (seconds from the start, then from step to step)."""
    at = record.started_at
    steps = []
    for step, gap in zip(record.steps, gaps, strict=True):
        at += timedelta(seconds=gap)
        steps.append(step.model_copy(update={"at": at}))
    finished_at = at if record.finished_at else None
    return record.model_copy(update={"steps": steps, "updated_at": at, "finished_at": finished_at})
