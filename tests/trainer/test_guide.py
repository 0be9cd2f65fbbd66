"""The trainers' guide tells the truth: path tests, the schema comment, the quick start, and
only commands and options the command line has."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from kundenspiel.cli import build_parser, main
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


def section(number: int) -> str:
    return GUIDE.split(f"\n## {number}. ", 1)[1].split("\n## ", 1)[0]


def test_the_quick_start_needs_no_checkout() -> None:
    quick_start = section(2)
    assert "tests/data" not in quick_start
    assert "mini.yaml" not in quick_start
    assert "`kundenspiel new meine_id`" in quick_start
    assert "`kundenspiel check meine_id`" in quick_start


def test_the_quick_start_works_in_an_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What section 2 and 11 promise, run: new, check, the documented mistake, strict."""
    own = tmp_path / "noch_nicht_da"
    options = ["--scenarios", str(own)]
    assert main(["new", "meine_id", *options]) == 0
    created = own / "meine_id.yaml"
    assert str(created) in capsys.readouterr().out
    assert created.read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=kundenspiel.schema.json"
    )
    assert (own / "kundenspiel.schema.json").is_file()
    assert main(["check", "meine_id", *options]) == 0
    assert main(["check", "--strict", "meine_id", *options]) == 0
    capsys.readouterr()

    documented = re.search(r"…/(meine_id\.yaml:\d+:\d+: error: .+)", section(2))
    assert documented is not None
    text = created.read_text(encoding="utf-8")
    assert text.count('condition: "befugnis >= 50"') == 1
    created.write_text(text.replace('condition: "befugnis >= 50"', 'condition: "Befugnis >= 50"'), "utf-8")
    assert main(["check", "meine_id", *options]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert printed == [f"{own}/{documented[1]}", "1 Datei geprüft: 1 Fehler, 0 Warnungen"]


def code_in_guide() -> list[str]:
    """Every code block and inline code span of the guide."""
    blocks = re.findall(r"```[a-z]*\n(.*?)```", GUIDE, flags=re.DOTALL)
    prose = re.sub(r"```[a-z]*\n.*?```", "", GUIDE, flags=re.DOTALL)
    return blocks + re.findall(r"`([^`\n]+)`", prose)


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def takes_value(parser: argparse.ArgumentParser, option: str) -> bool:
    return parser._option_string_actions[option].nargs != 0


def command_problems(command_line: str, parser: argparse.ArgumentParser) -> tuple[list[str], list[str]]:
    """The subcommands a ``kundenspiel …`` line names, and what in it the parser does not know."""
    named: list[str] = []
    problems: list[str] = []
    words = re.split(r"[|>;]", command_line, maxsplit=1)[0].split()
    expect_value = False
    for word in words:
        if expect_value:
            expect_value = False
            continue
        if word.startswith("-"):
            option = word.split("=", 1)[0]
            if option not in parser._option_string_actions:
                problems.append(f"{' '.join(['kundenspiel', *named])}: {option}")
            else:
                expect_value = "=" not in word and takes_value(parser, option)
            continue
        children = subcommands(parser)
        if not children or not re.fullmatch(r"[a-z]+", word):
            break  # an argument (a file, an id, a placeholder such as BEFEHL)
        if word not in children:
            problems.append(f"kundenspiel {word}")
            break
        named.append(word)
        parser = children[word]
    return named, problems


def test_every_command_the_guide_names_exists() -> None:
    parser = build_parser()
    named: set[str] = set()
    problems: list[str] = []
    for code in code_in_guide():
        for match in re.finditer(r"(?:^|(?<=[\s/(]))kundenspiel(?=\s|$)", code, flags=re.MULTILINE):
            line = code[match.end() :].split("\n", 1)[0]
            commands, wrong = command_problems(line, parser)
            named.update(commands[:1])
            problems += wrong
    assert problems == []
    assert named >= {"new", "check", "play", "info", "guide", "schema", "graph", "explore", "completion"}


def every_option(parser: argparse.ArgumentParser) -> set[str]:
    options = set(parser._option_string_actions)
    for child in subcommands(parser).values():
        options |= every_option(child)
    return options


def test_every_option_the_guide_names_alone_exists() -> None:
    """Options in the text on their own (`--folder ORDNER`, `--json`) belong to some command."""
    known = every_option(build_parser())
    named = {
        word.split("=", 1)[0]
        for code in code_in_guide()
        if re.fullmatch(r"--?[a-z][a-z-]*", word := code.split(" ", 1)[0])
    }
    assert named >= {"--strict", "--folder", "--format", "--json", "--scenarios", "--saves"}
    assert named - known == set()


def test_a_made_up_command_or_option_would_be_caught() -> None:
    parser = build_parser()
    assert command_problems(" nue meine_id", parser) == ([], ["kundenspiel nue"])
    assert command_problems(" check --streng x", parser) == (["check"], ["kundenspiel check: --streng"])
    assert command_problems(" --scenarios ~/s check --strict x", parser) == (["check"], [])
    assert command_problems(" schema -o DATEI", parser) == (["schema"], [])
