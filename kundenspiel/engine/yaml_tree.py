"""The containers and strings a scenario file is read into: plain ``dict``, ``list`` and ``str``
subclasses that also remember where in the file each part was written.

Positions are 0-based ``(line, column)`` pairs, as the YAML parser reports them; only
:class:`~kundenspiel.engine.positions.PositionIndex` and :mod:`yaml_traps` look at them.
"""

from __future__ import annotations

from typing import Any

Position = tuple[int, int]


class PositionedMap(dict[Any, Any]):
    """A YAML mapping with the position of itself, of every key and of every value.

    ``comments`` holds, for a value written as a plain (unquoted, one-line-ending) text, the
    position of an end-of-line comment that follows it directly on its last line.
    """

    __slots__ = ("column", "comments", "key_positions", "line", "value_positions")

    def __init__(self, line: int, column: int) -> None:
        super().__init__()
        self.line = line
        self.column = column
        self.key_positions: dict[Any, Position] = {}
        self.value_positions: dict[Any, Position] = {}
        self.comments: dict[Any, Position] = {}


class PositionedList(list[Any]):
    """A YAML sequence with the position of itself and of every entry (see :class:`PositionedMap`)."""

    __slots__ = ("column", "comments", "item_positions", "line")

    def __init__(self, line: int, column: int) -> None:
        super().__init__()
        self.line = line
        self.column = column
        self.item_positions: list[Position] = []
        self.comments: dict[int, Position] = {}


Positioned = PositionedMap | PositionedList


class QuotedStr(str):
    """A text written in quotes: its characters start one column after the value's position."""

    __slots__ = ()


class SingleQuotedStr(QuotedStr):
    """A text written in ``'…'``."""

    __slots__ = ()


class DoubleQuotedStr(QuotedStr):
    """A text written in ``"…"``."""

    __slots__ = ()


class BlockStr(str):
    """A text written as a block (``|`` or ``>``): its lines are not the value's line."""

    __slots__ = ()
