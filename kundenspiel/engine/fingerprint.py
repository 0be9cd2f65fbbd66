"""Fingerprints of a scenario: what a saved playthrough compares against.

A playthrough stays valid while the scenario *plays* the same: the same ids, conditions, effects,
flags, targets, competency tags, ratings and scoring. Wording, titles, speakers, coaching, how the
meters are shown and the order of nodes or options in the file do not matter, so a trainer's
spelling fix does not mark every saved run of a group as outdated.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kundenspiel.engine.models import Scenario

STRUCTURE_PREFIX = "s1:"
"""Marks a structural fingerprint; saves written before it hold a content fingerprint."""

# Keys the format gained after saves began to carry content fingerprints, with their defaults.
# Left out of the content fingerprint while they hold the default, so that a new version of
# kundenspiel does not make every saved playthrough of an unchanged scenario look outdated.
LATER_KEYS: dict[str, Any] = {
    "text_when": [],
    "feedback_when": [],
    "next_when": [],
    "foil": False,
    "meter_display": "tendenz",
}

# What a player reads or an author notes, but what does not change how the scenario plays.
_WORDING_KEYS = frozenset(
    {
        "title",
        "summary",
        "role",
        "sources",
        "learning_goals",
        "version",
        "meter_display",
        "text",
        "text_when",
        "speaker",
        "locked_reason",
        "feedback",
        "feedback_when",
        "coaching",
        "foil",
    }
)
_LISTS_BY_ID = frozenset({"nodes", "choices", "endings"})
_DESCRIBED = frozenset({"competencies", "flags"})


def _hash(content: Any, prefix: str = "") -> str:
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"), sort_keys=bool(prefix))
    return prefix + hashlib.sha256(text.encode()).hexdigest()[:16]


def _without_later_defaults(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _without_later_defaults(item)
            for key, item in value.items()
            if not (key in LATER_KEYS and item == LATER_KEYS[key])
        }
    if isinstance(value, list):
        return [_without_later_defaults(item) for item in value]
    return value


def content_fingerprint(scenario: Scenario) -> str:
    """The hash of everything but path tests, wording included: what saves carried before
    structural fingerprints (still accepted for them)."""
    return _hash(_without_later_defaults(scenario.model_dump(mode="json", exclude={"tests"})))


def _structure(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {
            inner: _structure(item, inner)
            for inner, item in value.items()
            if inner not in _WORDING_KEYS and not (inner in LATER_KEYS and item == LATER_KEYS[inner])
        }
    if isinstance(value, list):
        items = [_structure(item) for item in value]
        if key in _LISTS_BY_ID:
            items.sort(key=lambda item: str(item.get("id", "")) if isinstance(item, dict) else "")
        return items
    return value


def structure_fingerprint(scenario: Scenario) -> str:
    """The hash of how the scenario plays (see the module's docstring), marked ``s1:``."""
    content = scenario.model_dump(mode="json", exclude={"tests"})
    for described in _DESCRIBED:
        # Only which competencies and flags exist counts, not how they are described.
        content[described] = sorted(content.get(described, {}))
    return _hash(_structure(content), STRUCTURE_PREFIX)


def fits(saved: str, scenario: Scenario) -> bool:
    """Whether a playthrough saved with fingerprint ``saved`` was played on the scenario as it
    plays now: structurally for new saves, by the whole content for saves written before."""
    if saved.startswith(STRUCTURE_PREFIX):
        return saved == structure_fingerprint(scenario)
    return saved == content_fingerprint(scenario)
