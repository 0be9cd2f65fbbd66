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
                                a damaged file (or a symbolic link found in its place), set aside
                                byte for byte (index.broken-… likewise)
    locks/index.json.lock, locks/<key>.json.lock
                                cross-process locks (filelock), one per file; they stay in place
    locks/<key>.session.lock    held by the window a player is playing in (``claim_player``)
    <file>.<random>.tmp, <file>.bak.<random>.tmp
                                a write in progress, or one cut short by a crash; created
                                exclusively under an unpredictable name, never read; one older
                                than ten minutes is removed when a store opens the folder

``<key>`` is derived from a hash of the player's name as first stored (``player_key``), so a
name with slashes, dots, control characters or emoji never becomes part of a path. Names are
normalised and matched ignoring case (``store.names``): „Alex“ and „ALEX“ are one player. Each
player has their own file, so 30 trainees saving at once do not wait for each other; the index
is written only when a new player appears. The player files also carry the profile, so a lost
index is rebuilt from them.

Every write takes the file's lock, re-reads the file, changes it through a fresh TinyDB and
replaces it atomically (temp file, fsync, backup by hard link, rename, fsync of the folder).
A damaged file is never read as empty: it is set aside, the backup is restored if it is good,
and a German ``StoreNotice`` says what happened; a repair that cannot be written (a full disk)
changes nothing and raises a German ``StoreError``. Nothing is read or written through a
symbolic link: a store file or backup that is one is set aside unread, a planted lock-file
link is removed, and ``players/`` or ``locks/`` being one is refused. Each playthrough carries
a ``revision``; a save older than the stored copy raises ``PlaythroughConflict``, so two
windows playing one playthrough never silently overwrite each other.
"""

from kundenspiel.store.locking import PlayerClaim
from kundenspiel.store.models import (
    PlayerRef,
    PlaythroughConflict,
    PlaythroughRecord,
    StepRecord,
    StoreError,
    StoreNotice,
)
from kundenspiel.store.savestore import SaveStore, player_key

__all__ = [
    "PlayerClaim",
    "PlayerRef",
    "PlaythroughConflict",
    "PlaythroughRecord",
    "SaveStore",
    "StepRecord",
    "StoreError",
    "StoreNotice",
    "player_key",
]
