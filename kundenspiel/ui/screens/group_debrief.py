"""The group debrief for the projector: per scenario, decision by decision, competencies, paths.

Anonymous by default („Person 1…n“, numbered in the order people joined, so numbers stay put
while the view refreshes); ``a`` shows the names once the group's trainer PIN was typed, and
they stay unlockable until the screen is left. A timer re-reads the save folder every few
seconds in a worker, so the numbers grow while trainees are still playing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Header, Static, TabbedContent, TabPane

from kundenspiel.safe_text import visible
from kundenspiel.ui.screens.base import GameScreen
from kundenspiel.ui.widgets.footer import GameFooter
from kundenspiel.ui.widgets.group_charts import BarChart, competency_view, overview
from kundenspiel.ui.widgets.group_decision import decision_view
from kundenspiel.ui.widgets.group_runs import RunsTable
from kundenspiel.ui.widgets.group_talk import flow_view, talking_points_view
from kundenspiel.workshop.report_text import participants_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import RenderableType

    from kundenspiel.ui.dialogs.pin import PinOutcome
    from kundenspiel.workshop.model import GroupDebrief, ScenarioDebrief

TOO_MANY_PINS = "Zu viele falsche PINs: Die Namen bleiben verborgen, solange diese Auswertung offen ist."
TABS = ("ueberblick", "entscheidungen", "kompetenzen", "teilnehmende", "sprechen")


STEPS = Binding.Group("Entscheidung")


class GroupDebriefScreen(GameScreen):
    """How a workshop group played, refreshed while they play."""

    CSS_PATH = "group_debrief.tcss"
    REFRESH_SECONDS = 5.0
    PIN_TRIES = 5
    """Wrong PINs allowed while the screen is open; after them the names stay hidden."""
    BINDINGS = [
        Binding("s", "next_scenario", "Szenario"),
        Binding("n", "step(1)", "Nächste", group=STEPS),
        Binding("b", "step(-1)", "Vorige", group=STEPS),
        Binding("a", "toggle_names", "Namen"),
        Binding("v", "compare", "Vergleichen"),  # on the participants tab only (check_action)
        Binding("p", "present", "Präsentation", tooltip="Eine Entscheidung pro Bild, groß, für den Beamer"),
        Binding("1", "tab(0)", "Überblick", show=False),
        Binding("2", "tab(1)", "Entscheidungen", show=False),
        Binding("3", "tab(2)", "Kompetenzen", show=False),
        Binding("4", "tab(3)", "Personen", show=False, tooltip="Alle Teilnehmenden mit ihren Durchläufen"),
        Binding(
            "5", "tab(4)", "Worüber sprechen?", show=False, tooltip="Was die Gruppe geteilt hat (Reiter 5)"
        ),
        Binding("r", "reload", "Aktualisieren", show=False),
        Binding("escape", "leave", "Zurück", key_display="Esc"),
        Binding("q", "app.quit", "Beenden", show=False),
    ]

    debrief: reactive[GroupDebrief | None] = reactive(None, always_update=True)
    names: reactive[bool] = reactive(False)
    scenario_index: reactive[int] = reactive(0)
    decision_index: reactive[int] = reactive(0)

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.marked: int | None = None
        self.unlocked = False
        """The trainer PIN was typed: names may be shown until the screen is left."""
        self.wrong_pins = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Lade die Gruppe …", id="group-status")
        with TabbedContent(id="group-tabs"):
            with TabPane("1 Überblick", id=TABS[0]), VerticalScroll(classes="pane"):
                yield BarChart(id="overview")
            with TabPane("2 Entscheidungen", id=TABS[1]), VerticalScroll(classes="pane"):
                yield BarChart(id="decision")
            with TabPane("3 Kompetenzen", id=TABS[2]), VerticalScroll(classes="pane"):
                yield Static("Kompetenzprofil der Gruppe (alle Szenarien)", classes="section-title")
                yield BarChart(id="competencies")
                yield Static("", id="scenario-competencies-title", classes="section-title")
                yield BarChart(id="scenario-competencies")
            with TabPane("4 Personen", id=TABS[3]):
                yield RunsTable(id="runs", cursor_type="row", zebra_stripes=True)
            with TabPane("5 Worüber sprechen?", id=TABS[4]), VerticalScroll(classes="pane"):
                yield BarChart(id="talking-points")
                yield BarChart(id="flow")
        yield GameFooter()

    def on_mount(self) -> None:
        """Title, table columns, first load and the refresh timer."""
        self.sub_title = f"Gruppenauswertung {visible(self.code)}"
        self.reload()
        self.set_interval(self.REFRESH_SECONDS, self.refresh_unless_busy)

    def refresh_unless_busy(self) -> None:
        """Refresh, unless the last reload is still running: the first one checks every scenario
        (seconds with a cold cache), and starting another would only cancel it."""
        if not any(worker.group == "group-debrief" and worker.is_running for worker in self.workers):
            self.reload()

    # --- data -------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="group-debrief")
    def reload(self) -> None:
        """Re-read the save folder and aggregate (blocking I/O and CPU, off the UI thread)."""
        from kundenspiel.store import StoreError
        from kundenspiel.store.groups import GroupStore
        from kundenspiel.workshop.aggregate import aggregate
        from kundenspiel.workshop.collect import read_group

        session = self.session
        try:
            if session.store is None or session.catalog is None:
                for notice in session.load():
                    self.app.call_from_thread(
                        self.notify, notice, title="Hinweis", severity="warning", markup=False
                    )
            assert session.store is not None and session.catalog is not None
            groups = GroupStore(session.store.root)
            data = read_group(session.store, self.code, require_known=False, groups=groups)
            debrief = aggregate(data, session.catalog.playable, now=session.config.clock())
            # A repaired player file or group list is told here too, not only on the command line.
            repairs = [notice.message for notice in groups.notices()] + session.pending_notices()
            for notice in repairs:
                self.app.call_from_thread(
                    self.notify, notice, title="Hinweis", severity="warning", timeout=12, markup=False
                )
        except (StoreError, OSError) as error:
            self.app.call_from_thread(self.show_error, str(error))
            return
        self.app.call_from_thread(self.show_debrief, debrief)

    def show_debrief(self, debrief: GroupDebrief) -> None:
        """Take a fresh aggregation; nothing is redrawn when nothing changed."""
        if debrief != self.debrief:
            self.debrief = debrief
            self.update_presenter()

    def update_presenter(self) -> None:
        """A presentation opened from here shows the fresh numbers of its scenario too."""
        from kundenspiel.ui.screens.presenter import PresenterScreen

        scenario = self.scenario
        if scenario is None:
            return
        for screen in self.app.screen_stack:
            shown = screen.scenario if isinstance(screen, PresenterScreen) else None
            if isinstance(screen, PresenterScreen) and shown and shown.scenario_id == scenario.scenario_id:
                screen.scenario = scenario

    def show_error(self, message: str) -> None:
        """The saves cannot be read: say so, keep what is shown."""
        self.query_one("#group-status", Static).update(
            Content.assemble(("Spielstände nicht lesbar: ", "bold"), visible(message))
        )

    def action_reload(self) -> None:
        """Refresh now (or as soon as the reload under way is done with it)."""
        self.refresh_unless_busy()

    # --- what is shown ----------------------------------------------------------------------

    @property
    def scenario(self) -> ScenarioDebrief | None:
        """The scenario in view."""
        if self.debrief is None or not self.debrief.scenarios:
            return None
        return self.debrief.scenarios[self.scenario_index % len(self.debrief.scenarios)]

    def watch_debrief(self) -> None:
        """New numbers: redraw everything."""
        self.redraw()

    def watch_names(self) -> None:
        """Names shown or hidden."""
        self.redraw()

    def watch_scenario_index(self) -> None:
        """Another scenario: start at its first decision."""
        self.decision_index = 0
        self.redraw()

    def watch_decision_index(self) -> None:
        """Walk to another decision."""
        self.redraw_decision()

    def redraw(self) -> None:
        """Status line, overview, competencies and the table of participants."""
        debrief, scenario = self.debrief, self.scenario
        if debrief is None:
            return
        # Titles come from trainers and scenario files: escaped, so a „[“ is never read as markup.
        status = (
            f"[b]{escape(visible(debrief.title))}[/b] · Code [b]{escape(visible(debrief.code))}[/b] · "
            f"{participants_text(len(debrief.participants))}"
        )
        if scenario is not None:
            number = self.scenario_index % len(debrief.scenarios) + 1
            shown_title = escape(visible(scenario.title))
            status += f"\nSzenario {number}/{len(debrief.scenarios)}: [b]{shown_title}[/b]"
        status += " · " + ("Namen sichtbar (a: verbergen)" if self.names else "anonym (a: Namen mit PIN)")
        self.query_one("#group-status", Static).update(status)
        self._chart("#overview", None if scenario is None else lambda width: overview(scenario, width))
        self._chart("#competencies", lambda width: competency_view(debrief.competencies, width))
        title = Content(f"Nur „{visible(scenario.title)}“" if scenario else "")
        self.query_one("#scenario-competencies-title", Static).update(title)
        self._chart(
            "#scenario-competencies",
            None if scenario is None else lambda width: competency_view(scenario.competencies, width),
        )
        self._chart(
            "#talking-points",
            None if scenario is None else lambda width: talking_points_view(scenario, width),
        )
        self._chart("#flow", None if scenario is None else lambda width: flow_view(scenario, width))
        if scenario is None:
            self._chart("#overview", lambda width: "Noch hat niemand mit diesem Gruppencode gespielt.")
        self.redraw_decision()
        self.fill_table()

    def _chart(self, selector: str, chart: Callable[[int], RenderableType] | None) -> None:
        self.query_one(selector, BarChart).chart = chart

    def redraw_decision(self) -> None:
        """The decision in view, with a bar per choice."""
        scenario = self.scenario
        if scenario is None or not scenario.decisions:
            self._chart("#decision", lambda width: "Noch keine Entscheidungen.")
            return
        index = max(0, min(self.decision_index, len(scenario.decisions) - 1))
        decision = scenario.decisions[index]
        total = len(scenario.decisions)
        self._chart(
            "#decision", lambda width: decision_view(decision, index + 1, total, self.shown_name, width)
        )

    def shown_name(self, number: int) -> str:
        """A participant as the names toggle says: the name (after the PIN) or „Person 3“."""
        if self.debrief is None:
            return f"Person {number}"
        try:
            return visible(self.debrief.participant(number).shown(self.names))
        except KeyError:
            return f"Person {number}"

    def fill_table(self) -> None:
        """One row per participant of the scenario in view."""
        if self.debrief is not None:
            self.query_one("#runs", RunsTable).show(self.scenario, self.debrief, self.names, self.marked)

    # --- keys -------------------------------------------------------------------------------

    def action_next_scenario(self) -> None:
        """Show the next scenario the group played."""
        if self.debrief and self.debrief.scenarios:
            self.scenario_index = (self.scenario_index + 1) % len(self.debrief.scenarios)
            self.marked = None

    def action_step(self, delta: int) -> None:
        """Walk the decisions, one at a time, as in the room."""
        scenario = self.scenario
        if scenario is None or not scenario.decisions:
            return
        tabs = self.query_one(TabbedContent)
        if tabs.active != TABS[1]:
            # Coming from another tab, show the decision in view before walking on.
            tabs.active = TABS[1]
            return
        self.decision_index = max(0, min(self.decision_index + delta, len(scenario.decisions) - 1))

    def action_toggle_names(self) -> None:
        """Hide the names, or show them: after the trainer PIN, asked once per visit."""
        if self.names or self.unlocked:
            self.names = not self.names
            return
        if self.wrong_pins >= self.PIN_TRIES:
            self.notify(TOO_MANY_PINS, severity="error")
            return
        from kundenspiel.ui.dialogs.pin import ask_pin

        ask_pin(self, self.code, self.PIN_TRIES - self.wrong_pins, self.pin_typed)

    def pin_typed(self, outcome: PinOutcome) -> None:
        """The dialog closed: names on a right PIN; wrong ones count against the limit."""
        self.wrong_pins += outcome.wrong
        if outcome.unlocked:
            self.unlocked = True
            self.names = True
        elif self.wrong_pins >= self.PIN_TRIES:
            self.notify(TOO_MANY_PINS, severity="error")

    def action_tab(self, index: int) -> None:
        """Switch to a tab by its number."""
        self.query_one(TabbedContent).active = TABS[index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Comparing belongs to the participants tab, walking the decisions to the others: the
        footer shows what the tab in view can do (and fits into 80 columns so)."""
        if action not in ("compare", "step"):
            return True
        on_runs = self.query(TabbedContent).first().active == TABS[3] if self.is_mounted else False
        return on_runs if action == "compare" else not on_runs

    @on(TabbedContent.TabActivated)
    def focus_tab(self, event: TabbedContent.TabActivated) -> None:
        """Arrows act on what the tab shows: scroll the charts, move in the table."""
        self.refresh_bindings()
        if event.pane.id == TABS[3]:
            self.query_one("#runs", RunsTable).focus()
        else:
            event.pane.query_one(VerticalScroll).focus()

    @on(RunsTable.RowSelected, "#runs")
    def open_path(self) -> None:
        """Enter on a participant: their path."""
        number = self.query_one("#runs", RunsTable).selected()
        if number is not None:
            self.show_paths([number])

    def action_compare(self) -> None:
        """Mark a participant; marking a second one shows both paths side by side."""
        number = self.query_one("#runs", RunsTable).selected()
        if number is None:
            return
        if self.marked is None or self.marked == number:
            self.marked = None if self.marked == number else number
            self.fill_table()
            return
        first, self.marked = self.marked, None
        self.fill_table()
        self.show_paths([first, number])

    def show_paths(self, numbers: list[int]) -> None:
        """Open the path dialog for these participants."""
        from kundenspiel.ui.dialogs.group_path import RunPathDialog

        scenario, debrief = self.scenario, self.debrief
        if scenario is None or debrief is None:
            return
        runs = {run.participant: run for run in scenario.runs}
        paths = [(runs[n], debrief.participant(n).shown(self.names)) for n in numbers if n in runs]
        if paths:
            self.app.push_screen(RunPathDialog(scenario, paths))

    def action_present(self) -> None:
        """The decisions of the scenario in view, one per screen for the projector."""
        from kundenspiel.ui.screens.presenter import PresenterScreen

        scenario = self.scenario
        if scenario is None or not scenario.decisions:
            self.notify("Noch keine Entscheidungen, die sich zeigen ließen.")
            return
        self.app.push_screen(PresenterScreen(scenario, self.decision_index))

    def help_markdown(self) -> str:
        """F1 on this screen: the debrief's own keys (see ``HelpDialog``)."""
        from kundenspiel.ui.screens.group_debrief_help import GROUP_DEBRIEF_HELP

        return GROUP_DEBRIEF_HELP

    def action_leave(self) -> None:
        """Back to the start screen (or quit, when the debrief was started on its own)."""
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()
