"""Path tests for „Die Druckerpatrone“: every ending is reached by a concrete path with exact
final meters, and the locks teach what they should (leeway has to be asked for before the fair
offers open; speaking up needs strength or an ally; a pilot needs a case that carries it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kundenspiel.engine import Scenario, load_scenario, play
from tests.scenarios.paths import assert_path_ends, available, play_path

SCENARIO_FILE = Path(__file__).resolve().parents[2] / "scenarios" / "druckerpatrone.yaml"

# Start: Motivation 55, Vertrauen 35, Befugnis 30.
STAMMKUNDIN = [
    "sachlich_direkt",  # M 58, V 41, B 26
    "historie_nachsehen",  # M 60, V 49, B 24
    "kessler_fragen",  # V 46
    "spielraum_begruenden",  # M 65, V 44, B 49
    "express_erlassen",  # M 69, V 54 (braucht Befugnis >= 40)
    "plus_monatlich_kuendbar",  # M 73, V 66 (braucht Befugnis >= 40)
    "ehrlich_zusagen",  # M 75, V 72
    "gemeinsam_ansprechen",  # M 81, B 47, Merker nadine_im_boot
    "pilot_vorschlagen",  # M 89, B 57 (braucht Befugnis >= 40 und Vertrauen >= 55)
]
# Ehrlich von Anfang bis Ende, aber ohne den Spielraum einzufordern: kein Pilot möglich.
ALLES_BEIM_ALTEN = [
    "kurz_und_weiter",  # M 53, V 37, B 32
    "historie_nachsehen",  # M 55, V 45, B 30
    "express_ehrlich",  # M 57, V 50
    "abraten",  # M 60, V 58, B 26
    "ehrlich_zusagen",  # M 62, V 64
    "autosuggestion",  # M 63
    "bedenken_aeussern",  # M 66, B 23 (Motivation >= 45)
]
# Jede Kennzahl bedient: Befugnis steigt, Vertrauen und Motivation stürzen ab.
AUSGEBRANNT = [
    "skript_begruessung",  # M 49, V 30, B 35
    "vorteilsset",  # M 47, V 27, B 38
    "plus_koppeln",  # M 42, V 17, B 44
    "wort_geben",  # M 40, V 20
    "paketdienst_schuld",  # M 37, V 10
    "durchhalten",  # M 32, B 46
    "quote_zusagen",  # M 22, B 51
]
AUFGELEGT = [
    "sachlich_direkt",  # M 58, V 41, B 26
    "konfigurator_link",  # M 55, V 33, B 30
    "auf_link_bestehen",  # M 50, V 18, B 33
]


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(SCENARIO_FILE)


@pytest.mark.parametrize(
    ("path", "ending", "meters"),
    [
        (STAMMKUNDIN, "ende_stammkundin", {"motivation": 89, "vertrauen": 72, "befugnis": 57}),
        (
            ALLES_BEIM_ALTEN,
            "ende_alles_beim_alten",
            {"motivation": 66, "vertrauen": 64, "befugnis": 23},
        ),
        (AUSGEBRANNT, "ende_ausgebrannt", {"motivation": 22, "vertrauen": 10, "befugnis": 51}),
        (AUFGELEGT, "ende_aufgelegt", {"motivation": 50, "vertrauen": 18, "befugnis": 33}),
    ],
    ids=["gelungen", "gemischt", "gescheitert_ausgebrannt", "gescheitert_aufgelegt"],
)
def test_path_reaches_ending_with_exact_meters(
    scenario: Scenario, path: list[str], ending: str, meters: dict[str, int]
) -> None:
    assert_path_ends(scenario, path, ending, meters)


def test_endings_are_rated_success_mixed_and_failure(scenario: Scenario) -> None:
    ratings = {ending.id: ending.rating.value for ending in scenario.endings}
    assert ratings == {
        "ende_stammkundin": "gelungen",
        "ende_alles_beim_alten": "gemischt",
        "ende_ausgebrannt": "gescheitert",
        "ende_aufgelegt": "gescheitert",
    }


def test_free_express_is_locked_until_the_player_asks_for_leeway(scenario: Scenario) -> None:
    before = play_path(scenario, ["sachlich_direkt", "historie_nachsehen"])
    assert before.node_id == "lieferung"
    assert before.meters.befugnis == 24
    offered = {option.choice.id: option for option in play.options(scenario, before)}
    assert not offered["express_erlassen"].available
    assert offered["express_erlassen"].reason is not None
    assert "Teamleitung" in offered["express_erlassen"].reason
    assert offered["kessler_fragen"].available
    with pytest.raises(play.PlayError):
        play.choose(scenario, before, "express_erlassen")

    # Wer nur nachgibt, bekommt keinen Spielraum: der Gratis-Express bleibt zu.
    gave_in = play_path(
        scenario, ["sachlich_direkt", "historie_nachsehen", "kessler_fragen", "leitfaden_akzeptieren"]
    )
    assert gave_in.node_id == "lieferung"
    assert available(scenario, gave_in) == {
        "plus_koppeln": True,
        "express_ehrlich": True,
        "express_erlassen": False,
    }

    # Wer den Spielraum begründet, bekommt ihn; Kessler ein zweites Mal fragen geht nicht.
    after = play_path(scenario, STAMMKUNDIN[:4])
    assert after.node_id == "lieferung"
    assert after.meters.befugnis == 49
    assert available(scenario, after) == {
        "plus_koppeln": True,
        "express_ehrlich": True,
        "express_erlassen": True,
    }


def test_the_open_exit_needs_leeway_too(scenario: Scenario) -> None:
    without = play_path(scenario, ALLES_BEIM_ALTEN[:3])
    assert without.node_id == "abo_frage"
    assert available(scenario, without) == {
        "plus_mit_laufzeit": True,
        "plus_monatlich_kuendbar": False,
        "abraten": True,
    }
    with_leeway = play_path(scenario, STAMMKUNDIN[:5])
    assert with_leeway.node_id == "abo_frage"
    assert available(scenario, with_leeway)["plus_monatlich_kuendbar"]


def test_an_ally_lets_you_speak_up_when_your_own_strength_is_gone(scenario: Scenario) -> None:
    alone = play_path(scenario, AUSGEBRANNT[:6])
    assert alone.node_id == "teamrunde"
    assert alone.meters.motivation == 32
    assert available(scenario, alone) == {
        "pilot_vorschlagen": False,
        "bedenken_aeussern": False,
        "quote_zusagen": True,
    }
    together = play_path(scenario, [*AUSGEBRANNT[:5], "gemeinsam_ansprechen"])
    assert together.meters.motivation == 43
    assert "nadine_im_boot" in together.flags
    assert available(scenario, together) == {
        "pilot_vorschlagen": False,  # Vertrauen 10: kein Fall, der den Pilot trägt
        "bedenken_aeussern": True,
        "quote_zusagen": True,
    }
