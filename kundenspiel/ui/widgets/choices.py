"""The numbered choices of a node; locked ones stay visible, disabled, with their reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import on
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

MORE_BELOW = "▼ weitere Antworten – ↓"
MORE_ABOVE = "▲ weitere Antworten – ↑"


@dataclass(frozen=True)
class ChoiceView:
    """What the list needs to show one choice (kept free of engine types)."""

    choice_id: str
    text: str
    available: bool
    reason: str | None = None


class ChoiceList(OptionList):
    """Choices numbered 1–9; arrows and Enter, a digit, or the mouse pick one.

    The list is as tall as its options need (the situation above it gives way) up to the
    ``max-height`` its screen sets; only when even that is too little does it scroll, and then
    its borders say so in words („▼ weitere Antworten – ↓“) instead of leaving it to a thin
    scrollbar thumb.
    """

    # The gutter is reserved even without a scrollbar: otherwise the scrollbar appearing
    # (for instance left over from the previous situation's longer list) narrows the text,
    # which wraps into more lines than were measured and keeps the scrollbar for good.
    # Textual adds a horizontal scrollbar's height to auto heights with a stable gutter;
    # there is never a horizontal scrollbar here, so it has no size.
    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
        max-height: 100%;
        border: round $primary 50%;
        padding: 0 0 0 1;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        scrollbar-size-horizontal: 0;
        border-title-align: center;
        border-title-color: $accent;
        border-title-style: bold;
        border-subtitle-align: center;
        border-subtitle-color: $accent;
        border-subtitle-style: bold;
    }
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
        self._hints = ("", "")

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
        # "fold", not the column's default "ellipsis": Rich miscounts a line that holds a wide
        # character such as 🔒 and would cut its last word to „nu…“ although it fits.
        if view.available:
            grid.add_row(Text(str(number), "bold"), Text(view.text, overflow="fold"))
        else:
            reason = Text(f"🔒 {view.reason or 'Gesperrt'}", "italic", overflow="fold")
            grid.add_row(Text(str(number), "dim"), Text(view.text, "dim strike", overflow="fold"))
            grid.add_row(Text(""), reason)
        return Option(grid, id=view.choice_id, disabled=not view.available)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The lines the options need at the width they are drawn at (without the gutter)."""
        return super().get_content_height(container, viewport, width - self.scrollbar_size_vertical)

    @property
    def hidden_lines(self) -> tuple[int, int]:
        """How many lines of options are scrolled out of view above and below."""
        above = round(self.scroll_y)
        below = max(0, self.virtual_size.height - self.scrollable_content_region.height - above)
        return above, below

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the options, with the borders saying whether some are out of view.

        Decided here, when the options have just been measured at the size they are drawn
        at: earlier, the size or the options may not be final yet."""
        self._update_lines()
        above, below = self.hidden_lines
        hints = (MORE_ABOVE if above else "", MORE_BELOW if below else "")
        if hints != self._hints:
            self._hints = hints
            self.border_title, self.border_subtitle = hints
        return super().render_lines(crop)

    def action_cursor_up(self) -> None:
        """Up to the previous available choice. From the first one, instead of wrapping
        round, to the top of the list: arrows skip locked choices, so this is the way to see
        locked ones above it."""
        highlighted = self.highlighted
        if highlighted is not None and not any(view.available for view in self.views[:highlighted]):
            self.scroll_home(animate=False)
            return
        super().action_cursor_up()

    def action_cursor_down(self) -> None:
        """Down to the next available choice; from the last one, to the end of the list."""
        highlighted = self.highlighted
        if highlighted is not None and not any(view.available for view in self.views[highlighted + 1 :]):
            self.scroll_end(animate=False)
            return
        super().action_cursor_down()

    def pick_number(self, number: int) -> None:
        """Choose by the number shown in front of a choice."""
        if not 1 <= number <= len(self.views):
            return
        view = self.views[number - 1]
        if view.available:
            self.post_message(self.Chosen(view.choice_id))
        else:
            self.post_message(self.LockedPicked(view.reason or "Diese Antwort ist gesperrt."))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))
