"""Path tests for „Die Druckerpatrone“: every ending is reached by a concrete path with exact
final meters, and the locks and routes carry the lessons (leeway is granted, never earned by
obeying; a made-up shipping error never reaches the best ending; a special moment costs the team
time; returning scenes and the Wednesday call remember what was promised)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kundenspiel.engine import Rating, Scenario, load_scenario, play
from kundenspiel.engine.balance import balance
from kundenspiel.engine.explore import explore
from tests.scenarios.paths import assert_path_ends, available, play_path

SCENARIO_FILE = Path(__file__).resolve().parents[2] / "scenarios" / "druckerpatrone.yaml"

# Start: Motivation 55, Vertrauen 30, Befugnis 25.
STAMMKUNDIN_RAHMEN = [
    "sachlich_direkt",  # M 50, V 40
    "historie_nachsehen",  # M 45, V 45
    "kessler_fragen",  # V 40
    "spielraum_begruenden",  # M 55, V 35, B 45: Kessler überträgt den Rahmen
    "express_erlassen",  # V 45
    "abraten",  # M 50, V 55
    "ehrlich_zusagen",  # M 45, V 60, Rückruf um neun
    "nachfragen",  # M 40, V 65
    "zeit_nehmen",  # M 30, V 75: die Goldene Hochzeit
    "gemeinsam_ansprechen",  # M 40
    "kurier_schicken",  # M 35, V 85
    "rahmen_fuers_team",  # M 50, B 60
    "ehrlich_beraten",  # V 95
]
STAMMKUNDIN_NADINE = [
    "kurz_und_weiter",
    "historie_nachsehen",
    "express_ehrlich",
    "abraten",
    "ehrlich_zusagen",
    "vorteilsset_albers",
    "passend_kurz",
    "gemeinsam_ansprechen",
    "ehrlich_verfolgen",
    "mit_nadine",
    "ehrlich_beraten",
]
ALLEIN = [
    "kurz_und_weiter",
    "historie_nachsehen",
    "express_ehrlich",
    "abraten",
    "ehrlich_zusagen",
    "nachfragen",
    "passend_kurz",
    "rueckrufe_abnehmen",
    "ehrlich_verfolgen",
    "trotzig_verteidigen",
    "ehrlich_beraten",
]
# Alles richtig bis auf den erfundenen Versandfehler, sogar gestanden: trotzdem nicht gelungen.
MISSTRAUEN = [
    "sachlich_direkt",
    "historie_nachsehen",
    "versandfehler_buchen",
    "abraten",
    "ehrlich_zusagen",
    "nachfragen",
    "zeit_nehmen",
    "gemeinsam_ansprechen",
    "ehrlich_verfolgen",
    "gestehen",
    "mit_nadine",
    "ehrlich_beraten",
]
VERKAUFT = [
    "sachlich_direkt",
    "historie_nachsehen",
    "express_ehrlich",
    "abraten",
    "vorgabe_zitieren",
    "wie_boettcher",
    "wofuer_fragen",
    "passend_kurz",
    "autosuggestion",
    "zugeben_und_verfolgen",
    "trotzig_verteidigen",
    "uebersicht_schicken",
]
AUSGEBRANNT = [
    "kurz_und_weiter",
    "vorteilsset",
    "express_ehrlich",
    "abraten",
    "wort_geben",
    "vorteilsset_albers",
    "begeisterung_spielen",
    "autosuggestion",
    "zugeben_und_verfolgen",
    "quote_zusagen",
    "farbwelt_edition",
]
TUER_OFFEN = [
    "sachlich_direkt",
    "historie_nachsehen",
    "kessler_fragen",
    "spielraum_begruenden",
    "plus_koppeln",
    "ehrlich_zusagen",
    "nachfragen",
    "passend_kurz",
    "rueckrufe_abnehmen",
    "kurier_schicken",
    "rahmen_fuers_team",
    "abo_beenden",
]
TUER_OFFEN_EIGENMAECHTIG = [
    "skript_begruessung",
    "vorteilsset",
    "plus_koppeln",
    "vorgabe_zitieren",
    "wie_boettcher",
    "fotopapier_dazu",
    "autosuggestion",
    "zugeben_und_verfolgen",
    "quote_zusagen",
    "eigenmaechtig_beenden",
]
GEKUENDIGT = [
    "skript_begruessung",
    "vorteilsset",
    "plus_koppeln",
    "wort_geben",
    "wie_boettcher",
    "fotopapier_dazu",
    "autosuggestion",
    "zugeben_und_verfolgen",
    "quote_zusagen",
    "vertrag_zitieren",
]
LEISE = [
    "skript_begruessung",
    "historie_nachsehen",
    "express_ehrlich",
    "plus_mit_laufzeit",
    "wort_geben",
    "nachfragen",
    "begeisterung_spielen",
    "autosuggestion",
    "paketdienst_schuld",
    "trotzig_verteidigen",
]
AUFGELEGT = [
    "sachlich_direkt",
    "konfigurator_link",
    "auf_link_bestehen",
    "naechster_anruf",
    "nachfragen",
    "zeit_nehmen",
    "gemeinsam_ansprechen",
    "mit_nadine",
]

PATHS = [
    (STAMMKUNDIN_RAHMEN, "ende_stammkundin", (50, 95, 60)),
    (STAMMKUNDIN_NADINE, "ende_stammkundin", (75, 75, 30)),
    (ALLEIN, "ende_allein_getragen", (45, 90, 20)),
    (MISSTRAUEN, "ende_misstrauen", (50, 100, 20)),
    (VERKAUFT, "ende_verkauft", (55, 65, 20)),
    (AUSGEBRANNT, "ende_ausgebrannt", (35, 55, 20)),
    (TUER_OFFEN, "ende_tuer_offen", (65, 65, 60)),
    (TUER_OFFEN_EIGENMAECHTIG, "ende_tuer_offen", (50, 25, 15)),
    (GEKUENDIGT, "ende_gekuendigt", (50, 10, 20)),
    (LEISE, "ende_leise", (55, 40, 15)),
    (AUFGELEGT, "ende_aufgelegt", (80, 25, 30)),
]
PATH_IDS = [
    "gelungen_rahmen",
    "gelungen_nadine",
    "gemischt_allein",
    "gemischt_misstrauen",
    "gemischt_verkauft",
    "gescheitert_ausgebrannt",
    "gemischt_tuer_offen",
    "gemischt_tuer_offen_eigenmaechtig",
    "gescheitert_gekuendigt",
    "gescheitert_leise",
    "gescheitert_aufgelegt",
]
POOL_NAMES = {"Böttcher", "Kessler", "Ebert", "Lorenz", "Albers"}


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(SCENARIO_FILE)


@pytest.mark.parametrize(("path", "ending", "meters"), PATHS, ids=PATH_IDS)
def test_path_reaches_ending_with_exact_meters(
    scenario: Scenario, path: list[str], ending: str, meters: tuple[int, int, int]
) -> None:
    expected = dict(zip(("motivation", "vertrauen", "befugnis"), meters, strict=True))
    assert_path_ends(scenario, path, ending, expected)


def test_every_ending_has_a_path_here(scenario: Scenario) -> None:
    assert {ending for _, ending, _ in PATHS} == {ending.id for ending in scenario.endings}
    ratings = {ending.id: ending.rating for ending in scenario.endings}
    assert [e for e, r in ratings.items() if r is Rating.GELUNGEN] == ["ende_stammkundin"]


def test_the_meters_are_not_shown_as_an_answer_key(scenario: Scenario) -> None:
    assert scenario.meter_display.value in {"tendenz", "verdeckt"}


def test_authority_grows_only_where_kessler_grants_it(scenario: Scenario) -> None:
    granting = {
        choice.id: choice.set_flags
        for node in scenario.nodes
        for choice in node.choices
        if choice.effects.befugnis > 0
    }
    assert granting == {
        "spielraum_begruenden": ["spielraum"],
        "rahmen_fuers_team": ["team_spielraum"],
        "mit_nadine": ["begruessung_frei"],
    }
    for node_id in ("rueckfrage_kessler", "kessler_zahlen"):
        assert scenario.node(node_id).speaker == "Sven Kessler, Teamleiter"
    # Obeying the script or the campaign never adds room to decide.
    obedient = ["skript_begruessung", "leitfaden_akzeptieren", "quote_zusagen", "plus_koppeln"]
    effects = {c.id: c.effects.befugnis for n in scenario.nodes for c in n.choices}
    assert all(effects[choice] <= 0 for choice in obedient)


def test_the_free_express_waits_for_a_grant_and_obeying_brings_none(scenario: Scenario) -> None:
    before = play_path(scenario, ["sachlich_direkt", "historie_nachsehen"])
    assert before.node_id == "lieferung"
    assert available(scenario, before) == {
        "plus_koppeln": True,
        "kessler_fragen": True,
        "express_ehrlich": True,
        "versandfehler_buchen": True,
    }
    with pytest.raises(play.PlayError):
        play.choose(scenario, before, "express_erlassen")

    obeyed = play_path(scenario, [*STAMMKUNDIN_RAHMEN[:3], "leitfaden_akzeptieren"])
    assert obeyed.meters.befugnis == before.meters.befugnis
    assert available(scenario, obeyed) == {"plus_koppeln": True, "express_ehrlich": True}

    granted = play_path(scenario, STAMMKUNDIN_RAHMEN[:4])
    assert granted.meters.befugnis == before.meters.befugnis + 20
    assert available(scenario, granted) == {
        "plus_koppeln": True,
        "express_erlassen": True,
        "express_ehrlich": True,
    }


def test_the_returning_scene_says_what_kessler_decided(scenario: Scenario) -> None:
    node = scenario.node("lieferung")
    shown = {
        reply: play.node_text(node, play_path(scenario, [*STAMMKUNDIN_RAHMEN[:3], reply]))
        for reply in ("spielraum_begruenden", "nur_ausnahme", "leitfaden_akzeptieren")
    }
    assert "ab heute selbst" in shown["spielraum_begruenden"]
    assert "für dieses eine Mal" in shown["nur_ausnahme"]
    assert "Mehr hat er nicht gesagt" in shown["leitfaden_akzeptieren"]
    first_time = play.node_text(node, play_path(scenario, STAMMKUNDIN_RAHMEN[:2]))
    assert "zurück an deinem Platz" not in first_time
    assert all("zurück an deinem Platz" in text for text in shown.values())


def test_leeway_opens_the_open_exit_and_the_courier(scenario: Scenario) -> None:
    without = play_path(scenario, ALLEIN[:3])
    assert without.node_id == "abo_frage"
    assert not available(scenario, without)["plus_monatlich_kuendbar"]
    assert available(scenario, play_path(scenario, STAMMKUNDIN_RAHMEN[:5]))["plus_monatlich_kuendbar"]
    wednesday = play_path(scenario, ALLEIN[:8])
    assert wednesday.node_id == "verspaetung"
    assert not available(scenario, wednesday)["kurier_schicken"]


def test_a_made_up_shipping_error_never_reaches_the_best_ending(scenario: Scenario) -> None:
    graph = explore(scenario)
    assert not graph.truncated
    best = {ending.id for ending in scenario.endings if ending.rating is Rating.GELUNGEN}
    deceived = {"versandfehler", "geleugnet", "eigenmaechtig"}
    for state, moves in zip(graph.states, graph.transitions, strict=True):
        if state.flags & deceived:
            assert not any(move.ending_id in best for move in moves), state
    # The trick is there only before asking Kessler; once asked, the answer stands.
    asked = play_path(scenario, [*STAMMKUNDIN_RAHMEN[:3], "nur_ausnahme"])
    assert "versandfehler_buchen" not in available(scenario, asked)
    confronted = play_path(scenario, MISSTRAUEN[:9])
    assert confronted.node_id == "kessler_versandfehler"


def test_the_wednesday_call_remembers_the_promise(scenario: Scenario) -> None:
    node = scenario.node("verspaetung")
    honest = play_path(scenario, ALLEIN[:8])
    sworn = play_path(scenario, AUSGEBRANNT[:8])
    assert "Wie versprochen rufst du um neun" in play.node_text(node, honest)
    assert "Sie hatten mir Ihr Wort gegeben" in play.node_text(node, sworn)
    assert set(available(scenario, honest)) == {"kurier_schicken", "paketdienst_schuld", "ehrlich_verfolgen"}
    assert set(available(scenario, sworn)) == {
        "kurier_schicken",
        "paketdienst_schuld",
        "zugeben_und_verfolgen",
    }
    # Whoever promised too much yesterday gets less for the same follow-up today.
    effects = {choice.id: choice.effects for choice in node.choices}
    assert effects["zugeben_und_verfolgen"].vertrauen < effects["ehrlich_verfolgen"].vertrauen


def test_the_same_request_hides_a_different_need(scenario: Scenario) -> None:
    routine = play_path(scenario, [*ALLEIN[:5], "wie_boettcher"])
    assert routine.node_id == "albers_nachfrage"  # a second hint, not the golden wedding yet
    quick = play_path(scenario, [*ALLEIN[:5], "wie_boettcher", "fotopapier_dazu"])
    assert quick.node_id == "nadine_pause"
    assert "albers_moment" not in quick.visited
    asked = play_path(scenario, [*ALLEIN[:5], "nachfragen"])
    assert asked.node_id == "albers_moment"
    assert "Goldene Hochzeit" in play.node_text(scenario.node("albers_moment"), asked)


def test_the_special_moment_costs_the_team_and_is_remembered(scenario: Scenario) -> None:
    moment = {choice.id: choice.effects for choice in scenario.node("albers_moment").choices}
    assert moment["zeit_nehmen"].motivation < 0 < moment["passend_kurz"].motivation
    assert moment["zeit_nehmen"].vertrauen > moment["passend_kurz"].vertrauen
    taken = play_path(scenario, STAMMKUNDIN_RAHMEN[:9])
    assert "sechs Anrufe am Stück" in play.node_text(scenario.node("nadine_pause"), taken)
    hurried = play_path(scenario, ALLEIN[:7])
    assert "sechs Anrufe am Stück" not in play.node_text(scenario.node("nadine_pause"), hurried)
    end = play_path(scenario, STAMMKUNDIN_RAHMEN)
    assert "Frau Albers" in play.ending_text(scenario.ending("ende_stammkundin"), end)


def test_the_final_act_is_the_customers_next_call(scenario: Scenario) -> None:
    finals = {"neuer_drucker", "abo_raus"}
    for node_id in finals:
        assert scenario.node(node_id).speaker == "Renate Böttcher, Kundin"
        assert "Drei Wochen später" in scenario.node(node_id).text
    ended = play_path(scenario, STAMMKUNDIN_RAHMEN)
    assert ended.path[-1].node_id == "neuer_drucker"
    # Whoever tied her to twelve months hears about it then.
    bound = play_path(scenario, TUER_OFFEN[:-1])
    assert bound.node_id == "abo_raus"


def test_an_ally_is_needed_to_drop_the_formula(scenario: Scenario) -> None:
    alone = play_path(scenario, ALLEIN[:9])
    assert alone.node_id == "kessler_zahlen"
    assert available(scenario, alone) == {
        "rahmen_fuers_team": False,
        "mit_nadine": False,
        "trotzig_verteidigen": True,
        "quote_zusagen": True,
    }
    together = play_path(scenario, STAMMKUNDIN_NADINE[:9])
    assert available(scenario, together)["mit_nadine"]


def test_no_reader_of_surfaces_wins(scenario: Scenario) -> None:
    figures = balance(scenario)
    assert all(player.rating is not Rating.GELUNGEN for player in figures.surface_players)
    assert figures.random_success is not None and figures.random_success <= 0.25
    assert figures.trade_off_share is not None and figures.trade_off_share >= 0.7
    assert figures.funnel_share is not None and figures.funnel_share <= 0.5
    assert figures.best_is_longest_share is not None and figures.best_is_longest_share <= 1 / 3
    assert not figures.long_short
    assert [d for d in figures.dominated if not d.foil] == []
    assert figures.shortest_decisions is not None and figures.longest_decisions is not None
    assert 8 <= figures.shortest_decisions <= figures.longest_decisions <= 14


def test_only_the_names_of_this_scenario_appear(scenario: Scenario) -> None:
    texts = [scenario.summary, scenario.role]
    for node in scenario.nodes:
        texts += [node.text, node.speaker or ""]
        texts += [text for p in node.text_when for text in (p.text, p.otherwise or "")]
        for choice in node.choices:
            texts += [choice.text, choice.feedback or "", choice.coaching or ""]
            texts += [passage.text for passage in choice.feedback_when]
    for ending in scenario.endings:
        texts += [ending.text]
        texts += [text for p in ending.text_when for text in (p.text, p.otherwise or "")]
    found = {match for text in texts for match in re.findall(r"(?:Frau|Herrn?) (\w+)", text)}
    # „Frau Böttchers Plus“: a genitive s is still the same name.
    surnames = {name[:-1] if name.endswith("s") and name[:-1] in POOL_NAMES else name for name in found}
    assert surnames <= POOL_NAMES
    assert {node.speaker for node in scenario.nodes if node.speaker} == {
        "Renate Böttcher, Kundin",
        "Frau Albers, Kundin",
        "Nadine Ebert, Kollegin",
        "Sven Kessler, Teamleiter",
    }
    assert not any("Okay" in text for text in texts)
