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

Players are matched by name, not by key: each record is filed under the player that
``SaveStore.ensure_player`` gives for its (normalised) name, so " Alex " from an older laptop
lands with "Alex" here and a second import finds it again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kundenspiel.store.models import PlaythroughConflict, PlaythroughRecord, StoreError
from kundenspiel.store.names import normalize_name
from kundenspiel.store.savestore import SaveStore
from kundenspiel.wording import counted


@dataclass
class MergeResult:
    """What an import did. The lists hold German sentences: ``conflicts`` one per record kept
    unchanged because it contradicts the one here, ``refused`` one per record (or group of records)
    not imported because it is unusable, ``warnings`` about what was imported but needs a look."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def include(self, other: MergeResult) -> None:
        """Add the counts and messages of another import to this one."""
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.conflicts.extend(other.conflicts)
        self.refused.extend(other.refused)
        self.warnings.extend(other.warnings)


def _same(one: PlaythroughRecord, other: PlaythroughRecord) -> bool:
    """The same content; ``revision`` aside, which only orders saves within one folder."""
    return one.model_dump(exclude={"revision"}) == other.model_dump(exclude={"revision"})


def _continues(newer: PlaythroughRecord, older: PlaythroughRecord) -> bool:
    """True when ``newer`` is ``older`` played further (or finished/given up), nothing rewritten."""
    if newer.player_key != older.player_key or newer.scenario_id != older.scenario_id:
        return False
    if older.status != "laufend" and not _same(newer, older):
        return False
    if len(newer.steps) < len(older.steps):
        return False
    same_start = newer.choice_ids[: len(older.steps)] == older.choice_ids
    return same_start and (len(newer.steps) > len(older.steps) or newer.status != "laufend")


def merge_playthroughs(
    store: SaveStore, names: Mapping[str, str], records: Iterable[PlaythroughRecord]
) -> MergeResult:
    """Merge ``records`` into ``store``; ``names`` maps the player keys used in the records (the
    exporting folder's keys) to the players' names. See the module doc.

    Each record is filed under the player ``store.ensure_player`` gives for its name, so the key
    here is the store's own (one name normalisation for every way in), whatever key the other
    folder used.
    """
    result = MergeResult()
    by_player: dict[str, list[PlaythroughRecord]] = {}
    for record in records:
        by_player.setdefault(record.player_key, []).append(record)
    for key, incoming in by_player.items():
        name = normalize_name(names.get(key, ""))
        if not name:
            result.refused.append(
                f"{counted(len(incoming), 'Durchlauf', 'Durchläufe')} ohne Namen in der Datei: "
                "nicht importiert."
            )
            continue
        try:
            player = store.ensure_player(name)
        except StoreError as error:
            result.refused.append(
                f"{counted(len(incoming), 'Durchlauf', 'Durchläufe')} von „{name}“ nicht importiert: {error}"
            )
            continue
        _merge_player(
            store, name, [r.model_copy(update={"player_key": player.key}) for r in incoming], result
        )
    return result


def _merge_player(
    store: SaveStore, name: str, incoming: list[PlaythroughRecord], result: MergeResult
) -> None:
    """Merge one player's records, already carrying the local player key."""
    local = {record.id: record for record in store.playthroughs(incoming[0].player_key)}
    for record in incoming:
        known = local.get(record.id)
        if known is not None and (_same(known, record) or _continues(known, record)):
            result.unchanged += 1
            continue
        if known is not None and not _continues(record, known):
            result.conflicts.append(
                f"Der Durchlauf {record.id[:8]} von „{name}“ ({record.scenario_id}) ist hier schon "
                "mit anderen Entscheidungen gespeichert; der Stand hier bleibt erhalten."
            )
            continue
        if known is not None and record.revision <= known.revision:
            # Content says the import is newer; a copy from before revisions existed (or from a
            # folder that counted fewer saves) must still pass the store's check for stale saves.
            record = record.model_copy(update={"revision": known.revision + 1})
        try:
            store.save_playthrough(record)
        except PlaythroughConflict:
            # Played on here between reading the local copy and saving the imported one.
            result.conflicts.append(
                f"Der Durchlauf {record.id[:8]} von „{name}“ ({record.scenario_id}) wurde hier gerade "
                "weitergespielt; der Stand hier bleibt erhalten. Importier die Datei später noch einmal."
            )
            continue
        if known is None:
            result.added += 1
        else:
            result.updated += 1
        # A record repeated within one import is judged against what is stored now.
        local[record.id] = record
