"""Text from users and files made safe to show: in a terminal, and in exported documents.

Plain Python without dependencies, so the engine, the store, the workshop code and the command
line can all use it. Names, group titles, codes, ids and keys come from people and files; a raw
ESC, BEL, NUL, C1 control or a bidi override (U+202E) in them would drive the terminal or
reorder what a reader sees.
"""

from __future__ import annotations

import unicodedata

# Bidi embeddings, overrides and isolates, and the invisible marks that reorder or hide text.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff"
)


def is_unsafe_char(char: str) -> bool:
    """True for control characters (C0, DEL, C1), bidi controls, lone surrogates and other
    invisible format characters that must never reach a terminal or a report as they are."""
    if char in _BIDI_CONTROLS:
        return True
    category = unicodedata.category(char)
    return category in ("Cc", "Cs", "Cf", "Zl", "Zp")


def _escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` for a terminal: every unsafe character written out as an escape (``\\x1b``,
    ``\\u202e``) so that it is visible but has no effect. Tabs and, with ``keep_newlines``,
    line breaks stay as they are."""
    kept = "\t\n" if keep_newlines else "\t"
    if not any(is_unsafe_char(char) and char not in kept for char in text):
        return text
    return "".join(_escape(char) if is_unsafe_char(char) and char not in kept else char for char in text)


def without_controls(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` for an exported document (CSV, Markdown, HTML): unsafe characters removed,
    tabs turned into spaces; line breaks kept only with ``keep_newlines``."""
    kept = "\n" if keep_newlines else ""
    cleaned = []
    for char in text:
        if char == "\t":
            cleaned.append(" ")
        elif char in kept or not is_unsafe_char(char):
            cleaned.append(char)
    return "".join(cleaned)
