"""One decision of a group debrief as a text chart: per choice its share of people, who took
it, what it does to the meters, the coaching and what locked it."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from kundenspiel.engine.meters import METER_LABELS
from kundenspiel.ui.widgets.group_charts import bar, duration, plain, shortened
from kundenspiel.wording import counted
from kundenspiel.workshop.model import ChoiceShare, Decision
from kundenspiel.workshop.tables import decimal

Who = Callable[[int], str]
"""A participant's number → what is shown for them: the name with the PIN, else „Person 3“."""


def effects_text(effects: dict[str, int]) -> Text:
    """„▲ Kundenvertrauen +10  ▼ Mitarbeitermotivation −5“; nothing for a choice without effects."""
    text = Text()
    for meter, delta in effects.items():
        if not delta:
            continue
        label = METER_LABELS.get(meter, meter)
        if text:
            text.append("  ")
        if delta > 0:
            text.append(f"▲ {label} +{delta}", "green")
        else:
            text.append(f"▼ {label} −{-delta}", "red")
    return text


def people(numbers: list[int], who: Who, limit: int = 12) -> str:
    """The people who took a choice, the first ``limit`` by name or label, then „und N weitere“."""
    shown = [who(number) for number in numbers[:limit]]
    rest = len(numbers) - len(shown)
    return ", ".join(shown) + (f" und {rest} weitere" if rest > 0 else "")


def choice_lines(choice: ChoiceShare, letter: str, who: Who, width: int) -> list[RenderableType]:
    """A choice's block: its text, a bar with people and share, then who, effects, coaching, lock."""
    bar_width = max(8, min(30, width - 34))
    lines: list[RenderableType] = []
    share = bar(choice.percent, 100, bar_width)
    share.append(f" {decimal(choice.percent, 0)} %", "bold")
    share.append(f" · {counted(choice.count, 'Person', 'Personen')}")
    if choice.revisits:
        share.append(f" · {choice.revisits}× beim erneuten Besuch", "dim")
    lines.append(share)
    if choice.chosen_by:
        lines.append(Text(people(choice.chosen_by, who), "dim"))
    effects = effects_text(choice.effects)
    if effects:
        lines.append(effects)
    if choice.coaching:
        lines.append(Text.assemble(("Coaching: ", "bold"), (plain(choice.coaching), "italic")))
    if choice.locked:
        reason = choice.lock_condition or choice.lock_reason or "Bedingung unbekannt"
        lines.append(Text(f"🔒 gesperrt für {choice.locked}: {plain(reason)}", "yellow"))
    # Indented under the choice, wrapped lines too: the letters stay a column of their own.
    head = Text.assemble((f"{letter}) ", "bold"), plain(choice.text))
    return [head, Padding(Group(*lines), (0, 0, 0, 3))]


def decision_view(decision: Decision, number: int, total: int, who: Who, width: int) -> RenderableType:
    """One decision: the situation, then every choice as a block (see ``choice_lines``)."""
    speaker = f" – {decision.speaker}" if decision.speaker else ""
    parts: list[RenderableType] = [
        Text(f"Entscheidung {number} von {total}{speaker}", "bold"),
        # Three lines of the situation are enough to remind the room; the rest would push the choices away.
        Text(shortened(plain(decision.text), max(80, (width - 2) * 3)), "italic"),
    ]
    head = counted(decision.participants, "Person kam", "Personen kamen") + " hierher"
    if decision.revisits:
        head += f", {decision.revisits}× erneut besucht (nicht in den Anteilen)"
    if decision.median_seconds is not None:
        head += f" · Bedenkzeit im Median {duration(decision.median_seconds)}"
    if decision.with_locked:
        head += f" · {counted(decision.with_locked, 'Person sah', 'Personen sahen')} eine Auswahl gesperrt"
    parts.append(Text(head, "dim"))
    for index, choice in enumerate(decision.choices):
        parts.append(Text(""))
        parts.extend(
            choice_lines(choice, chr(ord("A") + index) if index < 26 else str(index + 1), who, width)
        )
    return Group(*parts)
