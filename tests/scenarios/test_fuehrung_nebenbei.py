"""Path tests for „Führung nebenbei“: every ending is reached by a concrete path with exact final
meters, and the locks teach what they should (listen before you negotiate, authority before you
let someone decide, a plan of the team before the team presents it, a week of real leadership
before Selin believes you)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kundenspiel.engine import Scenario, load_scenario, play
from tests.scenarios.paths import assert_path_ends, offered, play_path

SCENARIO_FILE = Path(__file__).resolve().parents[2] / "scenarios" / "fuehrung_nebenbei.yaml"

# Start: Motivation 35, Vertrauen 45, Befugnis 20.
FREIWILLIG_GEBLIEBEN = [
    "selin_zuhoeren",  # M 45, V 40
    "nachfragen",  # M 50, Merker selin_gehoert
    "befugnis_erbitten",  # M 55, B 45 (braucht selin_gehoert)
    "jonas_entscheiden",  # M 65, V 45 (braucht Befugnis >= 40)
    "team_fragen",  # M 70, V 40, Merker ideen_gesammelt
    "pulsbefragung",  # unverändert
    "offen_besprechen",  # M 75
    "team_plant_selbst",  # M 80, V 35, B 55
    "oeffentlich_loben",  # M 85, V 40, B 50
    "team_praesentiert",  # M 90, V 45, B 60 (braucht ideen_gesammelt)
    "ehrlich_einladen",  # M 95, V 40 (braucht selin_gehoert, M >= 60, V >= 40)
]
AUF_ABRUF = [
    "per_mail",  # M 25, Merker zahlen_vorbereitet
    "ursachen_zeigen",  # V 55 (braucht zahlen_vorbereitet)
    "selbst_uebernehmen",  # M 20, V 65
    "plan_vorstellen",  # M 10, V 75
    "gefuehl_reicht",  # M 5
    "ausnahme_katrin",  # M 10
    "kurz_danken",  # unverändert
    "brandts_plan",  # M 5, V 65, B 25
    "gehalt_bieten",  # unverändert
]
OFFENE_TUER = [
    "ans_telefon",  # M 30, V 55
    "team_einbinden",  # M 35, Merker plan_mit_team
    "danebensetzen",  # M 40, V 60
    "runde_absagen",  # M 35, V 65
    "einzelgespraeche",  # M 40, V 55, Merker selin_gehoert
    "nur_an_brandt",  # M 30, B 30
    "plan_bleibt",  # M 20, V 60
    "richtzeit_erinnern",  # M 10, V 55, B 35
    "team_praesentiert",  # M 15, V 60, B 45 (plan_mit_team)
    "fair_verabschieden",  # M 20, V 55
]
KUENDIGUNGSWELLE = [
    "selin_zuhoeren",  # M 45, V 40
    "appell_team",  # M 35, V 45
    "praemie_zusagen",  # M 40, V 35
    "an_abrechnung_verweisen",  # M 35, V 25
    "runde_absagen",  # M 30, V 30
    "gefuehl_reicht",  # M 25
    "ausnahme_katrin",  # M 30
    "richtzeit_erinnern",  # M 20, V 25, B 25
    "richtzeit_streichen",  # M 25, V 35, B 15
    "frist_erinnern",  # M 10
]


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(SCENARIO_FILE)


@pytest.mark.parametrize(
    ("path", "ending", "meters"),
    [
        (
            FREIWILLIG_GEBLIEBEN,
            "ende_freiwillig_geblieben",
            {"motivation": 95, "vertrauen": 40, "befugnis": 60},
        ),
        (AUF_ABRUF, "ende_bleibt_auf_abruf", {"motivation": 5, "vertrauen": 65, "befugnis": 25}),
        (OFFENE_TUER, "ende_offene_tuer", {"motivation": 20, "vertrauen": 55, "befugnis": 45}),
        (KUENDIGUNGSWELLE, "ende_kuendigungswelle", {"motivation": 10, "vertrauen": 35, "befugnis": 15}),
    ],
    ids=["gelungen", "gemischt_auf_abruf", "gemischt_offene_tuer", "gescheitert"],
)
def test_path_reaches_ending_with_exact_meters(
    scenario: Scenario, path: list[str], ending: str, meters: dict[str, int]
) -> None:
    assert_path_ends(scenario, path, ending, meters)


def test_endings_are_rated_success_mixed_and_failure(scenario: Scenario) -> None:
    ratings = {ending.id: ending.rating.value for ending in scenario.endings}
    assert ratings == {
        "ende_freiwillig_geblieben": "gelungen",
        "ende_bleibt_auf_abruf": "gemischt",
        "ende_offene_tuer": "gemischt",
        "ende_kuendigungswelle": "gescheitert",
    }


def test_jonas_may_decide_only_after_the_team_got_authority(scenario: Scenario) -> None:
    # Ohne erweiterte Befugnis (20) ist „Du entscheidest“ gesperrt, mit Begründung.
    without = play_path(scenario, ["ans_telefon", "team_einbinden"])
    assert without.node_id == "okafor"
    assert without.meters.befugnis == 20
    option = offered(scenario, without)["jonas_entscheiden"]
    assert not option.available
    assert option.reason is not None
    assert "Befugnis" in option.reason
    with pytest.raises(play.PlayError):
        play.choose(scenario, without, "jonas_entscheiden")

    # Wer Selin zugehört und bei Brandt den Kulanz-Pilot verhandelt hat, kann Jonas entscheiden lassen.
    with_authority = play_path(scenario, FREIWILLIG_GEBLIEBEN[:3])
    assert with_authority.node_id == "okafor"
    assert with_authority.meters.befugnis == 45
    assert offered(scenario, with_authority)["jonas_entscheiden"].available


def test_negotiating_authority_needs_having_listened_first(scenario: Scenario) -> None:
    hurried = play_path(scenario, ["per_mail"])
    assert hurried.node_id == "bereichsrunde"
    options = offered(scenario, hurried)
    assert not options["befugnis_erbitten"].available
    assert options["ursachen_zeigen"].available  # dafür liegen die Zahlen vor

    listened = play_path(scenario, ["selin_zuhoeren", "nachfragen"])
    options = offered(scenario, listened)
    assert options["befugnis_erbitten"].available
    assert not options["ursachen_zeigen"].available


def test_the_honest_invitation_stays_locked_without_a_week_of_leadership(scenario: Scenario) -> None:
    # Selin wurde gehört (Einzelgespräche), aber die Teammotivation ist mit 20 zu niedrig.
    state = play_path(scenario, OFFENE_TUER[:-1])
    assert state.node_id == "selin_entscheidung"
    assert "selin_gehoert" in state.flags
    options = offered(scenario, state)
    assert not options["ehrlich_einladen"].available
    assert {"gehalt_bieten", "fair_verabschieden", "frist_erinnern"} == {
        choice_id for choice_id, option in options.items() if option.available
    }
