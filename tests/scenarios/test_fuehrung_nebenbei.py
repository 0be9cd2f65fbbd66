"""Path tests for „Führung nebenbei“: every ending is reached by a concrete path with exact final
meters, and what carries the lessons holds over the whole state space – Selin's decision follows
from the week (who was heard, who got room, who decided) rather than from the last click, no
choice is gated by a meter, authority only grows where someone with the power grants it, hiding
the team's answers never ends well unless it is confessed, saying yes to every wish of a customer
burns Selin out unless the team draws the line, and choosing by the wording never succeeds."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kundenspiel.engine import GameState, Rating, Scenario, load_scenario, play
from kundenspiel.engine.balance import balance
from kundenspiel.engine.explore import StateGraph, explore
from tests.scenarios.paths import assert_path_ends, offered, play_path

SCENARIO_FILE = Path(__file__).resolve().parents[2] / "scenarios" / "fuehrung_nebenbei.yaml"
BEST = "ende_freiwillig_geblieben"

# Start: Motivation 30, Vertrauen 40, Befugnis 20.
EXEMPLARY = [
    "selin_zuhoeren",  # M 40, V 30
    "nachfragen",  # Selin sagt, was ihr fehlt (selin_gehoert)
    "befugnis_erbitten",  # V 40, B 40: Brandt gibt Kulanz bis hundert Euro frei
    "malte_entscheidet",  # M 50, V 50 (braucht die Kulanz)
    "team_fragen",  # M 60: das Team hat eine Stimme (team_gehoert)
    "grenze_ziehen",  # M 70, V 40: Nein zu Frau Vollmer
    "standhalten",  # M 80, B 50: Brandt lässt die Entscheidung beim Team
    "pulsbefragung",
    "offen_besprechen",  # M 90
    "team_plant_selbst",  # M 100, B 60
    "oeffentlich_loben",
    "team_entscheidet",  # B 70
]
LATE_REPAIR = [
    "ans_telefon",
    "team_einbinden",
    "danebensetzen",
    "runde_absagen",
    "alles_zusagen",  # Ja zu jedem Wunsch …
    "zusage_zuruecknehmen",  # … noch am selben Abend zurückgenommen
    "standhalten",
    "einzelgespraeche",  # Selin wird am Mittwoch doch noch gehört
    "nur_an_brandt",  # Kulanz, aber das Team erfährt nichts
    "team_plant_selbst",
    "oeffentlich_loben",
    "offenlegen_und_entscheiden",  # Freitag: offengelegt, dann entscheidet das Team
]
NOBODY_HEARD = [
    "nebenbei_zuhoeren",
    "praemie_zusagen",
    "selbst_uebernehmen",
    "plan_vorstellen",
    "grenze_ziehen",
    "selin_vorschicken",
    "gefuehl_reicht",
    "plan_bleibt",
    "richtzeit_erinnern",
    "eigener_plan",
]
HEARD_NOT_ASKED = [
    "selin_zuhoeren",
    "mehr_geld",
    "team_einbinden",
    "danebensetzen",
    "team_fragen",
    "selin_fragen",  # Selin war nie gefragt worden und sagt Frau Vollmer alles zu
    "zusage_zuruecknehmen",
    "standhalten",
    "pulsbefragung",
    "offen_besprechen",
    "team_plant_selbst",
    "oeffentlich_loben",
    "team_entscheidet",
]
YES_TO_ALL = [
    "ans_telefon",
    "praemie_zusagen",
    "selbst_uebernehmen",
    "runde_absagen",
    "alles_zusagen",
    "durchziehen",
    "gefuehl_reicht",
    "plan_bleibt",
    "richtzeit_erinnern",
]
PATHS = {
    "gelungen": ([*EXEMPLARY, "ehrlich_antworten"], BEST, (100, 40, 70)),
    "gelungen_spaet": ([*LATE_REPAIR, "fair_verabschieden"], BEST, (50, 40, 60)),
    "auf_abruf": (
        [
            "per_mail",
            "ursachen_zeigen",
            "korrektur_zusagen",
            "runde_absagen",
            "grenze_ziehen",
            "standhalten",
            "gefuehl_reicht",
            "ausnahme_katrin",
            "kurz_danken",
            "eigener_plan",
            "zulage_bieten",
        ],
        "ende_bleibt_auf_abruf",
        (20, 90, 30),
    ),
    "offene_tuer": ([*HEARD_NOT_ASKED, "fair_verabschieden"], "ende_offene_tuer", (100, 30, 50)),
    "kuendigungswelle": ([*NOBODY_HEARD, "ehrlich_antworten"], "ende_kuendigungswelle", (0, 100, 20)),
    "ausgebrannt": ([*YES_TO_ALL, "brandt_vorgaben"], "ende_ausgebrannt", (0, 100, 10)),
}
NAME_POOL = {
    "Selin Aydın",
    "Katrin Mertens",
    "Dr. Holger Brandt",
    "Malte Jansen",
    "Greta Vollmer",
    "Ilias Rahmani",
}


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(SCENARIO_FILE)


@cache
def _graph() -> StateGraph:
    graph = explore(load_scenario(SCENARIO_FILE))
    assert not graph.truncated
    return graph


@pytest.mark.parametrize("name", list(PATHS))
def test_path_reaches_ending_with_exact_meters(scenario: Scenario, name: str) -> None:
    path, ending, (motivation, vertrauen, befugnis) = PATHS[name]
    meters = {"motivation": motivation, "vertrauen": vertrauen, "befugnis": befugnis}
    assert_path_ends(scenario, path, ending, meters)


def test_endings_cover_every_rating(scenario: Scenario) -> None:
    ratings = {ending.id: ending.rating for ending in scenario.endings}
    assert ratings == {
        BEST: Rating.GELUNGEN,
        "ende_bleibt_auf_abruf": Rating.GEMISCHT,
        "ende_offene_tuer": Rating.GEMISCHT,
        "ende_kuendigungswelle": Rating.GESCHEITERT,
        "ende_ausgebrannt": Rating.GESCHEITERT,
    }
    assert scenario.meter_display.value != "offen"


def _ending_of(scenario: Scenario, state: GameState, choice_id: str) -> str | None:
    return play.choose(scenario, state, choice_id).state.ending_id


def test_the_same_honest_answer_ends_as_the_week_went(scenario: Scenario) -> None:
    # Das letzte Wort entscheidet nicht allein: Dieselbe ehrliche Antwort führt je nach Woche zu
    # drei verschiedenen Enden.
    outcomes = {
        name: _ending_of(scenario, play_path(scenario, path), "ehrlich_antworten")
        for name, path in [("gut", EXEMPLARY), ("halb", HEARD_NOT_ASKED), ("nie", NOBODY_HEARD)]
    }
    assert outcomes == {"gut": BEST, "halb": "ende_offene_tuer", "nie": "ende_kuendigungswelle"}
    # Wer Selin ihren Abschied freistellt, bekommt dasselbe wie die ehrliche Antwort.
    assert _ending_of(scenario, play_path(scenario, EXEMPLARY), "fair_verabschieden") == BEST
    # Geld hält sie auch nach der besten Woche nur auf Abruf, und sie sagt, was das über dich sagt.
    bought = play.choose(scenario, play_path(scenario, EXEMPLARY), "zulage_bieten").state
    assert bought.ending_id == "ende_bleibt_auf_abruf"
    assert "Ums Geld ging's mir nie" in play.ending_text(scenario.ending("ende_bleibt_auf_abruf"), bought)


def test_no_choice_or_route_is_gated_by_a_meter(scenario: Scenario) -> None:
    # Was gesperrt ist oder wohin es geht, hängt nur an dem, was passiert ist – nie an einer Schwelle.
    for node in scenario.nodes:
        for choice in node.choices:
            conditions = [c for c in [choice.condition, *(r.condition for r in choice.next_when)] if c]
            for condition in conditions:
                assert not list(condition.meter_references()), (node.id, choice.id, str(condition))


def test_every_exemplary_week_with_the_frame_ends_well(scenario: Scenario) -> None:
    # Alle Wege nur über die guten Auswahlen: Wer Selin gehört, Spielraum geholt und das Team
    # entscheiden lassen hat, kommt immer zum besten Ende; wer nie um den Kulanzrahmen gebeten hat,
    # verliert Selin – mit einem Abschied, der das sagt.
    good = {
        "selin_zuhoeren", "nachfragen", "befugnis_erbitten", "team_einbinden", "malte_entscheidet",
        "danebensetzen", "team_fragen", "grenze_ziehen", "selin_fragen", "standhalten",
        "zusage_zuruecknehmen", "pulsbefragung", "einzelgespraeche", "offen_besprechen",
        "mit_team_zu_brandt", "team_plant_selbst", "oeffentlich_loben", "team_entscheidet",
        "ehrlich_antworten", "fair_verabschieden",
    }  # fmt: skip
    endings: dict[str, int] = {}

    def walk(state: GameState) -> None:
        if state.ended:
            assert state.ending_id == BEST or "kulanz_rahmen" not in state.flags, state.path
            endings[str(state.ending_id)] = endings.get(str(state.ending_id), 0) + 1
            return
        for option in play.options(scenario, state):
            if option.available and option.choice.id in good:
                walk(play.choose(scenario, state, option.choice.id).state)

    walk(play.start(scenario))
    assert set(endings) == {BEST, "ende_offene_tuer"}
    assert endings[BEST] > endings["ende_offene_tuer"]


def test_asking_for_authority_needs_having_asked_selin_first(scenario: Scenario) -> None:
    for path in (["selin_zuhoeren", "mehr_geld"], ["nebenbei_zuhoeren"], ["ans_telefon"]):
        option = offered(scenario, play_path(scenario, path))["befugnis_erbitten"]
        assert (
            not option.available
            and option.reason == "Was genau deinem Team fehlt, hast du heute früh niemanden gefragt."
        )
    assert offered(scenario, play_path(scenario, ["selin_zuhoeren", "nachfragen"]))[
        "befugnis_erbitten"
    ].available


def test_malte_may_decide_only_after_brandt_granted_the_frame(scenario: Scenario) -> None:
    without = play_path(scenario, ["selin_zuhoeren", "nachfragen", "team_einbinden"])
    assert without.node_id == "rahmani"
    option = offered(scenario, without)["malte_entscheidet"]
    assert not option.available and option.reason is not None and "Ticket" in option.reason
    with pytest.raises(play.PlayError):
        play.choose(scenario, without, "malte_entscheidet")
    granted = play_path(scenario, EXEMPLARY[:3])
    assert granted.meters.befugnis == 40
    assert offered(scenario, granted)["malte_entscheidet"].available
    assert "Bis hundert Euro Kulanz dürft ihr jetzt selbst geben" in play.node_text(
        scenario.node("rahmani"), granted
    )


def test_the_honest_correction_replaces_the_empty_promise_once_the_error_is_known(scenario: Scenario) -> None:
    # „Wir klären das intern“ gibt es nur ohne Prüfung; wer die Ursache gezeigt hat, kann Herrn
    # Rahmani die Wahrheit sagen.
    unprepared = offered(scenario, play_path(scenario, ["ans_telefon", "team_einbinden"]))
    prepared = offered(scenario, play_path(scenario, ["per_mail", "ursachen_zeigen"]))
    assert "an_abrechnung_verweisen" in unprepared and "korrektur_zusagen" not in unprepared
    assert "korrektur_zusagen" in prepared and "an_abrechnung_verweisen" not in prepared


def test_yes_to_every_wish_burns_selin_out_unless_the_team_draws_the_line(scenario: Scenario) -> None:
    friday = play_path(scenario, YES_TO_ALL)
    assert friday.node_id == "teamrunde_freitag" and "ja_zu_allem" in friday.flags
    # Ohne Stimme im Team hilft es nicht, es am Freitag plötzlich entscheiden zu lassen.
    for choice_id in ("brandt_vorgaben", "team_entscheidet", "eigener_plan"):
        assert _ending_of(scenario, friday, choice_id) == "ende_ausgebrannt"
    # Hat das Team diese Woche eine Stimme bekommen, zieht es die Grenze selbst.
    heard = play_path(scenario, [*YES_TO_ALL[:3], "team_fragen", *YES_TO_ALL[4:]])
    step = play.choose(scenario, heard, "team_entscheidet")
    assert step.state.node_id == "selin_entscheidung"
    assert step.feedback is not None and "um sechs telefoniert hier niemand" in step.feedback


def test_hiding_the_answers_never_ends_well_unless_confessed(scenario: Scenario) -> None:
    graph = _graph()
    for state, moves in zip(graph.states, graph.transitions, strict=True):
        if state.node_id == "selin_entscheidung" and "team_im_dunkeln" in state.flags:
            assert all(move.ending_id != BEST for move in moves)
    friday = play_path(scenario, LATE_REPAIR[:-1])
    assert "offenlegen_und_entscheiden" in offered(scenario, friday)
    assert "offenlegen_und_entscheiden" not in offered(scenario, play_path(scenario, EXEMPLARY[:-1]))


def test_authority_grows_only_where_someone_with_the_power_grants_it(scenario: Scenario) -> None:
    raised = {c.id for n in scenario.nodes for c in n.choices if c.effects.befugnis > 0}
    assert raised == {
        "befugnis_erbitten",  # Brandt gibt Kulanz frei, nachdem du gefragt hast
        "standhalten",  # Brandt lässt dir die Großkunden, nachdem du Verantwortung übernommen hast
        "nur_an_brandt",
        "mit_team_zu_brandt",
        "team_plant_selbst",  # du gibst deinem Team den Schichttausch
        "team_entscheidet",
        "offenlegen_und_entscheiden",
    }
    obedient = [
        "praemie_zusagen",
        "plan_vorstellen",
        "nachgeben",
        "richtzeit_erinnern",
        "plan_bleibt",
        "brandt_vorgaben",
    ]
    choices = {c.id: c for n in scenario.nodes for c in n.choices}
    assert all(choices[choice_id].effects.befugnis == 0 for choice_id in obedient)
    assert choices["alles_zusagen"].effects.befugnis < 0  # eine Zusage außerhalb aller Regeln
    overruling = [
        "ans_telefon",
        "plan_vorstellen",
        "nachgeben",
        "richtzeit_erinnern",
        "frist_erinnern",
        "brandt_vorgaben",
    ]
    assert all(choices[choice_id].effects.motivation < 0 for choice_id in overruling)


def test_returning_scenes_say_what_changed(scenario: Scenario) -> None:
    nachspiel = scenario.node("vollmer_nachspiel")
    promised = play_path(
        scenario, ["ans_telefon", "team_einbinden", "danebensetzen", "runde_absagen", "alles_zusagen"]
    )
    delegated = play_path(scenario, HEARD_NOT_ASKED[:6])
    assert "Hättest du mich vorher mal fragen können?" in play.node_text(nachspiel, promised)
    assert "Ich hab Frau Vollmer alles zugesagt." in play.node_text(nachspiel, delegated)
    # Brandt ruft am Dienstag an, oder – nach der zurückgenommenen Zusage – am Mittwochmorgen.
    eskalation = scenario.node("eskalation")
    assert "Dienstag" in play.node_text(eskalation, play_path(scenario, EXEMPLARY[:6]))
    assert "Mittwoch" in play.node_text(eskalation, play_path(scenario, LATE_REPAIR[:6]))
    # Selins letzte Frage kommt nach einer Woche, die man ihr ansieht.
    selin = scenario.node("selin_entscheidung")
    assert "zum ersten Mal seit Langem gelacht" in play.node_text(selin, play_path(scenario, EXEMPLARY))
    assert "nie gefragt" in play.node_text(selin, play_path(scenario, NOBODY_HEARD))
    late = play.choose(scenario, play_path(scenario, LATE_REPAIR), "fair_verabschieden").state
    ending_text = play.ending_text(scenario.ending(BEST), late)
    assert "Am Montag hattest du keine Zeit für sie" in ending_text


def test_choosing_by_the_wording_does_not_win(scenario: Scenario) -> None:
    figures = balance(scenario, _graph())
    assert all(player.rating is not Rating.GELUNGEN for player in figures.surface_players)
    assert figures.random_success is not None and figures.random_success <= 0.25
    assert figures.best_is_longest_share is not None and figures.best_is_longest_share <= 1 / 3
    assert figures.funnel_share is not None and figures.funnel_share <= 0.5
    assert figures.trade_off_share is not None and figures.trade_off_share >= 0.7
    assert not [d for d in figures.dominated if not d.foil]
    assert not figures.long_short
    assert figures.shortest_decisions is not None and figures.longest_decisions is not None
    assert figures.shortest_decisions >= 8 and figures.longest_decisions <= 14


def test_only_the_names_of_this_scenario_appear(scenario: Scenario) -> None:
    speakers = {node.speaker.split(",")[0] for node in scenario.nodes if node.speaker}
    assert speakers <= NAME_POOL
    text = SCENARIO_FILE.read_text(encoding="utf-8")
    for other in ("Nadine", "Jonas", "Petersen", "Okafor", "Lindner", "Hansen"):
        assert other not in text
