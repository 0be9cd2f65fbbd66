"""Rules of play on the mini scenario: locking, effects, clamping, endings, replay, scoring."""

from __future__ import annotations

import pytest

from kundenspiel.engine import Scenario, play
from kundenspiel.engine.models import MeterDeltas
from kundenspiel.engine.state import Meters


def option_ids(scenario: Scenario, state: play.GameState) -> dict[str, bool]:
    return {o.choice.id: o.available for o in play.options(scenario, state)}


def test_start_uses_the_scenarios_start_values(mini: Scenario) -> None:
    state = play.start(mini)
    assert state.node_id == "theke"
    assert state.meters.as_dict() == {"motivation": 60, "vertrauen": 40, "befugnis": 20}
    assert state.path == ()
    assert not state.ended


def test_locked_choice_is_offered_with_the_scenarios_reason(mini: Scenario) -> None:
    state = play.start(mini)
    offered = {o.choice.id: o for o in play.options(mini, state)}
    assert not offered["umtauschen"].available
    assert offered["umtauschen"].reason == ("Umtausch ohne Prüfung darf nur die Filialleitung freigeben.")
    assert offered["nachfragen"].available
    assert offered["nachfragen"].reason is None


def test_choosing_a_locked_choice_is_refused(mini: Scenario) -> None:
    with pytest.raises(play.PlayError, match="Filialleitung"):
        play.choose(mini, play.start(mini), "umtauschen")


def test_unknown_choice_is_refused(mini: Scenario) -> None:
    with pytest.raises(play.PlayError, match="gibt es bei „theke“ nicht"):
        play.choose(mini, play.start(mini), "zaubern")


def test_effects_and_flags_apply_and_unlock_choices(mini: Scenario) -> None:
    state = play.start(mini)
    step = play.choose(mini, state, "nachfragen")
    assert step.changes == {"motivation": 5, "vertrauen": 5, "befugnis": 0}
    assert step.feedback == "Sie erzählt. Sie wirkt schon etwas ruhiger."
    step = play.choose(mini, step.state, "befugnis_erbitten")
    assert step.state.flags == {"rueckruf"}
    assert step.state.meters.as_dict() == {"motivation": 75, "vertrauen": 45, "befugnis": 60}
    assert option_ids(mini, step.state) == {"jetzt_umtauschen": True}
    final = play.choose(mini, step.state, "jetzt_umtauschen")
    assert final.ended
    assert final.ending is not None and final.ending.id == "ende_gut"
    assert final.state.node_id is None
    assert final.state.choice_ids == ["nachfragen", "befugnis_erbitten", "jetzt_umtauschen"]


def test_meters_are_clamped_and_changes_report_the_real_movement() -> None:
    meters = Meters(motivation=95, vertrauen=3, befugnis=50)
    after, changes = meters.apply(MeterDeltas(motivation=20, vertrauen=-25))
    assert after.as_dict() == {"motivation": 100, "vertrauen": 0, "befugnis": 50}
    assert changes == {"motivation": 5, "vertrauen": -3, "befugnis": 0}


def test_hidden_choice_is_left_out_while_locked(mini: Scenario) -> None:
    data = mini.model_dump()
    data["nodes"][0]["choices"][0]["hidden"] = True
    changed = Scenario.model_validate(data)
    offered = [o.choice.id for o in play.options(changed, play.start(changed))]
    assert offered == ["nachfragen", "vertroesten"]


def test_default_reason_renders_the_condition_in_german(mini: Scenario) -> None:
    choice = mini.node("theke_zwei").choices[0]
    assert play.locked_reason(mini, choice) == (
        "Noch nicht möglich: Entscheidungsbefugnis mindestens 50 und „Rückruf zugesagt“."
    )


def test_an_ended_playthrough_offers_nothing(mini: Scenario) -> None:
    ended = play.choose(mini, play.start(mini), "vertroesten").state
    with pytest.raises(play.PlayError, match="beendet"):
        play.options(mini, ended)


def test_replay_rebuilds_the_identical_state(mini: Scenario) -> None:
    state = play.start(mini)
    for choice_id in ["nachfragen", "befugnis_erbitten"]:
        state = play.choose(mini, state, choice_id).state
    replayed = play.replay(mini, state.choice_ids)
    assert replayed.complete
    assert replayed.state == state
    assert replayed.applied == 2


def test_replay_stops_at_a_choice_that_no_longer_exists(mini: Scenario) -> None:
    replayed = play.replay(mini, ["nachfragen", "verschwunden", "jetzt_umtauschen"])
    assert not replayed.complete
    assert replayed.applied == 1
    assert replayed.state.node_id == "leitung"
    assert replayed.problem is not None and replayed.problem.startswith("Schritt 2:")


def test_score_combines_meters_and_ending_rating(mini: Scenario) -> None:
    state = play.replay(mini, ["nachfragen", "befugnis_erbitten", "jetzt_umtauschen"]).state
    card = play.score(mini, state)
    # meters 75/65/60 -> mean 66.67; 0.6 * 66.67 + 0.4 * 100 = 80
    assert card.total == 80
    assert card.rating is not None and card.rating.value == "gelungen"
    failed = play.replay(mini, ["vertroesten"]).state
    # meters 55/15/20 -> mean 30; 0.6 * 30 + 0.4 * 0 = 18
    assert play.score(mini, failed).total == 18


def test_competency_breakdown_counts_positive_and_negative_tags(mini: Scenario) -> None:
    good = play.score(mini, play.replay(mini, ["nachfragen", "befugnis_erbitten"]).state)
    assert {k: (c.positive, c.negative, c.rating) for k, c in good.competencies.items()} == {
        "entscheiden": (1, 0, 100),
        "zuhoeren": (1, 0, 100),
    }
    bad = play.score(mini, play.replay(mini, ["vertroesten"]).state)
    assert bad.competencies["zuhoeren"].negative == 1
    assert bad.competencies["zuhoeren"].rating == 0
    assert bad.competencies["zuhoeren"].label == "Zuhören"


def test_unfinished_playthrough_scores_its_meters_only(mini: Scenario) -> None:
    card = play.score(mini, play.start(mini))
    assert card.rating is None
    assert card.total == 40  # (60 + 40 + 20) / 3
