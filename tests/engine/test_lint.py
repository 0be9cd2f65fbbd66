"""Story-level checks: reachability, dead ends, loops without exit."""

from __future__ import annotations

from benchmarks.check import explosion_text
from kundenspiel.engine import check_bytes
from kundenspiel.engine.diagnostics import DiagnosticSink
from kundenspiel.engine.explore import DEFAULT_MAX_STATES, DEFAULT_MAX_WORK, STEP_WORK, explore
from kundenspiel.engine.lint import check_story
from kundenspiel.engine.models import Scenario
from kundenspiel.engine.positions import PositionIndex
from kundenspiel.engine.yaml_input import MAX_FILE_BYTES
from kundenspiel.engine.yaml_source import parse_yaml
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


def _wandering(*extra_nodes: str, loop_choice: str = "") -> str:
    """A node whose two choices drift the meters apart: thousands of states, all finishing."""
    return (
        HEADER
        + node(
            "a",
            choice("hoch", "a", ", effects: {vertrauen: 1}"),
            choice("runter", "a", ", effects: {motivation: -1}"),
            choice("ende", "gut"),
            *([loop_choice] if loop_choice else []),
        )
        + "".join(extra_nodes)
    )


def _scenario(text: str) -> Scenario:
    # Not through check_bytes: that runs the story check itself and drops a scenario with errors.
    return Scenario.model_validate(parse_yaml(text.encode(), DiagnosticSink("mini.yaml")))


def _story(text: str, **limits: int) -> DiagnosticSink:
    scenario = _scenario(text)
    sink = DiagnosticSink("mini.yaml")
    check_story(scenario, PositionIndex(None), sink, **limits)
    return sink


def test_huge_state_space_is_reported_not_hung() -> None:
    sink = _story(_wandering(node("b_unused", choice("x", "schlecht"))), max_states=50)
    (warning,) = [d for d in sink.items if "Story-Prüfung" in d.message]
    assert warning.message.startswith("Story-Prüfung nach 50 Spielständen abgebrochen (")
    assert "zuletzt bei Station „a“" in warning.message
    assert "nur im untersuchten Teil geprüft" in warning.message
    assert not sink.has_errors


def test_the_work_budget_stops_the_story_check_too() -> None:
    sink = _story(_wandering(), max_work=1_000)
    assert [d.message[:19] for d in sink.items if "Story" in d.message] == ["Story-Prüfung nach "]
    assert not sink.has_errors


def test_explored_states_and_work_stay_within_their_limits() -> None:
    scenario = _scenario(_wandering())
    for max_states, max_work in ((50, 10**9), (10**9, 5_000), (300, 2_000)):
        graph = explore(scenario, max_states, max_work)
        assert graph.truncated
        assert len(graph.states) <= max_states
        # One state's moves may be the last straw, never more.
        assert graph.work <= max_work + 1 + 3 * (1 + STEP_WORK)
        assert graph.expanded < len(graph.states)
        assert graph.stopped_at == "a"


def test_a_dead_end_is_still_found_when_the_check_stops_early() -> None:
    # From "a" the player can walk into "falle", where both choices lock once befugnis < 20;
    # befugnis starts at 10, so every visit to "falle" is a dead end.
    trap = node(
        "falle",
        choice("x", "gut", ', condition: "befugnis >= 20"'),
        choice("y", "gut", ', condition: "befugnis >= 30"'),
    )
    sink = _story(_wandering(trap, loop_choice=choice("falle", "falle")), max_states=40)
    assert any(d.message.startswith("Story-Prüfung nach 40 Spielständen") for d in sink.items)
    errors = [d.message for d in sink.items if d.is_error]
    assert len(errors) == 1 and errors[0].startswith("Sackgasse: in „falle“"), errors


def test_a_loop_without_exit_is_still_found_when_the_check_stops_early() -> None:
    circle = node("kreis", choice("weiter", "kreis2")) + node("kreis2", choice("zurueck", "kreis"))
    sink = _story(_wandering(circle, loop_choice=choice("kreis", "kreis")), max_states=40)
    errors = [d.message.split(" aus ")[0] for d in sink.items if d.is_error]
    assert errors == ["Schleife ohne Ausgang: von „kreis“", "Schleife ohne Ausgang: von „kreis2“"]


def test_a_state_space_explosion_is_checked_with_bounded_states() -> None:
    text = explosion_text(stations=40, choices=9)
    assert 200_000 < len(text) < MAX_FILE_BYTES
    result = check_bytes(text, "explosion.yaml", expected_id="explosion")
    (warning,) = result.diagnostics
    decoded = text.decode()
    node_line = decoded[: decoded.index("  node: s0", decoded.index("\nstart:"))].count("\n") + 1
    assert (warning.line, warning.column) == (node_line, 9)  # start: node: s0
    assert not warning.is_error
    assert warning.message.startswith("Story-Prüfung nach ")
    scenario = result.scenario
    assert scenario is not None
    graph = explore(scenario)
    assert graph.truncated
    assert len(graph.states) < DEFAULT_MAX_STATES
    assert graph.work <= DEFAULT_MAX_WORK + 1 + 9 * (1 + STEP_WORK + 200)
