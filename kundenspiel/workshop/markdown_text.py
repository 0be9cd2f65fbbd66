"""Text placed in the Markdown export: escaped so it cannot break a table or start a heading,
with the scenario's own emphasis (``**…**``, ``*…*``, ``_…_``) let through as emphasis."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from kundenspiel.workshop.report_text import clean, emphasis_runs, paragraphs

_SPECIALS = "\\|*_`[]<>#~"
_LIST_START = re.compile(r"([-+]|\d+[.)])(\s|$)")


def md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, no control characters, pipes and markup
    characters escaped."""
    # White space first: a line break is a control character, and clean() would glue the words.
    return _escaped(clean(" ".join(text.split())))


def _escaped(text: str) -> str:
    for char in _SPECIALS:
        text = text.replace(char, "\\" + char)
    return text


def md_text(text: str) -> str:
    """A scenario text on one line, safe in a table cell, keeping its emphasis: ``**fett**``
    stays bold, ``_kursiv_`` and ``*kursiv*`` become ``*kursiv*``; every other markup character
    (a lone ``*``, ``|``, ``#`` …) is escaped."""
    parts = []
    for style, run in emphasis_runs(clean(" ".join(text.split()))):
        inner = _escaped(run)
        parts.append(f"**{inner}**" if style == "strong" else f"*{inner}*" if style == "em" else inner)
    return "".join(parts)


def md_quote(text: str) -> list[str]:
    """A scenario text as a block quote, paragraph by paragraph, with its emphasis."""
    lines: list[str] = []
    for paragraph in paragraphs(text):
        if lines:
            lines.append(">")
        lines.append(f"> {_not_a_list(md_text(paragraph))}")
    return lines or [">"]


def _not_a_list(line: str) -> str:
    """A paragraph that starts like a list item („- “, „+ “, „3. “) escaped, so it stays text."""
    if _LIST_START.match(line):
        return re.sub(r"^(\d+)([.)])", r"\1\\\2", line) if line[0].isdigit() else "\\" + line
    return line


def md_table(header: Sequence[str], rows: Iterable[Sequence[object]], align: Sequence[str]) -> list[str]:
    """A pipe table; the cells must be escaped already (``md_escape``/``md_text``)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines.extend("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows)
    return lines
