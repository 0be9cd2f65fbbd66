"""The play screen for ``kundenspiel play FILE``: no saves, start anywhere, reload on save."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from kundenspiel.engine import GameState, Scenario, play
from kundenspiel.engine.models import MeterDisplay
from kundenspiel.engine.preview import PreviewError, carry_over, starting_at
from kundenspiel.ui.preview import PreviewConfig
from kundenspiel.ui.screens.debrief import DebriefScreen
from kundenspiel.ui.screens.play import PlayScreen

WATCH_INTERVAL = 0.5


class FileStamp:
    """Notices when a file was saved: its size and modification time, then its bytes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen = self.read()

    def read(self) -> tuple[int, int, bytes] | None:
        """The file's stamp, or None while it cannot be read (editors replace files on save)."""
        try:
            stat = self.path.stat()
            return stat.st_mtime_ns, stat.st_size, self.path.read_bytes()
        except OSError:
            return None

    def changed(self) -> bool:
        """True once per save that changed the file's content."""
        now = self.read()
        if now is None or self.seen is None or now == self.seen:
            self.seen = now if now is not None else self.seen
            return False
        different = now[2] != self.seen[2]
        self.seen = now
        return different


class PreviewPlayScreen(PlayScreen):
    """Plays a file from disk; nothing is saved, Esc ends the preview."""

    BINDINGS = [
        Binding("r", "reload", "Neu laden"),
        Binding("n", "restart", "Neu beginnen"),
        # The play screen's Esc goes back to the scenario list; a preview has none, it ends.
        Binding("escape", "leave", "Vorschau beenden", key_display="Esc"),
    ]

    def __init__(self, config: PreviewConfig, scenario: Scenario) -> None:
        super().__init__(starting_at(scenario, config.start_node), None)
        self.config = config
        self.stamp = FileStamp(config.path)

    @property
    def meter_display(self) -> MeterDisplay:
        """Authors see every number, whatever trainees will see: they are tuning them."""
        return MeterDisplay.OFFEN

    def begin(self) -> None:
        """Start at the chosen node; with ``--watch`` look for saves twice a second."""
        watching = " · beobachtet die Datei" if self.config.watch else ""
        self.sub_title = f"{self.scenario.title} – Vorschau von {self.config.path.name}{watching}"
        self.state = play.start(self.scenario)
        if self.config.watch:
            self.set_interval(WATCH_INTERVAL, self.poll_file)

    def record_step(self, step: play.Step) -> None:
        """A preview keeps no record."""

    def poll_file(self) -> None:
        """Reload when the file was saved with new content."""
        if self.stamp.changed():
            self.reload_from_disk()

    def action_reload(self) -> None:
        """Reload the file now."""
        self.stamp.changed()  # a manual reload also counts as having seen the current save
        self.reload_from_disk()

    def current_path(self) -> list[str]:
        """The choices taken so far, the one whose feedback is showing included."""
        state = self.pending.state if self.pending is not None else self.state
        return state.choice_ids if state is not None else []

    def reload_from_disk(self) -> None:
        """Load the file again and carry the path over, saying what still fits."""
        from kundenspiel.engine.loader import check_file

        result = check_file(self.config.path)
        if result.scenario is None:
            first = result.errors[0].format() if result.errors else str(self.config.path)
            self.notify(
                f"Die Datei hat Fehler, du spielst die vorige Fassung weiter. {first}",
                title="Nicht neu geladen",
                severity="error",
                timeout=12,
                markup=False,
            )
            return
        try:
            scenario = starting_at(result.scenario, self.config.start_node)
        except PreviewError as error:
            self.notify(
                f"{error}. Du spielst die vorige Fassung weiter.",
                title="Nicht neu geladen",
                severity="error",
                markup=False,
            )
            return
        carried = carry_over(scenario, self.current_path())
        self.scenario = scenario
        self.pending = None
        self.notify(
            carried.message,
            title="Neu geladen",
            severity="information" if carried.replay.complete else "warning",
            timeout=8 if carried.replay.complete else 15,
            markup=False,
        )
        self.show(carried.replay.state)

    def show(self, state: GameState) -> None:
        """Show ``state`` even when it equals the current one (the texts may have changed)."""
        if state.ended:
            self.finish(state)
            return
        self.state = None
        self.state = state

    def action_restart(self) -> None:
        """Start the preview again at its first node."""
        self.pending = None
        self.show(play.start(self.scenario))

    def action_leave(self) -> None:
        """End the preview."""
        self.app.exit()

    def finish(self, state: GameState) -> None:
        """Show the debrief, from which the preview can start again."""
        self.app.push_screen(PreviewDebriefScreen(self.scenario, state))


class PreviewDebriefScreen(DebriefScreen):
    """The debrief of a preview: „nochmal“ starts the preview again, Esc ends it."""

    BINDINGS = [
        Binding("n", "again", "Nochmal spielen"),
        Binding("escape", "leave", "Beenden", key_display="Esc"),
        Binding("p", "progress", "", show=False),
    ]

    def action_again(self) -> None:
        """Back to the preview, at its first node."""
        self.app.pop_screen()
        screen = self.app.screen
        if isinstance(screen, PreviewPlayScreen):
            screen.action_restart()

    def action_leave(self) -> None:
        """End the preview."""
        self.app.exit()

    def action_progress(self) -> None:
        """A preview keeps no progress."""
