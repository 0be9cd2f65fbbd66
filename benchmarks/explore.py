"""Explorer: a generated scenario with 200 nodes and branching 3 (more than 10^12 distinct
paths) analysed completely, against naive path enumeration measured in the same run.

The scenario has 40 layers of 5 nodes; every node offers three choices into the next layer,
two of which trade motivation against trust, one gated by a condition. The analysis
(:func:`kundenspiel.engine.analysis.analyse`: explore the deduplicated state space, count paths
by dynamic programming, score ranges, dominated choices, shortest paths) must finish in ≤ 2 s.
Naive enumeration (play every path with :mod:`play`) runs on a small case of the same shape, so
the ratio says how much deduplication saves; its time is extrapolated to the big case.
Prints the figures and, as the last line, the totals. Exit status 1 if a target is missed.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a plain script: make the package importable
    sys.path.insert(0, str(REPO))

from kundenspiel.engine import GameState, Scenario, play  # noqa: E402
from kundenspiel.engine.analysis import analyse  # noqa: E402

WIDTH = 5
BIG_LAYERS = 40  # 40 × 5 = 200 nodes
SMALL_LAYERS = 8  # 3^8 = 6561 paths at most: naive enumeration stays short
TARGET_SECONDS = 2.0
MIN_PATHS = 10**12
RUNS = 3


def generated_scenario_data(layers: int, width: int = WIDTH) -> dict[str, Any]:
    """A layered scenario with ``layers × width`` nodes and three choices per node, as YAML data."""

    def node_id(layer: int, column: int) -> str:
        return f"s{layer}_{column}"

    endings = ["ende_gut", "ende_mittel", "ende_schlecht"]
    nodes = []
    for layer in range(layers):
        for column in range(width):

            def target(shift: int, layer: int = layer, column: int = column) -> str:
                if layer == layers - 1:
                    return endings[(column + shift) % len(endings)]
                return node_id(layer + 1, (column + shift) % width)

            choices: list[dict[str, Any]] = [
                {
                    "id": "zuhoeren",
                    "text": "Zuhören.",
                    "effects": {"motivation": -5, "vertrauen": 5},
                    "feedback": "Gut.",
                    "coaching": "Zuhören hilft.",
                    "next": target(1),
                },
                {
                    "id": "tempo",
                    "text": "Tempo machen.",
                    "effects": {"motivation": 5, "vertrauen": -5},
                    "feedback": "Schnell.",
                    "coaching": "Tempo kostet Vertrauen.",
                    "next": target(2),
                },
                {
                    "id": "entscheiden",
                    "text": "Selbst entscheiden.",
                    "condition": "vertrauen >= 40 oder erfahren",
                    "effects": {"befugnis": 5 if layer % 8 == 0 else 0},
                    "set_flags": ["erfahren"] if column == 0 else [],
                    "feedback": "Entschieden.",
                    "coaching": "Befugnis macht handlungsfähig.",
                    "next": target(0),
                },
            ]
            nodes.append({"id": node_id(layer, column), "text": "Eine Situation.", "choices": choices})
    return {
        "id": f"generiert_{layers}",
        "version": 1,
        "title": "Generiert",
        "summary": "Ein erzeugtes Szenario.",
        "role": "Du spielst.",
        "sources": [{"article": "Messung", "author": "kundenspiel", "date": "ohne Datum"}],
        "learning_goals": ["Du misst.", "Du misst genau."],
        "flags": {"erfahren": "Erfahren"},
        "start": {"node": node_id(0, 0), "meters": {"motivation": 50, "vertrauen": 50, "befugnis": 30}},
        "nodes": nodes,
        "endings": [
            {"id": ending, "title": ending, "text": "Aus.", "rating": rating}
            for ending, rating in zip(endings, ("gelungen", "gemischt", "gescheitert"), strict=True)
        ],
    }


def generated_scenario(layers: int) -> Scenario:
    """The validated scenario of :func:`generated_scenario_data`."""
    return Scenario.model_validate(generated_scenario_data(layers))


def naive_paths(scenario: Scenario) -> int:
    """Count the paths by playing every one of them."""

    def walk(state: GameState) -> int:
        if state.ended:
            play.score(scenario, state)  # what a per-path report would need
            return 1
        return sum(
            walk(play.choose(scenario, state, option.choice.id).state)
            for option in play.options(scenario, state)
            if option.available
        )

    return walk(play.start(scenario))


def timed(function: Any, *arguments: Any, runs: int = RUNS) -> tuple[float, Any]:
    """Median seconds over ``runs`` and the last result."""
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = function(*arguments)
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def main() -> int:
    """Measure both and print the figures."""
    big = generated_scenario(BIG_LAYERS)
    small = generated_scenario(SMALL_LAYERS)
    big_seconds, big_result = timed(analyse, big)
    small_seconds, small_result = timed(analyse, small)
    naive_seconds, naive_count = timed(naive_paths, small, runs=1)
    if naive_count != small_result.total_paths:
        print(f"MISMATCH: naive {naive_count} paths, explorer {small_result.total_paths}")
        return 1
    paths = big_result.total_paths or 0
    per_path = naive_seconds / naive_count
    years = per_path * paths / (365 * 24 * 3600)
    ratio = naive_seconds / small_seconds
    print(f"big: {len(big.nodes)} nodes, branching 3, {big_result.states:,} states, {paths:.3e} paths")
    print(f"big: explored completely in {big_seconds:.2f} s (target ≤ {TARGET_SECONDS} s)")
    print(f"small: {len(small.nodes)} nodes, {naive_count:,} paths")
    print(f"small: explorer {small_seconds * 1000:.1f} ms, naive enumeration {naive_seconds:.2f} s")
    print(f"naive enumeration of the big case, extrapolated: {years:.1e} years")
    ok = big_seconds <= TARGET_SECONDS and paths >= MIN_PATHS and not big_result.truncated
    print(
        f"explore {big_seconds:.2f} s for {paths:.1e} paths (target ≤ {TARGET_SECONDS} s, ≥ 1e12 paths); "
        f"naive/explorer on the small case {ratio:.0f}x"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
