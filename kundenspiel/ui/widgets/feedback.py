"""The consequence of a choice, shown until the player continues."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.strip import Strip

MORE_TO_READ = "▼ weiterlesen – ↓"


class FeedbackPanel(VerticalScroll, can_focus=True):
    """Holds the focus while feedback is shown, so Enter continues instead of choosing again.

    A long reaction on a small terminal scrolls (↑/↓) instead of being cut off, and the bottom
    border says that there is more to read.
    """

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the panel; the hint is decided here, once the content has been laid out."""
        hint = MORE_TO_READ if round(self.scroll_y) < self.max_scroll_y else ""
        if (self.border_subtitle or "") != hint:
            self.border_subtitle = hint
        return super().render_lines(crop)
