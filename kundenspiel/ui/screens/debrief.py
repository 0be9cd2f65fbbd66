"""The debrief: ending, rating, score, the meters' course and every decision explained."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Markdown, Static

from kundenspiel.engine import GameState, Scenario, play
from kundenspiel.engine.models import Rating
from kundenspiel.engine.scoring import ScoreCard
from kundenspiel.safe_text import visible
from kundenspiel.ui.markdown import literal
from kundenspiel.ui.widgets.course import MeterCourse
from kundenspiel.ui.widgets.footer import GameFooter

RATING_STYLE = {Rating.GELUNGEN: "$success", Rating.GEMISCHT: "$warning", Rating.GESCHEITERT: "$error"}


def meter_history(scenario: Scenario, state: GameState) -> tuple[dict[str, int], ...]:
    """The meters at the start and after every decision."""
    start = scenario.start.meters.as_dict()
    return (start, *(step.meters_after.as_dict() for step in state.path))


def decisions_markdown(scenario: Scenario, state: GameState) -> str:
    """Decision by decision: the situation, what was chosen, why it mattered, the alternatives."""
    replayed = play.replay(scenario, state.choice_ids)
    before = [play.start(scenario), *(step.state for step in replayed.steps[:-1])]
    sections = []
    for number, (step, earlier) in enumerate(zip(replayed.steps, before, strict=True), start=1):
        node, choice = step.node, step.choice
        who = f" – {literal(node.speaker)}" if node.speaker else ""
        tags = ", ".join(
            scenario.competencies.get(tag, tag) + (" (Gegenbeispiel)" if weight < 0 else "")
            for tag, weight in choice.competencies.items()
        )
        others = []
        for option in play.options(scenario, earlier):
            if option.choice.id == choice.id:
                continue
            lock = f" _(gesperrt: {literal(option.reason or '')})_" if not option.available else ""
            others.append(f"  - {literal(option.choice.text)}{lock}")
        section = [f"### {number}. Entscheidung{who}", f"**Du hast gewählt:** {literal(choice.text)}"]
        if choice.coaching:
            section.append(f"**Warum es zählt:** {choice.coaching.strip()}")
        if tags:
            section.append(f"**Kompetenz:** {tags}")
        if others:
            section.append("**Andere Möglichkeiten:**\n\n" + "\n".join(others))
        sections.append("\n\n".join(section))
    return "\n\n".join(sections)


def competencies_markdown(card: ScoreCard) -> str:
    """The competency profile of this playthrough as a Markdown table."""
    if not card.competencies:
        return ""
    rows = "\n".join(
        f"| {literal(c.label)} | {c.positive} | {c.negative} | {c.rating} % |"
        for c in card.competencies.values()
    )
    return "## Deine Kompetenzen\n\n| Kompetenz | gezeigt | dagegen | Anteil |\n|---|---:|---:|---:|\n" + rows


class DebriefScreen(Screen[None]):
    """What happened and why: the end of a playthrough."""

    CSS_PATH = "debrief.tcss"
    BINDINGS = [
        Binding("n", "again", "Nochmal spielen"),
        Binding("escape", "leave", "Übersicht", key_display="Esc"),
        Binding("p", "progress", "Fortschritt"),
        Binding("q", "app.quit", "Beenden", show=False),
    ]

    def __init__(self, scenario: Scenario, state: GameState) -> None:
        super().__init__()
        self.scenario = scenario
        self.state = state

    def compose(self) -> ComposeResult:
        card = play.score(self.scenario, self.state)
        ending = self.scenario.ending(self.state.ending_id or "")
        yield Header()
        with VerticalScroll(id="debrief"):
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
            yield Markdown(
                "## Deine Entscheidungen\n\n" + decisions_markdown(self.scenario, self.state),
                id="decisions",
            )
            yield Markdown(competencies_markdown(card), id="competencies")
        yield GameFooter()

    def on_mount(self) -> None:
        """Title the screen with the scenario."""
        self.sub_title = f"Auswertung – {visible(self.scenario.title)}"
        self.query_one("#debrief").focus()

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
