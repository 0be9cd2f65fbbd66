"""Reading a scenario file into a position-keeping YAML tree, refusing hostile input early.

Before anything reaches the YAML composer (let alone pydantic) the raw bytes and then the
YAML event stream are checked: size, binary content, encoding, tabs, anchors and aliases
(which make alias bombs possible), nesting depth, duplicate keys and extra documents. Each
problem becomes a German diagnostic with its exact position; nothing raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.reader import ReaderError

from kundenspiel.engine.diagnostics import DiagnosticSink
from kundenspiel.engine.yaml_traps import unclosed_quote

MAX_FILE_BYTES = 1024 * 1024
MAX_NESTING_DEPTH = 32

_SYNTAX_HINTS = {
    "mapping values are not allowed here": (
        "hier ist kein „Schlüssel: Wert“ erlaubt – steht ein Doppelpunkt in einem Text, "
        "der in Anführungszeichen gehört?"
    ),
    "could not find expected ':'": "hier fehlt ein „:“ nach dem Schlüssel",
    "did not find expected key": "Einrückung passt nicht: hier wird ein Schlüssel erwartet",
    "did not find expected '-' indicator": (
        "Einrückung passt nicht: hier wird ein Listeneintrag mit „-“ erwartet"
    ),
    "expected <block end>, but found": "Einrückung passt nicht zur Zeile davor",
    "found unexpected end of stream": (
        "die Datei endet mitten in einem Wert (fehlt eine schließende Klammer?)"
    ),
    "found unknown escape character": "unbekannte Escape-Sequenz mit „\\“ im Text in Anführungszeichen",
    "while scanning a quoted scalar": "Anführungszeichen wird nicht geschlossen",
}
# ruamel names the character: "found character '@' that cannot start any token".
_BAD_START = re.compile(r"found character '(.+)' that cannot start any token")


@dataclass
class _OpenCollection:
    is_mapping: bool
    expecting_key: bool = True
    keys: dict[str, int] = field(default_factory=dict)


def _yaml_parser() -> YAML:
    yaml = YAML(typ="rt")
    # Quote styles are kept so condition errors can point at the right column in the line.
    yaml.preserve_quotes = True
    return yaml


def _syntax_message(error: MarkedYAMLError) -> str:
    problem = (error.problem or str(error)).strip()
    if (error.context or "").startswith("while scanning a quoted scalar"):
        return f"YAML-Syntaxfehler: {_SYNTAX_HINTS['while scanning a quoted scalar']}"
    if "<stream end>" in problem or problem.startswith("found unexpected end of stream"):
        return f"YAML-Syntaxfehler: {_SYNTAX_HINTS['found unexpected end of stream']}"
    bad_start = _BAD_START.match(problem)
    if bad_start:
        character = bad_start.group(1)
        if character in {"\\t", "\t"}:  # shown escaped, as ruamel prints it
            return "YAML-Syntaxfehler: Tabulator: YAML erlaubt hier nur Leerzeichen"
        return (
            f"YAML-Syntaxfehler: das Zeichen „{character}“ darf hier nicht am Anfang stehen – "
            "Text in Anführungszeichen setzen"
        )
    for english, german in _SYNTAX_HINTS.items():
        if problem.startswith(english) or (error.context or "").startswith(english):
            return f"YAML-Syntaxfehler: {german}"
    return f"YAML-Syntaxfehler: {problem}"


def _report_yaml_error(error: YAMLError, text: str, sink: DiagnosticSink) -> None:
    if isinstance(error, ReaderError) and isinstance(error.character, int):
        # Invisible control characters usually come from text pasted out of other programs.
        position = int(error.position)
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        sink.error(
            line,
            column,
            f"unerlaubtes Steuerzeichen U+{error.character:04X} (unsichtbar, oft aus kopiertem "
            "Text): bitte löschen",
        )
        return
    if not isinstance(error, MarkedYAMLError):
        # ruamel's text spans lines; a diagnostic must stay on one.
        sink.error(1, 1, "YAML-Fehler: " + " ".join(str(error).split()))
        return
    quoted = (error.context or "").startswith("while scanning a quoted scalar")
    mark = (error.context_mark if quoted else None) or error.problem_mark or error.context_mark
    line, column = (mark.line, mark.column) if mark else (0, 0)
    # YAML notices an unclosed quote only lines later, and then blames the indentation.
    opening = unclosed_quote(text, line, column)
    if opening is not None:
        line, column = opening
        message = f"YAML-Syntaxfehler: {_SYNTAX_HINTS['while scanning a quoted scalar']}"
    else:
        message = _syntax_message(error)
    sink.error(line + 1, column + 1, message)


def too_large_message(size: int) -> str:
    """The error for a file of ``size`` bytes over the limit; exact byte counts, because
    "1.0 MiB, allowed 1 MiB" would not look larger at all."""
    return (
        f"Datei ist zu groß: {_grouped(size)} Bytes; erlaubt sind höchstens "
        f"{_grouped(MAX_FILE_BYTES)} Bytes (1 MiB)"
    )


def _grouped(number: int) -> str:
    """German digit grouping with a dot (1.048.576): plain ASCII, safe on every console."""
    return f"{number:,}".replace(",", ".")


def decode_source(data: bytes, sink: DiagnosticSink) -> str | None:
    """Turn the file's bytes into text, or report why they are not a scenario file."""
    if len(data) > MAX_FILE_BYTES:
        sink.error(1, 1, too_large_message(len(data)))
        return None
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        column = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
        sink.error(line, column, "Binärdatei (enthält Null-Bytes): keine Szenario-Datei")
        return None
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
        sink.error(
            line,
            column,
            f"kein gültiges UTF-8 (Byte 0x{data[error.start]:02X}): bitte die Datei als UTF-8 speichern",
        )
        return None
    return text


def _check_tabs(text: str, sink: DiagnosticSink) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t-"))]
        if "\t" in indent:
            sink.error(
                number,
                indent.index("\t") + 1,
                "Tabulator in der Einrückung: YAML erlaubt nur Leerzeichen",
            )


def _check_events(text: str, sink: DiagnosticSink) -> bool:
    """Walk the event stream once; True when the tree is safe to compose."""
    stack: list[_OpenCollection] = []
    documents = 0
    safe = True
    try:
        for event in _yaml_parser().parse(text):
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    _error_at(event, sink, "mehr als ein YAML-Dokument („---“): eine Datei, ein Szenario")
                    return False
            if isinstance(event, NodeEvent) and event.anchor is not None:
                kind = "Verweis" if isinstance(event, AliasEvent) else "Anker"
                sign = "*" if isinstance(event, AliasEvent) else "&"
                _error_at(
                    event,
                    sink,
                    f"{kind} „{sign}{event.anchor}“: Anker und Verweise sind in Szenarien nicht "
                    "erlaubt – schreibe den Inhalt aus",
                )
                safe = False
            if isinstance(event, ScalarEvent | CollectionStartEvent | AliasEvent):
                _track_key(event, stack, sink)
            if isinstance(event, CollectionStartEvent):
                stack.append(_OpenCollection(is_mapping=isinstance(event, MappingStartEvent)))
                if len(stack) > MAX_NESTING_DEPTH:
                    _error_at(event, sink, f"zu tief verschachtelt (mehr als {MAX_NESTING_DEPTH} Ebenen)")
                    return False
            elif isinstance(event, CollectionEndEvent) and stack:
                stack.pop()
    except YAMLError as error:
        _report_yaml_error(error, text, sink)
        return False
    return safe and not sink.has_errors


def _track_key(event: Event, stack: list[_OpenCollection], sink: DiagnosticSink) -> None:
    if not stack or not stack[-1].is_mapping:
        return
    mapping = stack[-1]
    if mapping.expecting_key and isinstance(event, ScalarEvent):
        key = str(event.value)
        first_line = mapping.keys.get(key)
        if first_line is not None:
            _error_at(event, sink, f"Schlüssel „{key}“ doppelt (zuerst in Zeile {first_line})")
        else:
            mapping.keys[key] = event.start_mark.line + 1
    mapping.expecting_key = not mapping.expecting_key


def _error_at(event: Event, sink: DiagnosticSink, message: str) -> None:
    mark = event.start_mark
    sink.error(mark.line + 1, mark.column + 1, message)


def parse_yaml(data: bytes, sink: DiagnosticSink) -> Any | None:
    """The file's YAML tree (ruamel containers that know their positions), or None when the
    file cannot be read safely; every reason is reported to ``sink``."""
    text = decode_source(data, sink)
    if text is None:
        return None
    _check_tabs(text, sink)
    if sink.has_errors or not _check_events(text, sink):
        return None
    try:
        tree = _yaml_parser().load(text)
    except YAMLError as error:
        _report_yaml_error(error, text, sink)
        return None
    except RecursionError:
        sink.error(1, 1, "zu tief verschachtelt")
        return None
    if tree is None:
        sink.error(1, 1, "Datei ist leer: hier fehlt das ganze Szenario")
    return tree
