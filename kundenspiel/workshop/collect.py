"""Reading a group's playthroughs from a save folder (blocking I/O: call from a worker)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from kundenspiel.safe_text import visible
from kundenspiel.store import PlaythroughRecord, SaveStore, StoreError, StoreNotice
from kundenspiel.store.groups import Group, GroupStore, normalize_code, placeholder_title
from kundenspiel.store.labels import assign_labels, stored_labels
from kundenspiel.workshop.aggregate import GroupData


class UnknownGroupError(StoreError):
    """No group with that code here and no playthrough carries it; the message is German."""


def shown_code(code: str) -> str:
    """A code as typed, safe to put in a message: control characters made visible, at most 20."""
    shown = visible(code.strip())
    return shown if len(shown) <= 20 else shown[:19] + "…"


def find_group(store: SaveStore, code: str, groups: GroupStore | None = None) -> Group | None:
    """The group with this code from ``groups.json``, or None. Pass ``groups`` to collect the
    notices of a repair of that file from it."""
    return (groups or GroupStore(store.root)).find(code)


def read_group(
    store: SaveStore, code: str, *, require_known: bool = True, groups: GroupStore | None = None
) -> GroupData:
    """Every player and every playthrough with this group code.

    A code that is not in ``groups.json`` is still accepted when playthroughs carry it (they may
    come from laptops that never knew the group); with neither, ``UnknownGroupError`` unless
    ``require_known`` is False. Notices (repaired files) are left in ``store`` and ``groups``.
    """
    normalized = normalize_code(code)
    if not normalized:
        raise UnknownGroupError("Bitte gib einen Gruppencode an, z. B. KR7M.")
    groups = groups or GroupStore(store.root)
    group = groups.find(normalized)
    players = {player.key: player for player in store.players()}
    records = []
    for key in players:
        for record in store.playthroughs(key):
            if record.group_code and normalize_code(record.group_code) == normalized:
                records.append(record)
    labels = _labels(groups, normalized, records)
    if group is None and not records and require_known:
        known = ", ".join(visible(g.code) for g in groups.groups())
        hint = (
            f" Bekannte Gruppen: {known}."
            if known
            else ' Lege eine an mit: kundenspiel workshop new "Titel".'
        )
        raise UnknownGroupError(f"Eine Gruppe „{shown_code(code)}“ gibt es hier nicht.{hint}")
    title = group.title if group else placeholder_title(normalized)
    return GroupData(code=normalized, title=title, players=players, records=records, labels=labels)


def _first_seen(records: Iterable[PlaythroughRecord]) -> list[str]:
    """The player keys of ``records`` in the order they started playing (who was seen first)."""
    firsts: dict[str, tuple[datetime, str]] = {}
    for record in records:
        moment = (record.started_at, record.id)
        if record.player_key not in firsts or moment < firsts[record.player_key]:
            firsts[record.player_key] = moment
    return sorted(firsts, key=lambda key: firsts[key])


def _labels(groups: GroupStore, code: str, records: list[PlaythroughRecord]) -> dict[str, int]:
    """The group's participant numbers, giving the next free ones to players seen for the first
    time. If they cannot be stored (a folder the trainer may only read), the numbers are
    handed out for this read only and a notice says so; the debrief still opens."""
    keys = _first_seen(records)
    try:
        return assign_labels(groups, code, keys)
    except StoreError as error:
        groups.note(
            StoreNotice(f"Die Nummern der Teilnehmenden ließen sich nicht speichern: {error}", groups.path)
        )
        numbers = stored_labels(groups, code)
        for key in keys:
            numbers.setdefault(key, max(numbers.values(), default=0) + 1)
        return numbers


def label_group(store: SaveStore, code: str, groups: GroupStore | None = None) -> dict[str, int]:
    """Give everyone with playthroughs of this group who has no participant number yet the next
    ones (in the order they started), and return all of the group's numbers."""
    wanted = normalize_code(code)
    records = [
        record
        for player in store.players()
        for record in store.playthroughs(player.key)
        if record.group_code and normalize_code(record.group_code) == wanted
    ]
    return _labels(groups or GroupStore(store.root), wanted, records)
