"""Warnings about content that is valid but cannot work as written, with exact positions."""

from __future__ import annotations

import pytest

from tests.conftest import CheckText, formatted
from tests.engine.test_diagnostics import LEARNING_GOALS, broken

NACHFRAGEN_EFFECTS = "        effects: {vertrauen: +5, motivation: +5}\n"
CUT = (
    "warning: Hier beginnt ein Kommentar: der Rest der Zeile fehlt im Text. "
    "Setze den Text in Anführungszeichen."
)


def test_hidden_without_condition(check_text: CheckText, mini_text: str) -> None:
    result = check_text(broken(mini_text, NACHFRAGEN_EFFECTS, "        hidden: true\n" + NACHFRAGEN_EFFECTS))
    assert formatted(result) == [
        "probe.yaml:40:9: warning: „hidden“ wirkt nur zusammen mit „condition“: ohne Bedingung"
        " ist die Auswahl immer sichtbar und wählbar"
    ]
    assert result.scenario is not None


def test_hidden_false_without_condition_is_fine(check_text: CheckText, mini_text: str) -> None:
    text = broken(mini_text, NACHFRAGEN_EFFECTS, "        hidden: false\n" + NACHFRAGEN_EFFECTS)
    assert formatted(check_text(text)) == []


def test_locked_reason_without_condition(check_text: CheckText, mini_text: str) -> None:
    text = broken(
        mini_text, NACHFRAGEN_EFFECTS, '        locked_reason: "Geht nicht."\n' + NACHFRAGEN_EFFECTS
    )
    assert formatted(check_text(text)) == [
        "probe.yaml:40:9: warning: „locked_reason“ wirkt nur zusammen mit „condition“: ohne"
        " Bedingung ist die Auswahl nie gesperrt"
    ]


def test_settings_without_condition_are_found_while_other_parts_are_broken(
    check_text: CheckText, mini_text: str
) -> None:
    text = broken(mini_text, NACHFRAGEN_EFFECTS, "        hidden: true\n" + NACHFRAGEN_EFFECTS)
    text = broken(text, "rating: gemischt", "rating: mittel")
    lines = formatted(check_text(text))
    assert [line.split(": ")[0] for line in lines] == ["probe.yaml:40:9", "probe.yaml:89:13"]


@pytest.mark.parametrize(
    ("condition", "position", "comparison", "outcome"),
    [
        ("befugnis >= 500", "31:21", "befugnis >= 500", "nie"),
        ("vertrauen < 0 oder befugnis >= 50", "31:21", "vertrauen < 0", "nie"),
        ("befugnis >= 50 und motivation <= 100", "31:40", "motivation <= 100", "immer"),
        ("nicht (befugnis>=0)", "31:28", "befugnis >= 0", "immer"),
    ],
)
def test_comparison_decided_by_the_meter_range(
    check_text: CheckText, mini_text: str, condition: str, position: str, comparison: str, outcome: str
) -> None:
    result = check_text(broken(mini_text, '"befugnis >= 50"', f'"{condition}"'))
    assert (
        f"probe.yaml:{position}: warning: Bedingung: „{comparison}“ ist {outcome} wahr: Messwerte liegen immer zwischen 0 und 100"
        in formatted(result)
    )


def test_comparison_in_a_plain_condition_points_into_the_line(check_text: CheckText, mini_text: str) -> None:
    result = check_text(
        broken(mini_text, 'condition: "befugnis >= 50"', "condition: befugnis >= 50 und vertrauen < 0")
    )
    assert "probe.yaml:31:39: warning: Bedingung: „vertrauen < 0“ ist nie wahr" in "\n".join(
        formatted(result)
    )


def with_learning_goals(mini_text: str, count: int, *, flow: bool = True) -> str:
    goals = [f'"Du lernst Nummer {number}."' for number in range(1, count + 1)]
    if flow:
        listed = "learning_goals: [" + ", ".join(goals) + "]\n"
    else:
        listed = "learning_goals:\n" + "".join(f"  - {goal}\n" for goal in goals)
    return broken(mini_text, LEARNING_GOALS, listed)


def test_more_than_four_learning_goals(check_text: CheckText, mini_text: str) -> None:
    assert formatted(check_text(with_learning_goals(mini_text, 5, flow=False))) == [
        "probe.yaml:10:1: warning: 5 Lernziele sind zu viele: empfohlen sind 2 bis 4"
    ]


@pytest.mark.parametrize("flow", [True, False], ids=["flow", "block"])
def test_fewer_than_two_learning_goals(check_text: CheckText, mini_text: str, flow: bool) -> None:
    result = check_text(with_learning_goals(mini_text, 1, flow=flow))
    assert formatted(result) == ["probe.yaml:10:1: warning: Nur 1 Lernziel: empfohlen sind 2 bis 4"]
    assert result.scenario is not None


@pytest.mark.parametrize("count", [2, 3, 4])
def test_two_to_four_learning_goals_are_fine(check_text: CheckText, mini_text: str, count: int) -> None:
    assert formatted(check_text(with_learning_goals(mini_text, count))) == []


@pytest.mark.parametrize(
    ("old", "new", "position"),
    [
        ('text: "Die Filialleiterin ist gerade da. Sie hört kurz zu."', "text: Fall #1 klären", "53:16"),
        ('title: "Die Reklamation"', "title: Die Reklamation #2", "3:24"),
        ('feedback: "„Danke, das ging ja schnell.“"', "feedback: Danke   #schnell", "76:27"),
        (
            LEARNING_GOALS,
            'learning_goals:\n  - Du erkennst #1, wann\n  - "Du holst dir die Befugnis."\n',
            "11:17",
        ),
        ("date: 2024-07-26", "date: 2024-07-26\n    quote: Seite #3", "10:18"),
    ],
    ids=["text", "title", "feedback", "learning-goal", "quote"],
)
def test_comment_cutting_off_an_unquoted_text(
    check_text: CheckText, mini_text: str, old: str, new: str, position: str
) -> None:
    assert formatted(check_text(broken(mini_text, old, new))) == [f"probe.yaml:{position}: {CUT}"]


def test_comment_after_a_multi_line_plain_text_points_at_its_last_line(
    check_text: CheckText, mini_text: str
) -> None:
    old = '    text: "Frau Demir wartet noch."\n'
    text = broken(mini_text, old, "    text: Frau Demir\n      wartet #noch\n")
    assert formatted(check_text(text)) == [f"probe.yaml:71:14: {CUT}"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # Quoted text keeps its "#", and a comment after the closing quote is intended.
        ('"Die Reklamation"', '"Die Reklamation #2"  # Arbeitstitel'),
        # Inside a block scalar "#" is text.
        ('    text: "Frau Demir wartet noch."', "    text: |\n      Frau Demir wartet. #noch"),
        # Comment lines of their own, and comments after ids or targets, cut nothing.
        ('    text: "Frau Demir wartet noch."', "    text: Frau Demir wartet noch.\n    # Notiz"),
        ("next: theke_zwei", "next: theke_zwei  # weiter"),
        ("  - id: leitung", "  - id: leitung # Station 2"),
    ],
    ids=["quoted", "block", "comment-line", "next", "id"],
)
def test_comments_that_cut_no_text_are_fine(
    check_text: CheckText, mini_text: str, old: str, new: str
) -> None:
    assert formatted(check_text(broken(mini_text, old, new))) == []
