"""Story-level checks: reachability, dead ends, loops without exit."""

from __future__ import annotations

from tests.conftest import CheckText, formatted

HEADER = """\
id: mini
version: 1
title: "Test"
summary: "Test"
role: "Du testest."
sources: [{article: "A", author: "B", date: "2024"}]
learning_goals: ["Testen", "Üben"]
start: {node: a, meters: {motivation: 50, vertrauen: 50, befugnis: 10}}
endings:
  - {id: gut, title: "Gut", text: "Gut.", rating: gelungen}
  - {id: schlecht, title: "Schlecht", text: "Schlecht.", rating: gescheitert}
nodes:
"""


FLAGS = 'flags: {schluessel: "Schlüssel gefunden"}\n'


def choice(choice_id: str, target: str, extra: str = "") -> str:
    return (
        f'      - {{id: {choice_id}, text: "{choice_id}", next: {target}, '
        f'feedback: "f", coaching: "c"{extra}}}\n'
    )


def node(node_id: str, *choices: str) -> str:
    return f'  - id: {node_id}\n    text: "{node_id}"\n    choices:\n' + "".join(choices)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_a_clean_story_has_no_findings(check_text: CheckText) -> None:
    text = HEADER + node("a", choice("x", "gut"), choice("y", "schlecht"))
    assert formatted(check_text(text)) == []


def test_unreachable_node_and_ending(check_text: CheckText) -> None:
    text = HEADER + node("a", choice("x", "gut")) + node("insel", choice("y", "schlecht"))
    assert formatted(check_text(text)) == [
        f"probe.yaml:{line_of(text, 'id: schlecht')}:10: warning: Ende „schlecht“ ist nicht "
        "erreichbar: keine Auswahl führt hierher",
        f"probe.yaml:{line_of(text, 'id: insel')}:9: warning: Station „insel“ ist nicht "
        "erreichbar: keine Auswahl führt hierher",
    ]


def test_dead_end_when_every_choice_can_be_locked(check_text: CheckText) -> None:
    text = (
        FLAGS
        + HEADER
        + node(
            "a",
            choice("offen", "b"),
            choice("stark", "b", ", effects: {befugnis: 50}"),
        )
        + node(
            "b",
            choice("nur_mit_befugnis", "gut", ', condition: "befugnis >= 60"'),
            choice("nur_mit_schluessel", "schlecht", ', condition: "schluessel"'),
        )
    )
    result = check_text(text)
    assert formatted(result) == [
        f"probe.yaml:{line_of(text, 'flags:')}:9: warning: Merker „schluessel“ wird "
        "nirgends gesetzt: Bedingungen darauf sind nie wahr",
        f"probe.yaml:{line_of(text, 'id: schlecht')}:10: warning: Ende „schlecht“ wird in keinem "
        "Spielverlauf erreicht: die Bedingungen davor sperren jeden Weg",
        f"probe.yaml:{line_of(text, 'id: b')}:9: error: Sackgasse: in „b“ können alle Auswahlen "
        "zugleich gesperrt sein (z. B. bei Mitarbeitermotivation 50, Kundenvertrauen 50, "
        "Entscheidungsbefugnis 10)",
    ]
    assert result.scenario is None


def test_all_locked_choices_are_fine_when_they_cannot_all_be_locked_at_once(
    check_text: CheckText,
) -> None:
    text = (
        FLAGS
        + HEADER
        + node(
            "a",
            choice("mutig", "b", ", set_flags: [schluessel]"),
            choice("vorsichtig", "b"),
        )
        + node(
            "b",
            choice("mit", "gut", ', condition: "schluessel"'),
            choice("ohne", "schlecht", ', condition: "nicht schluessel"'),
        )
    )
    assert formatted(check_text(text)) == []


def test_loop_without_exit(check_text: CheckText) -> None:
    text = (
        HEADER
        + node("a", choice("raus", "gut"), choice("rein", "b"))
        + node("b", choice("weiter", "c"))
        + node("c", choice("zurueck", "b"))
    )
    lines = [line for line in formatted(check_text(text)) if "error" in line]
    assert lines[0].startswith(
        f"probe.yaml:{line_of(text, 'id: b')}:9: error: Schleife ohne Ausgang: von „b“ aus ist "
        "kein Ende mehr erreichbar"
    )
    assert lines[1].startswith(f"probe.yaml:{line_of(text, 'id: c')}:9: error: Schleife ohne Ausgang")


def test_loop_with_exit_is_fine(check_text: CheckText) -> None:
    text = (
        HEADER
        + node("a", choice("nochmal", "a", ", effects: {vertrauen: -10}"), choice("fertig", "gut"))
        + node("unused_never", choice("x", "schlecht"))
    )
    lines = formatted(check_text(text))
    # Only the reachability findings, no loop error: "a" always has an exit.
    assert all("Schleife" not in line for line in lines)


def test_node_blocked_by_conditions_in_every_playthrough(check_text: CheckText) -> None:
    text = (
        HEADER
        + node(
            "a",
            choice("normal", "gut"),
            choice("nie", "b", ', condition: "befugnis > 90"'),
        )
        + node("b", choice("x", "schlecht"))
    )
    assert formatted(check_text(text)) == [
        f"probe.yaml:{line_of(text, 'id: schlecht')}:10: warning: Ende „schlecht“ wird in keinem "
        "Spielverlauf erreicht: die Bedingungen davor sperren jeden Weg",
        f"probe.yaml:{line_of(text, 'id: b')}:9: warning: Station „b“ wird in keinem "
        "Spielverlauf erreicht: die Bedingungen davor sperren jeden Weg",
    ]


def test_visited_conditions_are_tracked(check_text: CheckText) -> None:
    text = (
        HEADER
        + node("a", choice("umweg", "b"), choice("direkt", "c"))
        + node("b", choice("weiter", "c"))
        + node(
            "c",
            choice("mit_umweg", "gut", ', condition: "besucht(b)"'),
            choice("ohne_umweg", "schlecht", ', condition: "nicht besucht(b)"'),
        )
    )
    assert formatted(check_text(text)) == []


def test_huge_state_space_is_reported_not_hung(check_text: CheckText) -> None:
    from kundenspiel.engine import check_bytes
    from kundenspiel.engine.diagnostics import DiagnosticSink
    from kundenspiel.engine.lint import check_story
    from kundenspiel.engine.positions import PositionIndex

    text = (
        HEADER
        + node(
            "a",
            choice("hoch", "a", ", effects: {vertrauen: 1}"),
            choice("runter", "a", ", effects: {motivation: -1}"),
            choice("ende", "gut"),
        )
        + node("b_unused", choice("x", "schlecht"))
    )
    scenario = check_bytes(text.encode(), "mini.yaml").scenario
    assert scenario is not None
    sink = DiagnosticSink("mini.yaml")
    check_story(scenario, PositionIndex(None), sink, max_states=50)
    assert any("mehr als 50 verschiedene Spielstände" in d.message for d in sink.items)
    assert not sink.has_errors
