"""Generated workshop groups: playthroughs built with the engine, in memory or in a save folder."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kundenspiel.engine import Scenario, load_scenario, play
from kundenspiel.store import PlayerRef, PlaythroughRecord, SaveStore, StepRecord, player_key
from kundenspiel.workshop.aggregate import GroupData
from tests.conftest import MINI_SCENARIO

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
CODE = "KR7M"


def player(name: str) -> PlayerRef:
    """A player as the store creates it."""
    return PlayerRef(key=player_key(name), name=name, created_at=START)


def make_record(
    scenario: Scenario,
    name: str,
    choices: list[str],
    *,
    code: str | None = CODE,
    minute: int = 0,
    abandoned: bool = False,
) -> PlaythroughRecord:
    """A playthrough of ``choices`` as the game would save it; finished when it reaches an ending."""
    started = START + timedelta(minutes=minute)
    record = PlaythroughRecord(
        id=uuid.uuid5(uuid.NAMESPACE_URL, f"{name}/{scenario.id}/{minute}/{choices}").hex,
        player_key=player_key(name),
        scenario_id=scenario.id,
        scenario_version=scenario.version,
        content_hash=scenario.fingerprint(),
        group_code=code,
        started_at=started,
        updated_at=started,
        start_meters=scenario.start.meters.as_dict(),
    )
    state = play.start(scenario)
    for index, choice_id in enumerate(choices, start=1):
        step = play.choose(scenario, state, choice_id)
        state = step.state
        at = started + timedelta(seconds=index)
        record = record.with_step(
            StepRecord(node_id=step.node.id, choice_id=choice_id, meters=state.meters.as_dict(), at=at), at
        )
        if step.ending is not None:
            card = play.score(scenario, state)
            record = record.finished(step.ending.id, card.total, step.ending.rating.value, at)
    return record.abandoned(started + timedelta(minutes=1)) if abandoned else record


MINI_GROUP = [
    ("Ada", ["nachfragen", "befugnis_erbitten", "jetzt_umtauschen"], 0, False),
    ("Ben", ["vertroesten"], 1, True),  # abandoned first try …
    ("Ben", ["nachfragen", "abgeben"], 3, False),  # … then finished: this one counts
    ("Cem", ["vertroesten"], 2, False),
    ("Dana", ["nachfragen"], 4, False),  # still playing
]


@pytest.fixture
def mini_group(mini: Scenario) -> GroupData:
    """Four participants of mini with known answers, plus a stranger from another group."""
    records = [make_record(mini, name, choices, minute=m, abandoned=a) for name, choices, m, a in MINI_GROUP]
    records.append(make_record(mini, "Eve", ["vertroesten"], code="ANDR", minute=5))
    names = {name for name, *_ in MINI_GROUP} | {"Eve"}
    return GroupData(CODE, "Test", {player(n).key: player(n) for n in names}, records)


def write_to_store(root: Path, data: GroupData) -> SaveStore:
    """Save a generated group into a save folder through the store's public API."""
    store = SaveStore(root)
    for ref in data.players.values():
        store.ensure_player(ref.name)
    for record in data.records:
        store.save_playthrough(record)
    return store


def mini_scenario() -> Scenario:
    """The mini scenario from tests/data."""
    return load_scenario(MINI_SCENARIO)
