"""Integers beyond Python's 4,300-digit conversion limit: a positioned German error, never a
traceback, in ``check`` and in the game's catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kundenspiel.catalog import load_catalog
from kundenspiel.engine.models import Scenario
from kundenspiel.engine.schema_errors import german_message
from tests.conftest import CheckText, formatted

HUGE = "1" + "0" * 10_000


def _line_of(text: str, marker: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


@pytest.mark.parametrize(
    ("literal", "digits"),
    [
        (HUGE, 10_001),
        ("-" + HUGE, 10_001),
        ("+" + HUGE, 10_001),
        ("0x" + "f" * 5000, 5000),
        ("0o" + "7" * 5000, 5000),
    ],
    ids=["decimal", "negative", "plus", "hex", "octal"],
)
def test_huge_start_meter_is_a_positioned_error(
    check_text: CheckText, mini_text: str, literal: str, digits: int
) -> None:
    text = mini_text.replace("vertrauen: 40", f"vertrauen: {literal}")
    lines = formatted(check_text(text))
    line = _line_of(text, "vertrauen: " + literal[:3])
    assert lines == [
        f"probe.yaml:{line}:16: error: Zahl zu groß ({digits:,} Ziffern): in einem Szenario hat eine "
        "Zahl höchstens 30 Ziffern – ist ein Text gemeint, setze ihn in Anführungszeichen".replace(",", ".")
    ]


@pytest.mark.parametrize(
    "replace",
    [
        ("effects: {vertrauen: +20}", f"effects: {{vertrauen: {HUGE}}}"),
        ("flags:\n", "flags:\n  " + "1" * 40 + ": Merker\n"),
        ("flags:\n", f"flags:\n  ? {HUGE}\n  : Merker\n"),
        ("version: 1", f"version: !!int {HUGE}"),
        (
            "endings:\n",
            f"tests:\n  - name: x\n    choices: [nachfragen]\n    meters: {{vertrauen: {{min: {HUGE}}}}}\nendings:\n",
        ),
        ('title: "Die Reklamation"', "title: " + "9" * 31),
    ],
    ids=["effect", "key", "explicit_key", "tagged", "path_test_range", "thirty_one_digits"],
)
def test_huge_numbers_anywhere_give_one_error(
    check_text: CheckText, mini_text: str, replace: tuple[str, str]
) -> None:
    result = check_text(mini_text.replace(*replace, 1))
    lines = formatted(result)
    assert len(lines) == 1, lines
    assert ": error: Zahl zu groß (" in lines[0]
    assert result.scenario is None


def test_thirty_digits_are_still_a_number(check_text: CheckText, mini_text: str) -> None:
    lines = formatted(check_text(mini_text.replace("vertrauen: 40", "vertrauen: " + "9" * 30)))
    assert len(lines) == 1
    assert "Wert 999999999999999999999999999999 ist nicht erlaubt: er muss höchstens 100 sein" in lines[0]


def test_schema_messages_never_format_a_huge_integer() -> None:
    # Data from elsewhere than our YAML reader (a cache, an import) can hold any int.
    huge = 10**10_000
    meters = {"motivation": huge, "vertrauen": -huge, "befugnis": 50}
    data = {"title": huge, "start": {"node": "a", "meters": meters}}
    errors = [error for error in _validation_errors(data) if error["loc"][0] in data]
    assert len(errors) == 3
    for error in errors:
        message = german_message(error, Scenario)
        assert "Zahl mit mehr als 30 Ziffern" in message, message


def test_competency_weight_message_never_formats_a_huge_integer() -> None:
    data = {
        "nodes": [
            {
                "id": "a",
                "text": "t",
                "next": "b",
                "choices": [{"id": "c", "text": "t", "next": "e", "competencies": {"zuhoeren": 10**10_000}}],
            }
        ]
    }
    errors = [e for e in _validation_errors(data) if e["type"] == "competency_weight"]
    assert [german_message(e, Scenario) for e in errors] == [
        "Gewicht einer Kompetenz: -3 bis 3 und nicht 0, gefunden: eine Zahl mit mehr als 30 Ziffern"
    ]


def _validation_errors(data: dict[str, Any]) -> list[Any]:
    from pydantic import ValidationError

    try:
        Scenario.model_validate(data)
    except ValidationError as error:
        return list(error.errors())
    raise AssertionError("expected a validation error")


def test_condition_with_a_long_number_is_checked_without_a_traceback(
    check_text: CheckText, mini_text: str
) -> None:
    number = "9" * 480
    result = check_text(mini_text.replace('"befugnis >= 50"', f'"befugnis >= {number}"'))
    assert result.diagnostics  # never true: reported, not raised
    assert all(len(d.message) < 700 for d in result.diagnostics)


def test_game_catalog_skips_a_file_with_a_huge_number(tmp_path: Path, mini_text: str) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "mini.yaml").write_text(mini_text, encoding="utf-8")
    (folder / "riesig.yaml").write_text(
        mini_text.replace("id: mini", "id: riesig").replace("vertrauen: 40", f"vertrauen: {HUGE}"),
        encoding="utf-8",
    )
    for cache in (None, tmp_path / "cache"):
        catalog = load_catalog(folder, cache)
        assert [s.id for s in catalog.playable] == ["mini"]
        (broken,) = catalog.broken
        assert broken.path.name == "riesig.yaml"
        assert "Zahl zu groß" in broken.errors[0].message
