"""Every YAML problem libyaml (or PyYAML's parser) can report reaches the trainer in German, at
its position: no English problem or context text ever leaks into a diagnostic."""

from __future__ import annotations

import re

import pytest
import yaml

from kundenspiel.engine.diagnostics import DiagnosticSink
from kundenspiel.engine.yaml_input import report_syntax_error
from tests.conftest import CheckText, formatted

# Words of libyaml's and PyYAML's messages that no German sentence contains.
ENGLISH = re.compile(
    r"\b(found|expected|while|scanning|parsing|allowed|should|character|cannot|could|"
    r"indicator|directive|document|mapping|sequence|context|valid|Keys)\b"
)

TITLE = 'title: "Die Reklamation"'

# (what replaces the title line, where the error is, a piece of the German message)
CASES = [
    ('title: "\\U0011ffff"', "3:9", "„\\U0011ffff“ ist kein Unicode-Zeichen"),
    ('title: "\\xZZ"', "3:9", "nach „\\x“, „\\u“ oder „\\U“ müssen Hexadezimalziffern folgen"),
    ('title: "ab\\u12"', "3:11", "nach „\\x“, „\\u“ oder „\\U“ müssen Hexadezimalziffern folgen"),
    ("title: &", "3:9", "nach „&“ oder „*“ fehlt der Name"),
    ("title: *", "3:9", "nach „&“ oder „*“ fehlt der Name"),
    ("title: &a!b x", "3:10", "nach „&“ oder „*“ fehlt der Name"),
    ("title: |9x\n  a", "3:10", "nach „|“ oder „>“ darf in der Zeile nur ein Kommentar folgen"),
    ("title: >-+\n  a", "3:10", "nach „|“ oder „>“ darf in der Zeile nur ein Kommentar folgen"),
    ("title: |0\n  a", "3:9", "Einrückungsangabe nach „|“ oder „>“ muss 1 bis 9 sein"),
    ("title: !x!y z", "3:8", "YAML-Tags („!“) sind in Szenarien nicht erlaubt"),
    ("title: !<> x", "3:10", "YAML-Tags („!“) sind in Szenarien nicht erlaubt"),
    ("title: ? a", "3:8", "„?“ ist hier nicht erlaubt"),
    ("title: - a", "3:8", "ein Listeneintrag „-“ ist hier nicht erlaubt"),
]
HEAD_CASES = [
    ("%YAML 1.3\n---\n", "1:1", "nur YAML 1.x"),
    ("%YAML 1.2\n%YAML 1.2\n---\n", "2:1", "Direktive („%YAML“, „%TAG“)"),
    ("%TAG !x! tag:x\n%TAG !x! tag:y\n---\n", "2:1", "Direktive („%YAML“, „%TAG“)"),
    ("%FOO bar\n---\n", "1:5", "Direktive („%YAML“, „%TAG“)"),
    ("%YAML x\n---\n", "1:7", "Direktive („%YAML“, „%TAG“)"),
    ("%\n---\n", "1:2", "Direktive („%YAML“, „%TAG“)"),
]


@pytest.mark.parametrize(("title", "where", "german"), CASES)
def test_yaml_syntax_errors_are_german(
    check_text: CheckText, mini_text: str, title: str, where: str, german: str
) -> None:
    lines = formatted(check_text(mini_text.replace(TITLE, title, 1)))
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"probe.yaml:{where}: error: YAML-Syntaxfehler: "), lines
    assert german in lines[0]
    assert not ENGLISH.search(lines[0]), lines[0]


@pytest.mark.parametrize(("head", "where", "german"), HEAD_CASES)
def test_directive_errors_are_german(
    check_text: CheckText, mini_text: str, head: str, where: str, german: str
) -> None:
    lines = formatted(check_text(head + mini_text))
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"probe.yaml:{where}: error: YAML-Syntaxfehler: "), lines
    assert german in lines[0]
    assert not ENGLISH.search(lines[0]), lines[0]


def test_content_after_the_document_end_is_german(check_text: CheckText, mini_text: str) -> None:
    lines = formatted(check_text(mini_text + "...\nnoch: etwas\n"))
    line = mini_text.count("\n") + 2
    assert lines == [
        f"probe.yaml:{line}:1: error: YAML-Syntaxfehler: hier steht etwas nach dem Ende des "
        "Dokuments („...“) oder nach einer „%“-Zeile ohne „---“ – eine Datei enthält genau ein Szenario"
    ]


@pytest.mark.parametrize(
    ("replace", "where", "german"),
    [
        (
            ("effects: {vertrauen: +20}", "effects: {motivation: +5,5}"),
            "33:34",
            "hier wird ein Schlüssel (Text) erwartet, gefunden: die Zahl 5 – trennt hier ein Komma",
        ),
        (
            ("flags:\n", "flags:\n  {a: 1}: x\n"),
            "16:3",
            "ein Schlüssel muss ein Text sein, hier ist er eine Zuordnung",
        ),
        (
            ("flags:\n", "flags:\n  [a, b]: x\n"),
            "16:3",
            "ein Schlüssel muss ein Text sein, hier ist er eine Liste",
        ),
        (
            ("flags:\n", "flags:\n  ? - a\n  : x\n"),
            "16:5",
            "ein Schlüssel muss ein Text sein, hier ist er eine Liste",
        ),
    ],
)
def test_keys_that_are_not_text(
    check_text: CheckText, mini_text: str, replace: tuple[str, str], where: str, german: str
) -> None:
    lines = formatted(check_text(mini_text.replace(*replace, 1)))
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"probe.yaml:{where}: error: "), lines
    assert german in lines[0]
    assert not ENGLISH.search(lines[0]), lines[0]


# Every problem and context text in libyaml's scanner.c and parser.c (0.2.5) and in PyYAML's
# scanner.py and parser.py; each must come out in German.
LIBYAML_PROBLEMS = [
    "found character that cannot start any token",
    "mapping keys are not allowed in this context",
    "block sequence entries are not allowed in this context",
    "mapping values are not allowed in this context",
    "could not find expected ':'",
    "found unknown directive name",
    "found unexpected non-alphabetical character",
    "could not find expected directive name",
    "did not find expected comment or line break",
    "found an indentation indicator equal to 0",
    "did not find expected alphabetic or numeric character",
    "did not find expected whitespace",
    "did not find expected whitespace or line break",
    "did not find expected version number",
    "did not find expected digit or '.' character",
    "found extremely long version number",
    "found incompatible YAML document",
    "found duplicate %YAML directive",
    "found duplicate %TAG directive",
    "did not find the expected '>'",
    "did not find expected '!'",
    "did not find expected tag URI",
    "did not find URI escaped octet",
    "found an incorrect leading UTF-8 octet",
    "found an incorrect trailing UTF-8 octet",
    "found undefined tag handle",
    "found unexpected document indicator",
    "found unknown escape character",
    "did not find expected hexdecimal number",
    "found invalid Unicode character escape code",
    "found unexpected end of stream",
    "found unexpected ':'",
    "found a tab character that violates indentation",
    "found a tab character where an indentation space is expected",
    "did not find expected <document start>",
    "did not find expected node content",
    "did not find expected key",
    "did not find expected '-' indicator",
    "did not find expected ',' or ']'",
    "did not find expected ',' or '}'",
    "Maximum nesting level reached, set with yaml_set_max_nest_level())",
    "something libyaml may say one day",
]
PYYAML_PROBLEMS = [
    "found character '@' that cannot start any token",
    "mapping keys are not allowed here",
    "block sequence entries are not allowed here",
    "mapping values are not allowed here",
    "expected alphabetic or numeric character, but found '!'",
    "expected ' ', but found 'x'",
    "expected a comment or a line break, but found 'x'",
    "expected indentation indicator in the range 1-9, but found 0",
    "expected chomping or indentation indicators, but found 'x'",
    "expected '!', but found 'x'",
    "expected '>', but found 'x'",
    "expected URI, but found 'x'",
    "expected URI escape sequence of 2 hexadecimal numbers, but found 'x'",
    "expected escape sequence of 4 hexadecimal numbers, but found 'x'",
    "expected a digit, but found 'x'",
    "expected a digit or '.', but found 'x'",
    "expected a digit or ' ', but found 'x'",
    "found unexpected document separator",
    "found undefined tag handle '!x!'",
    "found non-specific tag '!'",
    "found incompatible YAML document (version 1.* is required)",
    "found duplicate YAML directive",
    "expected '<document start>', but found '<scalar>'",
    "expected the node content, but found '<block end>'",
    "expected <block end>, but found '<scalar>'",
    "expected ',' or ']', but got '<scalar>'",
    "expected ',' or '}', but got '<scalar>'",
]
CONTEXTS = [
    None,
    "while scanning a directive",
    "while scanning a %YAML directive",
    "while scanning a %TAG directive",
    "while scanning a tag directive",
    "while parsing a tag directive",
    "while parsing a %TAG directive",
    "while scanning a block scalar",
    "while scanning a tag",
    "while parsing a tag",
    "while scanning an anchor",
    "while scanning an alias",
    "while scanning a quoted scalar",
    "while parsing a quoted scalar",
    "while scanning a double-quoted scalar",
    "while scanning a plain scalar",
    "while scanning a simple key",
    "while scanning for the next token",
    "while parsing a node",
    "while parsing a block node",
    "while parsing a flow node",
    "while parsing a block mapping",
    "while parsing a block collection",
    "while parsing a flow sequence",
    "while parsing a flow mapping",
    "while parsing",
]


@pytest.mark.parametrize("problem", LIBYAML_PROBLEMS + PYYAML_PROBLEMS)
def test_no_parser_wording_reaches_a_diagnostic(problem: str) -> None:
    text = "a: b\nc: d\n"
    mark = yaml.Mark("probe.yaml", 6, 1, 1, text, 6)
    for context in CONTEXTS:
        error = yaml.MarkedYAMLError(context, mark if context else None, problem, mark)
        for libyaml in (True, False):
            sink = DiagnosticSink("probe.yaml")
            report_syntax_error(error, text, sink, libyaml=libyaml)
            (diagnostic,) = sink.items
            assert diagnostic.message.startswith("YAML-"), diagnostic.message
            assert not ENGLISH.search(diagnostic.message), (problem, context, diagnostic.message)
