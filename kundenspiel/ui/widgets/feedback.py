"""The consequence of a choice, shown until the player continues."""

from __future__ import annotations

from textual.containers import Vertical


class FeedbackPanel(Vertical, can_focus=True):
    """Holds the focus while feedback is shown, so Enter continues instead of choosing again."""
