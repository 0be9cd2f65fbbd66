"""The YAML reader: YAML 1.2 scalars, tags, and the positions it keeps for every node."""

from __future__ import annotations

import math

import pytest

from kundenspiel.engine.diagnostics import DiagnosticSink
from kundenspiel.engine.yaml_scalars import resolve_plain
from kundenspiel.engine.yaml_source import parse_yaml
from kundenspiel.engine.yaml_tree import (
    BlockStr,
    DoubleQuotedStr,
    PositionedList,
    PositionedMap,
    SingleQuotedStr,
)
from tests.conftest import CheckText, formatted


@pytest.mark.parametrize(
    ("plain", "value"),
    [
        ("~", None),
        ("null", None),
        ("NULL", None),
        ("true", True),
        ("False", False),
        ("12", 12),
        ("+20", 20),
        ("-5", -5),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("-.inf", -math.inf),
        # YAML 1.1 would turn these into booleans, a date and a sexagesimal number.
        ("NO", "NO"),
        ("yes", "yes"),
        ("on", "on"),
        ("2024-07-26", "2024-07-26"),
        ("1:30", "1:30"),
        ("1_000", "1_000"),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(plain: str, value: object) -> None:
    resolved = resolve_plain(plain)
    assert resolved == value
    assert type(resolved) is type(value)


def test_nan_is_a_float() -> None:
    assert math.isnan(resolve_plain(".nan"))


def test_tree_keeps_positions_and_quote_styles() -> None:
    text = "a: 'eins'\nb:\n  - \"zwei\"\n  - drei\nc: |\n  vier\nd: 5\n"
    tree = parse_yaml(text.encode(), DiagnosticSink("probe.yaml"))
    assert isinstance(tree, PositionedMap)
    assert tree == {"a": "eins", "b": ["zwei", "drei"], "c": "vier\n", "d": 5}
    assert type(tree["a"]) is SingleQuotedStr
    assert type(tree["b"][0]) is DoubleQuotedStr
    assert type(tree["b"][1]) is str
    assert type(tree["c"]) is BlockStr
    assert tree.key_positions["b"] == (1, 0)
    assert tree.value_positions["a"] == (0, 3)
    assert isinstance(tree["b"], PositionedList)
    assert tree["b"].item_positions == [(2, 4), (3, 4)]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "id: !!binary aGVsbG8=\n",
            "probe.yaml:1:5: error: YAML-Tag „!!binary“ ist in Szenarien nicht erlaubt",
        ),
        ("id: !!timestamp 2024-07-26\n", "probe.yaml:1:5: error: YAML-Tag „!!timestamp“ ist in Szenarien"),
        ("id: !eigen x\n", "probe.yaml:1:5: error: YAML-Tag „!eigen“ ist in Szenarien nicht erlaubt"),
        ("id: !!int zwei\n", "probe.yaml:1:5: error: YAML-Tag „!!int“ ist in Szenarien nicht erlaubt"),
    ],
)
def test_tags_other_than_the_core_schema_are_refused(
    check_text: CheckText, content: str, expected: str
) -> None:
    lines = formatted(check_text(content))
    assert len(lines) == 1
    assert lines[0].startswith(expected)


def test_python_tags_are_refused_before_anything_is_built() -> None:
    sink = DiagnosticSink("probe.yaml")
    assert parse_yaml(b"!!python/object/apply:os.system [ls]\n", sink) is None
    assert [d.message.split(" ist ")[0] for d in sink.sorted()] == [
        "YAML-Tag „!!python/object/apply:os.system“"
    ]


def test_core_tags_are_read_as_written() -> None:
    tree = parse_yaml(b"a: !!str 5\nb: !!float 2\nc: !!map {x: 1}\n", DiagnosticSink("probe.yaml"))
    assert tree == {"a": "5", "b": 2.0, "c": {"x": 1}}


@pytest.mark.parametrize(
    ("content", "position"),
    [("a: b\tc\n", "1:5"), ("a:\tb\n", "1:3"), ("a: 'b'\t\n", "1:7"), ("a: |\t\n  x\n", "1:5")],
)
def test_tabs_between_tokens_are_refused(check_text: CheckText, content: str, position: str) -> None:
    assert formatted(check_text(content)) == [
        f"probe.yaml:{position}: error: YAML-Syntaxfehler: Tabulator: YAML erlaubt hier nur Leerzeichen"
    ]


@pytest.mark.parametrize(
    "content",
    ["a: 'b\tc'\n", "a: [b,\tc]\n", "a: |\n  x\ty\n", "a: b # x\ty\n"],
    ids=["quoted", "flow", "block", "comment"],
)
def test_tabs_inside_text_flow_and_comments_are_fine(content: str) -> None:
    sink = DiagnosticSink("probe.yaml")
    assert parse_yaml(content.encode(), sink) is not None
    assert sink.sorted() == []
