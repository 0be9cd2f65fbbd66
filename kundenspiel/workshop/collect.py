"""Reading a group's playthroughs from a save folder (blocking I/O: call from a worker)."""

from __future__ import annotations

from kundenspiel.safe_text import visible
from kundenspiel.store import SaveStore, StoreError
from kundenspiel.store.groups import Group, GroupStore, normalize_code, placeholder_title
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
    if group is None and not records and require_known:
        known = ", ".join(visible(g.code) for g in groups.groups())
        hint = (
            f" Bekannte Gruppen: {known}."
            if known
            else ' Lege eine an mit: kundenspiel workshop new "Titel".'
        )
        raise UnknownGroupError(f"Eine Gruppe „{shown_code(code)}“ gibt es hier nicht.{hint}")
    title = group.title if group else placeholder_title(normalized)
    return GroupData(code=normalized, title=title, players=players, records=records)
