"""Fixed save data for UI tests: one player with an open and a finished playthrough."""

from __future__ import annotations

from pathlib import Path

from kundenspiel.engine import load_scenario, play
from kundenspiel.store import SaveStore, StepRecord
from tests.conftest import SCENARIO_DIR
from tests.ui.conftest import FixedClock

OPEN_PATH = ["sachlich_direkt"]
FINISHED_SCENARIO = "keine_befugnis"


def first_available_path(scenario_id: str) -> list[str]:
    """The choice ids of the playthrough that always takes the first available choice."""
    scenario = load_scenario(SCENARIO_DIR / f"{scenario_id}.yaml")
    state = play.start(scenario)
    while not state.ended:
        option = next(o for o in play.options(scenario, state) if o.available)
        state = play.choose(scenario, state, option.choice.id).state
    return state.choice_ids


def record_playthrough(
    store: SaveStore,
    clock: FixedClock,
    name: str,
    scenario_id: str,
    choices: list[str],
    group_code: str | None = None,
) -> None:
    """Store a playthrough of ``choices`` as the game would, step by step."""
    scenario = load_scenario(SCENARIO_DIR / f"{scenario_id}.yaml")
    player = store.ensure_player(name)
    record = store.new_playthrough(
        player,
        scenario_id=scenario.id,
        scenario_version=scenario.version,
        content_hash=scenario.fingerprint(),
        group_code=group_code,
        start_meters=scenario.start.meters.as_dict(),
    )
    state = play.start(scenario)
    for choice_id in choices:
        step = play.choose(scenario, state, choice_id)
        state = step.state
        now = clock()
        record = record.with_step(
            StepRecord(node_id=step.node.id, choice_id=choice_id, meters=state.meters.as_dict(), at=now), now
        )
        if step.ending is not None:
            card = play.score(scenario, state)
            record = record.finished(step.ending.id, card.total, step.ending.rating.value, clock())
    store.save_playthrough(record)


def seed(saves: Path) -> None:
    """Alex has finished „Keine Befugnis“ and is one decision into „Die Druckerpatrone“."""
    clock = FixedClock()
    store = SaveStore(saves, clock=clock)
    record_playthrough(store, clock, "Alex", FINISHED_SCENARIO, first_available_path(FINISHED_SCENARIO))
    record_playthrough(store, clock, "Alex", "druckerpatrone", OPEN_PATH)
    store.ensure_player("Bea")
