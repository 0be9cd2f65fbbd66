"""Participant numbers that stay put for the life of a group („Teilnehmer 4“ stays 4).

Anonymous debriefs and exports call people „Person N“. Numbering them afresh on every read
would shift everyone when an import brings in somebody who started earlier. So each player gets
their number the first time they are seen in a group, and it is stored in ``groups.json``
(table "labels", one document per group: ``{"code", "numbers": {player key: N}, "next"}``),
under the same lock and with the same crash safety as the groups. ``next`` only grows, so a
person deleted with ``kundenspiel forget`` leaves a gap instead of moving the others up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kundenspiel.store.files import Tables
from kundenspiel.store.groups import GroupStore, normalize_code

LABELS_TABLE = "labels"


def _numbers(document: Mapping[str, Any]) -> dict[str, int]:
    numbers = document.get("numbers")
    if not isinstance(numbers, dict):
        return {}
    return {
        key: number
        for key, number in numbers.items()
        if isinstance(key, str) and isinstance(number, int) and not isinstance(number, bool) and number > 0
    }


def _document(tables: Tables, code: str) -> tuple[str | None, dict[str, int], int]:
    """The labels document of a group: its id (None if there is none), numbers and next number."""
    for doc_id, document in tables.get(LABELS_TABLE, {}).items():
        if document.get("code") == code:
            numbers = _numbers(document)
            stored_next = document.get("next")
            floor = max(numbers.values(), default=0) + 1
            next_number = stored_next if isinstance(stored_next, int) and stored_next > floor else floor
            return doc_id, numbers, next_number
    return None, {}, 1


def stored_labels(groups: GroupStore, code: str) -> dict[str, int]:
    """Player key → participant number as stored for the group with this code."""
    return _document(groups.tables(), normalize_code(code))[1]


def numbered_in(groups: GroupStore, key: str) -> list[str]:
    """The codes of the groups in which this player has a participant number."""
    tables = groups.tables()
    codes = {str(document.get("code")) for document in tables.get(LABELS_TABLE, {}).values()}
    return sorted(code for code in codes if key in _document(tables, code)[1])


def assign_labels(groups: GroupStore, code: str, keys: Iterable[str]) -> dict[str, int]:
    """The group's numbers after giving each of ``keys`` (in the order given: who was seen first)
    that has none yet the next free number; written only when somebody new was seen."""
    wanted = normalize_code(code)
    ordered = list(dict.fromkeys(keys))
    known = _document(groups.tables(), wanted)[1]
    if all(key in known for key in ordered):
        return known
    result: dict[str, int] = {}

    def with_new_numbers(tables: Tables) -> Tables | None:
        doc_id, numbers, next_number = _document(tables, wanted)
        result.update(numbers)
        missing = [key for key in ordered if key not in numbers]
        if not missing:
            return None
        for key in missing:
            result[key] = next_number
            next_number += 1
        documents = dict(tables.get(LABELS_TABLE, {}))
        if doc_id is None:
            doc_id = str(max((int(known_id) for known_id in documents), default=0) + 1)
        documents[doc_id] = {"code": wanted, "numbers": dict(result), "next": next_number}
        return {**tables, LABELS_TABLE: documents}

    groups.edit(with_new_numbers)
    return result


def forget_labels(groups: GroupStore, key: str) -> int:
    """Remove a player's numbers from every group (their number is not given to anyone else);
    return in how many groups they had one."""
    removed = 0

    def without_player(tables: Tables) -> Tables | None:
        nonlocal removed
        documents = dict(tables.get(LABELS_TABLE, {}))
        for doc_id, document in documents.items():
            numbers = _numbers(document)
            if key in numbers:
                _, _, next_number = _document({LABELS_TABLE: {doc_id: document}}, str(document.get("code")))
                del numbers[key]
                documents[doc_id] = {**document, "numbers": numbers, "next": next_number}
                removed += 1
        return {**tables, LABELS_TABLE: documents} if removed else None

    groups.edit(without_player)
    if removed:
        # Once more unchanged, so the backup (the file before the first write) loses the key too.
        groups.edit(lambda tables: tables)
    return removed


def remove_group(groups: GroupStore, code: str) -> bool:
    """Delete a group with its participant numbers; False when neither was there."""
    return groups.remove(code, tables_too=(LABELS_TABLE,))
