"""The scenario list: what there is to play and how far this player got in each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Markdown, OptionList
from textual.widgets.option_list import Option

from kundenspiel.engine import Scenario
from kundenspiel.engine.models import Rating
from kundenspiel.ui.screens.base import GameScreen
from kundenspiel.ui.session import game
from kundenspiel.ui.wording import decision_count, german_date

if TYPE_CHECKING:
    from kundenspiel.store import PlaythroughRecord


@dataclass(frozen=True)
class ScenarioStatus:
    """This player's standing in one scenario."""

    open_record: PlaythroughRecord | None
    finished: int
    best_score: int | None
    best_rating: str | None

    def describe(self) -> str:
        """One German line for the list."""
        if self.open_record is not None:
            return f"▶ angefangen – {decision_count(len(self.open_record.steps))} getroffen"
        if self.finished:
            rating = Rating(self.best_rating).label if self.best_rating else "–"
            return f"✓ abgeschlossen – beste Wertung {self.best_score} Punkte ({rating})"
        return "○ neu"


def scenario_status(records: Sequence[PlaythroughRecord], scenario_id: str) -> ScenarioStatus:
    """Summarise a player's playthroughs of one scenario."""
    own = [r for r in records if r.scenario_id == scenario_id]
    open_records = sorted((r for r in own if r.status == "laufend"), key=lambda r: r.updated_at, reverse=True)
    finished = [r for r in own if r.status == "beendet" and r.score is not None]
    best = max(finished, key=lambda r: r.score or 0, default=None)
    return ScenarioStatus(
        open_record=open_records[0] if open_records else None,
        finished=len(finished),
        best_score=best.score if best else None,
        best_rating=best.rating if best else None,
    )


def scenario_details(scenario: Scenario, status: ScenarioStatus | None) -> str:
    """The Markdown shown beside the list for the highlighted scenario."""
    goals = "\n".join(f"- {goal}" for goal in scenario.learning_goals)
    sources = "\n".join(
        f"- {source.author}: *{source.article}* ({german_date(source.date)})" for source in scenario.sources
    )
    standing = f"\n\n**Dein Stand:** {status.describe()}" if status else ""
    return (
        f"# {scenario.title}\n\n{scenario.summary}\n\n**Deine Rolle:** {scenario.role}"
        f"{standing}\n\n## Lernziele\n\n{goals}\n\n## Quellen\n\n{sources}"
    )


class ScenarioListScreen(GameScreen):
    """Pick a scenario; Enter starts it or resumes where you left off."""

    CSS_PATH = "scenarios.tcss"
    BINDINGS = [
        Binding("enter", "play", "Spielen/Fortsetzen", key_display="Enter"),
        Binding("n", "restart", "Neu beginnen"),
        Binding("p", "progress", "Mein Fortschritt"),
        Binding("escape", "back", "Spieler wechseln", key_display="Esc"),
        Binding("q", "app.quit", "Beenden", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.records: list[PlaythroughRecord] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(id="scenario-list")
            with VerticalScroll(id="details-pane"):
                yield Markdown(id="details")
        yield Footer()

    def on_mount(self) -> None:
        """Show the catalog at once; statuses follow from the save folder."""
        player = self.session.player
        self.sub_title = f"Szenarien – {player.name}" if player else "Szenarien"
        self.fill_list()
        self.query_one("#scenario-list").focus()

    def on_screen_resume(self) -> None:
        """Coming back from a playthrough: statuses may have changed."""
        self.load_statuses()

    @property
    def scenarios(self) -> list[Scenario]:
        """The playable scenarios."""
        return self.session.catalog.playable if self.session.catalog else []

    def fill_list(self) -> None:
        """One option per scenario, plus a disabled one per broken file."""
        option_list = self.query_one("#scenario-list", OptionList)
        highlighted = option_list.highlighted
        option_list.clear_options()
        for scenario in self.scenarios:
            status = scenario_status(self.records, scenario.id)
            prompt = Text.assemble((scenario.title, "bold"), "\n", (status.describe(), "italic"))
            option_list.add_option(Option(prompt, id=scenario.id))
        for entry in self.session.catalog.broken if self.session.catalog else []:
            prompt = Text.assemble(
                (f"⚠ {entry.path.name}", "bold"), "\n", (f"fehlerhaft – {len(entry.errors)} Fehler", "italic")
            )
            option_list.add_option(Option(prompt, id=f"broken:{entry.path}", disabled=True))
        if option_list.option_count:
            option_list.highlighted = highlighted if highlighted is not None else 0
        else:
            self.query_one("#details", Markdown).update(
                "# Keine Szenarien\n\nIm Szenario-Ordner liegen keine spielbaren Szenarien."
            )

    @work(thread=True, exclusive=True, group="statuses")
    def load_statuses(self) -> None:
        """Read this player's playthroughs (blocking I/O)."""
        store, player = self.session.store, self.session.player
        if store is None or player is None:
            return
        records = store.playthroughs(player.key)
        self.app.call_from_thread(self.show_statuses, records)
        for notice in self.session.pending_notices():
            self.app.call_from_thread(self.notify, notice, title="Hinweis", severity="warning", timeout=12)

    def show_statuses(self, records: list[PlaythroughRecord]) -> None:
        """Refresh the list and, once per session, offer to resume the latest open run."""
        self.records = records
        self.fill_list()
        if not self.session.resume_offered:
            self.session.resume_offered = True
            self.offer_resume()

    def offer_resume(self) -> None:
        """Ask whether to continue the most recent unfinished playthrough."""
        from kundenspiel.ui.dialogs.confirm import ConfirmDialog

        open_records = [r for r in self.records if r.status == "laufend" and self.find(r.scenario_id)]
        if not open_records:
            return
        latest = max(open_records, key=lambda r: r.updated_at)
        scenario = self.find(latest.scenario_id)
        assert scenario is not None
        decisions = decision_count(len(latest.steps))
        question = (
            f"Du hast „{scenario.title}“ noch nicht beendet ({decisions} getroffen). "
            "Möchtest du dort weitermachen?"
        )

        def answered(resume: bool | None) -> None:
            if resume:
                self.open_play(scenario, latest)

        self.app.push_screen(
            ConfirmDialog("Weiterspielen?", question, yes="Weiterspielen", no="Später"), answered
        )

    def find(self, scenario_id: str) -> Scenario | None:
        """The playable scenario with that id."""
        return self.session.catalog.find(scenario_id) if self.session.catalog else None

    @on(OptionList.OptionHighlighted, "#scenario-list")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the details of the highlighted scenario."""
        option_id = event.option.id or ""
        details = self.query_one("#details", Markdown)
        scenario = self.find(option_id)
        if scenario is not None:
            details.update(scenario_details(scenario, scenario_status(self.records, scenario.id)))
            return
        entry = next(
            (
                e
                for e in (self.session.catalog.broken if self.session.catalog else [])
                if f"broken:{e.path}" == option_id
            ),
            None,
        )
        if entry is not None:
            errors = "\n".join(f"- `{error.format()}`" for error in entry.errors[:10])
            details.update(
                f"# {entry.path.name} ist fehlerhaft\n\n{errors}\n\nPrüfen mit `kundenspiel check`."
            )

    @on(OptionList.OptionSelected, "#scenario-list")
    def selected(self) -> None:
        """Enter or click on a scenario."""
        self.action_play()

    def current(self) -> Scenario | None:
        """The highlighted scenario, if it is playable."""
        option_list = self.query_one("#scenario-list", OptionList)
        if option_list.highlighted is None:
            return None
        return self.find(option_list.get_option_at_index(option_list.highlighted).id or "")

    def action_play(self) -> None:
        """Resume the open playthrough of the highlighted scenario, or start one."""
        scenario = self.current()
        if scenario is None:
            return
        status = scenario_status(self.records, scenario.id)
        self.open_play(scenario, status.open_record)

    def action_restart(self) -> None:
        """Start the highlighted scenario afresh (an open playthrough is marked abandoned)."""
        from kundenspiel.ui.dialogs.confirm import ConfirmDialog

        scenario = self.current()
        if scenario is None:
            return
        status = scenario_status(self.records, scenario.id)
        if status.open_record is None:
            self.open_play(scenario, None)
            return
        open_record = status.open_record

        def answered(restart: bool | None) -> None:
            if restart:
                now = self.session.config.clock()
                game(self.app).autosave(open_record.abandoned(now))
                self.open_play(scenario, None)

        self.app.push_screen(
            ConfirmDialog(
                "Neu beginnen?",
                f"Dein angefangener Durchlauf von „{scenario.title}“ wird als abgebrochen "
                "gespeichert und du beginnst von vorn.",
                yes="Neu beginnen",
                no="Abbrechen",
            ),
            answered,
        )

    def open_play(self, scenario: Scenario, record: PlaythroughRecord | None) -> None:
        """Go to the play screen."""
        from kundenspiel.ui.screens.play import PlayScreen

        self.app.push_screen(PlayScreen(scenario, record))

    def action_progress(self) -> None:
        """Show this player's past playthroughs."""
        from kundenspiel.ui.screens.progress import ProgressScreen

        self.app.push_screen(ProgressScreen())

    def action_back(self) -> None:
        """Back to the start screen to change player."""
        self.session.resume_offered = False
        self.app.pop_screen()
