"""The trainers' guide tells the truth about path tests and the schema comment."""

from __future__ import annotations

import re
from pathlib import Path

from kundenspiel.engine import check_file
from tests.conftest import MINI_SCENARIO, SCENARIO_DIR

GUIDE = (SCENARIO_DIR / "README.md").read_text(encoding="utf-8")


def yaml_block(marker: str) -> str:
    return GUIDE.split(marker, 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]


EXAMPLE = yaml_block("<!-- beispiel: vollständig -->")
PATH_TESTS = yaml_block("<!-- beispiel: pfadtests -->")
# One edit of the guide's path tests per documented failure.
VARIANTS = [
    ("[nachfragen, befugnis_erbitten, jetzt_erstatten]", "[nachfragen, befugnis_erbiten, jetzt_erstatten]"),
    ("[nachfragen, befugnis_erbitten, jetzt_erstatten]", "[sofort_erstatten]"),
    ("[abwimmeln]", "[abwimmeln, nachfragen]"),
    ("[sofort_weiterleiten, weitergeben, termin_zusagen]", "[sofort_weiterleiten, weitergeben, vertroesten]"),
    ("[nachfragen, befugnis_erbitten, jetzt_erstatten]", "[nachfragen, befugnis_erbitten, vertroesten]"),
    ("vertrauen: {min: 60}", "vertrauen: {min: 70}"),
    ("ending: ende_erstattet", "ending: ende_erstatet"),
    ("befugnis: {min: 50, max: 70}", "befugnis: {min: 70, max: 50}"),
]


def diagnostics(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "doppelte_abbuchung.yaml"
    path.write_text(text, encoding="utf-8")
    return [d.format().split("/")[-1] for d in check_file(path).diagnostics]


def test_the_guides_path_tests_pass_with_its_example(tmp_path: Path) -> None:
    assert diagnostics(tmp_path, EXAMPLE + PATH_TESTS) == []


def test_every_documented_failure_is_what_the_checker_says(tmp_path: Path) -> None:
    section = GUIDE.split("## 10. Pfadtests", 1)[1].split("## 11.", 1)[0]
    documented = re.findall(r"`(doppelte_abbuchung\.yaml:\d+:\d+: error: [^`]+)`", section)
    assert len(documented) == 8
    produced: list[str] = []
    for old, new in VARIANTS:
        assert old in PATH_TESTS
        produced.extend(diagnostics(tmp_path, EXAMPLE + PATH_TESTS.replace(old, new, 1)))
    # A path that does not end also misses its meter bounds; the guide shows the first message.
    missing = [line for line in documented if line not in produced]
    assert missing == [line for line in documented if "der Weg endet nicht" in line]
    unfinished = PATH_TESTS.replace(
        "[nachfragen, befugnis_erbitten, jetzt_erstatten]", "[nachfragen, befugnis_erbitten]", 1
    )
    assert missing[0] in diagnostics(tmp_path, EXAMPLE + unfinished)


def test_the_schema_comment_is_an_ordinary_comment(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(
        "# yaml-language-server: $schema=kundenspiel.schema.json\n"
        + MINI_SCENARIO.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    assert check_file(path).diagnostics == []
    assert "# yaml-language-server: $schema=kundenspiel.schema.json" in GUIDE
