"""Path tests for „Temporäre Partnerschaft“: every ending is reached by a concrete path with
exact final meters, and the locks and routes carry the lesson: facts before transparency,
the monthly exit option only with the managing director's backing, a lucrative partner who
would crowd out the other customers closes the free partnership, parting is the good ending
only where another supplier really fits better, and hiding a problem never ends well."""

from __future__ import annotations

from pathlib import Path

import pytest

from kundenspiel.engine import GameState, Rating, Scenario, load_scenario, play
from kundenspiel.engine.explore import explore
from tests.scenarios.paths import assert_path_ends, available, offered, play_path

SCENARIO_FILE = Path(__file__).resolve().parents[2] / "scenarios" / "temporaere_partnerschaft.yaml"

# Start: Motivation 55, Vertrauen 30, Befugnis 30.
PARTNERSCHAFT = [
    "ohne_ziel_fuehren",  # M 50, B 40: Ralf überlässt dir Kranich
    "zu_ayse",
    "vorschau_vereinbaren",  # M 55, Merker vorschau_vereinbart
    "offen_erklaeren",  # V 45
    "zweistufig_planen",  # V 55, Merker zweistufig
    "position_beziehen",  # M 50
    "exit_begruenden",  # M 60, B 60, Merker exit_freigabe
    "ostermann_ablehnen",  # M 50, B 70
    "sofort_melden",  # M 55, V 65
    "ziehen_lassen",  # V 75
    "frei_weiter",  # M 60, V 85
]
ABSCHIED_PASST = [
    "mal_sehen",  # B 35, Merker bonusziel
    "zu_ayse",
    "notieren",
    "offen_erklaeren",  # V 45
    "ehrlich_ablehnen",  # M 50, V 60, Merker herford_empfohlen
    "vertrag_schicken",  # M 45, V 55
    "ostermann_ablehnen",  # M 35, B 45
    "sofort_melden",  # M 40, V 65
    "ziehen_lassen",  # V 75
    "abschied_empfehlen",  # V 85
]
PROBEJAHR = [
    "ziel_annehmen",  # M 60
    "praesentation",  # M 65
    "nachfragen",  # V 35
    "nachklaeren",  # zurück in die Produktion, dann noch einmal zu Jana
    "vorschau_vereinbaren",  # M 70
    "zweistufig_planen",  # V 45
    "position_beziehen",  # M 65
    "exit_begruenden",  # M 75, B 50
    "ostermann_annehmen",  # M 80, Merker ostermann_partner
    "sofort_melden",  # M 85, V 55
    "vorrang_verweigern",  # M 75
    "ziehen_lassen",  # V 65
    "frei_weiter",  # M 80, V 75: die Maschine ist voll, also nur ein Jahr auf Probe
]
DIENST_NACH_VERTRAG = [
    "ziel_annehmen",
    "zu_ayse",
    "vorschau_vereinbaren",
    "offen_erklaeren",
    "zweistufig_planen",
    "vertrag_schicken",
    "ostermann_annehmen",
    "sofort_melden",
    "vorrang_verweigern",
    "ziehen_lassen",
    "partnervertrag_anbieten",  # V 60 >= 35: Kranich unterschreibt, bleibt aber nur gebunden
]
ABSCHIED_IM_GUTEN = [*PARTNERSCHAFT[:6], "kompromiss", *PARTNERSCHAFT[7:10], "abschied_empfehlen"]
BRUCH = [
    "ziel_annehmen",
    "praesentation",
    "lieferketten",
    "alles_zusagen",  # Merker ueberversprochen
    "vertrag_schicken",
    "ostermann_annehmen",
    "abwarten",  # Merker verschwiegen, B 20
    "vorrang_geben",
    "schuld_weiterreichen",
    "preis_eigenmaechtig",
    "partnervertrag_anbieten",
]
GELUNGEN = {"ende_partnerschaft", "ende_abschied_passt"}


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(SCENARIO_FILE)


def node_text(scenario: Scenario, state: GameState) -> str:
    return play.node_text(play.current_node(scenario, state), state)


@pytest.mark.parametrize(
    ("path", "ending", "meters"),
    [
        (PARTNERSCHAFT, "ende_partnerschaft", {"motivation": 60, "vertrauen": 85, "befugnis": 70}),
        (ABSCHIED_PASST, "ende_abschied_passt", {"motivation": 40, "vertrauen": 85, "befugnis": 45}),
        (PROBEJAHR, "ende_probejahr", {"motivation": 80, "vertrauen": 75, "befugnis": 50}),
        (
            DIENST_NACH_VERTRAG,
            "ende_dienst_nach_vertrag",
            {"motivation": 70, "vertrauen": 60, "befugnis": 30},
        ),
        (ABSCHIED_IM_GUTEN, "ende_abschied_im_guten", {"motivation": 45, "vertrauen": 85, "befugnis": 55}),
        (BRUCH, "ende_bruch", {"motivation": 55, "vertrauen": 0, "befugnis": 10}),
    ],
    ids=["gelungen_partnerschaft", "gelungen_abschied", "probejahr", "vertrag", "abschied", "bruch"],
)
def test_path_reaches_ending_with_exact_meters(
    scenario: Scenario, path: list[str], ending: str, meters: dict[str, int]
) -> None:
    assert_path_ends(scenario, path, ending, meters)


def test_endings_are_rated_by_what_happened(scenario: Scenario) -> None:
    ratings = {ending.id: ending.rating.value for ending in scenario.endings}
    assert ratings == {
        "ende_partnerschaft": "gelungen",
        "ende_abschied_passt": "gelungen",
        "ende_probejahr": "gemischt",
        "ende_dienst_nach_vertrag": "gemischt",
        "ende_abschied_im_guten": "gemischt",
        "ende_bruch": "gescheitert",
    }


def test_meters_are_hidden_while_playing(scenario: Scenario) -> None:
    assert scenario.meter_display.value == "verdeckt"


def test_transparency_and_turning_the_order_down_need_the_facts_from_production(
    scenario: Scenario,
) -> None:
    without_facts = play_path(scenario, ["ziel_annehmen", "praesentation"])
    options = offered(scenario, without_facts)
    assert not options["offen_erklaeren"].available
    assert "Produktion" in (options["offen_erklaeren"].reason or "")
    assert "kollegin_nennen" not in options  # nothing to name without having asked
    with pytest.raises(play.PlayError):
        play.choose(scenario, without_facts, "offen_erklaeren")
    at_new_line = play_path(scenario, ["ziel_annehmen", "praesentation", "nachfragen"])
    assert available(scenario, at_new_line) == {
        "alles_zusagen": True,
        "nachklaeren": True,
        "ehrlich_ablehnen": False,
        "vertrag_koppeln": True,
    }

    with_facts = play_path(scenario, ["ziel_annehmen", "zu_ayse", "druck_machen"])
    assert available(scenario, with_facts) == {
        "lieferketten": True,
        "nachfragen": True,
        "offen_erklaeren": True,
        "kollegin_nennen": True,
    }


def test_a_late_question_to_production_returns_to_jana_with_what_changed(scenario: Scenario) -> None:
    first = play_path(scenario, PROBEJAHR[:3])
    assert "Jana teilt ihren Bildschirm" in node_text(scenario, first)
    in_production = play_path(scenario, PROBEJAHR[:4])
    assert in_production.node_id == "produktion"
    assert "Gold zum 1. Juni?" in node_text(scenario, in_production)
    back = play_path(scenario, PROBEJAHR[:5])
    assert back.node_id == "neue_linie"
    text = node_text(scenario, back)
    assert "Freitag, 9 Uhr" in text and "Jana teilt ihren Bildschirm" not in text
    assert available(scenario, back) == {
        "alles_zusagen": True,
        "ehrlich_ablehnen": True,
        "zweistufig_planen": True,
        "vertrag_koppeln": True,
    }


def test_naming_the_colleague_costs_the_team_and_reaches_ralf(scenario: Scenario) -> None:
    before = play_path(scenario, ["ziel_annehmen", "zu_ayse", "notieren"])
    step = play.choose(scenario, before, "kollegin_nennen")
    assert step.changes["motivation"] < 0 < step.changes["vertrauen"]
    after = play_path(
        scenario, ["ziel_annehmen", "zu_ayse", "notieren", "kollegin_nennen", "zweistufig_planen"]
    )
    assert "Birgit" in node_text(scenario, after)


def test_the_exit_option_needs_the_managing_directors_backing(scenario: Scenario) -> None:
    # Ohne Vorschau aus der Produktion hat Monika nichts, was ihr Planbarkeit zeigt.
    no_preview = play_path(scenario, ["ohne_ziel_fuehren", "zu_ayse", "notieren", "offen_erklaeren"])
    state = play_path(scenario, [*no_preview.choice_ids, "zweistufig_planen", "position_beziehen"])
    assert state.node_id == "geschaeftsfuehrung"
    assert available(scenario, state)["exit_begruenden"] is False
    # Wer Ralfs Vertrag schickt, kommt nie zu Monika: im November bleibt das Angebot ohne Bindung gesperrt.
    obeyed = play_path(scenario, [*ABSCHIED_PASST[:9]])
    assert obeyed.node_id == "verlaengerung"
    final = offered(scenario, obeyed)
    assert not final["frei_weiter"].available
    assert "Monika Hansen" in (final["frei_weiter"].reason or "")


def test_the_exit_option_grants_authority_and_obedience_never_does(scenario: Scenario) -> None:
    state = play_path(scenario, PARTNERSCHAFT[:6])
    assert play.choose(scenario, state, "exit_begruenden").changes["befugnis"] == 20
    obedient = {
        "montagsrunde": "ziel_annehmen",
        "ralf_anruf": "vertrag_schicken",
        "geschaeftsfuehrung": "einknicken",
        "ostermann": "ostermann_annehmen",
        "ostermann_druck": "vorrang_geben",
        "verlaengerung": "partnervertrag_anbieten",
    }
    for node_id, choice_id in obedient.items():
        choice = scenario.node(node_id).choice(choice_id)
        assert choice is not None and choice.effects.befugnis <= 0, choice_id


def test_a_lucrative_partner_who_takes_priority_closes_the_free_partnership(scenario: Scenario) -> None:
    # Dieselbe gute Arbeit mit Ostermann als Partner: die Maschine ist voll, nur ein Probejahr.
    with_ostermann = [*PARTNERSCHAFT[:7], "ostermann_annehmen", "sofort_melden", "vorrang_verweigern"]
    state = play_path(scenario, [*with_ostermann, "ziehen_lassen"])
    assert state.meters.vertrauen >= 70
    assert "mit Ostermanns Aufträgen belegt" in node_text(scenario, state)
    assert play.choose(scenario, state, "frei_weiter").state.ending_id == "ende_probejahr"
    # Wer die Partnerschaft im Mai beendet, bekommt den Platz für Kranich zurück.
    ended = [*with_ostermann[:-1], "partnerschaft_beenden", "ziehen_lassen", "frei_weiter"]
    assert play_path(scenario, ended).ending_id == "ende_partnerschaft"


def test_parting_is_the_good_ending_only_where_another_supplier_fits(scenario: Scenario) -> None:
    # Herford hat die Glaslinie seit Juni, und eure Maschine ist mit Ostermann voll: gehen lassen ist gut.
    herford = [
        *ABSCHIED_PASST[:6],
        "ostermann_mit_regeln",
        "sofort_melden",
        "vorrang_verweigern",
        "ziehen_lassen",
    ]
    state = play_path(scenario, herford)
    assert play.choose(scenario, state, "abschied_empfehlen").state.ending_id == "ende_abschied_passt"
    # Die eigene Maschine prägt die Glaslinie und hat Platz: wegschicken ist ein unnötiger Verlust.
    fitting = play_path(scenario, PARTNERSCHAFT[:10])
    assert play.choose(scenario, fitting, "abschied_empfehlen").state.ending_id == "ende_abschied_im_guten"
    assert play.choose(scenario, fitting, "frei_weiter").state.ending_id == "ende_partnerschaft"


def test_the_price_cut_without_authority_is_taken_back(scenario: Scenario) -> None:
    low = play_path(scenario, ABSCHIED_PASST[:8])
    assert low.node_id == "nord_angebot" and low.meters.befugnis < 60
    assert available(scenario, low) == {
        "nord_schlechtreden": True,
        "ziehen_lassen": True,
        "preis_eigenmaechtig": True,
    }
    step = play.choose(scenario, low, "preis_eigenmaechtig")
    assert step.changes["befugnis"] < 0 and step.changes["vertrauen"] < 0
    granted = play_path(scenario, PARTNERSCHAFT[:9])
    assert granted.meters.befugnis >= 60
    assert set(available(scenario, granted)) == {"nord_schlechtreden", "ziehen_lassen", "preis_mitgehen"}


def test_hiding_the_shortage_or_sacrificing_other_customers_never_ends_well(scenario: Scenario) -> None:
    graph = explore(scenario)
    assert not graph.truncated
    gelungen = {e.id for e in scenario.endings if e.rating is Rating.GELUNGEN}
    assert gelungen == GELUNGEN
    tainted = {"verschwiegen", "makel"}
    reached: set[str | None] = set()
    for state, moves in zip(graph.states, graph.transitions, strict=True):
        for move in moves:
            reached.add(move.ending_id)
            if move.ending_id in gelungen:
                assert not state.flags & tainted, (state.node_id, move.choice_id, sorted(state.flags))
    assert reached >= GELUNGEN


def test_hiding_leads_to_the_call_at_seven_forty_five(scenario: Scenario) -> None:
    state = play_path(scenario, [*PARTNERSCHAFT[:8], "abwarten"])
    assert state.node_id == "eskalation"
    assert state.meters.befugnis == 60  # Monika nimmt zurück, was sie im April gegeben hat
    assert "über Ralf" in node_text(scenario, state)
