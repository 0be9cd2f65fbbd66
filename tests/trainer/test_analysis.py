"""The path explorer against answers computed by hand on small scenarios."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kundenspiel.cli import main
from kundenspiel.engine import Scenario, load_scenario
from kundenspiel.engine.analysis import ChoiceRef, Domination, MeterRange, analyse
from kundenspiel.engine.explore import explore
from tests.conftest import MINI_SCENARIO
from tests.trainer.helpers import build, choice, node


def test_mini_by_hand(mini: Scenario) -> None:
    result = analyse(mini)
    assert (result.states, result.transitions, result.cyclic, result.truncated) == (3, 5, False, False)
    found = {e.ending_id: (e.paths, e.min_score, e.max_score, e.shortest) for e in result.endings}
    # ende_gut: M 75, V 65, B 60 → mean 66.67 → 0.6 · 66.67 + 0.4 · 100 = 80
    # ende_gemischt: M 55, V 50, B 20 → mean 41.67 → 25 + 20 = 45
    # ende_schlecht: M 55, V 15, B 20 → mean 30 → 18
    assert found == {
        "ende_gut": (
            1,
            80,
            80,
            (("theke", "nachfragen"), ("leitung", "befugnis_erbitten"), ("theke_zwei", "jetzt_umtauschen")),
        ),
        "ende_gemischt": (1, 45, 45, (("theke", "nachfragen"), ("leitung", "abgeben"))),
        "ende_schlecht": (1, 18, 18, (("theke", "vertroesten"),)),
    }
    assert result.total_paths == 3
    assert result.never_available == [ChoiceRef("theke", "umtauschen")]
    # nachfragen: +5/+5/0 and scores 45–80; vertroesten: −5/−25/0 and 18.
    assert result.dominated == [Domination("theke", "vertroesten", "nachfragen")]
    leitung = next(n for n in result.nodes if n.node_id == "leitung")
    assert leitung.meters == {
        "motivation": MeterRange(65, 65),
        "vertrauen": MeterRange(45, 45),
        "befugnis": MeterRange(20, 20),
    }


def diamond() -> Scenario:
    """Two ways into b that end in the same state, then three choices, two of them into c."""
    return build(
        [
            node("a", choice("x", "b"), choice("y", "b")),
            node(
                "b",
                choice("p", "c", effects={"vertrauen": 10}),
                choice("q", "c", effects={"vertrauen": -10}),
                choice("r", "e1"),
            ),
            node("c", choice("s", "e1"), choice("t", "e2", condition="vertrauen > 50")),
        ],
        {"e1": "gelungen", "e2": "gescheitert"},
    )


def test_paths_are_counted_per_choice_not_per_state() -> None:
    result = analyse(diamond())
    # States: a, b (x and y meet), c@V60, c@V40.
    assert result.states == 4
    paths = {e.ending_id: e.paths for e in result.endings}
    # e1: 2 ways to b × (r, or p/q then s) = 2 × 3 = 6; e2: only after p (V 60): 2 × 1 = 2.
    assert paths == {"e1": 6, "e2": 2}
    assert result.total_paths == 8
    c = next(n for n in result.nodes if n.node_id == "c")
    assert (c.states, c.meters["vertrauen"]) == (2, MeterRange(40, 60))
    assert result.never_available == []
    shortest = {e.ending_id: len(e.shortest) for e in result.endings}
    assert shortest == {"e1": 2, "e2": 3}


def test_identical_choices_do_not_dominate_each_other() -> None:
    # x and y lead to the same state: equal, so neither is listed. At b (M 50, V 50, B 50):
    # r: changes 0/0/0, score 70; q: 0/−10/0, then only s: score 68 → r dominates q.
    # p: 0/+10/0 but scores 32–72 (t fails at c) → neither p nor r dominates the other.
    # At c, t is available only at V 60, where s scores 72 and t 32.
    assert analyse(diamond()).dominated == [Domination("b", "q", "r"), Domination("c", "t", "s")]


def test_domination_needs_every_way_there() -> None:
    # At b, "gut" beats "schlecht" when V is low but loses when V is high (clamping at 100).
    scenario = build(
        [
            node("a", choice("hoch", "b", effects={"vertrauen": 50}), choice("tief", "b")),
            node(
                "b",
                choice("gut", "e1", effects={"vertrauen": 30, "motivation": -1}),
                choice("schlecht", "e1", effects={"vertrauen": 10}),
            ),
        ],
        {"e1": "gemischt"},
    )
    result = analyse(scenario)
    # At b from V 100: gut −1/0/0, score 60; schlecht 0/0/0, score 60 → schlecht is ahead.
    # At b from V 50: gut −1/+30/0, score 56; schlecht 0/+10/0, score 52 → gut is ahead.
    # Neither holds on every way there. At a, hoch (V +50, score 60) beats tief (52–56).
    assert result.dominated == [Domination("a", "tief", "hoch")]


def test_loops_make_path_counts_infinite() -> None:
    scenario = build(
        [
            node("a", choice("los", "b"), choice("gleich_fertig", "e2")),
            node("b", choice("nochmal", "c"), choice("fertig", "e1")),
            node("c", choice("zurueck", "b")),
        ],
        {"e1": "gelungen", "e2": "gemischt"},
    )
    result = analyse(scenario)
    assert result.cyclic
    reports = {e.ending_id: (e.paths, e.acyclic_paths) for e in result.endings}
    # b and c form a loop: e1 has infinitely many paths and none that avoid the loop.
    assert reports == {"e1": (None, 0), "e2": (1, 1)}
    assert result.total_paths is None
    assert [len(e.shortest) for e in result.endings] == [2, 1]


def test_clamping_closes_a_loop_that_effects_would_keep_open() -> None:
    scenario = build(
        [node("a", choice("mehr", "a", effects={"vertrauen": 30}), choice("genug", "e1"))],
        {"e1": "gelungen"},
        meters=(50, 40, 50),
    )
    result = analyse(scenario)
    # V 40, 70, 100, then 100 again: a self-loop in the state graph.
    assert result.states == 3
    assert result.cyclic
    assert result.endings[0].paths is None
    assert result.endings[0].acyclic_paths == 2  # genug at V 40, or mehr then genug at V 70
    assert (result.endings[0].min_score, result.endings[0].max_score) == (68, 80)  # means 46.7 and 66.7


def test_visited_nodes_are_part_of_the_state() -> None:
    scenario = build(
        [
            node("a", choice("umweg", "b"), choice("direkt", "c")),
            node("b", choice("weiter", "c")),
            node("c", choice("kenner", "e1", condition="besucht(b)"), choice("neuling", "e2")),
        ],
        {"e1": "gelungen", "e2": "gescheitert"},
    )
    result = analyse(scenario)
    assert {e.ending_id: e.paths for e in result.endings} == {"e1": 1, "e2": 2}
    assert next(n for n in result.nodes if n.node_id == "c").states == 2


def test_unreached_parts_are_listed() -> None:
    scenario = build(
        [
            node("a", choice("weiter", "e1"), choice("nie", "b", condition="befugnis > 90")),
            node("b", choice("zu", "e2")),
        ],
        {"e1": "gelungen", "e2": "gescheitert"},
    )
    result = analyse(scenario)
    assert result.unreached_nodes == ["b"]
    assert result.unreached_endings == ["e2"]
    assert result.never_available == [ChoiceRef("a", "nie")]


def test_cli_tables_and_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["explore", str(MINI_SCENARIO)]) == 0
    out = capsys.readouterr().out
    for heading in (
        "Enden",
        "Kürzester Weg zu jedem Ende",
        "Messwerte beim Betreten",
        "Nie wählbare Auswahlen",
    ):
        assert heading in out
    assert "Wege zu einem Ende: 3" in out
    assert main(["explore", "--json", str(MINI_SCENARIO)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total_paths"] == 3
    assert data["dominated"] == [{"node": "theke", "choice": "vertroesten", "dominated_by": "nachfragen"}]
    assert data["endings"][2]["shortest_path"] == [{"node": "theke", "choice": "vertroesten"}]
    assert main(["explore", str(tmp_path / "fehlt.yaml")]) == 1
    assert "Datei nicht gefunden" in capsys.readouterr().err


def test_shipped_scenarios_reach_every_ending_without_loops() -> None:
    for path in sorted(Path("scenarios").glob("*.yaml")) or [MINI_SCENARIO]:
        result = analyse(load_scenario(path))
        assert not result.cyclic and not result.truncated and not result.unreached_endings, path


def test_explore_reports_where_a_capped_analysis_stopped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kundenspiel.engine import analysis

    wandering = build(
        [
            node(
                "a",
                choice("hoch", "a", effects={"vertrauen": 1}),
                choice("runter", "a", effects={"motivation": -1}),
                choice("ende", "gut"),
            )
        ],
        {"gut": "gelungen"},
    )
    capped = analyse(wandering, explore(wandering, max_work=2_000))
    assert capped.truncated and capped.stopped_at == "a"
    assert capped.to_json()["stopped_at"] == "a"
    assert not analyse(wandering, explore(wandering, max_work=10**9)).truncated
    # The command passes its cap on; with a small one the tables say where it stopped.
    path = tmp_path / "probe.yaml"
    path.write_text(json.dumps(wandering.model_dump(mode="json")), encoding="utf-8")
    monkeypatch.setattr(analysis, "ANALYSIS_MAX_WORK", 2_000)
    assert main(["explore", str(path)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "abgebrochen (zuletzt bei Station „a“), alle Zahlen sind unvollständig" in out
