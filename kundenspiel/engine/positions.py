"""Mapping a location in the data (``("nodes", 3, "choices", 1, "next")``) back to a line and
column in the YAML file, using the positions :mod:`yaml_source` keeps on every container."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kundenspiel.engine.yaml_tree import PositionedList, PositionedMap, QuotedStr

Location = Sequence[str | int]
KEY_MARKER = "[key]"


class PositionIndex:
    """Answers "where in the file is this?" for locations into one YAML tree."""

    def __init__(self, tree: Any) -> None:
        self.tree = tree

    def position(self, location: Location, *, at_key: bool = False) -> tuple[int, int]:
        """1-based line and column of the value at ``location`` (or of its key).

        Containers are reported at their key, so a message about a whole list points at the
        line that names it. So are empty values (``title:`` with nothing after it): YAML
        places those at the next token, which is usually on a later line. When the location
        does not exist (a missing key), the nearest existing parent is reported.
        """
        parts = list(location)
        if parts and parts[-1] == KEY_MARKER:
            parts.pop()
            at_key = True
        node = self.tree
        line, column = _start_of(node)
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            if isinstance(node, PositionedMap) and part in node:
                child = node[part]
                use_key = (last and at_key) or child is None or isinstance(child, dict | list)
                line, column = node.key_positions[part] if use_key else node.value_positions[part]
                node = child
            elif isinstance(node, PositionedList) and isinstance(part, int) and 0 <= part < len(node):
                line, column = node.item_positions[part]
                node = node[part]
            elif isinstance(node, PositionedList) and part in node:
                # A list written where a mapping is accepted (competency tags): point at the entry.
                line, column = node.item_positions[node.index(part)]
                node = part
            else:
                break
        return line + 1, column + 1

    def value(self, location: Location) -> Any:
        """The raw value at ``location``, or None."""
        node = self.tree
        for part in location:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                return None
        return node

    def position_in_text(self, location: Location, offset: int) -> tuple[int, int]:
        """Position of a character inside a one-line string value, e.g. a condition."""
        line, column = self.position(location)
        text = self.value(location)
        if isinstance(text, QuotedStr):
            return line, column + 1 + offset
        if type(text) is str and "\n" not in text:
            return line, column + offset
        return line, column


def _start_of(node: Any) -> tuple[int, int]:
    if isinstance(node, PositionedMap | PositionedList):
        return node.line, node.column
    return 0, 0
