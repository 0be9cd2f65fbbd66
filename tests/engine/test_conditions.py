"""The condition grammar: parsing, precedence, evaluation and error offsets."""

from __future__ import annotations

import pytest

from kundenspiel.engine.conditions import (
    ConditionSyntaxError,
    EvaluationContext,
    parse_condition,
)


def context(
    motivation: int = 50,
    vertrauen: int = 50,
    befugnis: int = 50,
    flags: tuple[str, ...] = (),
    visited: tuple[str, ...] = (),
) -> EvaluationContext:
    meters = {"motivation": motivation, "vertrauen": vertrauen, "befugnis": befugnis}
    return EvaluationContext(meters, frozenset(flags), frozenset(visited))


@pytest.mark.parametrize(
    ("source", "values", "expected"),
    [
        ("befugnis >= 60", {"befugnis": 60}, True),
        ("befugnis >= 60", {"befugnis": 59}, False),
        ("befugnis > 60", {"befugnis": 60}, False),
        ("vertrauen < 30", {"vertrauen": 29}, True),
        ("vertrauen <= 30", {"vertrauen": 31}, False),
        ("motivation == 50", {"motivation": 50}, True),
        ("motivation != 50", {"motivation": 50}, False),
    ],
)
def test_comparisons(source: str, values: dict[str, int], expected: bool) -> None:
    assert parse_condition(source).evaluate(context(**values)) is expected


def test_flags_and_visited_nodes() -> None:
    condition = parse_condition("rueckruf und besucht(theke)")
    assert condition.evaluate(context(flags=("rueckruf",), visited=("theke",)))
    assert not condition.evaluate(context(flags=("rueckruf",)))
    assert not condition.evaluate(context(visited=("theke",)))


def test_nicht_binds_tighter_than_und_which_binds_tighter_than_oder() -> None:
    condition = parse_condition("nicht a und b oder c")
    # ((nicht a) und b) oder c
    assert condition.evaluate(context(flags=("b",)))
    assert not condition.evaluate(context(flags=("a", "b")))
    assert condition.evaluate(context(flags=("a", "c")))


def test_parentheses_override_precedence() -> None:
    condition = parse_condition("nicht (a oder b)")
    assert condition.evaluate(context())
    assert not condition.evaluate(context(flags=("b",)))


def test_references_are_listed_with_offsets() -> None:
    condition = parse_condition("befugnis >= 60 und nicht rueckruf oder besucht(theke)")
    assert [(f.flag, f.offset) for f in condition.flag_references()] == [("rueckruf", 25)]
    assert [(v.node, v.offset) for v in condition.node_references()] == [("theke", 47)]
    assert [c.meter for c in condition.meter_references()] == ["befugnis"]


def test_describe_in_german_with_labels() -> None:
    condition = parse_condition("befugnis >= 60 und nicht rueckruf")
    text = condition.describe({"rueckruf": "Rückruf zugesagt"})
    assert text == "Entscheidungsbefugnis mindestens 60 und nicht „Rückruf zugesagt“"


@pytest.mark.parametrize(
    ("source", "offset", "fragment"),
    [
        ("befugnis >= ", 12, "ganze Zahl"),
        ("befugnis >= 60 und", 18, "Messwert"),
        ("befugniss >= 60", 0, "unbekannter Messwert"),
        ("vertrauen", 0, "vergleiche ihn"),
        ("a und (b oder c", 15, "„)“"),
        ("a b", 2, "unerwartet"),
        ("befugnis >= 60 & a", 15, "unerwartetes Zeichen „&“"),
        ("besucht theke", 8, "„(“"),
        ("", 0, "leer"),
        ("__import__('os')", 11, "unerwartetes Zeichen „'“"),
    ],
)
def test_syntax_errors_point_at_the_offending_character(source: str, offset: int, fragment: str) -> None:
    with pytest.raises(ConditionSyntaxError) as caught:
        parse_condition(source)
    assert caught.value.offset == offset
    assert fragment in caught.value.message


def test_hostile_nesting_is_refused_not_recursed() -> None:
    with pytest.raises(ConditionSyntaxError, match="verschachtelt"):
        parse_condition("(" * 200 + "a" + ")" * 200)
    with pytest.raises(ConditionSyntaxError, match="zu lang"):
        parse_condition("a oder " * 200 + "a")


def test_describe_says_ungleich_for_not_equal() -> None:
    assert parse_condition("befugnis != 60").describe() == "Entscheidungsbefugnis ungleich 60"


def test_describe_keeps_the_id_of_a_visited_node() -> None:
    # Nodes have no display name (a speaker names a person, not the node), so the id stays.
    assert parse_condition("besucht(theke)").describe({"rueckruf": "Rückruf"}) == "„theke“ besucht"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("befugnis >= 500", False),
        ("befugnis > 100", False),
        ("vertrauen < 0", False),
        ("vertrauen <= -1", False),
        ("motivation == 101", False),
        ("motivation == -5", False),
        ("motivation <= 100", True),
        ("motivation < 101", True),
        ("befugnis >= 0", True),
        ("befugnis > -1", True),
        ("vertrauen != 200", True),
        ("befugnis >= 100", None),
        ("befugnis > 0", None),
        ("vertrauen <= 0", None),
        ("motivation == 0", None),
        ("motivation != 100", None),
    ],
)
def test_comparisons_decided_by_the_meter_range(source: str, expected: bool | None) -> None:
    (comparison,) = parse_condition(source).meter_references()
    assert comparison.constant_outcome() is expected
