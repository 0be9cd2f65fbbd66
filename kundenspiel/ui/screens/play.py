"""Playing a scenario: the situation, the numbered choices, the meters, the feedback.

A choice is applied, saved in a worker, and only once the save is on disk is its feedback
shown: what the screen shows as done is on disk, even if the game is killed at that moment. A
save that fails still shows the feedback, marked as not saved; the app retries it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import var
from textual.widgets import Header, Markdown, Static

from kundenspiel.engine import GameState, Scenario, play
from kundenspiel.engine.models import MeterDisplay
from kundenspiel.safe_text import visible
from kundenspiel.ui.dialogs.group_code import settle_group_code
from kundenspiel.ui.screens.base import GameScreen
from kundenspiel.ui.screens.play_record import last_step, new_record, play_title
from kundenspiel.ui.screens.play_text import changes_text, feedback_markdown, situation_markdown
from kundenspiel.ui.session import SaveOutcome, game
from kundenspiel.ui.widgets.choices import ChoiceList, ChoiceView
from kundenspiel.ui.widgets.feedback import FeedbackPanel
from kundenspiel.ui.widgets.footer import GameFooter
from kundenspiel.ui.widgets.meters import MeterPanel
from kundenspiel.ui.wording import decision_count

if TYPE_CHECKING:
    from kundenspiel.store import PlaythroughRecord

__all__ = ["PlayScreen", "changes_text", "feedback_markdown", "last_step", "situation_markdown"]

# Saves take a few milliseconds; the "Wird gespeichert …" line only appears when one takes
# longer, so it does not flicker after every choice.
SAVING_HINT_DELAY = 0.3
UNSAVED_TEXT = "⚠ Noch nicht gespeichert – es wird weiter versucht."


class PlayScreen(GameScreen):
    """One playthrough; every choice is on disk before its feedback is shown."""

    CSS_PATH = "play.tcss"
    DEFAULT_CSS = """
    PlayScreen #save-status { height: auto; margin-top: 1; }
    PlayScreen #save-status.unsaved, PlayScreen #feedback-unsaved { color: $error; text-style: bold; }
    """
    BINDINGS = [
        Binding("1", "pick(1)", "Auswahl", key_display="1–9"),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(2, 10)),
        Binding("enter,space", "continue", "Weiter", key_display="Enter"),
        Binding("w", "path", "Weg bisher"),
        Binding("escape", "leave", "Übersicht", key_display="Esc"),
        Binding("q", "app.quit", "Beenden", show=False),
    ]

    state: var[GameState | None] = var(None, init=False)
    pending: var[play.Step | None] = var(None, init=False)

    def __init__(self, scenario: Scenario, record: PlaythroughRecord | None) -> None:
        super().__init__()
        self.scenario = scenario
        self.record = record
        self.resume_problem: str | None = None
        self.saving: play.Step | None = None
        """The choice whose save is under way; no other choice is taken meanwhile."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical(id="main"):
                with VerticalScroll(id="situation-pane"):
                    yield Markdown(id="situation")
                yield ChoiceList(id="choices")
                with FeedbackPanel(id="feedback"):
                    yield Markdown(id="feedback-text")
                    yield Static(id="feedback-changes")
                    yield Static(id="feedback-unsaved", markup=False)
                    yield Static("Weiter mit [b]Enter[/b] oder [b]Leertaste[/b]", classes="muted")
            with Vertical(id="sidebar"):
                yield MeterPanel(id="meters")
                yield Static(id="progress-line", classes="muted")
                yield Static(id="save-status", markup=False).set_styles("display: none;")
        yield GameFooter()

    def on_mount(self) -> None:
        """Hide the feedback panel and begin."""
        self.sub_title = play_title(self.scenario, self.record)
        self.query_one("#meters", MeterPanel).mode = self.meter_display
        self.query_one("#feedback-changes").display = self.meter_display is MeterDisplay.OFFEN
        self.query_one("#feedback").display = False
        if hasattr(self.app, "unsaved_count"):  # the author's preview saves nothing
            self.watch(self.app, "unsaved_count", self.show_save_status, init=False)
        self.begin()

    def begin(self) -> None:
        """Start fresh (the new record is created in a worker), or rebuild the saved
        playthrough from its choice log and show the reaction to its last choice again."""
        record = self.record
        if record is None:
            self.create_record()
            return
        replayed = play.replay(self.scenario, record.choice_ids)
        if not replayed.complete:
            self.resume_problem = replayed.problem
            record = record.truncated(replayed.applied, self.session.config.clock())
            game(self.app).autosave(record)
            self.notify(
                f"Das Szenario wurde inzwischen geändert ({replayed.problem}). Du machst nach "
                f"Entscheidung {replayed.applied} weiter.",
                title="Szenario geändert",
                severity="warning",
                timeout=12,
                markup=False,
            )
        elif record.steps and not record.at_practice_start:
            self.notify(
                f"Weiter geht's nach Entscheidung {len(record.steps)}; hier noch einmal die Reaktion darauf.",
                title="Fortgesetzt",
            )
        self.record = record
        settle_group_code(self.app, record, self.session, self.move_to_group)
        # A fresh practice run shows its first own situation, not the reaction of the run it copies.
        self.resume_at(replayed.state, [] if record.at_practice_start else record.choice_ids)

    def resume_at(self, state: GameState, choice_ids: list[str]) -> None:
        """Show ``state``: its debrief if it ended, else the last choice's reaction (if any)."""
        if state.ended:
            self.finish(state)
            return
        previous = last_step(self.scenario, choice_ids)
        if previous is None:
            self.state = state
            return
        self.state, self.pending = previous

    @work(thread=True, exclusive=True, group="new-record")
    def create_record(self) -> None:
        """Create and save this player's new playthrough (blocking I/O); without it the
        player stays on the list and is told why."""
        from kundenspiel.store import StoreError

        try:
            record = new_record(self.session, self.scenario)
        except (StoreError, OSError) as error:
            self.app.call_from_thread(self.cannot_start, str(error))
            return
        self.app.call_from_thread(self.started, record)

    def started(self, record: PlaythroughRecord) -> None:
        """The new record is on disk: the first situation."""
        self.record = record
        self.sub_title = play_title(self.scenario, record)
        self.state = play.start(self.scenario)

    def move_to_group(self, code: str) -> None:
        """This playthrough counts for group ``code`` from now on, saved at once: a trainee who
        resumes with the group's code and leaves without a decision still shows in its debrief."""
        if self.record is None:
            return
        self.record = self.record.in_group(code, self.session.config.clock())
        game(self.app).autosave(self.record)
        self.sub_title = play_title(self.scenario, self.record)

    def cannot_start(self, message: str) -> None:
        """The new playthrough could not be saved: back to the list, with the reason."""
        self.app.notify(
            f"„{visible(self.scenario.title)}“ konnte nicht begonnen werden: {visible(message)}",
            title="Spielstand",
            severity="error",
            timeout=12,
            markup=False,
        )
        self.close()

    @property
    def meter_display(self) -> MeterDisplay:
        """How the meters show while playing: as the workshop group says, else the scenario."""
        chosen = getattr(getattr(self.app, "session", None), "group_meter_display", None)
        return chosen if isinstance(chosen, MeterDisplay) else self.scenario.meter_display

    def watch_state(self, state: GameState | None) -> None:
        """Show the node the player is at: situation, choices, meters."""
        if state is None or state.ended:
            return
        self.query_one("#situation", Markdown).update(situation_markdown(self.scenario, state))
        self.query_one("#situation-pane").scroll_home(animate=False)
        views = [
            ChoiceView(o.choice.id, o.choice.text.strip(), o.available, o.reason)
            for o in play.options(self.scenario, state)
        ]
        choices = self.query_one("#choices", ChoiceList)
        choices.show_choices(views)
        # Nothing highlighted until the player moves or presses a number: an Enter meant for
        # the previous feedback must not pick the first choice of a situation not yet read.
        choices.highlighted = None
        choices.display = True
        self.query_one("#feedback").display = False
        self.query_one("#meters", MeterPanel).show(state.meters.as_dict())
        self.show_progress(state)
        choices.focus()
        self.refresh_bindings()

    def show_progress(self, state: GameState) -> None:
        """How many decisions the player has made, counting one whose feedback is showing."""
        self.query_one("#progress-line", Static).update(
            f"{decision_count(len(state.path))} getroffen\n[b]w[/b] zeigt deinen Weg bisher"
        )

    def watch_pending(self, step: play.Step | None) -> None:
        """Show the consequence of the choice just made (and saved)."""
        if step is None:
            return
        self.query_one("#choices").display = False
        feedback = self.query_one("#feedback")
        feedback.display = True
        self.query_one("#feedback-text", Markdown).update(feedback_markdown(step))
        self.query_one("#feedback-changes", Static).update(changes_text(step.changes))
        self.query_one("#meters", MeterPanel).show(step.state.meters.as_dict(), step.changes)
        self.show_progress(step.state)
        self.show_save_status()
        feedback.focus()
        self.refresh_bindings()

    def show_save_status(self, _count: int = 0) -> None:
        """Say plainly, beside the feedback and in the sidebar, if this playthrough's newest
        choice is not on disk; clear that once a retry got it there."""
        unsaved = self.record is not None and self.session.is_unsaved(self.record.id)
        text = UNSAVED_TEXT if unsaved else ""
        self.query_one("#feedback-unsaved", Static).update(text)
        self.query_one("#feedback-unsaved").display = unsaved
        status = self.query_one("#save-status", Static)
        shown = text if unsaved else "Wird gespeichert …" if self.saving else ""
        status.update(shown)
        status.display = bool(shown)  # an empty line would still push the sidebar around
        status.set_class(unsaved, "unsaved")

    @on(ChoiceList.Chosen)
    def chosen(self, event: ChoiceList.Chosen) -> None:
        """Apply a choice and save it; its feedback follows once it is on disk."""
        if self.state is None or self.pending is not None or self.saving is not None:
            return
        step = play.choose(self.scenario, self.state, event.choice_id)
        self.saving = step
        self.record_step(step)
        if self.record is None:  # nothing to save (the author's preview)
            self.step_saved(step, SaveOutcome(saved=True))
        else:
            self.set_timer(SAVING_HINT_DELAY, self.show_save_status)

    def record_step(self, step: play.Step) -> None:
        """Add the step to the playthrough record and save it in the background."""
        if self.record is None:
            return
        from kundenspiel.store import StepRecord

        now = self.session.config.clock()
        record = self.record.with_step(
            StepRecord(
                node_id=step.node.id,
                choice_id=step.choice.id,
                meters=step.state.meters.as_dict(),
                at=now,
            ),
            now,
        )
        if step.ending is not None:
            card = play.score(self.scenario, step.state)
            record = record.finished(step.ending.id, card.total, step.ending.rating.value, now)
        self.record = record
        game(self.app).autosave(record, lambda outcome: self.step_saved(step, outcome))

    def step_saved(self, step: play.Step, outcome: SaveOutcome) -> None:
        """The save of ``step`` ended: show its feedback, or, if another window played this
        playthrough on meanwhile, continue from what that window saved."""
        if self.saving is not step or not self.is_attached:
            return
        self.saving = None
        if outcome.conflict:
            self.reload_after_conflict()
            return
        self.pending = step

    @work(thread=True, exclusive=True, group="reload")
    def reload_after_conflict(self) -> None:
        """Read this playthrough as the other window saved it (blocking I/O)."""
        from kundenspiel.store import StoreError

        store, record = self.session.store, self.record
        assert store is not None and record is not None
        try:
            stored = next((r for r in store.playthroughs(record.player_key) if r.id == record.id), None)
        except (StoreError, OSError) as error:
            self.app.call_from_thread(self.cannot_reload, str(error))
            return
        self.app.call_from_thread(self.reloaded, stored)

    def reloaded(self, stored: PlaythroughRecord | None) -> None:
        """Continue from the other window's state, or leave if it was given up there."""
        if stored is None or stored.status == "abgebrochen":
            self.cannot_reload("Der Durchlauf wurde im anderen Fenster abgebrochen.")
            return
        replayed = play.replay(self.scenario, stored.choice_ids)
        if not replayed.complete:
            self.cannot_reload("Das andere Fenster spielt eine geänderte Fassung des Szenarios.")
            return
        self.record = stored
        self.notify(
            f"Du machst beim Stand des anderen Fensters weiter ({decision_count(len(stored.steps))}).",
            title="Neu geladen",
            severity="warning",
            timeout=12,
        )
        self.saving = None  # a save still under way for this window's state is moot
        self.state = None
        self.pending = None
        self.resume_at(replayed.state, stored.choice_ids)

    def cannot_reload(self, message: str) -> None:
        """The other window's state cannot be shown here: back to the list."""
        self.app.notify(message, title="Spielstand", severity="error", timeout=12, markup=False)
        self.close()

    @on(ChoiceList.LockedPicked)
    def locked(self, event: ChoiceList.LockedPicked) -> None:
        """A locked choice's number was pressed: say why it is locked."""
        self.notify(event.reason, title="Gesperrt", severity="warning", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show "Weiter" only while feedback is shown, and the choice keys only before."""
        if action == "continue":
            return self.pending is not None
        if action == "pick":
            return self.pending is None
        return True

    def on_resize(self) -> None:
        """Below 100 columns the sidebar narrows and the meters use short names."""
        self.set_class(self.size.width < 100, "narrow")
        self.query_one("#meters", MeterPanel).compact = self.size.width < 100

    def action_pick(self, number: int) -> None:
        """Choose by number."""
        if self.pending is None and self.saving is None:
            self.query_one("#choices", ChoiceList).pick_number(number)

    def action_continue(self) -> None:
        """After the feedback: on to the next situation, or to the debrief."""
        step = self.pending
        if step is None:
            return
        self.pending = None
        if step.ended:
            self.finish(step.state)
        else:
            self.state = step.state

    def finish(self, state: GameState) -> None:
        """Replace this screen with the debrief."""
        from kundenspiel.ui.screens.debrief import DebriefScreen

        self.app.switch_screen(DebriefScreen(self.scenario, state, self.record))

    def action_path(self) -> None:
        """Show the decisions so far."""
        from kundenspiel.ui.dialogs.path import PathDialog

        state = self.pending.state if self.pending else self.state
        if state is not None:
            self.app.push_screen(PathDialog(self.scenario, state))

    def action_leave(self) -> None:
        """Back to the scenario list once progress is saved (asking first if it cannot be)."""
        game(self.app).leave_safely(self.leave_now, label="Trotzdem zur Übersicht")

    def leave_now(self) -> None:
        """Back to the scenario list."""
        self.close()

    def close(self) -> None:
        """Remove this screen, and any dialog open above it, back to the screen below."""
        stack = self.app.screen_stack
        if self not in stack:
            return
        for _ in stack[stack.index(self) :]:
            self.app.pop_screen()
