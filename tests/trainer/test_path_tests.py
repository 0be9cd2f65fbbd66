"""Path tests under ``tests:``: they pass and fail as they should, each failure at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kundenspiel.cli import main
from kundenspiel.engine import load_scenario
from kundenspiel.engine.fingerprint import content_fingerprint
from tests.conftest import CheckText, formatted, repository_scenarios

PASSING = """
tests:
  - name: "Befugnis geholt"
    choices: [nachfragen, befugnis_erbitten, jetzt_umtauschen]
    ending: ende_gut
    meters:
      vertrauen: {min: 65, max: 65}
      befugnis: {min: 60}
  - name: "Nur ein Stück"
    choices: [nachfragen]
    meters:
      motivation: {max: 65}
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing ``needle``."""
    hits = [number for number, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def test_passing_tests_report_nothing(mini_text: str, check_text: CheckText) -> None:
    result = check_text(mini_text + PASSING)
    assert formatted(result) == []
    assert result.scenario is not None and len(result.scenario.tests) == 2


@pytest.mark.parametrize(
    ("edit", "needle", "column", "message"),
    [
        (
            ("ending: ende_gut", "ending: ende_gemischt"),
            "ending: ende_gemischt",
            13,
            "Pfadtest „Befugnis geholt“: erwartet war Ende „ende_gemischt“, erreicht wurde „ende_gut“",
        ),
        (
            ("vertrauen: {min: 65, max: 65}", "vertrauen: {min: 70}"),
            "vertrauen: {min: 70}",
            7,
            "Pfadtest „Befugnis geholt“: Kundenvertrauen ist am Ende 65, erwartet: mindestens 70",
        ),
        (
            ("motivation: {max: 65}", "motivation: {max: 64}"),
            "motivation: {max: 64}",
            7,
            "Pfadtest „Nur ein Stück“: Mitarbeitermotivation ist am Ende 65, erwartet: höchstens 64",
        ),
        (
            (
                "[nachfragen, befugnis_erbitten, jetzt_umtauschen]",
                "[nachfragen, befugnis_erbiten, jetzt_umtauschen]",
            ),
            "befugnis_erbiten",
            27,
            "Pfadtest „Befugnis geholt“: Schritt 2: Auswahl „befugnis_erbiten“ gibt es in Station "
            "„leitung“ nicht – meintest du „befugnis_erbitten“? (möglich: befugnis_erbitten, abgeben)",
        ),
        (
            ("[nachfragen, befugnis_erbitten, jetzt_umtauschen]", "[umtauschen]"),
            "[umtauschen]",
            15,
            "Pfadtest „Befugnis geholt“: Schritt 1: „umtauschen“ ist in „theke“ gesperrt (Bedingung "
            "„befugnis >= 50“; Mitarbeitermotivation 60, Kundenvertrauen 40, Entscheidungsbefugnis 20)",
        ),
        (
            ("[nachfragen, befugnis_erbitten, jetzt_umtauschen]", "[vertroesten, nachfragen]"),
            "[vertroesten, nachfragen]",
            28,
            "Pfadtest „Befugnis geholt“: Schritt 2: der Durchlauf ist schon zu Ende („ende_schlecht“), "
            "„nachfragen“ kann nicht mehr gewählt werden",
        ),
        (
            ("    choices: [nachfragen]\n", "    choices: [nachfragen]\n    ending: ende_gemischt\n"),
            "ending: ende_gemischt",
            13,
            "Pfadtest „Nur ein Stück“: erwartet war Ende „ende_gemischt“, der Weg endet nicht, er steht "
            "in Station „leitung“",
        ),
        (
            ("ending: ende_gut", "ending: ende_gutt"),
            "ending: ende_gutt",
            13,
            "Pfadtest „Befugnis geholt“: Ende „ende_gutt“ gibt es nicht – meintest du „ende_gut“?",
        ),
        (
            ("ending: ende_gut", "ending: leitung"),
            "ending: leitung",
            13,
            "Pfadtest „Befugnis geholt“: Ende „leitung“ ist eine Station, kein Ende",
        ),
        (
            ("vertrauen: {min: 65, max: 65}", "vertrauen: {min: 70, max: 60}"),
            "vertrauen: {min: 70, max: 60}",
            7,
            "Pfadtest „Befugnis geholt“: bei „vertrauen“ „min“ (70) ist größer als „max“ (60)",
        ),
        (
            ("vertrauen: {min: 65, max: 65}", "vertrauen: {}"),
            "vertrauen: {}",
            7,
            "Pfadtest „Befugnis geholt“: bei „vertrauen“ fehlt „min“ oder „max“",
        ),
    ],
)
def test_failing_tests_are_reported_at_their_line(
    mini_text: str, check_text: CheckText, edit: tuple[str, str], needle: str, column: int, message: str
) -> None:
    text = mini_text + PASSING.replace(*edit)
    result = check_text(text)
    assert formatted(result) == [f"probe.yaml:{line_of(text, needle)}:{column}: error: {message}"]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ("    ending: ende_gut", "    ende: ende_gut"),
            "unbekannter Schlüssel „ende“ – meintest du „ending“?",
        ),
        (
            ("vertrauen: {min: 65, max: 65}", "vertrauen: {mindestens: 65}"),
            "unbekannter Schlüssel „mindestens“",
        ),
        (
            ("vertrauen: {min: 65, max: 65}", "vertrauen: 65"),
            "hier wird eine Zuordnung (Schlüssel: Wert) erwartet",
        ),
        (("vertrauen: {min: 65, max: 65}", "vertrauen: {min: 165}"), "Wert 165 ist nicht erlaubt"),
        (("    choices: [nachfragen]", "    choices: []"), "hier ist mindestens ein Eintrag nötig"),
    ],
)
def test_malformed_tests_are_schema_errors(
    mini_text: str, check_text: CheckText, edit: tuple[str, str], message: str
) -> None:
    lines = formatted(check_text(mini_text + PASSING.replace(*edit)))
    assert len(lines) == 1 and ": error: " in lines[0] and message in lines[0], lines


def test_check_command_fails_on_a_failing_test(
    mini_text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(
        mini_text + PASSING.replace("ending: ende_gut", "ending: ende_schlecht"), encoding="utf-8"
    )
    assert main(["check", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{path}:")
    assert ": error: Pfadtest „Befugnis geholt“: erwartet war Ende „ende_schlecht“" in lines[0]
    assert lines[-1] == "1 Datei geprüft: 1 Fehler, 0 Warnungen"


def test_every_shipped_scenario_tests_every_ending() -> None:
    for path in repository_scenarios():
        scenario = load_scenario(path)
        assert {test.ending for test in scenario.tests} == {e.id for e in scenario.endings}, path.name


def test_path_tests_do_not_change_fingerprints(mini_text: str, check_text: CheckText) -> None:
    plain = check_text(mini_text).scenario
    tested = check_text(mini_text + PASSING).scenario
    assert plain is not None and tested is not None
    # Computed before path tests existed: they must not change what older saves compare against.
    assert content_fingerprint(plain) == content_fingerprint(tested) == "35644d53f502fb36"
    assert plain.fingerprint() == tested.fingerprint()
    for path in repository_scenarios():
        scenario = load_scenario(path)
        assert scenario.tests, path.name
        untested = scenario.model_copy(update={"tests": []})
        assert untested.fingerprint() == scenario.fingerprint(), path.name


def test_a_failing_path_test_fails_the_check_but_the_scenario_still_plays(
    mini_text: str, check_text: CheckText
) -> None:
    result = check_text(mini_text + PASSING.replace("ending: ende_gut", "ending: ende_schlecht"))
    assert len(result.errors) == 1 and "Pfadtest" in result.errors[0].message
    assert result.scenario is not None


def _looping(mini_text: str, tests: str) -> str:
    text = mini_text.replace(
        "      - id: vertroesten",
        '      - id: bleiben\n        text: "Noch einen Moment bleiben."\n        feedback: "f"\n        coaching: "c"\n'
        "        next: theke\n      - id: vertroesten",
    )
    return text + "tests:\n" + tests


def test_an_overlong_path_test_is_refused_at_its_choices(check_text: CheckText, mini_text: str) -> None:
    steps = ",".join(["bleiben"] * 100_000)
    text = _looping(mini_text, f"  - name: lang\n    choices: [{steps}]\n")
    lines = formatted(check_text(text))
    line = text.count("\n")
    assert lines == [f"probe.yaml:{line}:5: error: hier sind höchstens 500 Einträge erlaubt"]


def test_path_tests_together_play_a_bounded_number_of_steps(check_text: CheckText, mini_text: str) -> None:
    steps = ", ".join(["bleiben"] * 400 + ["vertroesten"])
    tests = "".join(
        f"  - name: t{number}\n    ending: ende_schlecht\n    choices: [{steps}]\n" for number in range(40)
    )
    text = _looping(mini_text, tests)
    lines = formatted(check_text(text))
    line = text[: text.index("name: t24")].count("\n") + 1
    assert lines == [
        f"probe.yaml:{line}:11: warning: Pfadtests nach 9.624 Schritten beendet: 16 Tests ab hier "
        "nicht ausgeführt (alle zusammen spielen höchstens 10.000 Schritte)"
    ]
