"""„Was wäre passiert?“ and „So entsteht deine Punktzahl“: what the debrief computes for the options
not taken (from the state before each decision) and how the score is made up."""

from __future__ import annotations

from pathlib import Path

import pytest

from kundenspiel.engine import GameState, Scenario, load_scenario, play
from kundenspiel.engine.state import Meters
from kundenspiel.ui.screens.debrief_text import (
    alternatives_markdown,
    alternatives_title,
    destination_markdown,
    excerpt,
    review_decisions,
    score_breakdown,
    score_markdown,
)
from tests.conftest import MINI_SCENARIO
from tests.ui.routes_seed import all_endings, played, scenario_folder


@pytest.fixture
def routes(tmp_path: Path) -> Scenario:
    return load_scenario(scenario_folder(tmp_path) / "routen.yaml")


# --- „Was wäre passiert?“ ----------------------------------------------------------------------


def test_the_options_not_taken_are_those_offered_then_with_locked_ones_and_their_reason(
    routes: Scenario,
) -> None:
    first, second = review_decisions(routes, played(routes, "nachfragen", "abgeben"))
    assert [a.option.choice.id for a in first.alternatives] == ["umtauschen", "weitergehen", "vertroesten"]
    locked = first.alternatives[0]
    assert locked.step is None and not locked.option.available
    assert alternatives_title(first) == "Was wäre passiert? (2 andere Möglichkeiten, 1 gesperrt)"
    text = alternatives_markdown(routes, first)
    assert "_Gesperrt: Umtausch ohne Prüfung darf nur die Filialleitung freigeben._" in text
    assert [a.option.choice.id for a in second.alternatives] == ["befugnis_erbitten"]
    assert alternatives_title(second) == "Was wäre passiert? (1 andere Möglichkeit)"


def test_reaction_effects_and_destination_come_from_the_state_before_the_decision(routes: Scenario) -> None:
    # Having listened first, asking for authority is praised and leads back to the counter …
    (_, listened) = review_decisions(routes, played(routes, "nachfragen", "abgeben"))
    text = alternatives_markdown(routes, listened)
    assert (
        "> Sie überlegt.\n>\n> „Sie haben gut zugehört – bis 50 Euro entscheidest du ab heute selbst.“"
        in text
    )
    assert "**Wirkung:** Entscheidungsbefugnis ▲ +40" in text
    assert (
        "**Danach:** Frau Demir, Kundin: _Frau Demir wartet noch an der Theke und schaut dich fragend an …_"
        in text
    )
    # … without listening, the same option gets the other passage and its route ends the story.
    (_, hurried) = review_decisions(routes, played(routes, "weitergehen", "abgeben"))
    text = alternatives_markdown(routes, hurried)
    assert "> Sie überlegt.\n>\n> „Erst zuhören, dann fragen.“" in text
    assert "gut zugehört" not in text
    assert "**Danach:** Ende „Gelöst, aber nicht von dir“ (gemischt)" in text


def test_effects_are_the_real_changes_and_a_node_without_speaker_is_quoted(routes: Scenario) -> None:
    (first, _) = review_decisions(routes, played(routes, "nachfragen", "abgeben"))
    text = alternatives_markdown(routes, first)
    # Trust stands at 40: −50 can only take 40 of it.
    assert "**Wirkung:** Kundenvertrauen ▼ −40  \n**Danach:** Ende „Verloren“ (gescheitert)" in text
    assert "**Wirkung:** Mitarbeitermotivation ▼ −5  \n**Danach:** _Die Filialleiterin ist gerade da." in text
    by_id = {a.option.choice.id: a for a in first.alternatives}
    step = by_id["weitergehen"].step
    assert step is not None
    assert step == play.choose(routes, play.start(routes), "weitergehen")
    assert destination_markdown(routes, step) == "_Die Filialleiterin ist gerade da. Sie hört kurz zu._"


def test_excerpt_cuts_at_a_word_and_drops_markdown_marks() -> None:
    assert excerpt("Die *Filialleiterin* ist da.") == "Die Filialleiterin ist da."
    assert excerpt("eins zwei drei vier", length=12) == "eins zwei …"
    assert excerpt("# Titel\n\n> Zitat hier") == "Titel Zitat hier"


def test_a_decision_without_other_options_has_no_fold(routes: Scenario) -> None:
    mini = load_scenario(MINI_SCENARIO)
    reviews = review_decisions(mini, played(mini, "nachfragen", "befugnis_erbitten", "jetzt_umtauschen"))
    assert reviews[2].alternatives == ()


# --- how the score is made up --------------------------------------------------------------------


@pytest.mark.parametrize("which", ["mini", "routen"])
def test_the_breakdown_adds_up_to_the_engines_score_on_every_path(which: str, routes: Scenario) -> None:
    scenario = routes if which == "routen" else load_scenario(MINI_SCENARIO)
    ended = list(all_endings(scenario))
    assert len(ended) >= 3
    for state in ended:
        card = play.score(scenario, state)
        breakdown = score_breakdown(scenario, state)
        assert breakdown.mean == card.meter_part
        assert breakdown.rating == card.rating
        assert breakdown.meter_points + breakdown.ending_points == pytest.approx(breakdown.exact)
        assert breakdown.total == card.total
        title = scenario.ending(state.ending_id or "").title
        assert f"**{card.total}** von 100" in score_markdown(breakdown, title)


def test_the_guides_example_reads_as_the_guide_computes_it(tmp_path: Path) -> None:
    # scenarios/README.md, section 5: weights 1/2/1, meters 70/65/60, a successful ending → 79.
    text = MINI_SCENARIO.read_text(encoding="utf-8").replace(
        "nodes:\n", "scoring:\n  weights: {vertrauen: 2}\nnodes:\n", 1
    )
    (tmp_path / "mini.yaml").write_text(text, encoding="utf-8")
    scenario = load_scenario(tmp_path / "mini.yaml")
    meters = Meters(motivation=70, vertrauen=65, befugnis=60)
    state = GameState(scenario_id="mini", node_id=None, ending_id="ende_gut", meters=meters)
    assert play.score(scenario, state).total == 79
    shown = score_markdown(score_breakdown(scenario, state), "Zufrieden")
    assert "- Kundenvertrauen **65** · Gewicht 2" in shown
    assert "**M** = gewichteter Mittelwert = (1 · 70 + 2 · 65 + 1 · 60) / 4 = **65**" in shown
    assert "**E** = Punkte des Endes „Zufrieden“ (gelungen) = **100**" in shown
    assert "Das Ende zählt zu 40 %, die Messwerte zu 60 %" in shown
    assert "= 0,6 · 65 + 0,4 · 100 = 39 + 40 = **79** von 100" in shown


def test_an_unround_score_says_how_it_was_rounded(routes: Scenario) -> None:
    meters = Meters(motivation=61, vertrauen=40, befugnis=20)
    state = GameState(scenario_id="routen", node_id=None, ending_id="ende_gemischt", meters=meters)
    breakdown = score_breakdown(routes, state)
    card = play.score(routes, state)
    # M = (61 + 2 · 40 + 0,5 · 20) / 3,5 = 43,142857…; 0,65 · M + 0,35 · 50 = 45,54…
    assert breakdown.mean == pytest.approx(151 / 3.5)
    text = score_markdown(breakdown, "Gelöst, aber nicht von dir")
    assert "/ 3,5 ≈ **43,14**" in text
    assert f"≈ 28,04 + 17,5 ≈ 45,54, gerundet **{card.total}** von 100" in text
    assert card.total == 46
