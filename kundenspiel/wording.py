"""German wording shared by the game, the command line and the reports."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str) -> str:
    """A number with its noun in the right form: „1 Durchlauf“, „0 Durchläufe“, „3 Durchläufe“."""
    return f"{count} {singular if count == 1 else plural}"
