"""The key footer of every screen, tightened on narrow terminals so that every key stays visible."""

from __future__ import annotations

from textual.events import Resize
from textual.widgets import Footer

# Below this width Textual's spacious footer cuts off the last keys („F2 Hell/Dunke…“ at 80 columns).
COMPACT_BELOW = 100


class GameFooter(Footer):
    """Textual's footer, compact (less space around each key) below 100 columns."""

    def on_resize(self, event: Resize) -> None:
        """Switch the compact style with the terminal's width."""
        self.compact = event.size.width < COMPACT_BELOW
