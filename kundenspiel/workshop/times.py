"""How long decisions and runs took, from the steps' timestamps, breaks left out.

A *gap* is the time from the start of a run to its first step, then from each step to the next.
A gap longer than ``BREAK_AFTER`` is a break (coffee, a discussion in the room) and counts for
nothing; so does a negative gap (clocks of merged laptops disagreeing).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable

from kundenspiel.store.models import PlaythroughRecord
from kundenspiel.workshop.model_flow import BREAK_AFTER, DurationStats

_BREAK_SECONDS = BREAK_AFTER.total_seconds()


def step_gaps(record: PlaythroughRecord) -> list[float | None]:
    """Seconds before each step of the run (None for a break), one per step."""
    gaps: list[float | None] = []
    previous = record.started_at
    for step in record.steps:
        seconds = (step.at - previous).total_seconds()
        gaps.append(seconds if 0 <= seconds <= _BREAK_SECONDS else None)
        previous = step.at
    return gaps


def run_seconds(record: PlaythroughRecord) -> float:
    """The time the run was played: the sum of its gaps, breaks left out."""
    return sum(gap for gap in step_gaps(record) if gap is not None)


def median_seconds(timings: list[float]) -> float | None:
    """The median of some timings rounded to a tenth of a second; None without any."""
    return round(statistics.median(timings), 1) if timings else None


def duration_stats(finished: Iterable[PlaythroughRecord]) -> DurationStats | None:
    """Median, shortest and longest time of the finished runs; None when there are none."""
    seconds = [run_seconds(record) for record in finished]
    if not seconds:
        return None
    return DurationStats(
        runs=len(seconds),
        median_seconds=round(statistics.median(seconds), 1),
        minimum_seconds=round(min(seconds), 1),
        maximum_seconds=round(max(seconds), 1),
    )
