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
from textual.widgets import Header, Markdown, OptionList
from textual.widgets.option_list import Option

from kundenspiel.engine import Scenario, play
from kundenspiel.engine.models import Rating
from kundenspiel.safe_text import visible
from kundenspiel.ui.markdown import literal
from kundenspiel.ui.screens.base import GameScreen
from kundenspiel.ui.screens.play_record import group_suffix
from kundenspiel.ui.session import game
from kundenspiel.ui.widgets.entry import OpeningOptionList
from kundenspiel.ui.widgets.footer import GameFooter
from kundenspiel.ui.wording import counted, decision_count, german_date

if TYPE_CHECKING:
    from kundenspiel.store import PlaythroughRecord


def quoted(title: str) -> str:
    """A title in „…“, unless it is quoted already (otherwise „„Das haben wir …““)."""
    title = visible(title)
    if title.startswith(("„", '"', "»")):
        return title
    return f"„{title}“"


def load_error_reason(error: Exception) -> str:
    """Why the save could not be read, as a German sentence: the store's own words, or the
    common disk problems named in German."""
    from kundenspiel.store import StoreError

    if isinstance(error, StoreError):
        return visible(str(error)).rstrip(".") + "."
    from kundenspiel.commands.common import os_reason

    assert isinstance(error, OSError)
    where = f" ({visible(str(error.filename))})" if error.filename else ""
    return f"{os_reason(error)}{where}."


def result_text(record: PlaythroughRecord) -> str:
    """„78 Punkte, gelungen“ for a finished playthrough."""
    points = counted(record.score or 0, "Punkt", "Punkte")
    if record.rating in {rating.value for rating in Rating}:
        return f"{points}, {Rating(record.rating).label.lower()}"
    return points


@dataclass(frozen=True)
class ScenarioStatus:
    """This player's standing in one scenario."""

    open_record: PlaythroughRecord | None
    finished: int
    best: PlaythroughRecord | None = None
    last: PlaythroughRecord | None = None

    @property
    def best_score(self) -> int | None:
        """The best score of a finished playthrough, if there is one."""
        return self.best.score if self.best else None

    def lines(self) -> list[str]:
        """The standing in German, one line per fact; a finished result stays listed while a
        new playthrough runs."""
        lines = []
        if self.open_record is not None:
            decisions = decision_count(len(self.open_record.steps))
            started = "neuer Durchlauf läuft" if self.last else "angefangen"
            lines.append(f"▶ {started} – {decisions} getroffen")
        if self.last is not None:
            finished = "zuletzt beendet" if self.open_record else "beendet"
            line = f"✓ {finished}: {result_text(self.last)}"
            if self.best is not None and (self.best.score or 0) > (self.last.score or 0):
                line += f" · bestes Ergebnis {counted(self.best.score or 0, 'Punkt', 'Punkte')}"
            lines.append(line)
        return lines or ["○ neu"]

    def describe(self) -> str:
        """The standing on one line."""
        return " · ".join(self.lines())


def scenario_status(records: Sequence[PlaythroughRecord], scenario_id: str) -> ScenarioStatus:
    """Summarise a player's playthroughs of one scenario."""
    own = [r for r in records if r.scenario_id == scenario_id]
    open_records = sorted((r for r in own if r.status == "laufend"), key=lambda r: r.updated_at, reverse=True)
    # Practice runs („Ab hier üben“) never count as a result.
    finished = [r for r in own if r.status == "beendet" and r.score is not None and r.practice_of is None]
    best = max(finished, key=lambda r: r.score or 0, default=None)
    last = max(finished, key=lambda r: r.finished_at or r.updated_at, default=None)
    return ScenarioStatus(
        open_record=open_records[0] if open_records else None,
        finished=len(finished),
        best=best,
        last=last,
    )


def scenario_details(scenario: Scenario, status: ScenarioStatus | None) -> str:
    """The Markdown shown beside the list for the highlighted scenario."""
    goals = "\n".join(f"- {goal}" for goal in scenario.learning_goals)
    sources = "\n".join(
        f"- {source.author}: *{source.article}* ({german_date(source.date)})" for source in scenario.sources
    )
    standing = "\n\n**Dein Stand:** " + "  \n".join(status.lines()) if status else ""
    return (
        f"# {literal(scenario.title)}\n\n{scenario.summary}\n\n**Deine Rolle:** {scenario.role}"
        f"{standing}\n\n## Lernziele\n\n{goals}\n\n## Quellen\n\n{sources}"
    )


class ScenarioListScreen(GameScreen):
    """Pick a scenario; Enter starts it, resumes where you left off, or shows the result of a
    finished one (``n`` plays it again)."""

    CSS_PATH = "scenarios.tcss"
    BINDINGS = [
        Binding("enter", "play", "Öffnen", key_display="Enter"),
        Binding("n", "restart", "Neustart"),
        Binding("p", "progress", "Fortschritt"),
        Binding("escape", "back", "Abmelden", key_display="Esc"),
        Binding("q", "app.quit", "Beenden", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.records: list[PlaythroughRecord] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OpeningOptionList(id="scenario-list")
            with VerticalScroll(id="details-pane"):
                yield Markdown(id="details")
        yield GameFooter()

    def on_mount(self) -> None:
        """Show the catalog at once; statuses follow from the save folder."""
        player = self.session.player
        group = group_suffix(self.session.group_code)
        self.sub_title = f"Szenarien – {visible(player.name)}{group}" if player else "Szenarien"
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
            # Text, not a markup string: titles come from files and are shown as written.
            status = scenario_status(self.records, scenario.id)
            prompt = Text(visible(scenario.title), "bold")
            for line in status.lines():
                prompt.append("\n" + line, "italic")
            option_list.add_option(Option(prompt, id=scenario.id))
        for entry in self.session.catalog.broken if self.session.catalog else []:
            prompt = Text.assemble(
                (f"⚠ {visible(entry.path.name)}", "bold"),
                "\n",
                (f"fehlerhaft – {len(entry.errors)} Fehler", "italic"),
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
        """Read this player's playthroughs (blocking I/O); an unreadable save is explained and
        the list stays usable without the statuses."""
        from kundenspiel.store import StoreError

        store, player = self.session.store, self.session.player
        if store is None or player is None:
            return
        try:
            records = store.playthroughs(player.key)
        except (StoreError, OSError) as error:
            self.app.call_from_thread(self.show_load_error, error)
        else:
            self.app.call_from_thread(self.show_statuses, records)
        for notice in self.session.pending_notices():
            self.app.call_from_thread(
                self.notify, notice, title="Hinweis", severity="warning", timeout=12, markup=False
            )

    def show_load_error(self, error: Exception) -> None:
        """Say in German why the statuses are missing; playing stays possible."""
        self.notify(
            f"Dein Stand konnte nicht gelesen werden: {load_error_reason(error)} Die Szenarien "
            "kannst du trotzdem spielen; versuch es später noch einmal.",
            title="Spielstand",
            severity="error",
            timeout=15,
            markup=False,
        )

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
            f"Du hast {quoted(scenario.title)} noch nicht beendet ({decisions} getroffen). "
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
        """Resume the open playthrough of the highlighted scenario; show the result of a
        finished one (playing it again is a deliberate ``n``); start a new one otherwise."""
        scenario = self.current()
        if scenario is None:
            return
        status = scenario_status(self.records, scenario.id)
        if status.open_record is None and status.last is not None:
            self.show_result(scenario, status.last)
            return
        self.open_play(scenario, status.open_record)

    def show_result(self, scenario: Scenario, record: PlaythroughRecord) -> None:
        """The debrief of a finished playthrough, or, if the scenario has changed so much
        that it no longer replays, the question whether to play it again."""
        from kundenspiel.ui.dialogs.confirm import ConfirmDialog
        from kundenspiel.ui.screens.debrief import DebriefScreen

        replayed = play.replay(scenario, record.choice_ids)
        if replayed.complete and replayed.state.ended:
            self.app.push_screen(DebriefScreen(scenario, replayed.state, record))
            return

        def answered(again: bool | None) -> None:
            if again:
                self.open_play(scenario, None)

        self.app.push_screen(
            ConfirmDialog(
                "Noch einmal spielen?",
                f"Du hast {quoted(scenario.title)} beendet ({result_text(record)}). Das Szenario "
                "wurde seitdem geändert, deshalb lässt sich die Auswertung nicht mehr zeigen. "
                "Möchtest du es noch einmal spielen?",
                yes="Noch einmal spielen",
                no="Abbrechen",
            ),
            answered,
        )

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
                f"Dein angefangener Durchlauf von {quoted(scenario.title)} wird als abgebrochen "
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
        """Back to the start screen to sign in under another name."""
        self.session.resume_offered = False
        self.app.pop_screen()
