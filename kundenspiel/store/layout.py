"""Where the store keeps what: file and table names, and which file a player has."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

KEY_LENGTH = 32
INDEX_NAME = "index.json"
PLAYERS_DIR = "players"
LOCKS_DIR = "locks"
PLAYERS_TABLE = "players"
PROFILE_TABLE = "profile"
PLAYTHROUGHS_TABLE = "playthroughs"
# Long enough for 30 trainees saving at once (each save holds a lock for about a millisecond),
# short enough that a hung process is reported instead of freezing the game.
LOCK_TIMEOUT = 30.0
# filelock polls; its default of 50 ms would add that much to a save whenever two windows collide.
LOCK_POLL_INTERVAL = 0.002

KEY_PATTERN = re.compile(f"[0-9a-f]{{{KEY_LENGTH}}}")
PLAYER_FILE_PATTERN = re.compile(f"[0-9a-f]{{{KEY_LENGTH}}}\\.json")


@dataclass(frozen=True)
class StoreFile:
    """One TinyDB file of the store: the index, or the file of the player with this key."""

    path: Path
    key: str | None = None

    @property
    def is_index(self) -> bool:
        """True for the index file (the player list)."""
        return self.key is None
