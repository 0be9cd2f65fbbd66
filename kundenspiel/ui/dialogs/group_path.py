"""One trainee's path through a scenario, or two paths side by side, over the group debrief."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from kundenspiel.workshop.model import Run, ScenarioDebrief
from kundenspiel.workshop.tables import STATUS_LABELS, md_escape


def run_markdown(scenario: ScenarioDebrief, run: Run, who: str) -> str:
    """A numbered list of the decisions of one run, with the meters after each and what was locked."""
    verdict = STATUS_LABELS.get(run.status, run.status)
    if run.status == "beendet":
        verdict += f" – {md_escape(run.ending_title or run.ending_id or '–')}, {run.score} Punkte"
    lines = [f"## {md_escape(who)}", "", f"_{md_escape(scenario.title)}: {verdict}_", ""]
    if run.outdated:
        lines += ["_Dieser Durchlauf passt nicht mehr ganz zur aktuellen Fassung des Szenarios._", ""]
    if not run.path:
        lines.append("Noch keine Entscheidung getroffen.")
    for number, entry in enumerate(run.path, start=1):
        meters = entry.meters
        item = [
            f"{number}. {md_escape(entry.choice_text)}",
            f"   _Motivation {meters.get('motivation', '–')} · Vertrauen {meters.get('vertrauen', '–')} · "
            f"Befugnis {meters.get('befugnis', '–')}_",
        ]
        if entry.locked:
            item.append(f"   _gesperrt:_ {md_escape('; '.join(entry.locked))}")
        # Two trailing spaces: a hard line break inside the list item.
        lines.append("  \n".join(item))
    return "\n".join(lines)


class RunPathDialog(ModalScreen[None]):
    """One path, or two side by side for comparison."""

    CSS_PATH = "group_path.tcss"
    BINDINGS = [Binding("escape,enter,q", "dismiss", "Schließen", key_display="Esc")]

    def __init__(self, scenario: ScenarioDebrief, paths: list[tuple[Run, str]]) -> None:
        super().__init__()
        self.scenario = scenario
        self.paths = paths

    def compose(self) -> ComposeResult:
        with Horizontal(id="paths"):
            for run, who in self.paths:
                with VerticalScroll(classes="path"):
                    yield Markdown(run_markdown(self.scenario, run, who))

    def on_mount(self) -> None:
        """Let arrows scroll the first path."""
        self.query_one(".path").focus()
