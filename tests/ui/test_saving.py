"""What the play screen shows as done is on disk: feedback only after the save, kills right after
the feedback lose nothing, failed saves are retried and quitting asks first, store errors are
explained instead of crashing, a conflict with another window reloads its state."""

from __future__ import annotations

import errno
import random
import shutil
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from kundenspiel.store import PlaythroughConflict, PlaythroughRecord, SaveStore, StepRecord, StoreError
from kundenspiel.ui import app as app_module
from kundenspiel.ui.app import KundenspielApp
from kundenspiel.ui.dialogs.path import PathDialog
from kundenspiel.ui.dialogs.unsaved import UnsavedDialog
from kundenspiel.ui.screens.play import PlayScreen
from kundenspiel.ui.screens.progress import ProgressScreen
from kundenspiel.ui.screens.scenarios import ScenarioListScreen
from tests.conftest import SCENARIO_DIR
from tests.ui.conftest import FixedClock, make_app, settle, sign_in
from tests.ui.kill_child import kill_after, on_disk, start_child

SCENARIO = "keine_befugnis"
KILLS = 3  # benchmarks/kill.py runs 60


def records_on_disk(saves: Path) -> list[PlaythroughRecord]:
    store = SaveStore(saves)
    return [record for player in store.players() for record in store.playthroughs(player.key)]


def play_screen(app: KundenspielApp) -> PlayScreen:
    screen = app.screen
    assert isinstance(screen, PlayScreen), screen
    return screen


def messages(app: KundenspielApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def until(pilot: Pilot[Any], condition: Any, rounds: int = 500) -> None:
    """Let the app run until ``condition()`` holds (bounded by rounds, not by time)."""
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("condition never held")


class FlakyDisk:
    """Stands in for SaveStore.save_playthrough: fails while ``full``, else saves for real."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = False
        self.attempts = 0
        self.real = SaveStore.save_playthrough
        monkeypatch.setattr(SaveStore, "save_playthrough", lambda store, record: self.save(store, record))

    def save(self, store: SaveStore, record: PlaythroughRecord) -> None:
        self.attempts += 1
        if self.full:
            raise StoreError(
                "Dein Spielstand konnte nicht gespeichert werden (No space left on device) in „/tmp/[/x]“"
            )
        self.real(store, record)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX only")
def test_killed_the_moment_the_feedback_shows_loses_no_choice(tmp_path: Path) -> None:
    saves, scenarios = tmp_path / "saves", tmp_path / "scenarios"
    scenarios.mkdir()
    shutil.copy(SCENARIO_DIR / f"{SCENARIO}.yaml", scenarios)
    rng = random.Random(9)
    lost = []
    for kill in range(KILLS):
        child = start_child(saves, scenarios, tmp_path / "cache", f"Kill {kill}")
        line = kill_after(child, rng.randint(1, 3))
        if not on_disk(saves, line):
            lost.append(line)
    assert lost == []


async def test_feedback_appears_only_once_the_choice_is_on_disk(
    saves: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk_may_finish = threading.Event()
    real = SaveStore.save_playthrough

    def slow_save(store: SaveStore, record: PlaythroughRecord) -> None:
        if record.steps:
            disk_may_finish.wait(timeout=30)
        real(store, record)

    monkeypatch.setattr(SaveStore, "save_playthrough", slow_save)
    app = make_app(saves, start_scenario=SCENARIO)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        screen = play_screen(app)
        await pilot.press("1")
        await pilot.pause(0.05)
        assert screen.saving is not None and screen.pending is None
        assert not screen.query_one("#feedback").display
        await pilot.press("2")  # another choice while saving is not taken
        status = screen.query_one("#save-status", Static)
        await until(pilot, lambda: str(status.render()) == "Wird gespeichert …")
        assert screen.pending is None
        await pilot.press("w")  # the screen answers keys while the disk is slow
        await until(pilot, lambda: isinstance(app.screen, PathDialog))
        await pilot.press("escape")
        disk_may_finish.set()
        await settle(pilot)
        assert screen.pending is not None and screen.query_one("#feedback").display
        assert [len(record.steps) for record in records_on_disk(saves)] == [1]


async def test_a_failed_save_is_said_retried_and_quitting_asks_first(
    saves: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "RETRY_DELAYS", (60.0,))  # retried by hand below, not by timer
    disk = FlakyDisk(monkeypatch)
    app = make_app(saves, start_scenario=SCENARIO)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        screen = play_screen(app)
        disk.full = True
        await pilot.press("1")
        await settle(pilot)
        assert screen.pending is not None  # the reaction, clearly marked as not saved
        unsaved = str(screen.query_one("#feedback-unsaved", Static).render())
        assert unsaved.startswith("⚠ Noch nicht gespeichert")
        assert any(m.startswith("Speichern fehlgeschlagen:") and "[/x]" in m for m in messages(app))

        await pilot.press("q")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, UnsavedDialog)
        await pilot.press("escape")  # Esc stays: the one answer that loses choices is never a reflex
        await settle(pilot)
        assert app.is_running and app.screen is screen

        await pilot.press("escape")  # to the list: asks too
        await settle(pilot)
        assert isinstance(app.screen, UnsavedDialog)
        disk.full = False
        await pilot.press("enter")  # „Erneut versuchen“
        await settle(pilot)
        assert isinstance(app.screen, ScenarioListScreen)
    assert [record.choice_ids[:1] for record in records_on_disk(saves)] == [[screen.pending.choice.id]]


async def test_a_failed_save_is_retried_on_its_own_and_the_mark_goes_away(
    saves: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "RETRY_DELAYS", (0.05,))
    disk = FlakyDisk(monkeypatch)
    app = make_app(saves, start_scenario=SCENARIO)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        screen = play_screen(app)
        disk.full = True
        await pilot.press("1")
        await settle(pilot)
        await until(pilot, lambda: disk.attempts >= 3)  # the timer keeps trying
        assert app.unsaved_count == 1
        disk.full = False
        await until(pilot, lambda: app.unsaved_count == 0)
        await settle(pilot)
        assert not screen.query_one("#feedback-unsaved").display
        await pilot.press("q")
        await settle(pilot)
    assert not app.is_running
    assert [len(record.steps) for record in records_on_disk(saves)] == [1]


async def test_leaving_anyway_quits_without_the_unsaved_choice(
    saves: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "RETRY_DELAYS", (60.0,))
    disk = FlakyDisk(monkeypatch)
    app = make_app(saves, start_scenario=SCENARIO)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        disk.full = True
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("ctrl+q")  # asked once, not twice
        await settle(pilot)
        assert [type(s) for s in app.screen_stack].count(UnsavedDialog) == 1
        await pilot.press("tab", "enter")  # „Trotzdem beenden“
        await settle(pilot)
    assert not app.is_running


async def test_a_new_playthrough_on_a_full_disk_leaves_the_player_on_the_list(
    saves: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> PlaythroughRecord:
        raise StoreError("Kein Platz mehr im Ordner „/tmp/[/x]“")

    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        monkeypatch.setattr(SaveStore, "new_playthrough", full)
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ScenarioListScreen)
        assert any(
            "konnte nicht begonnen werden: Kein Platz mehr im Ordner „/tmp/[/x]“" in m for m in messages(app)
        )


async def test_an_unreadable_player_file_in_my_progress_is_explained(
    saves: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(*args: object) -> list[PlaythroughRecord]:
        raise OSError(errno.EIO, "Eingabe-/Ausgabefehler [/x]")

    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        monkeypatch.setattr(SaveStore, "playthroughs", unreadable)
        await pilot.press("p")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ProgressScreen)
        summary = str(app.screen.query_one("#summary", Static).render())
        assert summary.startswith("Deine Durchläufe konnten nicht gelesen werden:")
        assert "[/x]" in summary


async def test_another_window_played_on_the_playthrough_is_reloaded_not_overwritten(saves: Path) -> None:
    app = make_app(saves, start_scenario=SCENARIO)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        screen = play_screen(app)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.record is not None and screen.state is not None
        # The other window takes the last available choice here and saves first.
        from kundenspiel.engine import play

        offered = [o for o in play.options(screen.scenario, screen.state) if o.available]
        theirs = play.choose(screen.scenario, screen.state, offered[-1].choice.id)
        clock = FixedClock()
        other = screen.record.with_step(
            StepRecord(
                node_id=theirs.node.id,
                choice_id=theirs.choice.id,
                meters=theirs.state.meters.as_dict(),
                at=clock(),
            ),
            clock(),
        )
        SaveStore(saves).save_playthrough(other)
        await pilot.press("1")
        await settle(pilot)
        # Their state is shown, with the reaction to their choice; nothing of ours was written.
        assert screen.pending is not None and screen.pending.choice.id == theirs.choice.id
        assert any("anderen Fenster" in m for m in messages(app))
    assert [record.choice_ids for record in records_on_disk(saves)] == [other.choice_ids]


async def test_a_retry_refused_because_another_window_played_on_reloads_its_state(
    saves: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kundenspiel.engine import play

    monkeypatch.setattr(app_module, "RETRY_DELAYS", (60.0,))
    disk = FlakyDisk(monkeypatch)
    app = make_app(saves, start_scenario=SCENARIO)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        screen = play_screen(app)
        assert screen.record is not None and screen.state is not None
        stored, start = screen.record, screen.state
        disk.full = True
        await pilot.press("1")
        await settle(pilot)
        assert app.unsaved_count == 1
        # Meanwhile the other window saves another first choice.
        offered = [o for o in play.options(screen.scenario, start) if o.available]
        theirs = play.choose(screen.scenario, start, offered[-1].choice.id)
        clock = FixedClock()
        step = StepRecord(
            node_id=theirs.node.id,
            choice_id=theirs.choice.id,
            meters=theirs.state.meters.as_dict(),
            at=clock(),
        )
        other = stored.with_step(step, clock())
        disk.real(SaveStore(saves), other)
        disk.full = False
        app.retry_saves()
        await settle(pilot)
        assert app.unsaved_count == 0
        assert screen.pending is not None and screen.pending.choice.id == theirs.choice.id
    assert [record.choice_ids for record in records_on_disk(saves)] == [other.choice_ids]


def test_a_conflict_is_not_kept_for_retrying(tmp_path: Path) -> None:
    from kundenspiel.ui.session import GameConfig, Session

    session = Session(GameConfig(saves_dir=tmp_path, scenario_dir=SCENARIO_DIR, clock=FixedClock()))
    session.store = store = SaveStore(tmp_path, clock=FixedClock())
    record = store.new_playthrough(
        store.ensure_player("Alex"),
        scenario_id="x",
        scenario_version=1,
        content_hash="h",
        group_code=None,
        start_meters={},
    )
    clock = FixedClock()
    store.save_playthrough(record.truncated(0, clock()))
    with pytest.raises(PlaythroughConflict):
        session.save(record.abandoned(clock()), revision=1)
    assert session.unsaved() == []
