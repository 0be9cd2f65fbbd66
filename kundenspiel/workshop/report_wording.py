"""The facilitator's sentences, the same in the HTML report and in Markdown: meter effects, who
chose what, where they ended, locks, times and status lines. Plain text; each export escapes it."""

from __future__ import annotations

from kundenspiel.engine.meters import METER_IDS, METER_LABELS
from kundenspiel.wording import counted
from kundenspiel.workshop.model import ChoiceShare, Decision, GroupDebrief, ScenarioDebrief
from kundenspiel.workshop.report_text import (
    NBSP,
    decimal,
    duration,
    participants_text,
    people_text,
    percent,
    signed,
)

SHORT_CHOICE = 70
"""Characters of a choice's text quoted in a sentence; the tables print the whole text."""

TALKING_POINTS = 5
"""Decisions „Worüber sprechen?“ explains; the others that split the group are only named."""

SENTENCE_MIN_PEOPLE = 2
"""People a choice needs before „Worüber sprechen?“ says where they ended."""

LISTED_PEOPLE = 40
"""People named beside a choice in a report; the rest are counted („und 12 weitere“)."""

ENDINGS_NAMED = 3
"""Endings named in a sentence about a choice; the rest are summed up as „anderswo“."""


def decision_numbers(scenario: ScenarioDebrief) -> dict[str, int]:
    """Node id → the decision's number in the report (story order, from 1)."""
    return {decision.node_id: number for number, decision in enumerate(scenario.decisions, start=1)}


def shortened(text: str, limit: int = SHORT_CHOICE) -> str:
    """``text`` on one line, cut at a word with „…“ when longer than ``limit``."""
    flat = " ".join(text.split()).replace("**", "")
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"


def quoted(text: str, limit: int = SHORT_CHOICE) -> str:
    """A choice in German quotes, shortened; a choice that is a quote already („…“) keeps its own."""
    short = shortened(text, limit)
    if not short.startswith("„"):
        return f"„{short}“"
    return short if short.endswith("“") else short + "“"


def effects_text(effects: dict[str, int]) -> str:
    """„Kundenvertrauen +5, Mitarbeitermotivation −3“ in the order of the meters; „keine“."""
    ordered = [m for m in METER_IDS if effects.get(m)] + sorted(m for m in effects if m not in METER_IDS)
    parts = [f"{METER_LABELS.get(m, m)}{NBSP}{signed(effects[m])}" for m in ordered if effects[m]]
    return ", ".join(parts) or "keine"


class People:
    """How participants are shown in one export: their names with ``names``, else „Person n“.
    Looked up by number in a dict: a group of 1,000 would otherwise scan the list of
    participants for every mention, which made the report of a large group seconds slower."""

    def __init__(self, debrief: GroupDebrief, names: bool) -> None:
        self._shown = {p.number: p.shown(names) for p in debrief.participants}

    def __call__(self, number: int) -> str:
        """The participant with this number as shown („Person n“ if unknown)."""
        return self._shown.get(number, f"Person {number}")

    def listed(self, numbers: list[int], limit: int = LISTED_PEOPLE) -> str:
        """„Ada, Ben“, „niemand“, and past ``limit`` „… und 12 weitere“."""
        shown = [self(number) for number in numbers[:limit]]
        if len(numbers) > limit:
            return f"{', '.join(shown)} und {len(numbers) - limit} weitere"
        return ", ".join(shown) or "niemand"


def share_text(choice: ChoiceShare) -> str:
    """„6 Personen · 35 %“."""
    return f"{people_text(choice.count)} · {percent(choice.percent)}"


def lock_text(choice: ChoiceShare) -> str | None:
    """„3 Personen sahen sie gesperrt; wählbar nur bei: ….“, „Wählbar nur bei: … (niemand sah sie
    gesperrt).“; None for a choice without a condition that nobody saw locked."""
    condition = f"wählbar nur bei: {choice.lock_condition}" if choice.lock_condition else ""
    if choice.locked:
        seen = f"{counted(choice.locked, 'Person sah', 'Personen sahen')} sie gesperrt"
        return f"{seen}; {condition}." if condition else f"{seen}."
    if condition:
        return f"W{condition[1:]} (niemand sah sie gesperrt)."
    return None


def _landed(choice: ChoiceShare) -> str:
    landed = [f"{percent(e.percent)} bei „{e.title}“" for e in choice.endings[:ENDINGS_NAMED]]
    rest = sum(e.percent for e in choice.endings[ENDINGS_NAMED:])
    if rest:
        landed.append(f"{percent(rest)} anderswo")
    return landed[0] if len(landed) == 1 else ", ".join(landed[:-1]) + " und " + landed[-1]


def endings_sentence(choice: ChoiceShare) -> str | None:
    """„Von denen, die „…“ wählten (4 beendet), endeten 75 % bei „A“ und 25 % bei „B“.“; None
    when nobody who took it has finished."""
    if not choice.endings or not choice.finished:
        return None
    done = "" if choice.finished == choice.count else f" ({choice.finished} beendet)"
    return f"Von denen, die {quoted(choice.text)} wählten{done}, endeten {_landed(choice)}."


def talking_sentences(decision: Decision) -> list[str]:
    """The choice → ending sentences worth reading out at a decision: choices taken by at least
    ``SENTENCE_MIN_PEOPLE`` people (one person's ending says nothing about the choice), most
    people first."""
    chosen = sorted(decision.choices, key=lambda c: -c.count)
    return [s for c in chosen if c.count >= SENTENCE_MIN_PEOPLE and (s := endings_sentence(c))]


def endings_short(choice: ChoiceShare) -> str | None:
    """The same without the choice's text, for a line beside it: „Endeten 75 % bei „A“ und
    25 % bei „B“ (4 von 5 beendet).“"""
    if not choice.endings or not choice.finished:
        return None
    done = "" if choice.finished == choice.count else f" ({choice.finished} von {choice.count} beendet)"
    return f"Endeten {_landed(choice)}{done}."


def decision_meta(decision: Decision) -> str:
    """„18 Personen · 2-mal erneut erreicht · 3 sahen eine Antwort gesperrt · Median 45 s“."""
    parts = [people_text(decision.participants)]
    if decision.revisits:
        parts.append(f"{decision.revisits}-mal erneut erreicht (nicht im Anteil)")
    if decision.with_locked:
        parts.append(
            f"{decision.with_locked} {'sah' if decision.with_locked == 1 else 'sahen'} etwas gesperrt"
        )
    if decision.median_seconds is not None:
        parts.append(f"Median {duration(decision.median_seconds)} bis zur Wahl")
    return " · ".join(parts)


def split_text(decision: Decision) -> str:
    """How the people split: „44 % · 33 % · 22 %“ over the choices taken, largest first."""
    shares = sorted((c.percent for c in decision.choices if c.count), reverse=True)
    return " · ".join(percent(s) for s in shares) or "–"


def scenario_meta(scenario: ScenarioDebrief) -> str:
    """The status line of a scenario: who played, finished, is playing, gave up or restarted."""
    running = "läuft" if scenario.in_progress == 1 else "laufen"
    parts = [
        f"{participants_text(scenario.participants)}: {scenario.finished} beendet, "
        f"{scenario.in_progress} {running} noch, {scenario.abandoned} abgebrochen"
    ]
    if scenario.given_up or scenario.stalled:
        parts[0] += f" ({scenario.given_up} aufgegeben, {scenario.stalled} ohne Aktivität)"
    if scenario.restarted:
        parts.append(f"{counted(scenario.restarted, 'Person', 'Personen')} neu gestartet")
    if scenario.score_mean is not None:
        parts.append(f"Durchschnitt {decimal(scenario.score_mean)} Punkte")
    if scenario.durations is not None:
        times = scenario.durations
        parts.append(
            f"Dauer im Median {duration(times.median_seconds)} "
            f"({duration(times.minimum_seconds)} bis {duration(times.maximum_seconds)}, "
            f"{counted(times.runs, 'Durchlauf', 'Durchläufe')})"
        )
    return " · ".join(parts)


def decision_title(number: int, decision: Decision) -> str:
    """„Entscheidung 3 – Renate Böttcher, Kundin“."""
    who = f" – {decision.speaker}" if decision.speaker else ""
    return f"Entscheidung {number}{who}"
