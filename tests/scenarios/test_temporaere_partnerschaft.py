"""Path tests for „Temporäre Partnerschaft“: every ending is reached by a concrete path with
exact final meters, and the locks teach what they should (facts before transparency, backing
before saying no, trust before planning together)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kundenspiel.engine import Scenario, load_scenario, play
from tests.scenarios.paths import assert_path_ends, available, play_path

SCENARIO_FILE = Path(__file__).resolve().parents[2] / "scenarios" / "temporaere_partnerschaft.yaml"

# Start: Motivation 55, Vertrauen 30, Befugnis 30.
PARTNERSCHAFT = [
    "ohne_ziel_fuehren",  # M 50, B 50
    "zu_ayse",  # M 45
    "vorschau_vereinbaren",  # M 50, B 55, Merker vorschau_vereinbart
    "offen_erklaeren",  # V 45
    "ehrlich_ablehnen",  # V 60, M 45 (braucht Befugnis >= 45 und die Produktion)
    "position_beziehen",  # M 40
    "exit_begruenden",  # B 75, M 50, Merker exit_freigabe
    "exit_vertrag",  # V 80, M 55
    "sofort_melden",  # V 90, M 50
    "ziehen_lassen",  # V 100, M 45
    "gemeinsam_planen",  # V 100 (110 gekappt), M 55
]
ABSCHIED = [
    "mal_sehen",  # B 25
    "praesentation",  # M 60
    "nachfragen",  # V 35
    "alles_zusagen",  # V 40, M 65, Merker ueberversprochen
    "vertrag_schicken",  # M 70, B 20
    "jahresvertrag",  # V 45
    "sofort_melden_mit_rueckzieher",  # V 35, M 60
    "ziehen_lassen",  # V 45, M 55
    "tuer_offen_halten",  # V 50 (Vertrauen >= 40)
]
DIENST_NACH_VERTRAG = [
    "ziel_annehmen",  # M 65, B 25
    "zu_ayse",  # M 60
    "vorschau_vereinbaren",  # M 65, B 30
    "nachfragen",  # V 35
    "alles_zusagen",  # V 40, M 70, Merker ueberversprochen
    "vertrag_schicken",  # M 75, B 25
    "partnervertrag",  # V 30, M 80, Merker bindungsvertrag
    "sofort_melden_mit_rueckzieher",  # V 20, M 70
    "vertrag_pochen",  # V 10, M 75
]
BRUCH = [
    "ohne_ziel_fuehren",  # M 50, B 50
    "praesentation",  # M 55
    "nachfragen",  # V 35
    "alles_zusagen",  # V 40, M 60
    "vertrag_schicken",  # M 65, B 45
    "jahresvertrag",  # V 45
    "abwarten",  # V 25, M 70
    "schuld_weiterreichen",  # V 10, M 60
]


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(SCENARIO_FILE)


@pytest.mark.parametrize(
    ("path", "ending", "meters"),
    [
        (PARTNERSCHAFT, "ende_partnerschaft", {"motivation": 55, "vertrauen": 100, "befugnis": 75}),
        (ABSCHIED, "ende_abschied_im_guten", {"motivation": 55, "vertrauen": 50, "befugnis": 20}),
        (
            DIENST_NACH_VERTRAG,
            "ende_dienst_nach_vertrag",
            {"motivation": 75, "vertrauen": 10, "befugnis": 25},
        ),
        (BRUCH, "ende_bruch", {"motivation": 60, "vertrauen": 10, "befugnis": 45}),
    ],
    ids=["gelungen", "gemischt_abschied", "gemischt_vertrag", "gescheitert"],
)
def test_path_reaches_ending_with_exact_meters(
    scenario: Scenario, path: list[str], ending: str, meters: dict[str, int]
) -> None:
    assert_path_ends(scenario, path, ending, meters)


def test_endings_are_rated_success_mixed_and_failure(scenario: Scenario) -> None:
    ratings = {ending.id: ending.rating.value for ending in scenario.endings}
    assert ratings == {
        "ende_partnerschaft": "gelungen",
        "ende_dienst_nach_vertrag": "gemischt",
        "ende_abschied_im_guten": "gemischt",
        "ende_bruch": "gescheitert",
    }


def test_transparency_is_locked_until_the_player_asked_production(scenario: Scenario) -> None:
    without_facts = play_path(scenario, ["ziel_annehmen", "praesentation"])
    assert without_facts.node_id == "erstgespraech"
    offered = {option.choice.id: option for option in play.options(scenario, without_facts)}
    assert not offered["offen_erklaeren"].available
    assert offered["offen_erklaeren"].reason is not None
    assert "Produktion" in offered["offen_erklaeren"].reason
    with pytest.raises(play.PlayError):
        play.choose(scenario, without_facts, "offen_erklaeren")

    with_facts = play_path(scenario, ["ziel_annehmen", "zu_ayse", "druck_machen"])
    assert with_facts.node_id == "erstgespraech"
    assert available(scenario, with_facts)["offen_erklaeren"]


def test_turning_a_sale_down_needs_backing_without_a_sales_target(scenario: Scenario) -> None:
    # Mit Bonusziel reicht das Wissen aus der Produktion nicht: Befugnis 30 < 45.
    with_bonus = play_path(scenario, ["ziel_annehmen", "zu_ayse", "vorschau_vereinbaren", "offen_erklaeren"])
    assert with_bonus.node_id == "neue_linie"
    assert with_bonus.meters.befugnis == 30
    assert available(scenario, with_bonus) == {
        "alles_zusagen": True,
        "ehrlich_ablehnen": False,
        "zweistufig_planen": True,  # Vertrauen 45 nach der offenen Erklärung
        "vertrag_koppeln": True,
    }
    # Ohne Abschlussziel (Befugnis 55) ist das Nein möglich.
    without_bonus = play_path(
        scenario, ["ohne_ziel_fuehren", "zu_ayse", "vorschau_vereinbaren", "offen_erklaeren"]
    )
    assert without_bonus.meters.befugnis == 55
    assert available(scenario, without_bonus)["ehrlich_ablehnen"]


def test_hidden_variants_follow_the_promise_made(scenario: Scenario) -> None:
    honest = play_path(scenario, PARTNERSCHAFT[:8])
    assert honest.node_id == "engpass"
    assert set(available(scenario, honest)) == {"sofort_melden", "abwarten", "umplanen"}
    promised = play_path(scenario, ABSCHIED[:6])
    assert promised.node_id == "engpass"
    assert available(scenario, promised) == {
        "sofort_melden_mit_rueckzieher": True,
        "abwarten": True,
        "umplanen": False,
    }


def test_planning_together_stays_locked_after_a_broken_promise(scenario: Scenario) -> None:
    state = play_path(scenario, ABSCHIED[:8])
    assert state.node_id == "jahresgespraech"
    offered = available(scenario, state)
    assert offered["gemeinsam_planen"] is False
    assert offered["tuer_offen_halten"] is True
    assert "tuer_offen_zu_spaet" not in offered
