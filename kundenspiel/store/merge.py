"""Merging playthroughs from another save folder (an export from another laptop) into this one.

Idempotent: a record already here exactly as imported is left alone, so importing the same file
twice adds nothing. A record is identified by its id (a random UUID made when the playthrough
started), so two laptops never produce the same id for different playthroughs.

When the same id is here with other content:

- the imported copy continues the local one (same steps so far, more of them, or it ended where
  the local one is still running): the local copy is brought up to date;
- the local copy continues the imported one: the import is older, nothing changes;
- anything else (different choices, different player): a conflict; the local copy is kept and the
  conflict is reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kundenspiel.store.models import PlayerRef, PlaythroughRecord
from kundenspiel.store.savestore import SaveStore, player_key


@dataclass
class MergeResult:
    """What an import did; ``conflicts`` are German sentences, one per record kept unchanged."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)

    def include(self, other: MergeResult) -> None:
        """Add the counts and conflicts of another import to this one."""
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.conflicts.extend(other.conflicts)


def _continues(newer: PlaythroughRecord, older: PlaythroughRecord) -> bool:
    """True when ``newer`` is ``older`` played further (or finished/given up), nothing rewritten."""
    if newer.player_key != older.player_key or newer.scenario_id != older.scenario_id:
        return False
    if older.status != "laufend" and newer.model_dump() != older.model_dump():
        return False
    if len(newer.steps) < len(older.steps):
        return False
    same_start = newer.choice_ids[: len(older.steps)] == older.choice_ids
    return same_start and (len(newer.steps) > len(older.steps) or newer.status != "laufend")


def merge_playthroughs(
    store: SaveStore, players: Iterable[PlayerRef], records: Iterable[PlaythroughRecord]
) -> MergeResult:
    """Merge ``records`` of ``players`` (as exported elsewhere) into ``store``; see the module doc."""
    result = MergeResult()
    names = {player.key: player.name for player in players}
    by_player: dict[str, list[PlaythroughRecord]] = {}
    for record in records:
        by_player.setdefault(record.player_key, []).append(record)
    for key, incoming in by_player.items():
        name = names.get(key)
        if name is None or player_key(name) != key:
            result.conflicts.append(
                f"{len(incoming)} Durchläufe gehören zu keinem Namen in der Datei und wurden übersprungen."
            )
            continue
        player = store.ensure_player(name)
        local = {record.id: record for record in store.playthroughs(player.key)}
        for record in incoming:
            known = local.get(record.id)
            if known is None:
                store.save_playthrough(record)
                result.added += 1
            elif known.model_dump() == record.model_dump() or _continues(known, record):
                result.unchanged += 1
                continue
            elif _continues(record, known):
                store.save_playthrough(record)
                result.updated += 1
            else:
                result.conflicts.append(
                    f"Der Durchlauf {record.id[:8]} von „{name}“ ({record.scenario_id}) ist hier schon "
                    "mit anderen Entscheidungen gespeichert; der Stand hier bleibt erhalten."
                )
                continue
            # A record repeated within one import is judged against what is stored now.
            local[record.id] = record
    return result
