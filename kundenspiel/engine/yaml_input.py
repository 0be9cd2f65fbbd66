"""The raw input of a scenario file, and the wording of YAML syntax errors.

Before any YAML is parsed, the bytes are checked (size, binary content, encoding); syntax
errors from the parser are turned into German messages at the position a trainer needs.
"""

from __future__ import annotations

from typing import Any

from yaml.error import MarkedYAMLError
from yaml.reader import ReaderError

from kundenspiel.engine import yaml_messages
from kundenspiel.engine.diagnostics import DiagnosticSink
from kundenspiel.engine.yaml_traps import unclosed_quote

MAX_FILE_BYTES = 1024 * 1024


TAB_MESSAGE = yaml_messages.PREFIX + yaml_messages.TAB
# libyaml: "found character that cannot start any token"; the pure-Python parser names it.
_BAD_START = "that cannot start any token"


def _syntax_message(error: MarkedYAMLError, text: str) -> yaml_messages.SyntaxProblem:
    problem = (error.problem or str(error)).strip()
    context = error.context or ""
    if context.startswith("while scanning a quoted scalar"):
        return yaml_messages.SyntaxProblem(yaml_messages.UNCLOSED_QUOTE)
    if _at_end(error.problem_mark, text) or problem.startswith("found unexpected end of stream"):
        return yaml_messages.SyntaxProblem(yaml_messages.END_OF_FILE)
    if _BAD_START in problem:
        # libyaml does not name the character; the message does, so it is read from the text.
        mark = error.problem_mark
        character = text[mark.index] if mark is not None and mark.index < len(text) else "?"
        if character == "\t":
            return yaml_messages.SyntaxProblem(yaml_messages.TAB)
        return yaml_messages.SyntaxProblem(
            f"das Zeichen „{character}“ darf hier nicht am Anfang stehen – Text in Anführungszeichen setzen"
        )
    return yaml_messages.describe(error, text)


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
    described = _syntax_message(error, text)
    if mark is None:
        line, column = 0, 0
    elif _at_end(mark, text) and not quoted:
        line, column = line_column(text, len(text))
    else:
        line, column = mark.line, max(0, mark.column - described.column_shift)
        if libyaml and (error.problem or "").startswith("found unknown escape character"):
            column += 1  # libyaml points at the backslash; the message is about what follows it
    report_at(line, column, yaml_messages.PREFIX + described.message, text, sink)


def report_at(line: int, column: int, message: str, text: str, sink: DiagnosticSink) -> None:
    # YAML notices an unclosed quote only lines later, and then blames the indentation.
    opening = unclosed_quote(text, line, column)
    if opening is not None:
        line, column = opening
        message = yaml_messages.PREFIX + yaml_messages.UNCLOSED_QUOTE
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
