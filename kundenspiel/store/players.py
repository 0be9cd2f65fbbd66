"""Who is who: a player's key, how a typed name finds a known player, and how names are shown.

Names are compared by ``name_identity`` (case and Unicode encoding do not matter), so „Alex“,
„alex“ and „ALEX“ are one player, stored under the spelling they first used. The key stays a
hash of the name *as first stored*: folders written before names were matched this way keep
working, and two players from then whose names differ only in case both stay listed; a name
typed exactly as one of them finds that one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from kundenspiel.store.layout import KEY_LENGTH
from kundenspiel.store.models import PlayerRef
from kundenspiel.store.names import name_identity

_DISPLAY_NAME_LENGTH = 40


def player_key(name: str) -> str:
    """The stable key of a player name: part of its SHA-256, so the same name always finds the
    same file and no file name ever contains what the player typed."""
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:KEY_LENGTH]


def matching_player(players: Iterable[PlayerRef], name: str) -> PlayerRef | None:
    """The known player a (normalised) name means: the one stored under exactly this name, else
    the first one created whose name has the same identity; None if nobody matches."""
    candidates = list(players)
    key = player_key(name)
    exact = [player for player in candidates if player.key == key]
    if exact:
        return exact[0]
    identity = name_identity(name)
    same = [player for player in candidates if name_identity(player.name) == identity]
    return min(same, key=lambda p: (p.created_at, p.name, p.key), default=None)


def display_name(name: str) -> str:
    """A player name made safe to show inside a sentence: no control characters, not too long."""
    shown = "".join(char if char.isprintable() else "\N{REPLACEMENT CHARACTER}" for char in name)
    if len(shown) > _DISPLAY_NAME_LENGTH:
        shown = shown[: _DISPLAY_NAME_LENGTH - 1] + "…"
    return shown
