"""Small German wording helpers shared by several screens."""

from __future__ import annotations

from kundenspiel.wording import counted

__all__ = ["counted", "decision_count", "german_date"]


def decision_count(count: int) -> str:
    """„1 Entscheidung“, „3 Entscheidungen“."""
    return counted(count, "Entscheidung", "Entscheidungen")


def german_date(text: str) -> str:
    """„2024-07-26“ → „26.07.2024“; anything else stays as written."""
    parts = text.split("-")
    if len(parts) == 3 and all(part.isdigit() for part in parts):
        return f"{parts[2]}.{parts[1]}.{parts[0]}"
    return text
