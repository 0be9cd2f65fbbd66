"""The records: immutable, every change returns a new record, times kept in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from kundenspiel.store import PlaythroughRecord, StepRecord
from tests.store.conftest import METERS, START, make_step


def fresh() -> PlaythroughRecord:
    return PlaythroughRecord(
        id="a" * 32,
        player_key="b" * 32,
        scenario_id="drucker",
        scenario_version=1,
        content_hash="c" * 64,
        group_code=None,
        status="laufend",
        started_at=START,
        updated_at=START,
        start_meters=METERS,
    )


def test_with_step_returns_a_new_record_and_leaves_the_old_one() -> None:
    record = fresh()
    later = START + timedelta(minutes=1)
    stepped = record.with_step(make_step(0), later)
    assert record.steps == [] and record.updated_at == START
    assert stepped.choice_ids == ["wahl_0"]
    assert stepped.updated_at == later
    assert stepped.started_at == START


def test_records_are_frozen() -> None:
    record = fresh()
    with pytest.raises(ValidationError):
        record.status = "beendet"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        make_step(0).choice_id = "anders"  # type: ignore[misc]


def test_finished_sets_ending_score_rating_and_times() -> None:
    now = START + timedelta(hours=1)
    done = fresh().with_step(make_step(0), START).finished("ende_gut", 87, "gelungen", now)
    assert (done.status, done.ending_id, done.score, done.rating) == ("beendet", "ende_gut", 87, "gelungen")
    assert done.finished_at == now and done.updated_at == now
    assert done.choice_ids == ["wahl_0"]


def test_abandoned_keeps_the_log_and_has_no_finish_time() -> None:
    now = START + timedelta(hours=1)
    gone = fresh().with_step(make_step(0), START).abandoned(now)
    assert gone.status == "abgebrochen"
    assert gone.finished_at is None and gone.updated_at == now
    assert gone.choice_ids == ["wahl_0"]


def test_steps_cannot_be_added_to_a_finished_playthrough() -> None:
    done = fresh().finished("ende_gut", 87, "gelungen", START)
    with pytest.raises(ValueError, match="laufend"):
        done.with_step(make_step(0), START)


def test_truncated_keeps_the_prefix() -> None:
    record = fresh()
    for index in range(5):
        record = record.with_step(make_step(index), START)
    cut = record.truncated(3, START + timedelta(days=1))
    assert cut.choice_ids == ["wahl_0", "wahl_1", "wahl_2"]
    assert cut.steps == record.steps[:3]
    assert cut.updated_at == START + timedelta(days=1)
    assert record.truncated(99, START).choice_ids == record.choice_ids
    assert record.truncated(0, START).choice_ids == []
    with pytest.raises(ValueError):
        record.truncated(-1, START)


def test_times_are_kept_in_utc() -> None:
    berlin = timezone(timedelta(hours=1))
    step = StepRecord(node_id="n", choice_id="c", meters={}, at=datetime(2025, 1, 1, 10, tzinfo=berlin))
    assert step.at == datetime(2025, 1, 1, 9, tzinfo=UTC)
    assert step.at.tzinfo is UTC
    naive = datetime(2025, 1, 1, 10)
    assert StepRecord(node_id="n", choice_id="c", meters={}, at=naive).at == naive.astimezone(UTC)


def test_json_round_trip_is_exact() -> None:
    record = fresh().with_step(make_step(0), START).finished("ende", 10, "gescheitert", START)
    assert PlaythroughRecord.model_validate(record.model_dump(mode="json")) == record
