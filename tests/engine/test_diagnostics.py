"""Each kind of diagnostic, with its exact file:line:col, on broken copies of the mini scenario."""

from __future__ import annotations

import pytest

from tests.conftest import CheckText, formatted

# Lines 10–11 of the mini scenario: a flow list, so that more or fewer goals keep the lines below.
LEARNING_GOALS = (
    'learning_goals: ["Du erkennst, wann dir für eine faire Lösung die Befugnis fehlt.",\n'
    '  "Du holst dir die Befugnis, die du für die Kundin brauchst."]\n'
)


def broken(text: str, old: str, new: str, count: int = 1) -> str:
    assert text.count(old) >= count, f"fixture drifted: {old!r} not found"
    return text.replace(old, new, count)


def test_the_mini_scenario_is_clean(check_text: CheckText, mini_text: str) -> None:
    result = check_text(mini_text, "mini.yaml")
    assert result.diagnostics == []
    assert result.scenario is not None


def test_missing_title_and_unknown_key_with_suggestion(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, "title:", "titel:"))
    assert formatted(result) == [
        "probe.yaml:1:1: error: Pflichtangabe „title“ fehlt",
        "probe.yaml:3:1: error: unbekannter Schlüssel „titel“ – meintest du „title“?",
    ]
    assert result.scenario is None


def test_unknown_key_deep_in_a_choice(check_text: CheckText, mini_text: str) -> None:
    result = check_text(
        broken(mini_text, '        feedback: "Sie erzählt.', '        feedbak: "Sie erzählt.')
    )
    assert "probe.yaml:41:9: error: unbekannter Schlüssel „feedbak“ – meintest du „feedback“?" in formatted(
        result
    )


def test_meter_delta_that_is_text(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, "{vertrauen: +20}", "{vertrauen: zwanzig}"))
    assert formatted(result) == [
        "probe.yaml:33:30: error: hier wird eine ganze Zahl erwartet, gefunden: den Text „zwanzig“",
    ]


def test_unknown_meter_in_effects(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, "{vertrauen: +20}", "{vertraun: +20}"))
    assert formatted(result) == [
        "probe.yaml:33:19: error: unbekannter Schlüssel „vertraun“ – meintest du „vertrauen“?",
    ]


def test_start_value_out_of_range(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, "    befugnis: 20", "    befugnis: 120"))
    assert formatted(result) == [
        "probe.yaml:22:15: error: Wert 120 ist nicht erlaubt: er muss höchstens 100 sein",
    ]


def test_bad_rating_stays_text_under_yaml_1_2(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, "rating: gemischt", "rating: NO"))
    assert formatted(result) == [
        "probe.yaml:88:13: error: „NO“ ist nicht erlaubt; möglich: gelungen, gemischt, gescheitert",
    ]


def test_invalid_id(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, "  - id: leitung", "  - id: Leitung Süd"))
    assert any(
        line.startswith("probe.yaml:52:9: error: „Leitung Süd“ ist keine gültige id")
        for line in formatted(result)
    )


def test_unknown_next_with_suggestion(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, "next: leitung", "next: leitun"))
    assert formatted(result)[0] == (
        "probe.yaml:44:15: error: Ziel „leitun“ gibt es nicht (weder Station noch Ende)"
        " – meintest du „leitung“?"
    )


def test_unknown_start_node(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, "  node: theke", "  node: tekhe"))
    assert formatted(result) == [
        "probe.yaml:18:9: error: Start-Station „tekhe“ gibt es nicht – meintest du „theke“?"
    ]


def test_duplicate_node_id(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, "  - id: theke_zwei", "  - id: leitung"))
    assert "probe.yaml:69:9: error: id „leitung“ gibt es schon (Zeile 52)" in formatted(result)


def test_duplicate_choice_id(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, "      - id: vertroesten", "      - id: nachfragen"))
    assert formatted(result) == [
        "probe.yaml:45:13: error: Auswahl-id „nachfragen“ gibt es in „theke“ schon (Zeile 38)"
    ]


def test_duplicate_key(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, "version: 1\n", "version: 1\nversion: 2\n"))
    assert formatted(result) == ["probe.yaml:3:1: error: Schlüssel „version“ doppelt (zuerst in Zeile 2)"]


def test_unknown_flag_in_condition_points_into_the_string(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, "befugnis >= 50 und rueckruf", "befugnis >= 50 und ruckruf"))
    assert formatted(result) == [
        "probe.yaml:74:40: error: Bedingung: Merker „ruckruf“ ist nicht unter „flags“ angelegt"
        " – meintest du „rueckruf“?"
    ]


def test_unknown_meter_in_condition(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, '"befugnis >= 50"', '"befugniss >= 50"'))
    assert formatted(result) == [
        "probe.yaml:31:21: error: Bedingung: unbekannter Messwert „befugniss“"
        " (möglich: motivation, vertrauen, befugnis)"
    ]


def test_condition_syntax_error_in_plain_scalar(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, 'condition: "befugnis >= 50"', "condition: befugnis >= oft"))
    assert formatted(result) == [
        "probe.yaml:31:32: error: Bedingung: nach „>=“ wird eine ganze Zahl erwartet"
    ]


def test_unknown_visited_node(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, '"befugnis >= 50"', '"besucht(thke)"'))
    assert formatted(result) == [
        "probe.yaml:31:29: error: Bedingung: Station „thke“ gibt es nicht – meintest du „theke“?"
    ]


def test_visited_ending_can_never_be_true(check_text: CheckText, mini_text: str) -> None:
    result = check_text(
        broken(mini_text, "befugnis >= 50 und rueckruf", "befugnis >= 50 und besucht(ende_gut)")
    )
    assert formatted(result) == [
        "probe.yaml:74:48: error: Bedingung: „ende_gut“ ist ein Ende, keine Station:"
        " besucht(ende_gut) ist nie wahr"
    ]
    assert result.scenario is None


def test_visited_ending_is_recognised_even_when_the_ending_is_broken(
    check_text: CheckText, mini_text: str
) -> None:
    text = broken(mini_text, "befugnis >= 50 und rueckruf", "befugnis >= 50 und besucht(ende_gut)")
    text = broken(text, "    rating: gelungen", "    rating: super")
    assert "probe.yaml:74:48: error: Bedingung: „ende_gut“ ist ein Ende, keine Station:" in "\n".join(
        formatted(check_text(text))
    )


def test_unknown_flag_in_effects(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, "set_flags: [rueckruf]", "set_flags: [rueckruf, anruf]"))
    assert formatted(result) == [
        "probe.yaml:58:31: error: Merker „anruf“ ist nicht unter „flags“ angelegt",
    ]


def test_unknown_competency(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, "competencies: [zuhoeren]", "competencies: [zuhören]"))
    lines = formatted(result)
    assert lines[0].startswith("probe.yaml:43:24: error: „zuhören“ ist keine gültige id")


def test_undeclared_competency(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, "competencies: [zuhoeren]", "competencies: [zuhoerer]"))
    assert formatted(result) == [
        "probe.yaml:43:24: error: Kompetenz „zuhoerer“ ist nicht unter „competencies“ angelegt"
        " – meintest du „zuhoeren“?"
    ]


def test_competency_listed_twice_is_reported_at_the_second_entry(
    check_text: CheckText, mini_text: str
) -> None:
    result = check_text(broken(mini_text, "competencies: [zuhoeren]", "competencies: [zuhoeren, zuhoeren]"))
    assert formatted(result) == [
        "probe.yaml:43:34: error: Kompetenz „zuhoeren“ steht doppelt in der Liste – für mehr"
        " Gewicht schreibe „{zuhoeren: 2}“"
    ]


def test_all_scoring_weights_zero(check_text: CheckText, mini_text: str) -> None:
    weights = "scoring:\n  weights: {motivation: 0, vertrauen: 0, befugnis: 0}\nnodes:\n"
    result = check_text(broken(mini_text, "nodes:\n", weights))
    assert formatted(result) == ["probe.yaml:24:3: error: mindestens ein Gewicht muss größer als 0 sein"]


def test_some_scoring_weights_zero_are_fine(check_text: CheckText, mini_text: str) -> None:
    weights = "scoring:\n  weights: {motivation: 0, vertrauen: 0}\nnodes:\n"
    assert formatted(check_text(broken(mini_text, "nodes:\n", weights))) == []


@pytest.mark.parametrize(
    ("old", "expected"),
    [
        ('title: "Die Reklamation"', "probe.yaml:3:1: error: hier wird ein Text erwartet, gefunden: nichts"),
        ('    title: "Zufrieden"', "probe.yaml:82:5: error: hier wird ein Text erwartet, gefunden: nichts"),
        ("  node: theke", "probe.yaml:18:3: error: hier wird ein Text erwartet, gefunden: nichts"),
    ],
)
def test_empty_value_is_reported_at_its_key_not_the_next_line(
    check_text: CheckText, mini_text: str, old: str, expected: str
) -> None:
    key = old.split(":")[0] + ":"
    assert formatted(check_text(broken(mini_text, old, key)))[0] == expected + " (leerer Wert)"


def test_over_long_id_is_called_an_id(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, "  rueckruf: ", "  " + "r" * 65 + ": "))
    assert formatted(result)[0] == "probe.yaml:16:3: error: diese id ist zu lang (höchstens 64 Zeichen)"


def test_over_long_text_is_still_called_a_text(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, '"Zufrieden"', '"' + "z" * 501 + '"'))
    assert formatted(result) == ["probe.yaml:82:12: error: dieser Text ist zu lang (höchstens 500 Zeichen)"]


def test_one_entry_needed_is_said_in_the_singular(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, LEARNING_GOALS, "learning_goals: []\n"))
    assert formatted(result) == ["probe.yaml:10:1: error: hier ist mindestens ein Eintrag nötig"]


def test_every_problem_is_reported_not_just_the_first(check_text: CheckText, mini_text: str) -> None:
    text = broken(mini_text, "title:", "titel:")
    text = broken(text, "{vertrauen: +20}", "{vertrauen: zwanzig}")
    text = broken(text, "next: leitung", "next: leitun")
    text = broken(text, "rating: gemischt", "rating: mittel")
    result = check_text(text)
    positions = [line.split(": ")[0] for line in formatted(result)]
    assert positions == [
        "probe.yaml:1:1",
        "probe.yaml:3:1",
        "probe.yaml:33:30",
        "probe.yaml:44:15",
        "probe.yaml:88:13",
    ]


def test_missing_feedback_and_coaching_are_warnings(check_text: CheckText, mini_text: str) -> None:
    text = broken(mini_text, '        feedback: "Sie erzählt. Sie wirkt schon etwas ruhiger."\n', "")
    text = broken(text, '        coaching: "Echtes Zuhören ist selbst schon Kundenerlebnis."\n', "")
    result = check_text(text)
    assert formatted(result) == [
        "probe.yaml:38:13: warning: Auswahl „nachfragen“ hat kein „coaching“: in der Auswertung fehlt das Warum",
        "probe.yaml:38:13: warning: Auswahl „nachfragen“ hat kein „feedback“: die Spielerin sieht keine Reaktion",
    ]
    assert result.scenario is not None  # warnings alone leave the scenario playable


def test_id_not_matching_file_name_is_a_warning(check_text: CheckText, mini_text: str) -> None:
    result = check_text(mini_text, "anders.yaml")
    assert formatted(result) == ["anders.yaml:1:5: warning: id „mini“ passt nicht zum Dateinamen „anders“"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("- a\n- b\n", "probe.yaml:1:1: error: die Datei muss ein Szenario als Zuordnung enthalten"),
        ("", "probe.yaml:1:1: error: Datei ist leer"),
        ("id: a\n---\nid: b\n", "probe.yaml:2:1: error: mehr als ein YAML-Dokument"),
        ("id: a\ntitle: x: y\n", "probe.yaml:2:9: error: YAML-Syntaxfehler: hier ist kein „Schlüssel: Wert“"),
        ('id: a\ntitle: "offen\n', "probe.yaml:2:8: error: YAML-Syntaxfehler: Anführungszeichen wird nicht"),
        (
            "id: a\ntitle: @x\n",
            "probe.yaml:2:8: error: YAML-Syntaxfehler: das Zeichen „@“ darf hier nicht am",
        ),
        (
            "id: a\ntitle: x\t# y\n",
            "probe.yaml:2:9: error: YAML-Syntaxfehler: Tabulator: YAML erlaubt hier nur",
        ),
    ],
)
def test_yaml_level_problems(check_text: CheckText, content: str, expected: str) -> None:
    assert formatted(check_text(content))[0].startswith(expected)


UNCLOSED = "probe.yaml:{}: error: YAML-Syntaxfehler: Anführungszeichen wird nicht geschlossen"


@pytest.mark.parametrize(
    ("old", "new", "position"),
    [
        ('title: "Die Reklamation"', 'title: "Die Reklamation', "3:8"),
        ('title: "Die Reklamation"', "title: 'Die Reklamation", "3:8"),
        ('kurz zu."', "kurz zu.", "53:11"),
        ("{vertrauen: +20}\n        feedback:", '{vertrauen: "+20}\n        feedback:', "33:30"),
    ],
    ids=["double", "single", "nested", "flow"],
)
def test_unclosed_quote_in_the_middle_is_blamed_on_the_opening_quote(
    check_text: CheckText, mini_text: str, old: str, new: str, position: str
) -> None:
    # The string runs on to the next quote in the file; YAML used to complain lines later,
    # mostly about indentation ("Einrückung passt nicht zur Zeile davor").
    assert formatted(check_text(broken(mini_text, old, new))) == [UNCLOSED.format(position)]


def test_closed_multi_line_quote_keeps_yamls_own_message(check_text: CheckText) -> None:
    content = 'id: a\ntext: "Sie sagt\n  hinweis: bitte"\ntitle: x: y\n'
    assert formatted(check_text(content)) == [
        "probe.yaml:4:9: error: YAML-Syntaxfehler: hier ist kein „Schlüssel: Wert“ erlaubt – steht"
        " ein Doppelpunkt in einem Text, der in Anführungszeichen gehört?"
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "a: [1, 2\nb: 3\n",
            "probe.yaml:2:2: error: YAML-Syntaxfehler: in der Liste in „[ … ]“ fehlt ein Komma oder die schließende „]“",
        ),
        (
            "a: {x: 1 y: 2}\n",
            "probe.yaml:1:11: error: YAML-Syntaxfehler: in der Zuordnung in „{ … }“ fehlt ein Komma oder die schließende „}“",
        ),
        ("a: [1, ,]\n", "probe.yaml:1:8: error: YAML-Syntaxfehler: hier fehlt ein Wert"),
    ],
)
def test_flow_collection_problems_are_worded_in_german(
    check_text: CheckText, content: str, expected: str
) -> None:
    assert formatted(check_text(content)) == [expected]
