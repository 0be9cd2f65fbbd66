"""Text from scenario files and players placed inside Markdown, shown exactly as written."""

from __future__ import annotations

import re

from kundenspiel.safe_text import visible

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>#|~])")


def literal(text: str) -> str:
    """``text`` on one line for a Markdown widget: control characters made visible and
    Markdown's special characters escaped, so a name like ``*Alex*`` or ``[x](y)`` is neither
    emphasis nor a link (Textual's Markdown never reads Rich markup, so ``[/x]`` is safe too)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", visible(" ".join(text.split())))
