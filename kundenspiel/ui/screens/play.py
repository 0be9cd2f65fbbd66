"""Playing a scenario: the situation, the numbered choices, the meters, the feedback."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import var
from textual.widgets import Footer, Header, Markdown, Static

from kundenspiel.engine import GameState, Scenario, play
from kundenspiel.engine.meters import METER_LABELS
from kundenspiel.ui.screens.base import GameScreen
from kundenspiel.ui.session import game
from kundenspiel.ui.widgets.choices import ChoiceList, ChoiceView
from kundenspiel.ui.widgets.feedback import FeedbackPanel
from kundenspiel.ui.widgets.meters import MeterPanel
from kundenspiel.ui.wording import decision_count

if TYPE_CHECKING:
    from kundenspiel.store import PlaythroughRecord


def situation_markdown(scenario: Scenario, state: GameState) -> str:
    """The current node as Markdown, with who is speaking as a heading."""
    node = play.current_node(scenario, state)
    speaker = f"### {node.speaker}\n\n" if node.speaker else ""
    return f"{speaker}{node.text}"


def changes_text(changes: dict[str, int]) -> str:
    """„Kundenvertrauen ▲ +8 · Mitarbeitermotivation ▼ −5“, or that nothing moved."""
    parts = []
    for meter, delta in changes.items():
        if delta > 0:
            parts.append(f"{METER_LABELS[meter]} [b $success]▲ +{delta}[/]")
        elif delta < 0:
            parts.append(f"{METER_LABELS[meter]} [b $error]▼ −{-delta}[/]")
    return " · ".join(parts) if parts else "[i]Die Werte bleiben, wie sie sind.[/i]"


class PlayScreen(GameScreen):
    """One playthrough; every choice is saved at once, in the background."""

    CSS_PATH = "play.tcss"
    BINDINGS = [
        Binding("1", "pick(1)", "Auswahl", key_display="1–9"),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(2, 10)),
        Binding("enter,space", "continue", "Weiter", key_display="Enter"),
        Binding("w", "path", "Weg bisher"),
        Binding("escape", "leave", "Zur Übersicht", key_display="Esc"),
        Binding("q", "app.quit", "Beenden", show=False),
    ]

    state: var[GameState | None] = var(None, init=False)
    pending: var[play.Step | None] = var(None, init=False)

    def __init__(self, scenario: Scenario, record: PlaythroughRecord | None) -> None:
        super().__init__()
        self.scenario = scenario
        self.record = record
        self.resume_problem: str | None = None

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
                    yield Static("Weiter mit [b]Enter[/b] oder [b]Leertaste[/b]", classes="muted")
            with Vertical(id="sidebar"):
                yield MeterPanel(id="meters")
                yield Static(id="progress-line", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        """Hide the feedback panel and begin."""
        self.sub_title = self.scenario.title
        self.query_one("#feedback").display = False
        self.begin()

    def begin(self) -> None:
        """Start fresh, or rebuild the saved playthrough from its choice log."""
        record = self.record
        if record is None:
            record = self.new_record()
            state = play.start(self.scenario)
        else:
            replayed = play.replay(self.scenario, record.choice_ids)
            state = replayed.state
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
                )
            elif record.steps:
                self.notify(f"Weiter geht's nach Entscheidung {len(record.steps)}.", title="Fortgesetzt")
        self.record = record
        if state.ended:
            self.finish(state)
            return
        self.state = state

    def new_record(self) -> PlaythroughRecord:
        """A fresh playthrough record for this player."""
        store, player = self.session.store, self.session.player
        assert store is not None and player is not None
        return store.new_playthrough(
            player,
            scenario_id=self.scenario.id,
            scenario_version=self.scenario.version,
            content_hash=self.scenario.fingerprint(),
            group_code=self.session.group_code,
            start_meters=self.scenario.start.meters.as_dict(),
        )

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
        choices.display = True
        self.query_one("#feedback").display = False
        self.query_one("#meters", MeterPanel).show(state.meters.as_dict())
        self.query_one("#progress-line", Static).update(
            f"{decision_count(len(state.path))} getroffen\n[b]w[/b] zeigt deinen Weg bisher"
        )
        choices.focus()
        self.refresh_bindings()

    def watch_pending(self, step: play.Step | None) -> None:
        """Show the consequence of the choice just made."""
        if step is None:
            return
        self.query_one("#choices").display = False
        feedback = self.query_one("#feedback")
        feedback.display = True
        text = (step.feedback or "").strip() or "_Keine Rückmeldung._"
        self.query_one("#feedback-text", Markdown).update(f"**Du:** {step.choice.text.strip()}\n\n{text}")
        self.query_one("#feedback-changes", Static).update(changes_text(step.changes))
        self.query_one("#meters", MeterPanel).show(step.state.meters.as_dict(), step.changes)
        feedback.focus()
        self.refresh_bindings()

    @on(ChoiceList.Chosen)
    def chosen(self, event: ChoiceList.Chosen) -> None:
        """Apply a choice, save at once, and show its feedback."""
        if self.state is None or self.pending is not None:
            return
        step = play.choose(self.scenario, self.state, event.choice_id)
        self.record_step(step)
        self.pending = step

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
        game(self.app).autosave(record)

    @on(ChoiceList.LockedPicked)
    def locked(self, event: ChoiceList.LockedPicked) -> None:
        """A locked choice's number was pressed: say why it is locked."""
        self.notify(event.reason, title="Gesperrt", severity="warning")

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
        if self.pending is None:
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

        self.app.switch_screen(DebriefScreen(self.scenario, state))

    def action_path(self) -> None:
        """Show the decisions so far."""
        from kundenspiel.ui.dialogs.path import PathDialog

        state = self.pending.state if self.pending else self.state
        if state is not None:
            self.app.push_screen(PathDialog(self.scenario, state))

    def action_leave(self) -> None:
        """Back to the scenario list; progress is already saved."""
        self.app.pop_screen()
