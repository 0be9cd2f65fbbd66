"""The JSON Schema of the scenario format, generated from the pydantic models.

Editors with the YAML language server use it to complete keys and flag mistakes while a
trainer types; ``kundenspiel check`` stays the authority (references, story checks, positions).
The models' docstrings are English (they are code); editors show descriptions to trainers, so
they are replaced by German ones here, and the generated titles (just the key names) dropped.
"""

from __future__ import annotations

from typing import Any

from kundenspiel.engine.models import Scenario

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

GERMAN_DESCRIPTIONS: dict[str, str] = {
    "Scenario": "Ein Szenario für kundenspiel – der Leitfaden steht in scenarios/README.md.",
    "Source": "Eine Quelle: Artikel, Autorin oder Autor, Datum; Link und Zitat optional.",
    "Start": "Wo ein Durchlauf beginnt: Station, Messwerte und gesetzte Merker.",
    "MeterValues": "Ein Wert für jeden Messwert, 0 bis 100.",
    "MeterDeltas": "Wie eine Auswahl die Messwerte ändert (−100 bis 100); fehlende bleiben gleich.",
    "MeterWeights": "Wie stark jeder Messwert in die Punktzahl eingeht (0 bis 100).",
    "Scoring": "Wie die Punktzahl (0–100) aus Messwerten und Bewertung des Endes entsteht.",
    "Choice": "Eine Auswahl in einer Station: Text, Bedingung, Wirkungen, Rückmeldung, Ziel.",
    "Node": "Eine Station: eine Situation, in der die Teilnehmenden entscheiden.",
    "Ending": "Ein Ende mit Bewertung: gelungen, gemischt oder gescheitert.",
    "Rating": "Bewertung eines Endes.",
    "PathTest": "Ein Pfadtest: Auswahlen ab Start, erwartetes Ende und Messwert-Bereiche.",
    "MeterBounds": "Erwartete Bereiche der Messwerte am Ende eines Pfadtests.",
    "MeterBound": "Ein Bereich: „min“ und/oder „max“, 0 bis 100.",
}


def _without_titles(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _without_titles(item)
            for key, item in value.items()
            if not (key == "title" and isinstance(item, str))
        }
    if isinstance(value, list):
        return [_without_titles(item) for item in value]
    return value


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema of one scenario file, with German descriptions."""
    schema: dict[str, Any] = _without_titles(Scenario.model_json_schema())
    for name, definition in schema.get("$defs", {}).items():
        if name in GERMAN_DESCRIPTIONS:
            definition["description"] = GERMAN_DESCRIPTIONS[name]
        else:
            definition.pop("description", None)
    schema["description"] = GERMAN_DESCRIPTIONS["Scenario"]
    return {"$schema": SCHEMA_DIALECT, "title": "kundenspiel-Szenario", **schema}
