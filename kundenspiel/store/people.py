"""Changing who a playthrough belongs to, and forgetting a person: the rare writes of the store.

Kept beside ``SaveStore`` (which stays about playing and saving) but working through its locks
and files, with the same rules: lock order index before player file, every file replaced
atomically, nothing read or written through a symbolic link.

Both operations are ordered so that a crash at any moment loses nothing that was to be kept:
``move_playthroughs`` saves the copy under the new player before it removes the original (a
crash in between leaves a copy in both places, and running it again finishes the move);
``forget_player`` removes the player's own file before their entry in the player list (a crash
in between leaves an empty entry, and running it again removes that too).
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from tinydb import where

from kundenspiel.store.files import Tables, backup_path, broken_copies, encode_tables, replace_atomically
from kundenspiel.store.layout import PLAYERS_TABLE, PLAYTHROUGHS_TABLE
from kundenspiel.store.models import PlayerRef, PlaythroughRecord, StoreError
from kundenspiel.store.players import display_name
from kundenspiel.store.savestore import SaveStore
from kundenspiel.store.storage import open_database


def remove_playthroughs(store: SaveStore, player: PlayerRef, ids: Collection[str]) -> int:
    """Remove the playthroughs with these ids from the player's file; return how many were there."""
    file = store._player_file(store._checked_key(player.key))
    with (
        store._disk_errors("Die Durchläufe konnten nicht entfernt werden"),
        store._locked(file),
        open_database(file.path, store._load_locked(file)) as db,
    ):
        table = db.table(PLAYTHROUGHS_TABLE)
        doc_ids = [document.doc_id for document in table.search(where("id").one_of(list(ids)))]
        if doc_ids:
            table.remove(doc_ids=doc_ids)
    return len(doc_ids)


def move_playthroughs(
    store: SaveStore, source: PlayerRef, target: PlayerRef, records: Collection[PlaythroughRecord]
) -> int:
    """Give ``records`` (playthroughs of ``source``) to ``target``: saved there first, then
    removed from ``source``; return how many moved."""
    for record in records:
        moved = record.model_copy(update={"player_key": target.key, "revision": record.revision + 1})
        store.save_playthrough(moved)
    return remove_playthroughs(store, source, [record.id for record in records])


@dataclass
class Forgotten:
    """What ``forget_player`` removed: the files (paths) and how many playthroughs were in them."""

    playthroughs: int = 0
    files: list[Path] = field(default_factory=list)


def _rewrite_index(store: SaveStore, tables: Tables) -> None:
    # Twice: the first write keeps the old list (with the name) as the backup, the second one
    # replaces that backup with the new list, so the name is gone from both.
    payload = encode_tables(tables)
    replace_atomically(store._index.path, payload)
    replace_atomically(store._index.path, payload)


def forget_player(store: SaveStore, player: PlayerRef) -> Forgotten:
    """Delete a player from the save folder: their file with every playthrough, its backup and
    set-aside damaged copies, and their entry in the player list (also from its backup).
    ``StoreError`` while the player is playing in a window, or when the disk refuses."""
    key = store._checked_key(player.key)
    claim = store.claim_player(key)
    if claim is None:
        raise StoreError(
            f"„{display_name(player.name)}“ spielt gerade in einem Fenster. Bitte beende das Spiel dort "
            "und versuch es dann noch einmal; gelöscht wurde nichts."
        )
    file = store._player_file(key)
    forgotten = Forgotten(playthroughs=len(store.playthroughs(key)))
    with claim, store._disk_errors("Die Daten konnten nicht gelöscht werden"), store._locked(store._index):
        index = store._load_locked(store._index)
        with store._locked(file):
            doomed = [file.path, backup_path(file.path), *broken_copies(file.path)]
            doomed += sorted(file.path.parent.glob(f"{file.path.name}*.tmp"))
            for path in doomed:
                if os.path.lexists(path):
                    os.unlink(path)
                    forgotten.files.append(path)
        players = {
            doc_id: document
            for doc_id, document in index.get(PLAYERS_TABLE, {}).items()
            if document.get("key") != key
        }
        _rewrite_index(store, {**index, PLAYERS_TABLE: players})
    return forgotten
