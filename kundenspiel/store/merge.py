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

Unless the export says which device its players played on (``store.device``): then a name that
is here already, but for somebody from another device, is somebody else. The imported person is
kept apart under the name with the device's label („Anna (Gerät 7K3M)“), and a warning says how
to merge the two if they are the same person after all. A player from the same device (a
re-import) finds the one imported before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kundenspiel.store.device import device_label
from kundenspiel.store.models import PlayerRef, PlaythroughConflict, PlaythroughRecord, StoreError
from kundenspiel.store.names import name_identity, normalize_name
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


@dataclass(frozen=True)
class Origins:
    """Where imported players played: ``devices`` maps the file's player keys to device ids (keys
    missing: an older export that does not say), ``local`` is this folder's device id."""

    devices: Mapping[str, str]
    local: str


def _from_device(player: PlayerRef, origins: Origins) -> str:
    return player.device or origins.local


def _labelled(name: str, device: str, *, full: bool = False) -> str:
    return f"{name} ({device_label(device, full=full)})"


def _local_player(
    store: SaveStore, name: str, device: str | None, origins: Origins | None, ids: set[str]
) -> tuple[PlayerRef, bool]:
    """The player here that the imported ``name`` from ``device`` is, created if new; and whether
    somebody else here has that name, so the imported one was kept apart under a labelled name.
    A same-named player here who already has one of the playthroughs ``ids`` is that person."""
    if origins is None or device is None:
        return store.ensure_player(name), False
    identity = name_identity(name)
    apart = {name_identity(_labelled(name, device, full=full)) for full in (False, True)}
    players = store.players()
    namesakes = [known for known in players if name_identity(known.name) in {identity, *apart}]
    for known in namesakes:
        if _from_device(known, origins) == device:
            return known, False
    for known in namesakes:
        if any(record.id in ids for record in store.playthroughs(known.key)):
            return known, False
    stored_device = None if device == origins.local else device
    if not any(name_identity(known.name) == identity for known in players):
        return store.ensure_player(name, device=stored_device), False
    short = _labelled(name, device)
    taken = any(name_identity(known.name) == name_identity(short) for known in players)
    shown = _labelled(name, device, full=True) if taken else short
    return store.ensure_player(shown, device=stored_device), True


def _kept_apart(name: str, player: PlayerRef, code: str | None) -> str:
    return (
        f"„{name}“ gibt es hier schon, aber von einem anderen Gerät: Die Person aus der Datei steht "
        f"getrennt als „{player.name}“. Ist es dieselbe Person, führ die beiden zusammen: "
        f'kundenspiel workshop merge {code or "CODE"} "{name}" "{player.name}"'
    )


def merge_playthroughs(
    store: SaveStore,
    names: Mapping[str, str],
    records: Iterable[PlaythroughRecord],
    origins: Origins | None = None,
) -> MergeResult:
    """Merge ``records`` into ``store``; ``names`` maps the player keys used in the records (the
    exporting folder's keys) to the players' names, ``origins`` says which device they played on
    (None: as an older export, by name only). See the module doc.

    Each record is filed under the player ``store.ensure_player`` gives for its name (or its
    name with a device label), so the key here is the store's own (one name normalisation for
    every way in), whatever key the other folder used.
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
        device = origins.devices.get(key) if origins is not None else None
        try:
            player, apart = _local_player(store, name, device, origins, {r.id for r in incoming})
        except StoreError as error:
            result.refused.append(
                f"{counted(len(incoming), 'Durchlauf', 'Durchläufe')} von „{name}“ nicht importiert: {error}"
            )
            continue
        if apart:
            result.warnings.append(_kept_apart(name, player, incoming[0].group_code))
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
