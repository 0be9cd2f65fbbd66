"""What the play screen needs to know about its playthrough record besides playing it: the step
to show again on resume, the title bar, and which workshop group the record belongs to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kundenspiel.engine import GameState, Scenario, play
from kundenspiel.safe_text import visible

if TYPE_CHECKING:
    from kundenspiel.store import PlaythroughRecord
    from kundenspiel.ui.session import Session


def last_step(scenario: Scenario, choice_ids: list[str]) -> tuple[GameState, play.Step] | None:
    """The state before the last logged choice and that choice's step, to show its reaction
    again on resume; None without choices."""
    if not choice_ids:
        return None
    before = play.replay(scenario, choice_ids[:-1]).state
    return before, play.choose(scenario, before, choice_ids[-1])


def group_suffix(code: str | None) -> str:
    """„ · Gruppe KR7M“ for the title bar of a trainee's screen; empty without a group."""
    return f" · Gruppe {visible(code)}" if code else ""


def play_title(scenario: Scenario, record: PlaythroughRecord | None) -> str:
    """The play screen's sub-title: „Übung – “ for a practice run, the scenario, and the group the
    playthrough counts for."""
    practice = record is not None and record.is_practice
    code = record.group_code if record is not None else None
    return ("Übung – " if practice else "") + visible(scenario.title) + group_suffix(code)


def new_record(session: Session, scenario: Scenario) -> PlaythroughRecord:
    """A fresh playthrough record for the signed-in player, in the group of this sign-in, saved
    (blocking)."""
    store, player = session.store, session.player
    assert store is not None and player is not None
    return store.new_playthrough(
        player,
        scenario_id=scenario.id,
        scenario_version=scenario.version,
        content_hash=scenario.fingerprint(),
        group_code=session.group_code,
        start_meters=scenario.start.meters.as_dict(),
    )


def needs_code(record: PlaythroughRecord, sign_in_code: str | None) -> bool:
    """Whether a resumed playthrough should be told about the code of this sign-in.

    Without a code at sign-in the record keeps its own (signing in without one says nothing
    about the group). Practice runs stay in the group of the run they branch from, as the store
    makes them, since they never count in a group's results anyway.
    """
    if not sign_in_code or record.is_practice or record.status != "laufend":
        return False
    return record.group_code != sign_in_code
