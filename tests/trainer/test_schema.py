"""``kundenspiel schema``: the JSON Schema accepts every built-in scenario and rejects broken ones.

Scenario files are read the way an editor's YAML language server sees them (YAML 1.2, so an
unquoted date is text), then validated with jsonschema.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from kundenspiel.cli import main
from kundenspiel.engine.schema import scenario_schema
from kundenspiel.engine.starter import starter_scenario
from tests.conftest import MINI_SCENARIO, repository_scenarios


def as_editor_sees_it(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): as_editor_sees_it(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_editor_sees_it(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value


def read(text: str) -> Any:
    return as_editor_sees_it(YAML(typ="safe", pure=True).load(text))


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = scenario_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@pytest.mark.parametrize("path", [MINI_SCENARIO, *repository_scenarios()], ids=lambda p: p.stem)
def test_every_builtin_scenario_is_valid(validator: jsonschema.protocols.Validator, path: Path) -> None:
    errors = [error.message for error in validator.iter_errors(read(path.read_text(encoding="utf-8")))]
    assert errors == []


def test_the_starter_file_is_valid(validator: jsonschema.protocols.Validator) -> None:
    assert list(validator.iter_errors(read(starter_scenario("neu")))) == []


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("title: ", "titel: ", "Additional properties"),
        ("    rating: gelungen", "    rating: super", "is not one of"),
        ("    vertrauen: 40", "    vertrauen: 140", "greater than the maximum"),
        ("  - id: leitung", "  - id: Leitung", "does not match"),
        ("role: ", "# role: ", "'role' is a required property"),
        (
            "        effects: {vertrauen: +20}",
            "        effects: {vertrauen: viel}",
            "is not of type 'integer'",
        ),
        ("        competencies: [zuhoeren]", "        competencies: zuhoeren", "is not valid under any"),
        ("        next: leitung", "        weiter: leitung", "Additional properties"),
    ],
)
def test_broken_scenarios_are_rejected(
    validator: jsonschema.protocols.Validator, mini_text: str, old: str, new: str, complaint: str
) -> None:
    assert old in mini_text
    messages = [error.message for error in validator.iter_errors(read(mini_text.replace(old, new, 1)))]
    assert messages and any(complaint in message for message in messages), messages


def test_path_tests_are_in_the_schema(validator: jsonschema.protocols.Validator, mini_text: str) -> None:
    good = mini_text + "tests:\n  - name: x\n    choices: [nachfragen]\n    meters: {vertrauen: {min: 1}}\n"
    assert list(validator.iter_errors(read(good))) == []
    bad = good.replace("{min: 1}", "{mindestens: 1}")
    assert not validator.is_valid(read(bad))
    assert not validator.is_valid(read(good.replace("choices: [nachfragen]", "choices: []")))


def test_cli_prints_the_schema_with_german_descriptions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == scenario_schema()
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert printed["$defs"]["Choice"]["description"].startswith("Eine Auswahl")
    assert "tests" in printed["properties"]
