"""Progress storage: players and their playthroughs in TinyDB, safe against crashes and against
several processes sharing one save folder.

Plain Python: it never imports Textual or the engine, and the game talks to it only through
``SaveStore`` and the records below.

Layout of the save folder (``saves/`` by default)::

    index.json                  the player list: table "players" with key, name, created_at
    index.json.bak              the index as it was before its last change
    players/<key>.json          one TinyDB file per player: table "profile" (key, name,
                                created_at) and table "playthroughs" (one document per record)
    players/<key>.json.bak      that file before its last save
    players/<key>.broken-<YYYYmmdd-HHMMSS>.json
                                a damaged file, moved aside byte for byte (index.broken-… likewise)
    locks/index.json.lock, locks/<key>.json.lock
                                cross-process locks (filelock), one per file; they stay in place
    <file>.tmp, <file>.bak.tmp  a write in progress, or one cut short by a crash; never read,
                                overwritten by the next write

``<key>`` is derived from a hash of the player's name (``player_key``), so a name with slashes,
dots, control characters or emoji never becomes part of a path. Each player has their own file,
so 30 trainees saving at once do not wait for each other; the index is written only when a new
player appears. The player files also carry the profile, so a lost index is rebuilt from them.

Every write takes the file's lock, re-reads the file, changes it through a fresh TinyDB and
replaces the file atomically (temp file, fsync, backup by hard link, rename, fsync of the folder).
A damaged file is never read as empty: it is moved aside, the backup is restored if it is good,
and a German ``StoreNotice`` says what happened.
"""

from kundenspiel.store.models import PlayerRef, PlaythroughRecord, StepRecord, StoreError, StoreNotice
from kundenspiel.store.savestore import SaveStore, player_key

__all__ = [
    "PlayerRef",
    "PlaythroughRecord",
    "SaveStore",
    "StepRecord",
    "StoreError",
    "StoreNotice",
    "player_key",
]
