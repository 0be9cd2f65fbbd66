"""Checker: 100 generated scenario files of 50 nodes each, checked completely in ≤ 2 s.

Each file is a layered scenario (10 layers × 5 nodes, three choices per node, conditions,
flags, feedback and coaching) from :mod:`benchmarks.explore`, varied per file, written as YAML
with path tests. "Checked" is everything ``kundenspiel check`` does: YAML with positions, schema,
references, content, the story over every reachable state, and the path tests. The baseline,
measured in the same run, is only the loader's YAML reading of the same texts
(:func:`yaml_source.parse_yaml`: one pass over libyaml's event stream that does the safety
checks and builds the tree with positions); the difference is what the checks themselves cost.

Second, a state-space explosion (:func:`explosion_text`: 40 stations × 9 choices with long
conditions, about 250 KB, the shape that once took 58 s and 343 MB): checked in a fresh process
so its peak memory can be read, against the same process only reading the file. The story check
stops at its work budget and says so; the file must be checked in ≤ 2 s with bounded memory.
Prints the figures and, as the last line, the totals. Exit status 1 if a target is missed.
"""

from __future__ import annotations

import io
import json
import random
import statistics
import subprocess
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
EXPLOSION_TARGET_MB = 200  # peak resident memory of the whole checking process
RUNS = 1  # one run each: parsing alone takes seconds
EXPLOSION_STATIONS = 40


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


def explosion_data(stations: int = EXPLOSION_STATIONS, choices: int = 9, seed: int = 9) -> dict[str, Any]:
    """A scenario whose states explode: ``stations`` × ``choices`` with long conditions over
    every meter, eight flags and visited stations, effects on every meter and loops everywhere
    (the shape of the 233 KB file of issue 9 that took 14.3 s and 342 MB to check)."""
    rng = random.Random(seed)
    flags = [f"merker_{i}" for i in range(8)]
    meters = ("motivation", "vertrauen", "befugnis")
    endings = ["ende_gut", "ende_mittel", "ende_schlecht"]

    def atom() -> str:
        kind = rng.random()
        if kind < 0.5:
            return f"{rng.choice(meters)} {rng.choice(['>=', '<=', '>', '<', '!='])} {rng.randrange(5, 96)}"
        if kind < 0.8:
            return ("nicht " if rng.random() < 0.4 else "") + rng.choice(flags)
        return f"besucht(s{rng.randrange(stations)})"

    def condition() -> str:
        groups: list[str] = []
        while sum(len(g) + 6 for g in groups) < 300:
            groups.append("(" + " und ".join(atom() for _ in range(3)) + ")")
        return " oder ".join(groups)

    nodes: list[dict[str, Any]] = []
    for station in range(stations):
        options = []
        for number in range(choices):
            target = rng.choice(endings) if number == choices - 1 else f"s{rng.randrange(stations)}"
            option: dict[str, Any] = {
                "id": f"wahl_{number}",
                "text": f"Option {number} in Station {station}: " + "Du sprichst offen mit der Kundin.",
                "effects": {m: rng.randrange(-9, 10) for m in meters},
                "feedback": "Die Kundin reagiert auf deine Entscheidung.",
                "coaching": "Hier zeigt sich, wie Befugnis und Vertrauen zusammenhängen.",
                "next": target,
            }
            if number != choices - 1:
                option["condition"] = condition()
                option["locked_reason"] = "Dafür fehlt dir gerade der Spielraum."
            if rng.random() < 0.5:
                option["set_flags"] = [rng.choice(flags)]
            if rng.random() < 0.3:
                option["clear_flags"] = [rng.choice(flags)]
            options.append(option)
        nodes.append(
            {
                "id": f"s{station}",
                "text": f"Station {station}. " + "Eine schwierige Lage. " * 4,
                "choices": options,
            }
        )
    return {
        "id": "explosion",
        "version": 1,
        "title": "Explosion",
        "summary": "Ein erzeugtes Szenario mit sehr vielen Spielständen.",
        "role": "Du spielst.",
        "sources": [{"article": "Messung", "author": "kundenspiel", "date": "ohne Datum"}],
        "learning_goals": ["Du misst.", "Du misst genau."],
        "flags": {flag: f"Merker {flag}" for flag in flags},
        "start": {"node": "s0", "meters": {"motivation": 50, "vertrauen": 50, "befugnis": 50}},
        "nodes": nodes,
        "endings": [
            {"id": e, "title": e, "text": "Aus.", "rating": r}
            for e, r in zip(endings, ("gelungen", "gemischt", "gescheitert"), strict=True)
        ],
    }


def explosion_text(stations: int = EXPLOSION_STATIONS, choices: int = 9) -> bytes:
    """:func:`explosion_data` as a YAML file, the way a trainer would write it."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = None
    buffer = io.StringIO()
    yaml.dump(explosion_data(stations, choices), buffer)
    return buffer.getvalue().encode()


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


_EXPLOSION_PROBE = """
import json, resource, sys, time
sys.path.insert(0, {repo!r})
from benchmarks.check import explosion_text
from kundenspiel.engine import check_bytes
from kundenspiel.engine.diagnostics import DiagnosticSink
from kundenspiel.engine.yaml_source import parse_yaml
text = explosion_text()
began = time.perf_counter()
if {check}:
    result = check_bytes(text, "explosion.yaml", expected_id="explosion")
    notes = [d.format() for d in result.diagnostics]
else:
    parse_yaml(text, DiagnosticSink("explosion.yaml"))
    notes = []
seconds = time.perf_counter() - began
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "peak_mb": peak, "size": len(text), "notes": notes}}))
"""


def explosion_run(check: bool) -> dict[str, Any]:
    """Check (or only read) the explosion file in a fresh process: seconds, peak MB, diagnostics."""
    probe = _EXPLOSION_PROBE.format(repo=str(REPO), check=check)
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


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
    exploded = explosion_run(check=True)
    read_only = explosion_run(check=False)
    capped = any("Story-Prüfung nach" in note for note in exploded["notes"])
    print(
        f"explosion: {exploded['size'] / 1000:.0f} KB, {EXPLOSION_STATIONS} stations × 9 choices: "
        f"checked in {exploded['seconds']:.2f} s, peak {exploded['peak_mb']:.0f} MB "
        f"(reading only: {read_only['seconds']:.2f} s, {read_only['peak_mb']:.0f} MB); "
        f"story check capped with a warning: {'yes' if capped else 'NO'}"
    )
    for note in exploded["notes"]:
        print(f"  {note}")
    explosion_ok = (
        exploded["seconds"] <= TARGET_SECONDS and exploded["peak_mb"] <= EXPLOSION_TARGET_MB and capped
    )
    print(
        f"check {check_seconds:.2f} s for {FILES} files (target ≤ {TARGET_SECONDS} s), "
        f"check/YAML-reading {ratio:.2f}x; explosion {exploded['seconds']:.2f} s "
        f"(target ≤ {TARGET_SECONDS} s), {exploded['peak_mb']:.0f} MB (target ≤ {EXPLOSION_TARGET_MB} MB), "
        f"check/YAML-reading {exploded['seconds'] / read_only['seconds']:.1f}x"
    )
    return 0 if check_seconds <= TARGET_SECONDS and errors == 0 and explosion_ok else 1


if __name__ == "__main__":
    sys.exit(main())
