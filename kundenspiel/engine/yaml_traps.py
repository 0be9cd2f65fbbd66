"""Two YAML traps that do not show where they happen: a quote left open, and a ``#`` in text.

An unclosed ``"`` does not fail at the quote: the string simply runs on to the next ``"`` in
the file, and YAML only stumbles lines later, with a message about indentation.
:func:`unclosed_quote` finds the quote to blame. An unquoted text containing `` #`` fails
nowhere at all: YAML turns the rest of the line into a comment. :func:`check_cut_texts` warns.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.error import MarkedYAMLError, YAMLError
from yaml.tokens import ScalarToken, Token

from kundenspiel.engine.diagnostics import DiagnosticSink
from kundenspiel.engine.yaml_tree import PositionedList, PositionedMap

# libyaml's scanner when PyYAML was built with it; the pure-Python one gives the same tokens.
_LOADER: Any = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None
if _LOADER is None:
    _LOADER = yaml.SafeLoader

# Keys whose values players read as prose; ids, targets and conditions are left alone,
# since a trailing comment after them (``next: ende  # Abkürzung``) is a normal thing to write.
TEXT_KEYS = frozenset(
    {
        "text",
        "title",
        "summary",
        "role",
        "feedback",
        "coaching",
        "locked_reason",
        "speaker",
        "article",
        "author",
        "quote",
    }
)
# Entries of these lists are prose too.
TEXT_LISTS = frozenset({"learning_goals"})

CUT_TEXT_MESSAGE = (
    "Hier beginnt ein Kommentar: der Rest der Zeile fehlt im Text. Setze den Text in Anführungszeichen."
)

# Line breaks as YAML counts them; str.splitlines() also splits at \f, \v and others, which
# would put our line numbers out of step with the parser's.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# A line that looks like the start of a scenario entry: optional "- ", then "key:" with a
# lowercase key, as every key of the format is. Prose lines rarely start like that.
_KEY_LINE = re.compile(r"^\s*(?:-\s+)?[a-z_][a-z0-9_]*:(?:\s|$)")


def unclosed_quote(text: str, error_line: int, error_column: int) -> tuple[int, int] | None:
    """The 0-based line and column of the opening quote that probably caused a YAML error at
    the 0-based position given.

    A string that swallowed lines after a missing closing quote shows two signs: it spans
    lines, one of which looks like ``key: …``, and it "ends" at the next quote in the file,
    which is really the opening quote of a later value, so more text follows right after it.
    The first such string before the error is the culprit; every later quote in the file is
    off by one because of it. Returns None when no string fits, so the caller keeps YAML's
    own explanation.
    """
    lines = _LINE_BREAK.split(text)
    for token in _tokens(text):
        start, end = token.start_mark, token.end_mark
        if (start.line, start.column) > (error_line, error_column):
            return None
        if (
            isinstance(token, ScalarToken)
            and token.style in {'"', "'"}
            and end.line > start.line
            and any(_KEY_LINE.match(line) for line in lines[start.line + 1 : end.line + 1])
            and _text_follows(lines, end.line, end.column)
        ):
            return start.line, start.column
    return None


def _tokens(text: str) -> list[Token]:
    """The YAML tokens of ``text``, as far as it can be scanned.

    The scanner looks one token ahead, so when it fails, the token before the failure is
    lost too; scanning again only up to the failure recovers it.
    """
    tokens: list[Token] = []
    try:
        for token in yaml.scan(text, Loader=_LOADER):
            tokens.append(token)
    except MarkedYAMLError as error:
        mark = error.context_mark or error.problem_mark
        if mark is not None and 0 < mark.index < len(text):
            try:
                return list(yaml.scan(text[: mark.index], Loader=_LOADER))
            except YAMLError:
                pass  # keep what the first pass read
    except YAMLError:
        pass
    return tokens


def _text_follows(lines: list[str], line: int, column: int) -> bool:
    """True when the character after a closing quote belongs to a value, not to the syntax
    around it (end of line, comment, separator)."""
    rest = lines[line][column:] if line < len(lines) else ""
    return bool(rest) and rest[0] not in " \t#,]}:"


def check_cut_texts(tree: Any, sink: DiagnosticSink) -> None:
    """Warn where a comment cuts off an unquoted text (``text: Fall #1 klären`` is "Fall")."""
    if isinstance(tree, PositionedMap):
        for key, value in tree.items():
            if key in TEXT_KEYS:
                _warn_if_cut(tree, key, value, sink)
            elif key in TEXT_LISTS and isinstance(value, PositionedList):
                for position, entry in enumerate(value):
                    _warn_if_cut(value, position, entry, sink)
            check_cut_texts(value, sink)
    elif isinstance(tree, PositionedList):
        for entry in tree:
            check_cut_texts(entry, sink)


def _warn_if_cut(
    container: PositionedMap | PositionedList, key: Any, value: Any, sink: DiagnosticSink
) -> None:
    # Only plain scalars: quoted strings and block scalars (| and >) load as str subclasses,
    # and inside them "#" is text, not a comment. The reader notes a comment that follows a
    # plain text on its line.
    if type(value) is not str:
        return
    comment = container.comments.get(key)
    if comment is not None:
        sink.warning(comment[0] + 1, comment[1] + 1, CUT_TEXT_MESSAGE)
