"""A workshop as the issue ran it: 20 trainees, every shipped scenario, varied paths and paces."""

from __future__ import annotations

import random
from datetime import timedelta

from kundenspiel.engine import Scenario, load_scenario, play
from kundenspiel.store import PlaythroughRecord
from kundenspiel.workshop.aggregate import GroupData
from tests.conftest import SCENARIO_DIR, repository_scenarios
from tests.workshop.conftest import CODE, make_record, player

TRAINEES = [
    "Alex", "Bea", "Cem", "Dana", "Emil", "Fatma", "Gregor", "Hanna", "Ilka", "Jannik",
    "Kerstin", "Lars", "Mia", "Nils", "Özlem", "Paul", "Rita", "Sophie", "Tülay", "Uwe",
]  # fmt: skip


def shipped_scenario(scenario_id: str) -> Scenario:
    """One scenario from scenarios/."""
    return load_scenario(SCENARIO_DIR / f"{scenario_id}.yaml")


def shipped_scenarios() -> list[Scenario]:
    """Every scenario in scenarios/."""
    return [load_scenario(path) for path in repository_scenarios()]


def _playthrough(scenario: Scenario, name: str, rng: random.Random, minute: int) -> PlaythroughRecord:
    """A run choosing at random among the available choices, 20–120 s per decision; one in ten
    trainees stops after two decisions and leaves the run open."""
    stop = 2 if rng.random() < 0.1 else None
    state = play.start(scenario)
    while not state.ended and (stop is None or len(state.path) < stop):
        available = [o.choice.id for o in play.options(scenario, state) if o.available]
        state = play.choose(scenario, state, rng.choice(available)).state
    record = make_record(scenario, name, state.choice_ids, minute=minute)
    at, steps = record.started_at, []
    for step in record.steps:
        at += timedelta(seconds=rng.randint(20, 120))
        steps.append(step.model_copy(update={"at": at}))
    finished = {"finished_at": at} if record.finished_at else {}
    return record.model_copy(update={"steps": steps, "updated_at": at, **finished})


def workshop_group(scenarios: list[Scenario], seed: int = 12) -> GroupData:
    """Every trainee plays every scenario once (same seed, same group)."""
    rng = random.Random(seed)
    records = [
        _playthrough(scenario, name, rng, minute=10 * index + number)
        for index, scenario in enumerate(scenarios)
        for number, name in enumerate(TRAINEES)
    ]
    return GroupData(CODE, "Servicetraining März", {player(n).key: player(n) for n in TRAINEES}, records)
