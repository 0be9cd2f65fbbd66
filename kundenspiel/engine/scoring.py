"""The 0–100 score and the per-competency breakdown of a playthrough."""

from __future__ import annotations

from dataclasses import dataclass

from kundenspiel.engine.models import Rating, Scenario
from kundenspiel.engine.state import GameState


@dataclass(frozen=True)
class CompetencyScore:
    """How a competency was shown on one path: points for and against, and a 0–100 rating."""

    competency_id: str
    label: str
    positive: int
    negative: int

    @property
    def rating(self) -> int:
        """Share of positive points, 0–100."""
        return round(100 * self.positive / (self.positive + self.negative))


@dataclass(frozen=True)
class ScoreCard:
    """The score of a playthrough and how it came about."""

    total: int
    meter_part: float
    rating: Rating | None
    competencies: dict[str, CompetencyScore]


def weighted_meter_mean(scenario: Scenario, meters: dict[str, int]) -> float:
    """The mean of the meters, weighted as the scenario says."""
    weights = scenario.scoring.weights.as_dict()
    total_weight = sum(weights.values())
    if total_weight == 0:
        return sum(meters.values()) / len(meters)
    return sum(meters[meter] * weight for meter, weight in weights.items()) / total_weight


def score_playthrough(scenario: Scenario, state: GameState) -> ScoreCard:
    """Score the state: meters and, once ended, the ending's rating; unfinished runs get the
    meter part only and no rating."""
    meter_part = weighted_meter_mean(scenario, state.meters.as_dict())
    rating = scenario.ending(state.ending_id).rating if state.ending_id else None
    share = scenario.scoring.ending_share
    total = meter_part if rating is None else (1 - share) * meter_part + share * rating.points
    return ScoreCard(
        total=max(0, min(100, round(total))),
        meter_part=meter_part,
        rating=rating,
        competencies=competency_breakdown(scenario, state),
    )


def competency_breakdown(scenario: Scenario, state: GameState) -> dict[str, CompetencyScore]:
    """Sum the competency weights of the choices taken, per competency."""
    positive: dict[str, int] = {}
    negative: dict[str, int] = {}
    for step in state.path:
        choice = scenario.node(step.node_id).choice(step.choice_id)
        if choice is None:
            continue
        for competency, weight in choice.competencies.items():
            bucket = positive if weight > 0 else negative
            bucket[competency] = bucket.get(competency, 0) + abs(weight)
    touched = sorted(set(positive) | set(negative))
    return {
        competency: CompetencyScore(
            competency_id=competency,
            label=scenario.competencies.get(competency, competency),
            positive=positive.get(competency, 0),
            negative=negative.get(competency, 0),
        )
        for competency in touched
    }
