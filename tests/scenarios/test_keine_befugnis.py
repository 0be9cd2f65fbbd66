"""Path tests for „Keine Befugnis“: every ending is reached by a concrete path with exact final
meters, and the locks teach what they should (the fair offer stays locked at the counter until
the team lead hands over the decision; facts before arguing; a pilot needs a rule, not an
exception, and a customer who trusts you again)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kundenspiel.engine import Scenario, load_scenario, play
from tests.scenarios.paths import assert_path_ends, available, play_path

SCENARIO_FILE = Path(__file__).resolve().parents[2] / "scenarios" / "keine_befugnis.yaml"

# Start: Motivation 60, Vertrauen 20, Befugnis 15.
ENTSCHEIDEN_DUERFEN = [
    "ausreden_lassen",  # M 58, V 30
    "schaden_notieren",  # M 56, V 36, Merker schaden_aufgenommen
    "leitung_holen",  # M 57, V 38
    "befugnis_geben",  # M 63, V 36, B 35 (Marion)
    "rahmen_mit_lernen",  # M 71, V 34, B 60, Merker befugnis_dauerhaft
    "ausgleich_buchen",  # M 77, V 49 (braucht Befugnis >= 50; Jonas)
    "filialtransporter",  # M 82, V 59 (braucht Befugnis >= 35)
    "pilot_verteidigen",  # M 88, B 70 (braucht befugnis_dauerhaft und Vertrauen >= 35; Marion)
]
UMWEG = [
    "ausreden_lassen",  # M 58, V 30
    "schaden_notieren",  # M 56, V 36
    "an_hotline_verweisen",  # M 52, V 28
    "gemeinsam_anrufen",  # M 49, V 36
    "schaden_belegen",  # M 52, V 46 (braucht schaden_aufgenommen)
]
AUF_DEM_WEG = [
    "grenzen_offenlegen",  # M 60, V 23
    "abkuerzen",  # M 62, V 19
    "leitung_holen",  # M 63, V 21
    "selbst_regeln",  # M 58, V 31 (Marion entscheidet selbst)
    "storno_anbieten",  # M 59, V 38 (Transporter gesperrt: Befugnis 15)
    "problem_benennen",  # M 61
]
EINZELFALL = [
    "zustaendigkeit_pruefen",  # M 62, V 14
    "mitleid_beteuern",  # M 59, V 15
    "regel_biegen",  # M 62, V 21
    "stillschweigend_korrigieren",  # M 59
]
WEITERGEREICHT = [
    "zustaendigkeit_pruefen",  # M 62, V 14
    "abkuerzen",  # M 64, V 10
    "an_hotline_verweisen",  # M 60, V 2
    "achselzucken",  # M 54, V 0 (2 - 12 wird auf 0 gekappt)
]
# Marion verweigert die Befugnis, Jonas biegt daraufhin die Regel, Marion mahnt ab.
ABGEMAHNT = [
    "ausreden_lassen",  # M 58, V 30
    "abkuerzen",  # M 60, V 26
    "leitung_holen",  # M 61, V 28
    "auf_regel_verweisen",  # M 51, B 10
    "regel_biegen",  # M 54, V 34
    "abmahnen",  # M 34, B 5
]
# Marion gibt Befugnis nur für diesen Fall und schiebt Jonas danach vor.
VORGESCHOBEN = [
    "ausreden_lassen",  # M 58, V 30
    "schaden_notieren",  # M 56, V 36
    "leitung_holen",  # M 57, V 38
    "befugnis_geben",  # M 63, V 36, B 35
    "nur_dieses_mal",  # M 61, B 55
    "ausgleich_buchen",  # M 67, V 51
    "zentrale_beauftragen",  # M 65, V 46
    "jonas_vorschieben",  # M 50, B 40
]


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(SCENARIO_FILE)


@pytest.mark.parametrize(
    ("path", "ending", "meters"),
    [
        (
            ENTSCHEIDEN_DUERFEN,
            "ende_entscheiden_duerfen",
            {"motivation": 88, "vertrauen": 59, "befugnis": 70},
        ),
        (UMWEG, "ende_umweg", {"motivation": 52, "vertrauen": 46, "befugnis": 15}),
        (AUF_DEM_WEG, "ende_auf_dem_weg", {"motivation": 61, "vertrauen": 38, "befugnis": 15}),
        (EINZELFALL, "ende_einzelfall", {"motivation": 59, "vertrauen": 21, "befugnis": 15}),
        (WEITERGEREICHT, "ende_weitergereicht", {"motivation": 54, "vertrauen": 0, "befugnis": 15}),
        (
            ABGEMAHNT,
            "ende_dienst_nach_vorschrift",
            {"motivation": 34, "vertrauen": 34, "befugnis": 5},
        ),
        (
            VORGESCHOBEN,
            "ende_dienst_nach_vorschrift",
            {"motivation": 50, "vertrauen": 46, "befugnis": 40},
        ),
    ],
    ids=[
        "gelungen",
        "gemischt_umweg",
        "gemischt_auf_dem_weg",
        "gemischt_einzelfall",
        "gescheitert_weitergereicht",
        "gescheitert_abgemahnt",
        "gescheitert_vorgeschoben",
    ],
)
def test_path_reaches_ending_with_exact_meters(
    scenario: Scenario, path: list[str], ending: str, meters: dict[str, int]
) -> None:
    assert_path_ends(scenario, path, ending, meters)


def test_endings_are_rated_success_mixed_and_failure(scenario: Scenario) -> None:
    ratings = {ending.id: ending.rating.value for ending in scenario.endings}
    assert ratings == {
        "ende_entscheiden_duerfen": "gelungen",
        "ende_auf_dem_weg": "gemischt",
        "ende_einzelfall": "gemischt",
        "ende_umweg": "gemischt",
        "ende_weitergereicht": "gescheitert",
        "ende_dienst_nach_vorschrift": "gescheitert",
    }


def test_fair_offer_is_locked_at_the_counter_until_the_team_lead_hands_over(
    scenario: Scenario,
) -> None:
    at_counter = play_path(scenario, ENTSCHEIDEN_DUERFEN[:2])
    assert at_counter.node_id == "angebote"
    assert at_counter.meters.befugnis == 15
    offered = {option.choice.id: option for option in play.options(scenario, at_counter)}
    assert set(offered) == {"ausgleich_buchen", "an_hotline_verweisen", "regel_biegen", "leitung_holen"}
    assert not offered["ausgleich_buchen"].available
    assert offered["ausgleich_buchen"].reason is not None
    assert "Online-Kundenservice" in offered["ausgleich_buchen"].reason
    with pytest.raises(play.PlayError):
        play.choose(scenario, at_counter, "ausgleich_buchen")

    # Zweiter Akt: Marion gibt die Entscheidung ab, zurück an der Theke ist das Angebot offen.
    for framing in ("nur_dieses_mal", "rahmen_mit_lernen", "ohne_rahmen"):
        back = play_path(scenario, [*ENTSCHEIDEN_DUERFEN[:4], framing])
        assert back.node_id == "angebote"
        assert back.meters.befugnis >= 50, framing
        # Regel biegen ist nicht mehr nötig, Marion holen nicht mehr möglich.
        assert available(scenario, back) == {"ausgleich_buchen": True, "an_hotline_verweisen": True}

    # Verweigert Marion die Befugnis, bleibt das faire Angebot zu, und es bleibt nur
    # Weiterreichen oder die Regel biegen.
    refused = play_path(scenario, ABGEMAHNT[:4])
    assert refused.node_id == "angebote"
    assert available(scenario, refused) == {
        "ausgleich_buchen": False,
        "an_hotline_verweisen": True,
        "regel_biegen": True,
    }


def test_own_van_needs_authority_at_the_counter(scenario: Scenario) -> None:
    chef_decided = play_path(scenario, AUF_DEM_WEG[:4])
    assert chef_decided.node_id == "nachsorge"
    assert available(scenario, chef_decided) == {
        "filialtransporter": False,
        "storno_anbieten": True,
        "zentrale_beauftragen": True,
    }
    delegated = play_path(scenario, ENTSCHEIDEN_DUERFEN[:6])
    assert delegated.node_id == "nachsorge"
    assert available(scenario, delegated)["filialtransporter"]


def test_arguing_with_the_hotline_needs_the_facts_taken_down(scenario: Scenario) -> None:
    with_notes = play_path(scenario, UMWEG[:4])
    assert with_notes.node_id == "hotline_gemeinsam"
    assert available(scenario, with_notes)["schaden_belegen"]
    without_notes = play_path(
        scenario, ["ausreden_lassen", "abkuerzen", "an_hotline_verweisen", "gemeinsam_anrufen"]
    )
    assert without_notes.node_id == "hotline_gemeinsam"
    offered = {option.choice.id: option for option in play.options(scenario, without_notes)}
    assert not offered["schaden_belegen"].available
    assert offered["schaden_belegen"].reason is not None
    assert "Fakten" in offered["schaden_belegen"].reason


def test_pilot_needs_a_rule_and_a_customer_who_trusts_again(scenario: Scenario) -> None:
    # Nur eine Ausnahme: kein Pilot, aber Jonas vorschieben ist möglich.
    exception = play_path(scenario, VORGESCHOBEN[:7])
    assert exception.node_id == "vogt_anruf"
    assert available(scenario, exception) == {
        "pilot_verteidigen": False,
        "problem_benennen": True,
        "als_ausnahme": True,
        "jonas_vorschieben": True,
    }
    # Marion hat selbst gebucht: niemanden, den sie vorschieben könnte.
    self_booked = play_path(scenario, AUF_DEM_WEG[:5])
    assert self_booked.node_id == "vogt_anruf"
    assert set(available(scenario, self_booked)) == {"pilot_verteidigen", "problem_benennen", "als_ausnahme"}
    # Regel geschaffen, aber Frau Demir am Anfang abgefertigt: Vertrauen 33 reicht nicht.
    cold_start = play_path(
        scenario,
        [
            "zustaendigkeit_pruefen",  # V 14
            "abkuerzen",  # V 10
            "leitung_holen",  # V 12
            "befugnis_geben",  # V 10
            "rahmen_mit_lernen",  # V 8
            "ausgleich_buchen",  # V 23
            "filialtransporter",  # V 33
        ],
    )
    assert cold_start.node_id == "vogt_anruf"
    assert "befugnis_dauerhaft" in cold_start.flags
    assert cold_start.meters.vertrauen == 33
    assert not available(scenario, cold_start)["pilot_verteidigen"]
