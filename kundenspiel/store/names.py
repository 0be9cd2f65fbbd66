"""One normalisation of player names for every way a name comes in: sign-in, import, tests.

A name is stored as the player typed it, after ``normalize_name``; two names that differ only
in case or in how their umlauts are encoded (``Jürgen`` typed on a Mac is ``u`` + combining
diaeresis) belong to one player, found by ``name_identity``.
"""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """The name as stored: Unicode NFC, no leading or trailing white space, inner runs of white
    space (including tabs and line breaks) as one space."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", name)).strip()


def name_identity(name: str) -> str:
    """What makes two names the same player: the normalised name, case-folded."""
    return unicodedata.normalize("NFC", normalize_name(name).casefold())
