"""The raw input of a scenario file, and the wording of YAML syntax errors.

Before any YAML is parsed, the bytes are checked (size, binary content, encoding); syntax
errors from the parser are turned into German messages at the position a trainer needs.
"""

from __future__ import annotations

from typing import Any

from yaml.error import MarkedYAMLError
from yaml.reader import ReaderError

from kundenspiel.engine.diagnostics import DiagnosticSink
from kundenspiel.engine.yaml_traps import unclosed_quote

MAX_FILE_BYTES = 1024 * 1024


# Keyed by the start of the parser's problem (or context); libyaml words some problems
# differently from the parser used before, so both wordings lead to the same German text.
_SYNTAX_HINTS = {
    "mapping values are not allowed": (
        "hier ist kein „Schlüssel: Wert“ erlaubt – steht ein Doppelpunkt in einem Text, "
        "der in Anführungszeichen gehört?"
    ),
    "could not find expected ':'": "hier fehlt ein „:“ nach dem Schlüssel",
    # libyaml's words for a line indented differently from the block it should belong to.
    "did not find expected key": "Einrückung passt nicht zur Zeile davor",
    "did not find expected '-' indicator": "Einrückung passt nicht zur Zeile davor",
    "expected <block end>, but found": "Einrückung passt nicht zur Zeile davor",
    "found unexpected end of stream": (
        "die Datei endet mitten in einem Wert (fehlt eine schließende Klammer?)"
    ),
    "found unknown escape character": "unbekannte Escape-Sequenz mit „\\“ im Text in Anführungszeichen",
    "while scanning a quoted scalar": "Anführungszeichen wird nicht geschlossen",
    "did not find expected ',' or ']'": "in der Liste in „[ … ]“ fehlt ein Komma oder die schließende „]“",
    "did not find expected ',' or '}'": (
        "in der Zuordnung in „{ … }“ fehlt ein Komma oder die schließende „}“"
    ),
    "did not find expected node content": "hier fehlt ein Wert",
}
TAB_MESSAGE = "YAML-Syntaxfehler: Tabulator: YAML erlaubt hier nur Leerzeichen"
# libyaml: "found character that cannot start any token"; the pure-Python parser names it.
_BAD_START = "that cannot start any token"


def _syntax_message(error: MarkedYAMLError, text: str) -> str:
    problem = (error.problem or str(error)).strip()
    context = error.context or ""
    if context.startswith("while scanning a quoted scalar"):
        return f"YAML-Syntaxfehler: {_SYNTAX_HINTS['while scanning a quoted scalar']}"
    if _at_end(error.problem_mark, text) or problem.startswith("found unexpected end of stream"):
        return f"YAML-Syntaxfehler: {_SYNTAX_HINTS['found unexpected end of stream']}"
    if _BAD_START in problem:
        # libyaml does not name the character; the message does, so it is read from the text.
        mark = error.problem_mark
        character = text[mark.index] if mark is not None and mark.index < len(text) else "?"
        if character == "\t":
            return TAB_MESSAGE
        return (
            f"YAML-Syntaxfehler: das Zeichen „{character}“ darf hier nicht am Anfang stehen – "
            "Text in Anführungszeichen setzen"
        )
    for english, german in _SYNTAX_HINTS.items():
        if problem.startswith(english) or context.startswith(english):
            return f"YAML-Syntaxfehler: {german}"
    return f"YAML-Syntaxfehler: {problem}"


def _at_end(mark: Any, text: str) -> bool:
    """True when the parser gave up at the end of the text: something was left open."""
    return mark is not None and mark.index >= len(text)


def line_column(text: str, index: int) -> tuple[int, int]:
    """0-based line and column of a character index."""
    index = min(index, len(text))
    return text.count("\n", 0, index), index - (text.rfind("\n", 0, index) + 1)


def report_reader_error(error: ReaderError, index: int, text: str, sink: DiagnosticSink) -> None:
    # Invisible control characters usually come from text pasted out of other programs.
    line, column = line_column(text, index)
    character = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "?")
    sink.error(
        line + 1,
        column + 1,
        f"unerlaubtes Steuerzeichen U+{character:04X} (unsichtbar, oft aus kopiertem Text): bitte löschen",
    )


def report_syntax_error(error: MarkedYAMLError, text: str, sink: DiagnosticSink, *, libyaml: bool) -> None:
    quoted = (error.context or "").startswith("while scanning a quoted scalar")
    mark = (error.context_mark if quoted else None) or error.problem_mark or error.context_mark
    if mark is None:
        line, column = 0, 0
    elif _at_end(mark, text) and not quoted:
        line, column = line_column(text, len(text))
    else:
        line, column = mark.line, mark.column
        if libyaml and (error.problem or "").startswith("found unknown escape character"):
            column += 1  # libyaml points at the backslash; the message is about what follows it
    report_at(line, column, _syntax_message(error, text), text, sink)


def report_at(line: int, column: int, message: str, text: str, sink: DiagnosticSink) -> None:
    # YAML notices an unclosed quote only lines later, and then blames the indentation.
    opening = unclosed_quote(text, line, column)
    if opening is not None:
        line, column = opening
        message = f"YAML-Syntaxfehler: {_SYNTAX_HINTS['while scanning a quoted scalar']}"
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


def check_tabs(text: str, sink: DiagnosticSink) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t-"))]
        if "\t" in indent:
            sink.error(
                number,
                indent.index("\t") + 1,
                "Tabulator in der Einrückung: YAML erlaubt nur Leerzeichen",
            )
