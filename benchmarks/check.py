"""Checker: 100 generated scenario files of 50 nodes each, checked completely in ≤ 2 s.

Each file is a layered scenario (10 layers × 5 nodes, three choices per node, conditions,
flags, feedback and coaching) from :mod:`benchmarks.explore`, varied per file, written as YAML
with path tests. "Checked" is everything ``kundenspiel check`` does: YAML with positions, schema,
references, content, the story over every reachable state, and the path tests. The baseline,
measured in the same run, is only the loader's YAML reading of the same texts
(:func:`yaml_source.parse_yaml`: one pass over libyaml's event stream that does the safety
checks and builds the tree with positions); the difference is what the checks themselves cost.
Prints the figures and, as the last line, the totals. Exit status 1 if a target is missed.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a plain script: make the package importable
    sys.path.insert(0, str(REPO))

from ruamel.yaml import YAML  # noqa: E402

from benchmarks.explore import generated_scenario_data  # noqa: E402
from kundenspiel.engine import check_bytes  # noqa: E402
from kundenspiel.engine.diagnostics import DiagnosticSink  # noqa: E402
from kundenspiel.engine.yaml_source import parse_yaml  # noqa: E402

FILES = 100
LAYERS = 10  # × 5 = 50 nodes
TARGET_SECONDS = 2.0
RUNS = 1  # one run each: parsing alone takes seconds


def scenario_texts() -> list[bytes]:
    """FILES different scenario files as bytes."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = None  # leaf mappings and lists in flow style, as trainers write them
    texts = []
    for number in range(FILES):
        data: dict[str, Any] = generated_scenario_data(LAYERS)
        data["id"] = f"generiert_{number}"
        data["start"]["meters"]["vertrauen"] = 30 + number % 40
        data["tests"] = [
            {"name": "Immer zuhören", "choices": ["zuhoeren"] * LAYERS},
            {"name": "Immer Tempo", "choices": ["tempo"] * LAYERS, "meters": {"vertrauen": {"max": 100}}},
        ]
        buffer = io.StringIO()
        yaml.dump(data, buffer)
        texts.append(buffer.getvalue().encode())
    return texts


def check_all(texts: list[bytes]) -> int:
    """Check every text; return the number of errors found (expected: none)."""
    errors = 0
    for number, text in enumerate(texts):
        result = check_bytes(text, f"generiert_{number}.yaml", expected_id=f"generiert_{number}")
        errors += len(result.errors)
    return errors


def parse_all(texts: list[bytes]) -> None:
    """The baseline: only the loader's first step, reading the YAML."""
    for number, text in enumerate(texts):
        parse_yaml(text, DiagnosticSink(f"generiert_{number}.yaml"))


def median_seconds(function: Any, texts: list[bytes]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(RUNS):
        began = time.perf_counter()
        result = function(texts)
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def main() -> int:
    """Measure and print the figures."""
    texts = scenario_texts()
    size = sum(len(text) for text in texts) / len(texts)
    check_seconds, errors = median_seconds(check_all, texts)
    parse_seconds, _ = median_seconds(parse_all, texts)
    print(f"{FILES} files, {LAYERS * 5} nodes each, about {size / 1024:.0f} KiB each; errors found: {errors}")
    print(f"check: {check_seconds:.2f} s in total, {check_seconds / FILES * 1000:.1f} ms per file")
    print(f"baseline, reading the YAML only: {parse_seconds:.2f} s")
    rest = check_seconds - parse_seconds
    print(f"the checks after reading (schema, references, story, path tests): {rest:.2f} s")
    ratio = check_seconds / parse_seconds
    print(
        f"check {check_seconds:.2f} s for {FILES} files (target ≤ {TARGET_SECONDS} s); "
        f"check/YAML-reading {ratio:.2f}x; checks after reading {rest:.2f} s"
    )
    return 0 if check_seconds <= TARGET_SECONDS and errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
