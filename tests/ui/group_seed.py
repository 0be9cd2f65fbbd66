"""Fixed save data for the group debrief: a workshop group of five with known paths."""

from __future__ import annotations

from pathlib import Path

from kundenspiel.engine import load_scenario, play
from kundenspiel.store import SaveStore
from kundenspiel.store.groups import Group, GroupStore
from kundenspiel.store.pin import hash_pin
from tests.conftest import SCENARIO_DIR
from tests.ui.conftest import FixedClock
from tests.ui.seed import record_playthrough

GROUP_CODE = "KR7M"
GROUP_TITLE = "Servicetraining März"
GROUP_PIN = "4711"


def policy_path(scenario_id: str, pick: int, stop_after: int | None = None) -> list[str]:
    """Choices of the playthrough taking the ``pick``-th available choice (wrapping) at every node."""
    scenario = load_scenario(SCENARIO_DIR / f"{scenario_id}.yaml")
    state = play.start(scenario)
    while not state.ended and (stop_after is None or len(state.path) < stop_after):
        available = [o for o in play.options(scenario, state) if o.available]
        state = play.choose(scenario, state, available[pick % len(available)].choice.id).state
    return state.choice_ids


def record_group_playthrough(
    store: SaveStore, clock: FixedClock, name: str, scenario_id: str, choices: list[str]
) -> None:
    """Store a playthrough with the group's code, as the game would."""
    record_playthrough(store, clock, name, scenario_id, choices, group_code=GROUP_CODE)


GROUP_PLAYS = [
    ("Alex", "keine_befugnis", 0, None),
    ("Bea", "keine_befugnis", 1, None),
    ("Cem", "keine_befugnis", 2, None),
    ("Dana", "keine_befugnis", 0, 2),  # still playing
    ("Alex", "druckerpatrone", 1, None),
    ("Emil", "druckerpatrone", 0, None),
]


def seed_group(saves: Path, pin: str | None = GROUP_PIN) -> None:
    """The group KR7M „Servicetraining März“ (trainer PIN ``pin``): four trainees in „Keine
    Befugnis“, two in „Druckerpatrone“."""
    clock = FixedClock()
    store = SaveStore(saves, clock=clock)
    # A fixed salt: the same groups.json in every run.
    pin_hash = None if pin is None else hash_pin(pin, salt=bytes(16))
    GroupStore(saves).add(Group(code=GROUP_CODE, title=GROUP_TITLE, created_at=clock(), pin_hash=pin_hash))
    for name, scenario_id, pick, stop in GROUP_PLAYS:
        record_group_playthrough(store, clock, name, scenario_id, policy_path(scenario_id, pick, stop))
