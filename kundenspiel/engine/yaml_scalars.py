"""Plain (unquoted) YAML scalars as the YAML 1.2 core schema reads them, and the limit on
the length of numbers.

Only ``null``, booleans, integers (decimal, ``0o`` octal, ``0x`` hex) and floats are read as
such; everything else stays text, so ``NO``, ``on`` and ``2024-07-26`` are not turned into a
boolean or a date as YAML 1.1 would.
"""

from __future__ import annotations

import re
from typing import Any

# YAML 1.2 core schema: everything that is not one of these stays text (so `NO` and dates too).
_CONSTANTS: dict[str, Any] = {
    "": None,
    "~": None,
    **dict.fromkeys(("null", "Null", "NULL"), None),
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
    **{f"{sign}{inf}": float(f"{sign}inf") for sign in ("", "+", "-") for inf in (".inf", ".Inf", ".INF")},
    **dict.fromkeys((".nan", ".NaN", ".NAN"), float("nan")),
}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCTAL = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_NUMBER_START = frozenset("0123456789+-.")
# No number in a scenario needs more digits; Python refuses to convert ints of more than
# 4,300 digits to text at all, so far longer ones could not even be shown in a message.
MAX_NUMBER_DIGITS = 30


class NumberTooLargeError(ValueError):
    """An integer with more than :data:`MAX_NUMBER_DIGITS` digits; ``digits`` says how many."""

    def __init__(self, digits: int) -> None:
        super().__init__(f"{digits} digits")
        self.digits = digits

    @property
    def message(self) -> str:
        """The German diagnostic."""
        return (
            f"Zahl zu groß ({self.digits:,} Ziffern): in einem Szenario hat eine Zahl höchstens "
            f"{MAX_NUMBER_DIGITS} Ziffern – ist ein Text gemeint, setze ihn in Anführungszeichen"
        ).replace(",", ".")


def _integer(digits: str, base: int) -> int:
    if len(digits) > MAX_NUMBER_DIGITS:
        raise NumberTooLargeError(len(digits))
    return int(digits, base)


def resolve_plain(value: str) -> Any:
    """A plain (unquoted) scalar as the YAML 1.2 core schema reads it; an integer with too
    many digits raises :class:`NumberTooLargeError`."""
    if value in _CONSTANTS:
        return _CONSTANTS[value]
    if value[0] in _NUMBER_START:
        if _INT.match(value):
            return _integer(value.lstrip("+-"), 10) * (-1 if value[0] == "-" else 1)
        if _OCTAL.match(value):
            return _integer(value[2:], 8)
        if _HEX.match(value):
            return _integer(value[2:], 16)
        if _FLOAT.match(value):
            return float(value)
    return value
