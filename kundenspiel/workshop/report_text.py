"""Wording and number formats shared by every export of a debrief (HTML, Markdown, CSV).

German conventions: decimal comma, a no-break space before ``%`` („80 %“, never split at a line
end), counted nouns in singular or plural. Scenario texts may carry light Markdown emphasis
(``**fett**``, ``*kursiv*``, ``_kursiv_``); ``emphasis_runs`` finds it, so each export can keep
it in its own syntax and escape everything else.
"""

from __future__ import annotations

import re

from kundenspiel.safe_text import without_controls
from kundenspiel.wording import counted

STATUS_LABELS = {"laufend": "läuft noch", "beendet": "beendet", "abgebrochen": "abgebrochen"}
RATING_LABELS = {"gelungen": "Gelungen", "gemischt": "Gemischt", "gescheitert": "Gescheitert"}
NBSP = "\u00a0"
"""Between a number and its unit (``%``, ``s``, ``min``), so a line never ends after the number."""

# Emphasis as the game's Markdown shows it: markers hugging non-blank text, `_` not inside words.
_EMPHASIS = re.compile(
    r"\*\*(?P<strong>\S(?:.*?\S)?)\*\*"
    r"|(?<![\w*])\*(?P<star>[^\s*](?:[^*]*?[^\s*])?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<under>[^\s_](?:[^_]*?[^\s_])?)_(?![\w_])",
    re.DOTALL,
)


_NUMBER_SPACE_PERCENT = re.compile(r"(\d) %")
_SAFE_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def clean(text: str, *, keep_newlines: bool = False) -> str:
    """``safe_text.without_controls`` with a fast path: nearly every text is printable as it is,
    and ``str.isprintable`` (C speed) is False for every character ``without_controls`` removes.
    A report of 1,000 trainees has thousands of cells, and the character-by-character check on
    each made the HTML export 15× slower."""
    if _printable(text):
        return text
    if keep_newlines:
        return "\n".join(line if _printable(line) else without_controls(line) for line in text.split("\n"))
    return without_controls(text)


def _printable(text: str) -> bool:
    # No-break spaces are safe but not "printable" to Python; the reports have one before
    # every %, and without this every such line took the slow path.
    return text.isprintable() or text.translate(_SAFE_SPACES).isprintable()


def no_break_before_units(text: str) -> str:
    """``text`` with a no-break space between a number and a following ``%`` where it had a plain
    one (scenario texts write „71 %“ with a normal space; a line must not end after the 71)."""
    return _NUMBER_SPACE_PERCENT.sub("\\1" + NBSP + "%", text)


def emphasis_runs(text: str) -> list[tuple[str, str]]:
    """``text`` as runs of (style, text), style ``""``, ``"strong"`` or ``"em"``; the markers are
    gone from emphasized runs, unmatched markers stay in the plain runs."""
    runs: list[tuple[str, str]] = []
    position = 0
    for match in _EMPHASIS.finditer(text):
        if match.start() > position:
            runs.append(("", text[position : match.start()]))
        if match.group("strong") is not None:
            runs.append(("strong", match.group("strong")))
        else:
            runs.append(("em", match.group("star") or match.group("under")))
        position = match.end()
    if position < len(text):
        runs.append(("", text[position:]))
    return runs


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a scenario text (blank-line separated), each on one line."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]


def participants_text(count: int) -> str:
    """„1 teilnehmende Person“, „4 Teilnehmende“."""
    return counted(count, "teilnehmende Person", "Teilnehmende")


def people_text(count: int) -> str:
    """„1 Person“, „4 Personen“."""
    return counted(count, "Person", "Personen")


def outdated_text(count: int) -> str:
    """„1 Durchlauf passt“, „3 Durchläufe passen“ (the sentence goes on with „nicht mehr …“)."""
    return counted(count, "Durchlauf passt", "Durchläufe passen")


def decimal(value: float | None, digits: int = 1) -> str:
    """A number with a German decimal comma; empty for None."""
    if value is None:
        return ""
    return f"{value:.{digits}f}".replace(".", ",")


def percent(value: float | None, digits: int = 0) -> str:
    """„80 %“ with a no-break space; „–“ for None."""
    if value is None:
        return "–"
    return f"{decimal(value, digits)}{NBSP}%"


def duration(seconds: float | None) -> str:
    """„45 s“, „3 min 20 s“, „1 h 05 min“; „–“ when unknown."""
    if seconds is None:
        return "–"
    whole = round(seconds)
    if whole < 60:
        return f"{whole}{NBSP}s"
    minutes, rest = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes}{NBSP}min {rest}{NBSP}s" if rest else f"{minutes}{NBSP}min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}{NBSP}h {minutes:02d}{NBSP}min"


def signed(value: int) -> str:
    """„+5“, „−3“ (a real minus sign), „0“."""
    return f"+{value}" if value > 0 else f"−{-value}" if value < 0 else "0"
