"""Textual's input field and option list with their Enter key shown in the footer.

Textual hides Enter on both (``show=False``), and the focused widget's binding is what the
footer lists, so a screen's own Enter binding never shows while a field or list has the focus.
A priority binding on the screen would show, but it runs before keys still queued for the
focused widget (↓ then Enter typed quickly would sign in before ↓ took effect).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input, OptionList


class StartInput(Input):
    """An input field whose Enter is listed as „Los geht's“."""

    BINDINGS = [Binding("enter", "submit", "Los geht's", key_display="Enter")]


class StartOptionList(OptionList):
    """An option list whose Enter is listed as „Los geht's“."""

    BINDINGS = [Binding("enter", "select", "Los geht's", key_display="Enter")]


class OpeningOptionList(OptionList):
    """An option list whose Enter is listed as „Öffnen“."""

    BINDINGS = [Binding("enter", "select", "Öffnen", key_display="Enter")]
