"""Repairing the store's files: damaged ones are set aside and restored, missing ones recovered.

Kept apart from ``SaveStore`` so that the everyday paths (read, save) and the rare ones (a file
cut short by a crash, a vanished index) can each be read on their own. Every repair is
announced through ``notify`` as a German notice naming the file.

A repair never leaves less than it found: the damaged file first gets a second name
(``….broken-<time>.json``) while it stays where it is, then the restored copy replaces it
atomically. If that fails (a full disk), the second name is removed again, nothing has changed,
and a German ``StoreError`` says so; the next attempt starts from the same state.
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
    broken_copies,
    encode_tables,
    is_link,
    move_aside,
    read_tables,
    replace_atomically,
    replace_damaged,
)
from kundenspiel.store.layout import PLAYER_FILE_PATTERN, PLAYERS_TABLE, PROFILE_TABLE, StoreFile
from kundenspiel.store.locking import reason
from kundenspiel.store.models import PlayerRef, StoreError

_LINK_NOTE = (
    "ein symbolischer Link statt einer Datei; aus Sicherheitsgründen wurde er weder gelesen noch "
    "beschrieben, sondern"
)


@dataclass
class Repairer:
    """Repairs files of one save folder; the store hands in what it knows about them."""

    clock: Callable[[], datetime]
    players_dir: Path
    subject: Callable[[StoreFile], str]
    peek_player: Callable[[str], PlayerRef | None]
    notify: Callable[[str, Path], None]

    def read_backup(self, file: StoreFile) -> Tables | None:
        """The backup's tables, or None when there is none or it is damaged too (a backup that is
        a symbolic link is moved aside, unread)."""
        self.refuse_linked_backup(file)
        try:
            return read_tables(backup_path(file.path))
        except DamagedFileError:
            return None

    def refuse_linked_backup(self, file: StoreFile) -> None:
        """Move a ``.bak`` that is a symbolic link aside (the link, not its target) and say so."""
        backup = backup_path(file.path)
        if not is_link(backup):
            return
        moved = move_aside(backup, self.clock())
        self.notify(
            f"Die Sicherung „{backup}“ war {_LINK_NOTE} nach „{moved}“ verschoben. Die nächste "
            "Speicherung legt eine neue Sicherung an.",
            moved,
        )

    def repair(self, file: StoreFile, damage: DamagedFileError) -> Tables:
        """Set a damaged file aside, restore its backup (or start it anew) and say so."""
        subject = self.subject(file)
        backup = self.read_backup(file)
        what = f"war {_LINK_NOTE}" if damage.linked else "war beschädigt und wurde"
        if backup is not None:
            tables = self.with_all_players(backup) if file.is_index else backup
            outcome = "; der letzte gute Stand wurde wiederhergestellt."
        elif file.is_index:
            tables = self.with_all_players({})
            outcome = (
                ". Eine gute Sicherung gab es nicht, deshalb wurde sie aus den Spielständen neu aufgebaut."
            )
        else:
            tables = self._profile_only(file)
            outcome = (
                ". Eine gute Sicherung gab es nicht, deshalb beginnt er leer; die verschobene Datei "
                "bleibt erhalten."
            )
        broken = self._replace_keeping(file, tables, subject)
        self.notify(f"{subject} {what} nach „{broken}“ verschoben{outcome}", broken)
        return tables

    def _replace_keeping(self, file: StoreFile, tables: Tables, subject: str) -> Path:
        """Replace a damaged file with ``tables``, keeping the damaged one under a broken name;
        on failure everything stays as it was and a German StoreError says so."""
        try:
            return replace_damaged(file.path, encode_tables(tables), self.clock())
        except OSError as error:
            raise StoreError(
                f"{subject} ist beschädigt und konnte nicht repariert werden ({reason(error)}); es wurde "
                "nichts verändert. Bitte prüfe, ob noch Platz auf dem Datenträger ist, und versuch es "
                "dann noch einmal."
            ) from error

    def _profile_only(self, file: StoreFile) -> Tables:
        # No playthroughs survive, but the profile does when the index knows the player, so a
        # later rebuild of the index still finds them.
        player = self.peek_player(file.key) if file.key else None
        return {PROFILE_TABLE: {"1": player.stored()}} if player else {}

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
        broken = broken_copies(file.path)
        if file.is_index:
            tables = self.with_all_players({})
            if tables or broken:
                replace_atomically(file.path, encode_tables(tables), keep_backup=False)
                self.notify(self._index_rebuilt(file, broken, bool(tables)), file.path)
            return tables
        if not broken:
            return {}
        # Written at once, so the player is told once, not on every read of the missing file.
        tables = self._profile_only(file)
        replace_atomically(file.path, encode_tables(tables), keep_backup=False)
        self.notify(
            f"{self.subject(file)} fehlte, und eine gute Sicherung gibt es nicht; er beginnt deshalb "
            f"leer. Die zuletzt beiseitegelegte beschädigte Fassung bleibt in „{broken[-1]}“ erhalten.",
            file.path,
        )
        return tables

    @staticmethod
    def _index_rebuilt(file: StoreFile, broken: list[Path], rebuilt: bool) -> str:
        message = (
            f"Die Spielerliste fehlte und wurde aus den Spielständen neu aufgebaut; sie steht wieder in "
            f"„{file.path}“."
            if rebuilt
            else f"Die Spielerliste fehlte und wurde leer neu angelegt in „{file.path}“."
        )
        if broken:
            message += f" Eine beschädigte Fassung bleibt in „{broken[-1]}“ erhalten."
        return message

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
                    players[str(next_id)] = player.stored()
                    listed.add(player.key)
                    next_id += 1
        if not players:
            return index
        return {**index, PLAYERS_TABLE: players}
