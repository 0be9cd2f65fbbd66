"""Repairing the store's files: damaged ones are moved aside and restored, missing ones recovered.

Kept apart from ``SaveStore`` so that the everyday paths (read, save) and the rare ones (a file
cut short by a crash, a vanished index) can each be read on their own. Every repair is
announced through ``notify`` as a German notice naming the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from kundenspiel.store.files import (
    DamagedFileError,
    Tables,
    backup_path,
    encode_tables,
    move_aside,
    read_tables,
    replace_atomically,
)
from kundenspiel.store.layout import PLAYER_FILE_PATTERN, PLAYERS_TABLE, PROFILE_TABLE, StoreFile
from kundenspiel.store.models import PlayerRef


@dataclass
class Repairer:
    """Repairs files of one save folder; the store hands in what it knows about them."""

    clock: Callable[[], datetime]
    players_dir: Path
    subject: Callable[[StoreFile], str]
    peek_player: Callable[[str], PlayerRef | None]
    notify: Callable[[str, Path], None]

    def read_backup(self, file: StoreFile) -> Tables | None:
        """The backup's tables, or None when there is none or it is damaged too."""
        try:
            return read_tables(backup_path(file.path))
        except DamagedFileError:
            return None

    def repair(self, file: StoreFile) -> Tables:
        """Move a damaged file aside, restore its backup (or start it anew) and say so."""
        subject = self.subject(file)
        broken = move_aside(file.path, self.clock())
        backup = self.read_backup(file)
        if backup is not None:
            tables = self.with_all_players(backup) if file.is_index else backup
            message = (
                f"{subject} war beschädigt und wurde nach „{broken}“ verschoben; "
                "der letzte gute Stand wurde wiederhergestellt."
            )
        elif file.is_index:
            tables = self.with_all_players({})
            message = (
                f"{subject} war beschädigt und wurde nach „{broken}“ verschoben. Eine gute Sicherung "
                "gab es nicht, deshalb wurde sie aus den Spielständen neu aufgebaut."
            )
        else:
            # No playthroughs survive, but the profile does when the index knows the player, so a
            # later rebuild of the index still finds them.
            player = self.peek_player(file.key) if file.key else None
            tables = {PROFILE_TABLE: {"1": player.model_dump(mode="json")}} if player else {}
            message = (
                f"{subject} war beschädigt und wurde nach „{broken}“ verschoben. Eine gute Sicherung "
                "gab es nicht, deshalb beginnt er leer; die verschobene Datei bleibt erhalten."
            )
        replace_atomically(file.path, encode_tables(tables), keep_backup=False)
        self.notify(message, broken)
        return tables

    def recover_missing(self, file: StoreFile) -> Tables:
        """The tables of a file that does not exist (yet), restored where that makes sense."""
        # A file that is gone while its backup exists was most likely being repaired when the
        # process died (moved aside, not yet restored): finish the job.
        backup = self.read_backup(file)
        if backup is not None:
            tables = self.with_all_players(backup) if file.is_index else backup
            replace_atomically(file.path, encode_tables(tables), keep_backup=False)
            self.notify(
                f"{self.subject(file)} fehlte; der letzte gute Stand wurde aus „{backup_path(file.path)}“ "
                "wiederhergestellt.",
                file.path,
            )
            return tables
        if file.is_index:
            tables = self.with_all_players({})
            if tables:
                replace_atomically(file.path, encode_tables(tables), keep_backup=False)
                self.notify(
                    f"Die Spielerliste fehlte und wurde aus den Spielständen neu aufgebaut; sie steht "
                    f"wieder in „{file.path}“.",
                    file.path,
                )
            return tables
        return {}

    def with_all_players(self, index: Tables) -> Tables:
        """The index plus every player whose file names them but the index does not (the index may
        come from an older backup, or be rebuilt from nothing)."""
        players = dict(index.get(PLAYERS_TABLE, {}))
        listed = {document.get("key") for document in players.values()}
        next_id = max((int(doc_id) for doc_id in players), default=0) + 1
        for path in sorted(self.players_dir.iterdir()):
            if not PLAYER_FILE_PATTERN.fullmatch(path.name) or path.stem in listed:
                continue
            try:
                tables = read_tables(path)
            except DamagedFileError:
                continue
            for document in (tables or {}).get(PROFILE_TABLE, {}).values():
                try:
                    player = PlayerRef.model_validate(document)
                except ValidationError:
                    continue
                if player.key == path.stem and player.key not in listed:
                    players[str(next_id)] = player.model_dump(mode="json")
                    listed.add(player.key)
                    next_id += 1
        if not players:
            return index
        return {**index, PLAYERS_TABLE: players}
