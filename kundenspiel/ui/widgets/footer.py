"""The key footer of every screen, tightened on narrow terminals so that every key stays visible."""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.widgets import Footer

# Below this width Textual's spacious footer cuts off the last keys („F2 Hell/Dunke…“ at 80 columns).
COMPACT_BELOW = 100
# When a screen's keys and „Strg+P Befehle“ do not fit, these app-wide keys leave the footer:
# the one whose absence is enough (help first), else both. Both are in the command palette and
# the help; the screen's own keys and the palette's key always stay.
YIELDING = ("help", "quit")


class GameFooter(Footer):
    """Textual's footer, compact (less space around each key) below 100 columns, and without
    F1/Strg+Q where the screen's keys would otherwise be cut off."""

    def __init__(self) -> None:
        super().__init__()
        self.dropped: frozenset[str] = frozenset()
        """The app-wide actions whose keys are left out for want of room."""

    def on_resize(self, event: Resize) -> None:
        """Switch the compact style with the terminal's width; refit the keys."""
        self.compact = event.size.width < COMPACT_BELOW
        if self.fitting(event.size.width) != self.dropped:
            self.refresh(recompose=True)

    def compose(self) -> ComposeResult:
        """Textual's keys, less the ones there is no room for."""
        self.dropped = self.fitting(self.size.width or self.app.size.width)
        for item in super().compose():
            if getattr(item, "action", None) not in self.dropped:
                yield item

    def fitting(self, width: int) -> frozenset[str]:
        """The fewest of YIELDING to leave out so that the keys fit into ``width`` columns."""
        if not self.is_attached:
            return frozenset()
        shown: dict[str, tuple[Binding, bool]] = {}
        palette: Binding | None = None
        for node, binding, _enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show:
                shown.setdefault(binding.action, (binding, node is self.app))
            elif binding.key == self.app.COMMAND_PALETTE_BINDING and self.show_command_palette:
                palette = binding
        compact = width < COMPACT_BELOW
        # Cells per key, from Textual's footer CSS: padding around key and label, or a margin.
        spacing = 2 if compact else 3
        palette_width = 0 if palette is None else self._label_width(palette) + spacing + 1

        def needed(left_out: Iterable[str]) -> int:
            return palette_width + sum(
                self._label_width(binding) + spacing
                for action, (binding, app_wide) in shown.items()
                if not (app_wide and action in left_out)
            )

        for left_out in ((), *((action,) for action in YIELDING), YIELDING):
            if needed(left_out) <= width:
                return frozenset(left_out)
        return frozenset(YIELDING)

    def _label_width(self, binding: Binding) -> int:
        return cell_len(self.app.get_key_display(binding)) + cell_len(binding.description)
