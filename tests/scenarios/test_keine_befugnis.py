"""Path tests for „Keine Befugnis“: every ending is reached by a concrete path with exact final
meters, and the locks and routes carry the lesson. The goodwill offer stays locked until Paula
grants room; asking for room works only with the facts taken down; Entscheidungsbefugnis grows
only through such grants and shrinks with every misuse; the falsified booking, a hidden data leak
and reading out another customer's order never reach the best ending; returning scenes say what
changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from kundenspiel.engine import Rating, Scenario, load_scenario, play
from kundenspiel.engine.balance import POLICIES, surface_play
from kundenspiel.engine.explore import explore
from tests.scenarios.paths import assert_path_ends, available, offered, play_path

SCENARIO_FILE = Path(__file__).resolve().parents[2] / "scenarios" / "keine_befugnis.yaml"

# Start: Motivation 60, Vertrauen 20, Befugnis 25.
SAMSTAG_RAHMEN = [
    "ausreden_lassen",  # M 57, V 28
    "schaden_notieren",  # M 53, V 33, Merker schaden_aufgenommen
    "leitung_holen",  # V 31
    "rahmen_erbitten",  # M 55, V 28 (mit Zahlen: weiter zu paula_rahmen)
    "rahmen_annehmen",  # M 60, V 26, B 55, Merker rahmen_erteilt
    "ausgleich_buchen",  # M 62, V 36 (braucht den Rahmen)
    "filialtransporter",  # M 65, V 46 (braucht den Rahmen)
    "bilanz_offen",  # M 63, B 60
    "emre_zu_paula",  # M 67, V 43
    "nachbarin_anrufen",  # M 64, V 45
    "rahmen_und_paula",  # V 51, B 70
]
MONTAG_RAHMEN = [
    "grenzen_offenlegen",  # V 23
    "schaden_notieren",  # M 56, V 28
    "an_hotline_verweisen",  # M 57, V 22
    "gemeinsam_anrufen",  # M 53, V 28
    "schaden_belegen",  # M 48, V 36
    "nachrueckerliste",  # M 49, V 38
    "rahmen_erbitten_montag",  # M 46, B 50, Merker rahmen_erteilt
    "selbst_uebernehmen",  # M 43, V 44
    "nachbarin_anrufen",  # M 40, V 46
    "rahmen_und_paula",  # V 52, B 60
]
ZU_SPAET = [
    "ausreden_lassen",
    "schaden_notieren",
    "an_hotline_verweisen",
    "achselzucken",  # Merker demir_verloren: sie storniert
    "rahmen_erbitten_montag",
    "emre_zu_paula",
    "datenschutz_abblocken",
    "hinterherrufen",
    "rahmen_und_paula",
]
PANNE_GEBEICHTET = [
    *SAMSTAG_RAHMEN[:4],
    "rahmen_fuer_alle",
    "ausgleich_buchen",
    "emre_cousin",  # Adresse und Nummer per WhatsApp an Emres Cousin
    "bilanz_offen",
    "emre_zu_paula",
    "nachbarin_anrufen",
    "rahmen_und_paula",
]
UEBERS_ZIEL = [
    "ausreden_lassen",
    "abkuerzen",
    "leitung_holen",
    "rahmen_erbitten",
    "nachfragen_gehen",  # die Zahlen nachgeholt
    "rahmen_annehmen",
    "gutschein_anbieten",
    "storno_anbieten",
    "kurz_halten",
    "selbst_uebernehmen",
    "nachbarin_anrufen",
    "alles_selbst",
]
KNAPP = [
    "grenzen_offenlegen",
    "schaden_notieren",
    "leitung_holen",
    "paula_mitnehmen",
    "nachrueckerliste",
    "rahmen_erbitten_montag",
    "selbst_uebernehmen",
    "nachbarin_anrufen",
    "nur_hundert",
]
EINZELFALL = [
    *UEBERS_ZIEL[:5],
    "lieber_einzelfall",
    "ausgleich_buchen",
    "nachrueckerliste",
    "kurz_halten",
    "emre_zu_paula",
    "nachbarin_anrufen",
    "hotline_nachbarin",
]
GESTANDEN = [
    "ausreden_lassen",
    "schaden_notieren",
    "regel_biegen",  # der falsche „Ausstellungsschaden“
    "storno_anbieten",
    "eingestehen",
    "emre_zu_paula",
    "nachbarin_anrufen",
    "paula_holen_nachbarin",
]
PINGPONG = [
    "zustaendigkeit_pruefen",
    "abkuerzen",
    "an_hotline_verweisen",
    "achselzucken",
    "regel_vorschieben",
    "trick_zeigen",
    "datenschutz_abblocken",
    "gehen_lassen",
]
PANNE_VERSCHWIEGEN = [*SAMSTAG_RAHMEN[:6], "emre_cousin", "panne_verschweigen", *SAMSTAG_RAHMEN[8:]]
NACHBARIN_VORGELESEN = [*SAMSTAG_RAHMEN[:9], "nachbarin_nachsehen", "rahmen_und_paula"]
# Asked for room without knowing the damage, so Paula booked it herself.
GESCHAETZT = ["ausreden_lassen", "abkuerzen", "leitung_holen", "rahmen_erbitten", "schaetzen"]
GELOGEN = [
    "grenzen_offenlegen",
    "mitleid_beteuern",
    "regel_biegen",
    "nachrueckerliste",
    "verklickt",
    "trick_zeigen",
    "nachbarin_anrufen",
    "paula_holen_nachbarin",
]
ABGEBLOCKT = [
    "ausreden_lassen",
    "schaden_notieren",
    "leitung_holen",
    "paula_fragen",  # Paula: „Online ist online.“
    "an_hotline_verweisen",
    "gemeinsam_anrufen",
    "teamleitung_verlangen",
    "storno_anbieten",
    "bilanz_offen",
    "emre_zu_paula",
    "datenschutz_abblocken",
    "gehen_lassen",
]

# Choices through which someone with the power grants room, and nothing else raises it.
GRANTS = {
    "rahmen_annehmen",
    "rahmen_fuer_alle",
    "lieber_einzelfall",
    "rahmen_erbitten_montag",
    "bilanz_offen",
    "rahmen_und_paula",
}
# Bending a rule, hiding a problem, lying, leaking data, overstepping the frame.
MISUSE = {
    "regel_biegen",
    "emre_cousin",
    "panne_verschweigen",
    "eingestehen",
    "regel_kritisieren",
    "verklickt",
    "trick_zeigen",
    "nachbarin_nachsehen",
    "alles_selbst",
}
# Following the script: quoting the rule, passing the customer on, keeping it short.
SCRIPT = {
    "an_hotline_verweisen",
    "paula_fragen",
    "achselzucken",
    "annehmen_raten",
    "kurz_halten",
    "regel_vorschieben",
    "datenschutz_abblocken",
    "gehen_lassen",
    "nur_hundert",
    "hotline_nachbarin",
}
TAINT = {"falschbuchung", "daten_weitergegeben", "nachbarin_daten", "trick_gezeigt", "gelogen"}


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(SCENARIO_FILE)


@pytest.mark.parametrize(
    ("path", "ending", "meters"),
    [
        (SAMSTAG_RAHMEN, "ende_entscheiden_duerfen", (64, 51, 70)),
        (MONTAG_RAHMEN, "ende_entscheiden_duerfen", (40, 52, 60)),
        (ZU_SPAET, "ende_zu_spaet", (49, 13, 60)),
        (PANNE_GEBEICHTET, "ende_auf_eis", (67, 44, 60)),
        (UEBERS_ZIEL, "ende_uebers_ziel", (67, 46, 40)),
        (KNAPP, "ende_knapp", (47, 45, 50)),
        (EINZELFALL, "ende_umweg", (64, 35, 30)),
        (GESTANDEN, "ende_umweg", (49, 48, 10)),
        (PINGPONG, "ende_weitergereicht", (61, 0, 20)),
        (PANNE_VERSCHWIEGEN, "ende_nicht_sicher", (70, 46, 45)),
        (NACHBARIN_VORGELESEN, "ende_nicht_sicher", (69, 53, 50)),
        (GELOGEN, "ende_dienst_nach_vorschrift", (59, 36, 0)),
        (ABGEBLOCKT, "ende_dienst_nach_vorschrift", (43, 27, 30)),
    ],
    ids=[
        "gelungen_samstag",
        "gelungen_montag",
        "zu_spaet",
        "auf_eis",
        "uebers_ziel",
        "knapp",
        "umweg_einzelfall",
        "umweg_gestanden",
        "pingpong",
        "nicht_sicher_verschwiegen",
        "nicht_sicher_nachbarin",
        "dienst_gelogen",
        "dienst_abgeblockt",
    ],
)
def test_path_reaches_ending_with_exact_meters(
    scenario: Scenario, path: list[str], ending: str, meters: tuple[int, int, int]
) -> None:
    motivation, vertrauen, befugnis = meters
    assert_path_ends(
        scenario, path, ending, {"motivation": motivation, "vertrauen": vertrauen, "befugnis": befugnis}
    )


def test_endings_and_their_ratings(scenario: Scenario) -> None:
    ratings = {ending.id: ending.rating.value for ending in scenario.endings}
    assert ratings == {
        "ende_entscheiden_duerfen": "gelungen",
        "ende_zu_spaet": "gemischt",
        "ende_auf_eis": "gemischt",
        "ende_uebers_ziel": "gemischt",
        "ende_knapp": "gemischt",
        "ende_umweg": "gemischt",
        "ende_weitergereicht": "gescheitert",
        "ende_nicht_sicher": "gescheitert",
        "ende_dienst_nach_vorschrift": "gescheitert",
    }


def test_goodwill_offer_is_locked_until_paula_grants_room(scenario: Scenario) -> None:
    first_visit = play_path(scenario, SAMSTAG_RAHMEN[:2])
    options = offered(scenario, first_visit)
    assert not options["ausgleich_buchen"].available
    assert "Online-Kundenservice" in (options["ausgleich_buchen"].reason or "")
    assert available(scenario, first_visit) == {
        "ausgleich_buchen": False,
        "an_hotline_verweisen": True,
        "regel_biegen": True,
        "leitung_holen": True,
    }
    with pytest.raises(play.PlayError):
        play.choose(scenario, first_visit, "ausgleich_buchen")

    # Asked Paula what to say instead of asking for room: back with the rule, still locked.
    told_the_rule = play_path(scenario, [*SAMSTAG_RAHMEN[:3], "paula_fragen"])
    assert told_the_rule.node_id == "angebote"
    assert available(scenario, told_the_rule) == {
        "ausgleich_buchen": False,
        "an_hotline_verweisen": True,
        "regel_biegen": True,
    }
    # Granted (for good or for this one case): the offer opens, bending the rule is no longer shown.
    for grant in ("rahmen_annehmen", "rahmen_fuer_alle", "lieber_einzelfall"):
        back = play_path(scenario, [*SAMSTAG_RAHMEN[:4], grant])
        assert available(scenario, back) == {"ausgleich_buchen": True, "gutschein_anbieten": True}, grant


def test_asking_for_room_needs_the_facts_taken_down(scenario: Scenario) -> None:
    with_facts = play_path(scenario, SAMSTAG_RAHMEN[:4])
    assert with_facts.node_id == "paula_rahmen"
    without = play_path(scenario, UEBERS_ZIEL[:4])
    assert without.node_id == "paula_zahlen"
    assert play_path(scenario, UEBERS_ZIEL[:5]).node_id == "paula_rahmen"
    # On Monday the same words work only with the facts of Saturday.
    monday_with = play_path(scenario, KNAPP[:5])
    assert monday_with.node_id == "montag"
    assert available(scenario, monday_with)["rahmen_erbitten_montag"]
    monday_without = play_path(scenario, [*GESCHAETZT, "nachrueckerliste"])
    shown = available(scenario, monday_without)
    assert "rahmen_erbitten_montag" not in shown and shown["rahmen_ohne_zahlen"]
    after = play.choose(scenario, monday_without, "rahmen_ohne_zahlen").state
    assert "rahmen_erteilt" not in after.flags
    assert after.meters.befugnis == monday_without.meters.befugnis


def test_authority_grows_only_through_a_grant_and_misuse_costs_it(scenario: Scenario) -> None:
    choices = {choice.id: choice for node in scenario.nodes for choice in node.choices}
    raising = {cid for cid, choice in choices.items() if choice.effects.befugnis > 0}
    assert raising == GRANTS
    assert all(choices[cid].effects.befugnis < 0 for cid in MISUSE)
    assert all(choices[cid].effects.befugnis <= 0 for cid in SCRIPT)


def test_rule_bending_and_data_leaks_never_reach_the_best_ending(scenario: Scenario) -> None:
    graph = explore(scenario)
    assert not graph.truncated
    best = {ending.id for ending in scenario.endings if ending.rating is Rating.GELUNGEN}
    reached = 0
    for state, moves in zip(graph.states, graph.transitions, strict=True):
        for move in moves:
            if move.ending_id in best:
                reached += 1
                assert not state.flags & TAINT, (state.node_id, sorted(state.flags))
    assert reached


def test_the_room_shows_again_in_the_next_cases(scenario: Scenario) -> None:
    # Without room, Emre's case and the neighbour's show the same locked offer as Saturday.
    no_room = play_path(scenario, GESTANDEN[:5])
    assert no_room.node_id == "emre_fall"
    assert available(scenario, no_room) == {
        "selbst_uebernehmen": False,
        "emre_zu_paula": True,
        "trick_zeigen": True,
    }
    neighbour = play_path(scenario, GESTANDEN[:7])
    assert available(scenario, neighbour) == {
        "rahmen_und_paula": False,
        "paula_holen_nachbarin": True,
        "hotline_nachbarin": True,
    }
    with_room = play_path(scenario, SAMSTAG_RAHMEN[:10])
    assert available(scenario, with_room) == {
        "rahmen_und_paula": True,
        "alles_selbst": True,
        "nur_hundert": True,
    }


def test_returning_scenes_say_what_changed(scenario: Scenario) -> None:
    def text(path: list[str]) -> str:
        state = play_path(scenario, path)
        return play.node_text(play.current_node(scenario, state), state)

    assert "Das Feld ist weiß" in text(SAMSTAG_RAHMEN[:5])
    assert "grau" in text(SAMSTAG_RAHMEN[:2]) and "weiß" not in text(SAMSTAG_RAHMEN[:2])
    assert "„Und, was sagt die Chefin?“" in text([*SAMSTAG_RAHMEN[:3], "paula_fragen"])
    assert "Seit jenem Samstag" in text(SAMSTAG_RAHMEN[:9])
    assert "am Montag danach" in text(MONTAG_RAHMEN[:8])
    assert "so grau wie vor zwei Wochen" in text(GESTANDEN[:6])
    assert "Ich bin nicht meinetwegen hier" in text(ZU_SPAET[:6])
    assert "Zettel mit Frau Demirs Adresse" in text(PANNE_GEBEICHTET[:7])
    assert "storniert" in text(GELOGEN[:6])


def test_no_surface_player_reaches_the_best_ending(scenario: Scenario) -> None:
    for policy in POLICIES:
        result = surface_play(scenario, policy)
        assert result.rating is not None and result.rating is not Rating.GELUNGEN, policy
