"""Path tests for „Das haben wir schon immer so gemacht“: every ending is reached by a concrete
path with exact final meters, and what carries the lessons holds over the whole state space –
blocking Bernd off or deceiving never reaches the best ending, the fair options stay locked until
the story has earned them, the tenants' meeting shows what was built or broken, and choosing by
the wording (always the longest, the first or the last option) never succeeds."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import pytest

from kundenspiel.engine import GameState, Rating, Scenario, load_scenario, play
from kundenspiel.engine.explore import StateGraph, explore
from kundenspiel.engine.models import Choice
from tests.scenarios.paths import assert_path_ends, offered, play_path

SCENARIO_FILE = Path(__file__).resolve().parents[2] / "scenarios" / "schon_immer_so.yaml"
BEST = "ende_gemeinsam_gestaltet"

# Start: Motivation 40, Vertrauen 35, Befugnis 15.
EXEMPLARY = [
    "gemeinsam_klaeren",  # M 50, V 25
    "bernd_nachfragen",  # M 60, V 15
    "vorschlag_einladen",  # M 80, V 5: Bernd schreibt seinen Vorschlag selbst
    "bernd_vorschlag_aufrufen",  # M 100, V 0
    "tandem",  # M 100, V 0 (Bernd ist dabei)
    "spielraum_verhandeln",  # M 100, V 0, B 35: Dr. Reuter gibt das Budget frei
    "gutachter_schicken",  # M 80, V 20
    "resonanz_fragen",  # M 70, V 30
    "voneinander_lernen",  # M 80, V 20
    "offen_berichten",  # M 70, V 30
    "gemeinsam_planen",  # M 60, V 40: Versammlung mit Beirat und Team geplant
]
PATHS = {
    "gelungen_team": ([*EXEMPLARY, "team_antwortet"], BEST, (60, 50, 35)),
    "gelungen_runde": (
        [
            "vorgabe_durchsetzen",
            "beschwichtigen",
            "leitfrage",
            "rahmen_setzen",
            "spielraum_verhandeln",
            "gutachter_schicken",
            "coolspot",
            "voneinander_lernen",
            "offen_berichten",
            "gemeinsam_planen",
            "mieterrunde",
        ],
        BEST,
        (20, 75, 35),
    ),
    "versoehnt": (
        [
            "gemeinsam_klaeren",
            "abblocken",
            "leitfrage",
            "entschuldigen",
            "vorschlag_einladen",
            "tandem",
            "spielraum_verhandeln",
            "gutachter_schicken",
            "mitlachen",
            "voneinander_lernen",
            "offen_berichten",
            "gemeinsam_planen",
            "team_antwortet",
        ],
        "ende_versoehnt",
        (80, 30, 35),
    ),
    "allein_zugesagt": ([*EXEMPLARY, "konkret_zusagen"], "ende_allein_zugesagt", (40, 70, 25)),
    "auf_papier_am_ende": ([*EXEMPLARY, "intern_mitnehmen"], "ende_auf_papier", (70, 30, 35)),
    "auf_papier": (
        [
            "vorgabe_durchsetzen",
            "beschwichtigen",
            "punkte_kleben",
            "rahmen_setzen",
            "kritik_ohne_vorschlag",
            "brinkmann_zuhoeren",
            "coolspot",
            "staerken_nutzen",
            "abwarten",
            "fragen_vorab",
            "mieterrunde",
        ],
        "ende_auf_papier",
        (30, 65, 5),
    ),
    "leere_versprechen": (
        [
            "gemeinsam_klaeren",
            "bernd_nachfragen",
            "verstaendnis_aber",
            "punkte_kleben",
            "laufen_lassen",
            "kritik_ohne_vorschlag",
            "eigenmaechtig",
            "verteidigen",
            "abschalten",
            "offen_berichten",
            "gemeinsam_planen",
            "konkret_zusagen",
        ],
        "ende_leere_versprechen",
        (30, 100, 0),
    ),
    "geschoent": (
        [*EXEMPLARY[:9], "zahl_schoenen", "gemeinsam_planen", "team_antwortet"],
        "ende_zurueck_zum_alten",
        (60, 30, 25),
    ),
    "zurueck_zum_alten": (
        [
            "vorgabe_durchsetzen",
            "abblocken",
            "leas_plan_annehmen",
            "abwarten_bernd",
            "oeffentlich_stoppen",
            "alles_laeuft",
            "notieren_weiterleiten",
            "mitlachen",
            "staerken_nutzen",
            "zahl_schoenen",
            "buehne",
            "intern_mitnehmen",
        ],
        "ende_zurueck_zum_alten",
        (40, 45, 0),
    ),
}


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(SCENARIO_FILE)


@pytest.fixture(scope="module")
def graph(scenario: Scenario) -> StateGraph:
    explored = explore(scenario)
    assert not explored.truncated
    return explored


@pytest.mark.parametrize("name", list(PATHS))
def test_path_reaches_ending_with_exact_meters(scenario: Scenario, name: str) -> None:
    path, ending, (motivation, vertrauen, befugnis) = PATHS[name]
    meters = {"motivation": motivation, "vertrauen": vertrauen, "befugnis": befugnis}
    assert_path_ends(scenario, path, ending, meters)


def test_the_paths_reach_every_ending_and_the_ratings_fit(scenario: Scenario) -> None:
    assert {ending for _, ending, _ in PATHS.values()} == {ending.id for ending in scenario.endings}
    ratings = {ending.id: ending.rating for ending in scenario.endings}
    assert [ending for ending, rating in ratings.items() if rating is Rating.GELUNGEN] == [BEST]
    assert ratings["ende_versoehnt"] is Rating.GEMISCHT
    assert ratings["ende_leere_versprechen"] is Rating.GESCHEITERT


def _endings_after(graph: StateGraph, choice_ids: set[str]) -> set[str]:
    """Every ending still reachable once one of ``choice_ids`` was taken, on any path."""
    found: set[str] = set()
    seen: set[int] = set()
    todo: list[int] = []
    for moves in graph.transitions:
        for move in moves:
            if move.choice_id in choice_ids:
                if move.ending_id is not None:
                    found.add(move.ending_id)
                elif move.target_state is not None:
                    todo.append(move.target_state)
    while todo:
        state = todo.pop()
        if state in seen:
            continue
        seen.add(state)
        for move in graph.transitions[state]:
            if move.ending_id is not None:
                found.add(move.ending_id)
            elif move.target_state is not None:
                todo.append(move.target_state)
    return found


def test_blocking_bernd_off_never_reaches_the_best_ending(graph: StateGraph) -> None:
    after = _endings_after(graph, {"abblocken"})
    assert BEST not in after
    assert "ende_versoehnt" in after, "an apology can still repair much of it"


def test_deceit_and_blaming_the_tenants_never_reach_the_best_ending(graph: StateGraph) -> None:
    for choice_id in ("alles_laeuft", "zahl_schoenen", "mieter_schuld"):
        assert BEST not in _endings_after(graph, {choice_id}), choice_id


def test_taking_room_without_asking_never_reaches_the_best_ending(graph: StateGraph) -> None:
    assert BEST not in _endings_after(graph, {"eigenmaechtig"})


def test_the_tandem_needs_bernd_back(scenario: Scenario) -> None:
    blocked = play_path(scenario, ["gemeinsam_klaeren", "abblocken", "leitfrage", "hannah_vermitteln"])
    assert blocked.node_id == "lea_alleingang"
    tandem = offered(scenario, blocked)["tandem"]
    assert not tandem.available
    assert tandem.reason is not None and "Bernd" in tandem.reason
    with pytest.raises(play.PlayError):
        play.choose(scenario, blocked, "tandem")

    apologised = play_path(
        scenario, ["gemeinsam_klaeren", "abblocken", "leitfrage", "entschuldigen", "vorschlag_einladen"]
    )
    assert apologised.node_id == "lea_alleingang", "after the apology Bernd's talk leads back to Lea"
    assert offered(scenario, apologised)["tandem"].available


def test_room_to_shape_needs_something_the_team_made(scenario: Scenario) -> None:
    nothing = play_path(scenario, ["vorgabe_durchsetzen", "beschwichtigen", "punkte_kleben", "rahmen_setzen"])
    assert nothing.node_id == "vorstand"
    option = offered(scenario, nothing)["spielraum_verhandeln"]
    assert not option.available
    assert option.reason is not None and "Vorschlag" in option.reason

    goal = play_path(scenario, ["vorgabe_durchsetzen", "beschwichtigen", "leitfrage", "rahmen_setzen"])
    assert offered(scenario, goal)["spielraum_verhandeln"].available


def test_the_surveyor_needs_the_negotiated_room(scenario: Scenario) -> None:
    without = play_path(
        scenario, ["vorgabe_durchsetzen", "beschwichtigen", "leitfrage", "rahmen_setzen", "alles_laeuft"]
    )
    assert without.node_id == "brinkmann"
    options = offered(scenario, without)
    assert not options["gutachter_schicken"].available
    assert options["eigenmaechtig"].available, "the gesture you are not allowed to make is on offer"

    granted = play_path(scenario, EXEMPLARY[:6])
    assert granted.node_id == "brinkmann"
    options = offered(scenario, granted)
    assert options["gutachter_schicken"].available
    assert "eigenmaechtig" not in options


def test_authority_grows_only_when_dr_reuter_grants_it(scenario: Scenario) -> None:
    choices = {choice.id: choice for node in scenario.nodes for choice in node.choices}
    raised = {cid for cid, choice in choices.items() if choice.effects.befugnis > 0}
    lowered = {cid for cid, choice in choices.items() if choice.effects.befugnis < 0}
    assert raised == {"spielraum_verhandeln", "regel_vorschlagen"}
    assert lowered == {
        "alles_laeuft",
        "eigenmaechtig",
        "verteidigen",
        "zahl_schoenen",
        "abwarten",
        "konkret_zusagen",
    }
    obeying = ("vorgabe_durchsetzen", "reumuetig", "notieren_weiterleiten", "pflichtschulung")
    assert all(choices[cid].effects.befugnis == 0 for cid in obeying)


def test_overruling_or_shaming_someone_costs_motivation(scenario: Scenario) -> None:
    choices = {choice.id: choice for node in scenario.nodes for choice in node.choices}
    for choice_id in ("abblocken", "oeffentlich_stoppen", "vorgabe_durchsetzen", "verbieten", "durchhalten"):
        assert choices[choice_id].effects.motivation < 0, choice_id


def test_the_same_promise_ends_by_the_room_negotiated_before(scenario: Scenario) -> None:
    with_room = play_path(scenario, PATHS["allein_zugesagt"][0])
    without_room = play_path(scenario, PATHS["leere_versprechen"][0])
    assert with_room.choice_ids[-1] == without_room.choice_ids[-1] == "konkret_zusagen"
    assert scenario.ending(with_room.ending_id or "").rating is Rating.GEMISCHT
    assert scenario.ending(without_room.ending_id or "").rating is Rating.GESCHEITERT


def _meeting_text(scenario: Scenario, path: Sequence[str]) -> str:
    state = play_path(scenario, path[:-1])
    assert state.node_id == "versammlung"
    return play.node_text(scenario.node("versammlung"), state)


def test_the_tenants_meeting_shows_what_was_built_or_broken(scenario: Scenario) -> None:
    built = _meeting_text(scenario, PATHS["gelungen_team"][0])
    assert "sechs Tischen" in built and "Das war gut" in built
    assert "Bernd ist nicht gekommen" not in built and "Mieterzeitung hoch" not in built

    broken = _meeting_text(scenario, PATHS["zurueck_zum_alten"][0])
    assert "Bernd ist nicht gekommen" in broken
    assert "Lea ist nicht da" in broken
    assert "Wann denn?" in broken and "Mieterzeitung hoch" in broken
    assert "Podium" in broken

    repaired = _meeting_text(scenario, PATHS["versoehnt"][0])
    assert "Bernd ist gekommen" in repaired


def test_people_remember_what_happened_before(scenario: Scenario) -> None:
    led = play_path(scenario, ["lea_uebernimmt", "beschwichtigen", "punkte_kleben"])
    assert "Du hast doch gesagt, so machen wir's" in play.node_text(scenario.node("lea_alleingang"), led)
    promised = play_path(
        scenario, ["vorgabe_durchsetzen", "beschwichtigen", "leitfrage", "rahmen_setzen", "alles_laeuft"]
    )
    assert "Rückruf garantiert" in play.node_text(scenario.node("brinkmann"), promised)


Policy = Callable[[list[Choice]], Choice]
POLICIES: dict[str, Policy] = {
    "longest": lambda available: max(available, key=lambda choice: len(" ".join(choice.text.split()))),
    "first": lambda available: available[0],
    "last": lambda available: available[-1],
}


@pytest.mark.parametrize("policy", list(POLICIES))
def test_choosing_by_the_wording_never_succeeds(scenario: Scenario, policy: str) -> None:
    state: GameState = play.start(scenario)
    for _ in range(40):
        if state.ended:
            break
        available = [option.choice for option in play.options(scenario, state) if option.available]
        state = play.choose(scenario, state, POLICIES[policy](available).id).state
    assert state.ended
    assert scenario.ending(state.ending_id or "").rating is not Rating.GELUNGEN


def test_a_random_player_rarely_succeeds_and_a_playthrough_has_eight_to_fourteen_decisions(
    scenario: Scenario, graph: StateGraph
) -> None:
    best = {ending.id for ending in scenario.endings if ending.rating is Rating.GELUNGEN}

    @cache
    def chance_and_lengths(state: int) -> tuple[float, int, int]:
        moves = graph.transitions[state]
        chance, shortest, longest = 0.0, 10**6, 0
        for move in moves:
            if move.ending_id is not None:
                chance += move.ending_id in best
                shortest, longest = min(shortest, 1), max(longest, 1)
            else:
                assert move.target_state is not None
                after, low, high = chance_and_lengths(move.target_state)
                chance += after
                shortest, longest = min(shortest, low + 1), max(longest, high + 1)
        return chance / len(moves), shortest, longest

    chance, shortest, longest = chance_and_lengths(0)
    assert 0 < chance <= 0.25
    assert shortest >= 8 and longest <= 14
