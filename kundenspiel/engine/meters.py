"""The three meters every scenario tracks, with their German names."""

from __future__ import annotations

METER_MIN = 0
METER_MAX = 100

METER_LABELS: dict[str, str] = {
    "motivation": "Mitarbeitermotivation",
    "vertrauen": "Kundenvertrauen",
    "befugnis": "Entscheidungsbefugnis",
}
METER_IDS: tuple[str, ...] = tuple(METER_LABELS)

METER_DESCRIPTIONS: dict[str, str] = {
    "motivation": "Wie viel Kraft und Lust die Mitarbeitenden auf ihre Arbeit haben.",
    "vertrauen": "Wie sehr die Kundin oder der Kunde dem Unternehmen vertraut.",
    "befugnis": "Wie viel die Mitarbeitenden selbst entscheiden dürfen.",
}


def clamp(value: int) -> int:
    """Keep a meter value inside 0–100."""
    return max(METER_MIN, min(METER_MAX, value))
