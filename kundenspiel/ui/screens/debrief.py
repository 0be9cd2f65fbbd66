"""The debrief: ending, rating, score and how it is made up, the meters' course, every decision
with what the other options would have done, and practising again from any decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Markdown, Static

from kundenspiel.engine import GameState, Scenario, play
from kundenspiel.engine.models import Rating
from kundenspiel.safe_text import visible
from kundenspiel.ui.screens.debrief_text import (
    alternatives_markdown,
    alternatives_title,
    competencies_markdown,
    decision_heading,
    decision_markdown,
    meter_history,
    review_decisions,
    score_breakdown,
    score_markdown,
)
from kundenspiel.ui.widgets.course import MeterCourse
from kundenspiel.ui.widgets.decision_card import DecisionCard
from kundenspiel.ui.widgets.footer import GameFooter

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from kundenspiel.store import PlaythroughRecord

__all__ = ["DebriefScreen", "meter_history"]

RATING_STYLE = {Rating.GELUNGEN: "$success", Rating.GEMISCHT: "$warning", Rating.GESCHEITERT: "$error"}
DECISIONS_HINT = (
    "↑/↓ oder Tab wählt eine Entscheidung, Enter zeigt, was die anderen Möglichkeiten bewirkt hätten"
)
PRACTICE_HINT = ", [b]u[/b] übt ab dort noch einmal"
PRACTICE_NOTE = (
    "Übungsdurchlauf ab Entscheidung {number}: Die Punkte zählen nicht für die Wertung; "
    "dein erster Durchlauf bleibt, wie er war."
)


class DebriefScreen(Screen[None]):
    """What happened and why: the end of a playthrough.

    With the playthrough's ``record`` (a player's saved run), ``u`` starts a practice run from
    the chosen decision: a new record sharing the steps before it, never the scored run itself.
    """

    CSS_PATH = "debrief.tcss"
    # Short labels: with a decision's „Enter Was wäre?“ they must still fit into 80 columns.
    BINDINGS = [
        Binding("n", "again", "Nochmal"),
        Binding("u", "practice", "Üben"),
        Binding("escape", "leave", "Übersicht", key_display="Esc"),
        Binding("p", "progress", "Fortschritt"),
        Binding("q", "app.quit", "Beenden", show=False),
    ]

    def __init__(self, scenario: Scenario, state: GameState, record: PlaythroughRecord | None = None) -> None:
        super().__init__()
        self.scenario = scenario
        self.state = state
        self.record = record
        self.starting_practice = False
        """A practice run is being created; a second key press must not create another."""

    def compose(self) -> ComposeResult:
        card = play.score(self.scenario, self.state)
        ending = self.scenario.ending(self.state.ending_id or "")
        yield Header()
        with VerticalScroll(id="debrief"):
            record = self.record
            if record is not None and record.is_practice:
                yield Static(PRACTICE_NOTE.format(number=record.practice_from or 1), id="practice-note")
            color = RATING_STYLE[ending.rating]
            # The title comes from the scenario file: escaped, so brackets in it are text.
            yield Static(
                f"[b]{escape(visible(ending.title))}[/b]\n[{color} b]{ending.rating.label}[/]  ·  "
                f"[b]{card.total}[/b] von 100 Punkten",
                id="verdict",
            )
            yield Markdown(play.ending_text(ending, self.state).strip(), id="ending-text")
            yield Static("Verlauf der Werte", classes="section-title")
            course = MeterCourse(id="course")
            course.history = meter_history(self.scenario, self.state)
            yield course
            breakdown = score_breakdown(self.scenario, self.state)
            yield Markdown(score_markdown(breakdown, ending.title), id="score")
            yield Markdown("## Deine Entscheidungen", id="decisions")
            hint = DECISIONS_HINT + (PRACTICE_HINT if self.can_practice else "")
            yield Static(f"{hint}.", id="decisions-hint", classes="muted")
            yield from self.decision_cards()
            yield Markdown(competencies_markdown(card), id="competencies")
        yield GameFooter()

    def decision_cards(self) -> list[DecisionCard]:
        """A card per decision, each with the options not taken folded away."""
        cards = []
        for review in review_decisions(self.scenario, self.state):
            cards.append(
                DecisionCard(
                    review.number,
                    decision_heading(review),
                    decision_markdown(self.scenario, review),
                    alternatives_title(review) if review.alternatives else None,
                    alternatives_markdown(self.scenario, review),
                    practice=self.can_practice,
                )
            )
        return cards

    @property
    def can_practice(self) -> bool:
        """A practice run needs the saved playthrough to branch from (the author's preview and
        a debrief opened without its record have none)."""
        return self.record is not None and len(self.record.steps) == len(self.state.path)

    def on_mount(self) -> None:
        """Title the screen with the scenario."""
        practice = " (Übung)" if self.record is not None and self.record.is_practice else ""
        self.sub_title = f"Auswertung{practice} – {visible(self.scenario.title)}"
        self.query_one("#debrief").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """„Ab hier üben“ only where there is a saved playthrough to branch from."""
        if action == "practice":
            return self.can_practice
        return True

    def chosen_decision(self) -> DecisionCard | None:
        """The decision that has the focus (or holds the focused widget), if any."""
        node: DOMNode | None = self.focused
        while node is not None:
            if isinstance(node, DecisionCard):
                return node
            node = node.parent
        return None

    def action_practice(self) -> None:
        """Practise from the chosen decision; without one, go to the first and say how."""
        card = self.chosen_decision()
        if card is None:
            cards = list(self.query(DecisionCard))
            if cards:
                cards[0].focus()
            self.notify(
                "Wähle mit ↑/↓ die Entscheidung, ab der du üben möchtest, und drück dann u.",
                title="Ab hier üben",
            )
            return
        self.start_practice(card.number)

    @on(DecisionCard.PracticeRequested)
    def practice_requested(self, event: DecisionCard.PracticeRequested) -> None:
        """The button on a decision."""
        self.start_practice(event.number)

    def start_practice(self, number: int) -> None:
        """Create the practice run in the background; the play screen follows once it is saved."""
        if not self.can_practice or self.starting_practice:
            return
        self.starting_practice = True
        self.create_practice(number)

    @work(thread=True, exclusive=True, group="practice")
    def create_practice(self, number: int) -> None:
        """Save a new practice run branching off this playthrough at decision ``number``."""
        from kundenspiel.store import StoreError
        from kundenspiel.ui.session import game

        store, source = game(self.app).session.store, self.record
        assert store is not None and source is not None
        try:
            record = store.new_practice_run(
                source,
                number,
                scenario_version=self.scenario.version,
                content_hash=self.scenario.fingerprint(),
            )
        except (StoreError, OSError) as error:
            self.app.call_from_thread(self.practice_failed, str(error))
            return
        self.app.call_from_thread(self.practice_started, record)

    def practice_failed(self, message: str) -> None:
        """The practice run could not be saved: stay here and say why."""
        self.starting_practice = False
        self.notify(
            f"Die Übung konnte nicht beginnen: {visible(message)}",
            title="Spielstand",
            severity="error",
            timeout=12,
            markup=False,
        )

    def practice_started(self, record: PlaythroughRecord) -> None:
        """Play the practice run from its first own decision, in place of this debrief."""
        from kundenspiel.ui.screens.play import PlayScreen

        self.notify(
            f"Übung ab Entscheidung {record.practice_from}: Sie zählt nicht für die Wertung, "
            "dein erster Durchlauf bleibt, wie er war.",
            title="Übungsdurchlauf",
        )
        self.app.switch_screen(PlayScreen(self.scenario, record))

    def action_again(self) -> None:
        """Play the same scenario again from the start."""
        from kundenspiel.ui.screens.play import PlayScreen

        self.app.switch_screen(PlayScreen(self.scenario, None))

    def action_leave(self) -> None:
        """Back to the scenario list."""
        self.app.pop_screen()

    def action_progress(self) -> None:
        """Show this player's past playthroughs."""
        from kundenspiel.ui.screens.progress import ProgressScreen

        self.app.push_screen(ProgressScreen())
