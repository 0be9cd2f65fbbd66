"""The condition grammar: parsing, precedence, evaluation and error offsets."""

from __future__ import annotations

import itertools
import re

import pytest

from kundenspiel.engine.compiled import compile_condition
from kundenspiel.engine.conditions import (
    ConditionSyntaxError,
    EvaluationContext,
    parse_condition,
)
from kundenspiel.engine.meters import METER_IDS


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


# --- precedence against a reference ------------------------------------------------------
# Python's ``not``/``and``/``or`` and its comparisons have exactly the precedence the grammar
# documents (comparisons, then nicht, then und, then oder), so the same text with the words
# translated, evaluated by Python, is an independent reference for every precedence pair.
_ATOMS = ("a", "b", "vertrauen >= 50", "nicht a", "nicht vertrauen >= 50")
_OPERATORS = ("und", "oder")
_CONTEXTS = [
    context(vertrauen=vertrauen, flags=tuple(flag for flag, on in zip("ab", bits, strict=True) if on))
    for vertrauen in (49, 50)
    for bits in itertools.product((False, True), repeat=2)
]


def _reference(source: str, evaluation: EvaluationContext) -> bool:
    python = re.sub(
        r"\b(nicht|und|oder)\b", lambda m: {"nicht": "not", "und": "and", "oder": "or"}[m[0]], source
    )
    names = {"a": "a" in evaluation.flags, "b": "b" in evaluation.flags, **evaluation.meters}
    result = eval(python, {"__builtins__": {}}, names)  # our own generated text, as an oracle
    assert isinstance(result, bool)
    return result


def _sources() -> list[str]:
    sources = []
    for first, second, third in itertools.product(_ATOMS, repeat=3):
        for left, right in itertools.product(_OPERATORS, repeat=2):
            sources += [
                f"{first} {left} {second} {right} {third}",
                f"({first} {left} {second}) {right} {third}",
                f"{first} {left} ({second} {right} {third})",
                f"nicht ({first} {left} {second}) {right} {third}",
                f"nicht {first} {left} nicht ({second} {right} {third})",
            ]
    return sources


def test_every_precedence_pair_matches_the_reference() -> None:
    sources = _sources()
    assert len(sources) == 5 * len(_ATOMS) ** 3 * 4
    wrong = []
    for source in sources:
        condition = parse_condition(source)
        compiled = compile_condition(condition)  # what the explorer evaluates
        for evaluation in _CONTEXTS:
            expected = _reference(source, evaluation)
            meters = tuple(evaluation.meters[meter] for meter in METER_IDS)
            if condition.evaluate(evaluation) != expected:
                wrong.append(("evaluate", source, evaluation.flags, evaluation.meters["vertrauen"]))
            if compiled(meters, evaluation.flags, evaluation.visited) != expected:
                wrong.append(("compiled", source, evaluation.flags, evaluation.meters["vertrauen"]))
    assert wrong == []


@pytest.mark.parametrize(
    ("source", "flags", "expected"),
    [
        # (nicht a) und b, never nicht (a und b)
        ("nicht a und b", (), False),
        ("nicht a und b", ("b",), True),
        ("nicht a und b", ("a",), False),
        # (nicht a) oder b, never nicht (a oder b)
        ("nicht a oder b", ("a", "b"), True),
        ("nicht a oder b", (), True),
        # a oder (b und c), never (a oder b) und c
        ("a oder b und c", ("a",), True),
        ("b und c oder a", ("a",), True),
        # the condition of temporaere_partnerschaft the issue names
        ("vertrauen >= 70 und nicht bindungsvertrag und nicht ueberversprochen", ("bindungsvertrag",), False),
        ("vertrauen >= 70 und nicht bindungsvertrag und nicht ueberversprochen", (), True),
        (
            "vertrauen >= 70 und nicht bindungsvertrag und nicht ueberversprochen",
            ("ueberversprochen",),
            False,
        ),
    ],
)
def test_nicht_binds_only_the_next_operand(source: str, flags: tuple[str, ...], expected: bool) -> None:
    assert parse_condition(source).evaluate(context(vertrauen=80, flags=flags)) is expected
