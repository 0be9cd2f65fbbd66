"""Path tests for „Das haben wir schon immer so gemacht“: every ending is reached by a concrete
path with exact final meters, and the locks teach what they should (criticism must become a
proposal, a tandem needs Bernd still on board, room to shape needs something the team made,
a surveyor needs authority, the team reports only when it carries the change)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kundenspiel.engine import Scenario, load_scenario, play
from tests.scenarios.paths import assert_path_ends, offered, play_path

SCENARIO_FILE = Path(__file__).resolve().parents[2] / "scenarios" / "schon_immer_so.yaml"

# Start: Motivation 40, Vertrauen 35, Befugnis 15.
GEMEINSAM_GESTALTET = [
    "gemeinsam_klaeren",  # M 45, V 30, B 20
    "bernd_nachfragen",  # V 25
    "vorschlag_einladen",  # M 55, V 20, Merker bernd_vorschlag
    "bernd_vorschlag_aufrufen",  # M 65, B 30 (braucht bernd_vorschlag)
    "tandem",  # M 75 (braucht: Bernd nicht verprellt)
    "spielraum_verhandeln",  # M 80, V 15, B 45 (braucht bernd_vorschlag oder leitfrage_gestellt)
    "gutachter_schicken",  # V 30 (braucht Befugnis >= 30)
    "resonanz_fragen",  # M 75, V 40
    "mit_mietern_gestalten",  # M 70, V 50
    "offen_berichten",  # M 75, V 60, B 40
    "team_berichtet",  # M 80 (braucht M >= 55 und V >= 50)
]
AUF_PAPIER = [
    "lea_uebernimmt",  # M 35, V 40
    "bernd_nachfragen",  # V 35
    "verstaendnis_aber",  # M 40
    "leitfrage",  # M 50, V 30, Merker leitfrage_gestellt
    "oeffentlich_stoppen",  # M 45, V 25
    "spielraum_verhandeln",  # M 50, V 20, B 30
    "gutachter_schicken",  # V 35
    "coolspot",  # M 60
    "fertig_praesentieren",  # M 65, V 30
    "abwarten",  # V 25, B 25
    "kennzahlen_vortragen",  # B 30 (team_berichtet gesperrt: V 25 < 50)
]
ZURUECK_ZUM_ALTEN = [
    "vorgabe_durchsetzen",  # M 30, V 45, B 10
    "abblocken",  # M 20, Merker bernd_verprellt
    "leitfrage",  # M 30, V 40
    "oeffentlich_stoppen",  # M 25, V 35 (tandem gesperrt)
    "alles_laeuft",  # M 20, V 30
    "notieren_weiterleiten",  # M 25, V 20
    "mitlachen",  # M 30, V 15
    "fertig_praesentieren",  # M 35, V 10
    "abwarten",  # V 5, B 5
    "schuld_verteilen",  # M 20
]


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(SCENARIO_FILE)


@pytest.mark.parametrize(
    ("path", "ending", "meters"),
    [
        (
            GEMEINSAM_GESTALTET,
            "ende_gemeinsam_gestaltet",
            {"motivation": 80, "vertrauen": 60, "befugnis": 40},
        ),
        (AUF_PAPIER, "ende_auf_papier", {"motivation": 65, "vertrauen": 25, "befugnis": 30}),
        (ZURUECK_ZUM_ALTEN, "ende_zurueck_zum_alten", {"motivation": 20, "vertrauen": 5, "befugnis": 5}),
    ],
    ids=["gelungen", "gemischt", "gescheitert"],
)
def test_path_reaches_ending_with_exact_meters(
    scenario: Scenario, path: list[str], ending: str, meters: dict[str, int]
) -> None:
    assert_path_ends(scenario, path, ending, meters)


def test_endings_are_rated_success_mixed_and_failure(scenario: Scenario) -> None:
    ratings = {ending.id: ending.rating.value for ending in scenario.endings}
    assert ratings == {
        "ende_gemeinsam_gestaltet": "gelungen",
        "ende_auf_papier": "gemischt",
        "ende_zurueck_zum_alten": "gescheitert",
    }


def test_bernds_proposal_exists_only_if_his_criticism_was_turned_into_one(scenario: Scenario) -> None:
    soothed = play_path(scenario, ["gemeinsam_klaeren", "beschwichtigen"])
    assert soothed.node_id == "workshop"
    option = offered(scenario, soothed)["bernd_vorschlag_aufrufen"]
    assert not option.available
    assert option.reason is not None
    assert "Vorschlag" in option.reason

    invited = play_path(scenario, GEMEINSAM_GESTALTET[:3])
    assert invited.node_id == "workshop"
    assert offered(scenario, invited)["bernd_vorschlag_aufrufen"].available


def test_the_tandem_is_gone_once_bernd_was_called_an_obstacle(scenario: Scenario) -> None:
    blocked = play_path(scenario, ZURUECK_ZUM_ALTEN[:3])
    assert blocked.node_id == "lea_alleingang"
    option = offered(scenario, blocked)["tandem"]
    assert not option.available
    assert option.reason is not None
    with pytest.raises(play.PlayError):
        play.choose(scenario, blocked, "tandem")


def test_the_surveyor_needs_authority_negotiated_first(scenario: Scenario) -> None:
    # Ohne Spielraum beim Vorstand bleibt die Befugnis bei 20: kein Gutachter.
    without = play_path(
        scenario, [*GEMEINSAM_GESTALTET[:2], "verstaendnis_aber", "leitfrage", "tandem", "alles_laeuft"]
    )
    assert without.node_id == "brinkmann"
    assert without.meters.befugnis == 20
    option = offered(scenario, without)["gutachter_schicken"]
    assert not option.available
    assert option.reason is not None
    assert "Befugnis" in option.reason

    negotiated = play_path(scenario, GEMEINSAM_GESTALTET[:6])
    assert negotiated.node_id == "brinkmann"
    assert negotiated.meters.befugnis == 45
    assert offered(scenario, negotiated)["gutachter_schicken"].available


def test_room_to_shape_needs_something_the_team_made(scenario: Scenario) -> None:
    state = play_path(
        scenario, ["vorgabe_durchsetzen", "beschwichtigen", "leas_plan_annehmen", "laufen_lassen"]
    )
    assert state.node_id == "vorstand"
    assert not offered(scenario, state)["spielraum_verhandeln"].available


def test_the_team_reports_only_when_it_carries_the_change(scenario: Scenario) -> None:
    state = play_path(scenario, AUF_PAPIER[:-1])
    assert state.node_id == "bilanz"
    assert state.meters.vertrauen == 25
    options = offered(scenario, state)
    assert not options["team_berichtet"].available
    assert options["kennzahlen_vortragen"].available
    assert options["schuld_verteilen"].available
