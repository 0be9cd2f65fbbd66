"""CSV as German Excel opens it, for every table of the exports.

Excel opens a double-clicked file with the Windows code page and splits on the list separator of
the German locale: so UTF-8 *with* BOM (Excel then reads umlauts right), ``;`` as separator, CRLF
line ends, decimal comma. Text cells that start (after any white space, which LibreOffice may
trim on import) with ``= + - @``, a tab or a CR get a leading apostrophe, so a player named
``=HYPERLINK(…)`` is shown as text, never run as a formula. Control and bidi characters never
reach a cell (``report_text.clean``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from kundenspiel.workshop.report_text import clean, decimal

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if isinstance(value, float):
        return decimal(value)
    # Line breaks inside a quoted cell are valid CSV; Excel shows them as lines of the cell.
    text = clean("" if value is None else str(value), keep_newlines=True)
    return "'" + text if text.startswith(_FORMULA_START) or text.lstrip().startswith(_FORMULA_START) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The table as CSV text for Excel: ints as numbers, floats with a decimal comma (one
    digit), None as an empty cell, everything else as (formula-safe) text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([value if isinstance(value, int) else _cell(value) for value in row])
    return "\ufeff" + buffer.getvalue()
