"""What the debrief says: each decision with what the other options would have done, how the
score is made up, and the competencies. Pure text building from the engine's models; the screen
only shows it.

Everything a trainee could have seen is computed with the engine itself (``play.choose`` on the
state before the decision), so reactions that depend on the story so far (``feedback_when``) and
routes (``next_when``) come out exactly as they would have in play.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kundenspiel.engine import GameState, Scenario, play
from kundenspiel.engine.meters import METER_IDS, METER_LABELS
from kundenspiel.engine.models import Rating
from kundenspiel.engine.scoring import ScoreCard, weighted_meter_mean
from kundenspiel.ui.markdown import literal
from kundenspiel.wording import counted

# How much of the next situation „Danach“ quotes: enough to recognise it, not to read it.
EXCERPT_LENGTH = 70
# 0,6 · 200/3 is 39,999999999999996 in floating point: that is 40, not „≈ 40“.
FLOAT_SLACK = 1e-9
_MARKDOWN_MARKS = re.compile(r"[*_`]|^\s*(?:#+|>)\s*", re.MULTILINE)


@dataclass(frozen=True)
class Alternative:
    """An option not taken at a decision: offered then, with the step it would have made, or
    locked (``step`` is None) with the reason the player saw."""

    option: play.ChoiceOption
    step: play.Step | None


@dataclass(frozen=True)
class DecisionReview:
    """One decision of the playthrough: the step taken and the options left aside."""

    number: int
    step: play.Step
    alternatives: tuple[Alternative, ...]


def meter_history(scenario: Scenario, state: GameState) -> tuple[dict[str, int], ...]:
    """The meters at the start and after every decision."""
    start = scenario.start.meters.as_dict()
    return (start, *(step.meters_after.as_dict() for step in state.path))


def review_decisions(scenario: Scenario, state: GameState) -> list[DecisionReview]:
    """Every decision of ``state``'s path with each other option as it stood at that moment."""
    replayed = play.replay(scenario, state.choice_ids)
    before = [play.start(scenario), *(step.state for step in replayed.steps[:-1])]
    reviews = []
    for number, (step, earlier) in enumerate(zip(replayed.steps, before, strict=True), start=1):
        alternatives = tuple(
            Alternative(
                option, play.choose(scenario, earlier, option.choice.id) if option.available else None
            )
            for option in play.options(scenario, earlier)
            if option.choice.id != step.choice.id
        )
        reviews.append(DecisionReview(number, step, alternatives))
    return reviews


def changes_markdown(changes: dict[str, int]) -> str:
    """„Kundenvertrauen ▲ +8 · Mitarbeitermotivation ▼ −5“, always with numbers."""
    parts = []
    for meter in METER_IDS:
        delta = changes.get(meter, 0)
        if delta > 0:
            parts.append(f"{METER_LABELS[meter]} ▲ +{delta}")
        elif delta < 0:
            parts.append(f"{METER_LABELS[meter]} ▼ −{-delta}")
    return " · ".join(parts) if parts else "Die Werte bleiben, wie sie sind."


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The first words of a Markdown text as plain text on one line, cut at a word with „…“."""
    plain = " ".join(_MARKDOWN_MARKS.sub("", text).split())
    if len(plain) <= length:
        return plain
    cut = plain[:length].rsplit(" ", 1)[0] if " " in plain[:length] else plain[:length]
    return cut.rstrip(" ,.;:–-") + " …"


def destination_markdown(scenario: Scenario, step: play.Step) -> str:
    """Where a step leads: the ending with its rating, or who speaks next and their first words."""
    if step.ending is not None:
        return f"Ende „{literal(step.ending.title)}“ ({step.ending.rating.label.lower()})"
    node = play.current_node(scenario, step.state)
    words = f"_{literal(excerpt(play.node_text(node, step.state)))}_"
    return f"{literal(node.speaker)}: {words}" if node.speaker else words


def _quoted(markdown: str) -> str:
    """A Markdown text as a block quote (every line marked, blank ones too)."""
    return "\n".join(f"> {line}".rstrip() for line in markdown.strip().splitlines())


def alternatives_title(review: DecisionReview) -> str:
    """The heading of the „Was wäre passiert?“ section: how many options there were besides."""
    offered = sum(1 for alternative in review.alternatives if alternative.step is not None)
    locked = len(review.alternatives) - offered
    parts = [counted(offered, "andere Möglichkeit", "andere Möglichkeiten")] if offered else []
    parts += [f"{locked} gesperrt"] if locked else []
    return f"Was wäre passiert? ({', '.join(parts)})"


def alternative_markdown(scenario: Scenario, alternative: Alternative) -> str:
    """One option not taken: its text, then its reaction, effects and where it would have led,
    or, if it was locked, why."""
    text = f"**{literal(alternative.option.choice.text)}**"
    step = alternative.step
    if step is None:
        return f"{text}  \n_Gesperrt: {literal(alternative.option.reason or '')}_"
    reaction = (step.feedback or "").strip()
    lines = [text, _quoted(reaction) if reaction else "_Keine Rückmeldung._"]
    lines.append(
        f"**Wirkung:** {changes_markdown(step.changes)}  \n**Danach:** {destination_markdown(scenario, step)}"
    )
    return "\n\n".join(lines)


def alternatives_markdown(scenario: Scenario, review: DecisionReview) -> str:
    """Every option not taken at a decision, in the order they were offered."""
    return "\n\n".join(alternative_markdown(scenario, a) for a in review.alternatives)


def decision_heading(review: DecisionReview) -> str:
    """„2. Entscheidung – Frau Demir, Kundin“ (plain text, not Markdown)."""
    speaker = review.step.node.speaker
    return f"{review.number}. Entscheidung" + (f" – {' '.join(speaker.split())}" if speaker else "")


def decision_markdown(scenario: Scenario, review: DecisionReview) -> str:
    """What was chosen, what it did, why it mattered and which competencies it showed."""
    step = review.step
    choice = step.choice
    lines = [
        f"**Du hast gewählt:** {literal(choice.text)}",
        f"**Wirkung:** {changes_markdown(step.changes)}",
    ]
    if choice.coaching:
        lines.append(f"**Warum es zählt:** {choice.coaching.strip()}")
    tags = ", ".join(
        literal(scenario.competencies.get(tag, tag)) + (" (Gegenbeispiel)" if weight < 0 else "")
        for tag, weight in choice.competencies.items()
    )
    if tags:
        lines.append(f"**Kompetenz:** {tags}")
    return "  \n".join(lines)


@dataclass(frozen=True)
class ScoreBreakdown:
    """The score as the engine computes it, with every number on the way."""

    meters: dict[str, int]
    weights: dict[str, float]
    mean: float
    """M: the weighted mean of the final meters."""
    rating: Rating
    share: float
    """The ending's share of the score (0–1)."""

    @property
    def meter_points(self) -> float:
        """(1 − share) · M."""
        return (1 - self.share) * self.mean

    @property
    def ending_points(self) -> float:
        """share · E."""
        return self.share * self.rating.points

    @property
    def exact(self) -> float:
        """The unrounded score, computed as the engine does."""
        return (1 - self.share) * self.mean + self.share * self.rating.points

    @property
    def total(self) -> int:
        """The score shown: rounded (as Python rounds) and kept within 0–100."""
        return max(0, min(100, round(self.exact)))


def score_breakdown(scenario: Scenario, state: GameState) -> ScoreBreakdown:
    """The breakdown of an ended playthrough's score."""
    if state.ending_id is None:
        raise ValueError("only an ended playthrough has a complete score")
    meters = state.meters.as_dict()
    return ScoreBreakdown(
        meters=meters,
        weights=scenario.scoring.weights.as_dict(),
        mean=weighted_meter_mean(scenario, meters),
        rating=scenario.ending(state.ending_id).rating,
        share=scenario.scoring.ending_share,
    )


def decimal(value: float, places: int = 2) -> str:
    """A number the German way, with at most ``places`` decimals: 66,67 · 0,6 · 40."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return ("0" if text in {"-0", ""} else text).replace(".", ",")


def _about(*values: float) -> str:
    """„=“ when ``decimal`` shows every value exactly, else „≈“."""
    return "=" if all(abs(round(value, 2) - value) < FLOAT_SLACK for value in values) else "≈"


def score_markdown(breakdown: ScoreBreakdown, ending_title: str) -> str:
    """How the score came about, with this playthrough's numbers (a list of the meters, not a
    table: a Markdown table takes three times the lines, too many at 80×24)."""
    meters, weights, mean = breakdown.meters, breakdown.weights, breakdown.mean
    rows = "\n".join(
        f"- {METER_LABELS[meter]} **{meters[meter]}** · Gewicht {decimal(weights[meter])}"
        for meter in METER_IDS
    )
    weighted = " + ".join(f"{decimal(weights[meter])} · {meters[meter]}" for meter in METER_IDS)
    points = breakdown.rating.points
    keep, share = decimal(1 - breakdown.share), decimal(breakdown.share)
    parts, exact = (breakdown.meter_points, breakdown.ending_points), breakdown.exact
    if abs(exact - breakdown.total) < FLOAT_SLACK:
        result = f"= **{breakdown.total}** von 100"
    else:
        result = f"{_about(exact)} {decimal(exact)}, gerundet **{breakdown.total}** von 100"
    lines = [
        f"**M** = gewichteter Mittelwert = ({weighted}) / {decimal(sum(weights.values()))} "
        f"{_about(mean)} **{decimal(mean)}**",
        f"**E** = Punkte des Endes „{literal(ending_title)}“ ({breakdown.rating.label.lower()}) "
        f"= **{points}**",
        f"Das Ende zählt zu {decimal(100 * breakdown.share)} %, die Messwerte zu "
        f"{decimal(100 * (1 - breakdown.share))} %:",
        f"**Punktzahl** = {keep} · M + {share} · E = {keep} · {decimal(mean)} + {share} · {points} "
        f"{_about(mean, *parts)} {decimal(parts[0])} + {decimal(parts[1])} {result}",
    ]
    return "## So entsteht deine Punktzahl\n\nMesswerte am Ende:\n\n" + rows + "\n\n" + "  \n".join(lines)


def competencies_markdown(card: ScoreCard) -> str:
    """The competency profile of this playthrough as a Markdown table."""
    if not card.competencies:
        return ""
    rows = "\n".join(
        f"| {literal(c.label)} | {c.positive} | {c.negative} | {c.rating} % |"
        for c in card.competencies.values()
    )
    return "## Deine Kompetenzen\n\n| Kompetenz | gezeigt | dagegen | Anteil |\n|---|---:|---:|---:|\n" + rows
