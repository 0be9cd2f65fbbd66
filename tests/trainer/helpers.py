"""Small scenarios for the trainer tools, written as data so each test shows its whole input."""

from __future__ import annotations

from typing import Any

from kundenspiel.engine.models import Scenario


def scenario_data(
    nodes: list[dict[str, Any]],
    endings: dict[str, str],
    *,
    start: str = "a",
    meters: tuple[int, int, int] = (50, 50, 50),
    flags: tuple[str, ...] = ("f1", "f2"),
    scoring: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A complete scenario around ``nodes``; ``endings`` maps ending id to rating."""
    data: dict[str, Any] = {
        "id": "probe",
        "version": 1,
        "title": "Probe",
        "summary": "Ein Testszenario.",
        "role": "Du testest.",
        "sources": [{"article": "A", "author": "B", "date": "ohne Datum"}],
        "learning_goals": ["Du testest.", "Du testest gründlich."],
        "flags": {flag: f"Merker {flag}" for flag in flags},
        "start": {
            "node": start,
            "meters": dict(zip(("motivation", "vertrauen", "befugnis"), meters, strict=True)),
        },
        "nodes": nodes,
        "endings": [
            {"id": ending_id, "title": f"Ende {ending_id}", "text": "Aus.", "rating": rating}
            for ending_id, rating in endings.items()
        ],
    }
    if scoring is not None:
        data["scoring"] = scoring
    return data


def node(node_id: str, *choices: dict[str, Any]) -> dict[str, Any]:
    """A node with the given choices."""
    return {"id": node_id, "text": f"Station {node_id}.", "choices": list(choices)}


def choice(choice_id: str, next_id: str, **extra: Any) -> dict[str, Any]:
    """A choice; ``extra`` holds effects, condition, set_flags …"""
    return {"id": choice_id, "text": f"Auswahl {choice_id}.", "next": next_id, **extra}


def build(nodes: list[dict[str, Any]], endings: dict[str, str], **options: Any) -> Scenario:
    """The validated scenario."""
    return Scenario.model_validate(scenario_data(nodes, endings, **options))
