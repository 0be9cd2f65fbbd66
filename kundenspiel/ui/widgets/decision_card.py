"""One decision in the debrief: what was chosen, and a folded „Was wäre passiert?“ section."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.message import Message
from textual.widgets import Button, Collapsible, Markdown, Static

NO_OTHER_OPTION = "Hier gab es keine andere Möglichkeit."


class DecisionCard(Vertical, can_focus=True):
    """A decision of the playthrough, one focus stop: ↑/↓ read on and move between decisions,
    Enter folds the other options out and in, the button (or the screen's key) practises from here.

    The title of the fold and the button are left out of the focus chain, so Tab and the arrows
    go from decision to decision; the mouse still works on both.
    """

    BINDINGS = [
        # A short label: beside the debrief's keys it must still fit into 80 columns.
        Binding("enter", "fold", "Was wäre?", key_display="Enter"),
        Binding("down", "next", show=False),
        Binding("up", "previous", show=False),
    ]

    class PracticeRequested(Message):
        """The trainee wants to practise from this decision (its number counts from 1)."""

        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def __init__(
        self,
        number: int,
        heading: str,
        body: str,
        alternatives_title: str | None,
        alternatives: str,
        *,
        practice: bool,
    ) -> None:
        super().__init__(id=f"decision-{number}", classes="decision")
        self.number = number
        self.heading = heading
        self.body = body
        self.alternatives_title = alternatives_title
        self.alternatives = alternatives
        self.practice = practice

    def compose(self) -> ComposeResult:
        with Horizontal(classes="decision-head"):
            yield Static(self.heading, classes="decision-heading", markup=False)
            if self.practice:
                button = Button("Ab hier üben", compact=True, classes="practice")
                button.can_focus = False
                yield button
        yield Markdown(self.body, classes="decision-body")
        if self.alternatives_title is None:
            yield Static(NO_OTHER_OPTION, classes="muted")
            return
        with Collapsible(title=self.alternatives_title, classes="alternatives"):
            yield Markdown(self.alternatives, classes="alternatives-text")

    def on_mount(self) -> None:
        """Keep the fold's title out of the focus chain (the card holds the focus)."""
        for title in self.query("CollapsibleTitle"):
            title.can_focus = False

    def action_fold(self) -> None:
        """Show or hide the other options."""
        for fold in self.query(Collapsible):
            fold.collapsed = not fold.collapsed

    def _scroller(self) -> ScrollableContainer | None:
        parent = self.parent
        return parent if isinstance(parent, ScrollableContainer) else None

    def action_next(self) -> None:
        """Read on while this decision goes on below the screen's edge, else the next one."""
        scroller = self._scroller()
        if (
            scroller is not None
            and self.virtual_region.bottom > scroller.scroll_y + scroller.scrollable_content_region.height
        ):
            scroller.scroll_down(animate=False)
            return
        self._move(+1)

    def action_previous(self) -> None:
        """Read back while this decision begins above the screen's edge, else the previous one."""
        scroller = self._scroller()
        if scroller is not None and self.virtual_region.y < scroller.scroll_y:
            scroller.scroll_up(animate=False)
            return
        self._move(-1)

    def _move(self, offset: int) -> None:
        cards = list(self.screen.query(DecisionCard))
        index = cards.index(self) + offset
        if 0 <= index < len(cards):
            cards[index].focus()
            return
        scroller = self._scroller()
        if scroller is None:
            return
        # Past the first or the last decision the page goes on: the score above, the
        # competencies below. Above the first, the page itself takes the arrows again.
        if offset < 0:
            scroller.focus(scroll_visible=False)
            scroller.scroll_up(animate=False)
        else:
            scroller.scroll_down(animate=False)

    @on(Button.Pressed, ".practice")
    def practice_pressed(self, event: Button.Pressed) -> None:
        """The button: ask the screen to practise from here."""
        event.stop()
        self.focus()
        self.post_message(self.PracticeRequested(self.number))
