"""The numbered choices of a node; locked ones stay visible, disabled, with their reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option


@dataclass(frozen=True)
class ChoiceView:
    """What the list needs to show one choice (kept free of engine types)."""

    choice_id: str
    text: str
    available: bool
    reason: str | None = None


class ChoiceList(OptionList):
    """Choices numbered 1–9; arrows and Enter, a digit, or the mouse pick one."""

    DEFAULT_CSS = """
    ChoiceList { height: auto; max-height: 60%; border: round $primary 50%; padding: 0 1; }
    ChoiceList:focus { border: round $primary; }
    """

    class Chosen(Message):
        """The player picked an available choice."""

        def __init__(self, choice_id: str) -> None:
            super().__init__()
            self.choice_id = choice_id

    class LockedPicked(Message):
        """The player pressed the number of a locked choice."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.views: list[ChoiceView] = []

    def show_choices(self, views: Sequence[ChoiceView]) -> None:
        """Replace the options with ``views``, highlighting the first available one."""
        self.views = list(views)
        self.clear_options()
        self.add_options(self._option(number, view) for number, view in enumerate(views, 1))
        first = next((i for i, view in enumerate(views) if view.available), None)
        self.highlighted = first

    @staticmethod
    def _option(number: int, view: ChoiceView) -> Option:
        # A grid keeps wrapped lines indented under the text, not under the number.
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=2, no_wrap=True)
        grid.add_column(ratio=1)
        if view.available:
            grid.add_row(Text(str(number), "bold"), Text(view.text))
        else:
            reason = Text(f"🔒 {view.reason or 'Gesperrt'}", "italic")
            grid.add_row(Text(str(number), "dim"), Text(view.text, "dim strike"))
            grid.add_row(Text(""), reason)
        return Option(grid, id=view.choice_id, disabled=not view.available)

    def pick_number(self, number: int) -> None:
        """Choose by the number shown in front of a choice."""
        if not 1 <= number <= len(self.views):
            return
        view = self.views[number - 1]
        if view.available:
            self.post_message(self.Chosen(view.choice_id))
        else:
            self.post_message(self.LockedPicked(view.reason or "Diese Auswahl ist gesperrt."))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))
