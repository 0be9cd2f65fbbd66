"""German wording for every syntax error libyaml (and PyYAML's pure-Python parser) can report.

The parsers speak English and in their own terms ("while scanning a block scalar: did not find
expected comment or line break"). A trainer needs to know what is wrong with the line in front
of them, in German. The problem text is matched first; problems whose meaning depends on what
the parser was reading (the same "did not find expected alphabetic or numeric character" after
``&``, ``*`` or ``%``) are told apart by the context. Whatever a future parser may say, no
English sentence reaches a diagnostic: an unknown wording gets a general German one.
"""

from __future__ import annotations

from dataclasses import dataclass

from yaml.error import MarkedYAMLError

PREFIX = "YAML-Syntaxfehler: "
UNCLOSED_QUOTE = "Anführungszeichen wird nicht geschlossen"
END_OF_FILE = "die Datei endet mitten in einem Wert (fehlt eine schließende Klammer?)"
INDENTATION = "Einrückung passt nicht zur Zeile davor"
TAB = "Tabulator: YAML erlaubt hier nur Leerzeichen"
DIRECTIVE = (
    "fehlerhafte YAML-Direktive („%YAML“, „%TAG“) – ein Szenario braucht keine, lösche die Zeile; "
    "ein Text, der mit „%“ beginnt, gehört in Anführungszeichen"
)
TAG = (
    "YAML-Tags („!“) sind in Szenarien nicht erlaubt – schreibe den Wert ohne „!“-Angabe; "
    "ein Text, der mit „!“ beginnt, gehört in Anführungszeichen"
)
ANCHOR = (
    "nach „&“ oder „*“ fehlt der Name – Anker und Verweise sind in Szenarien ohnehin nicht "
    "erlaubt; ein Text, der mit „&“ oder „*“ beginnt, gehört in Anführungszeichen"
)
BLOCK_HEADER = (
    "nach „|“ oder „>“ darf in der Zeile nur ein Kommentar folgen (davor höchstens „-“ oder „+“ "
    "und eine Ziffer 1–9) – der Text selbst beginnt in der nächsten Zeile"
)
HEX_ESCAPE = (
    "nach „\\x“, „\\u“ oder „\\U“ müssen Hexadezimalziffern folgen (2, 4 oder 8, z. B. „\\u00e4“ für „ä“)"
)
GENERAL = (
    "hier ist die Datei kein gültiges YAML – prüfe in dieser Zeile Einrückung, Doppelpunkte, "
    "Klammern und Anführungszeichen"
)

# Start of the parser's problem text (libyaml's wording, then PyYAML's) and the German text.
# Checked in order, so a longer wording comes before a shorter one it starts with.
_PROBLEMS: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed",
        (
            "hier ist kein „Schlüssel: Wert“ erlaubt – steht ein Doppelpunkt in einem Text, "
            "der in Anführungszeichen gehört?"
        ),
    ),
    (
        "mapping keys are not allowed",
        (
            "„?“ ist hier nicht erlaubt (es würde einen Schlüssel einleiten) – steht das Fragezeichen "
            "in einem Text, der in Anführungszeichen gehört?"
        ),
    ),
    (
        "block sequence entries are not allowed",
        (
            "ein Listeneintrag „-“ ist hier nicht erlaubt – ein Eintrag beginnt in einer eigenen "
            "Zeile; ein Text, der mit „- “ beginnt, gehört in Anführungszeichen"
        ),
    ),
    (
        "sequence entries are not allowed",
        (
            "ein Listeneintrag „-“ ist hier nicht erlaubt – ein Eintrag beginnt in einer eigenen "
            "Zeile; ein Text, der mit „- “ beginnt, gehört in Anführungszeichen"
        ),
    ),
    ("could not find expected ':'", "hier fehlt ein „:“ nach dem Schlüssel"),
    (
        "found unexpected ':'",
        ("hier ist ein „:“ nicht erlaubt – ein Text mit Doppelpunkt gehört in Anführungszeichen"),
    ),
    # A line indented differently from the block it should belong to.
    ("did not find expected key", INDENTATION),
    ("did not find expected '-' indicator", INDENTATION),
    ("expected <block end>", INDENTATION),
    ("did not find expected node content", "hier fehlt ein Wert"),
    ("expected the node content", "hier fehlt ein Wert"),
    ("did not find expected ',' or ']'", "in der Liste in „[ … ]“ fehlt ein Komma oder die schließende „]“"),
    ("expected ',' or ']'", "in der Liste in „[ … ]“ fehlt ein Komma oder die schließende „]“"),
    (
        "did not find expected ',' or '}'",
        "in der Zuordnung in „{ … }“ fehlt ein Komma oder die schließende „}“",
    ),
    ("expected ',' or '}'", "in der Zuordnung in „{ … }“ fehlt ein Komma oder die schließende „}“"),
    (
        "did not find expected <document start>",
        (
            "hier steht etwas nach dem Ende des Dokuments („...“) oder nach einer „%“-Zeile ohne "
            "„---“ – eine Datei enthält genau ein Szenario"
        ),
    ),
    (
        "expected '<document start>'",
        (
            "hier steht etwas nach dem Ende des Dokuments („...“) oder nach einer „%“-Zeile ohne "
            "„---“ – eine Datei enthält genau ein Szenario"
        ),
    ),
    ("found unknown escape character", "unbekannte Escape-Sequenz mit „\\“ im Text in Anführungszeichen"),
    ("did not find expected hexdecimal number", HEX_ESCAPE),
    ("expected escape sequence of", HEX_ESCAPE),
    ("found a tab character", TAB),
    ("found incompatible YAML document", "nur YAML 1.x wird gelesen – lösche die Zeile „%YAML …“"),
    ("found duplicate", DIRECTIVE),
    ("duplicate tag handle", DIRECTIVE),
    ("found extremely long version number", DIRECTIVE),
    ("found undefined tag handle", TAG),
    ("found non-specific tag", TAG),
    (
        "found an indentation indicator equal to 0",
        "die Einrückungsangabe nach „|“ oder „>“ muss 1 bis 9 sein, nicht 0",
    ),
    (
        "expected indentation indicator in the range 1-9",
        ("die Einrückungsangabe nach „|“ oder „>“ muss 1 bis 9 sein, nicht 0"),
    ),
    ("exceeded maximum nesting depth", "zu tief verschachtelt"),
    ("Maximum nesting level reached", "zu tief verschachtelt"),
    (
        "found unexpected document",
        (
            "„---“ oder „...“ am Zeilenanfang ist hier nicht erlaubt – rücke die Zeile ein oder "
            "setze den Text in Anführungszeichen"
        ),
    ),
)
# What the parser was reading, for the problems that only make sense with it; checked in order.
_CONTEXTS: tuple[tuple[str, str], ...] = (
    ("directive", DIRECTIVE),
    ("anchor", ANCHOR),
    ("alias", ANCHOR),
    ("block scalar", BLOCK_HEADER),
    ("tag", TAG),
)
_INVALID_CODE_POINT = "found invalid Unicode character escape code"
_ESCAPE_DIGITS = {"x": 2, "u": 4, "U": 8}


@dataclass(frozen=True)
class SyntaxProblem:
    """A syntax error in German, and how many columns before the parser's mark it starts."""

    message: str
    column_shift: int = 0


def describe(error: MarkedYAMLError, text: str) -> SyntaxProblem:
    """The German description of a syntax error (without the ``YAML-Syntaxfehler:`` prefix
    and without the special cases of quotes, the end of the file and bad first characters)."""
    problem = (error.problem or "").strip()
    context = error.context or ""
    if problem.startswith(_INVALID_CODE_POINT) or problem.startswith(
        ("did not find expected hex", "expected escape")
    ):
        escape = _escape_at(error, text)
        if escape is not None and problem.startswith(_INVALID_CODE_POINT):
            return SyntaxProblem(f"„{escape}“ ist kein Unicode-Zeichen (das höchste ist „\\U0010ffff“)", 2)
        return SyntaxProblem(HEX_ESCAPE, 2 if escape is not None else 0)
    for english, german in _PROBLEMS:
        if problem.startswith(english):
            return SyntaxProblem(german)
    for english, german in _CONTEXTS:
        if english in context:
            return SyntaxProblem(german)
    return SyntaxProblem(GENERAL)


def _escape_at(error: MarkedYAMLError, text: str) -> str | None:
    """The escape (``\\U0011ffff``) whose digits start at the problem mark, or None."""
    mark = error.problem_mark
    if mark is None:
        return None
    # From line and column: libyaml's index may count bytes rather than characters.
    line_start = 0
    for _ in range(mark.line):
        line_start = text.find("\n", line_start) + 1
        if line_start == 0:
            return None
    index = line_start + mark.column
    if not 2 <= index <= len(text) or text[index - 2] != "\\" or text[index - 1] not in _ESCAPE_DIGITS:
        return None
    return text[index - 2 : index + _ESCAPE_DIGITS[text[index - 1]]]
