"""State-dependent text and routing by consequence: a scene reflects what happened, and where a
choice leads can depend on the state after it."""

from __future__ import annotations

from pathlib import Path

from kundenspiel.engine import GameState, check_file, play
from kundenspiel.engine.analysis import analyse
from kundenspiel.engine.graph import GraphFormat, render_graph
from tests.conftest import MINI_SCENARIO, CheckText, formatted

MINI = MINI_SCENARIO.read_text(encoding="utf-8")

# At theke_zwei, Frau Demir remembers the promised call back; jetzt_umtauschen ends well only
# if trust is high enough after it, otherwise mixed; its feedback depends on the flag.
ROUTED = (
    MINI.replace(
        '    text: "Frau Demir wartet noch."\n',
        '    text: "Frau Demir wartet noch."\n'
        "    text_when:\n"
        '      - condition: "rueckruf"\n'
        '        text: "„Sie wollten mich doch zurückrufen?“"\n'
        '        otherwise: "Sie sagt nichts."\n'
        '      - condition: "vertrauen >= 90"\n'
        '        text: "Sie strahlt."\n',
    )
    .replace(
        '        feedback: "„Danke, das ging ja schnell.“"\n',
        '        feedback: "„Danke, das ging ja schnell.“"\n'
        "        feedback_when:\n"
        '          - condition: "vertrauen >= 70"\n'
        '            text: "Sie erzählt es ihrer Nachbarin."\n',
    )
    .replace(
        "        competencies: [entscheiden]\n        next: ende_gut\nendings:",
        "        competencies: [entscheiden]\n"
        "        next: ende_gemischt\n"
        "        next_when:\n"
        '          - condition: "vertrauen >= 60"\n'
        "            next: ende_gut\n"
        "endings:",
    )
    .replace(
        '    text: "Frau Demir kommt gern wieder."\n',
        '    text: "Frau Demir kommt gern wieder."\n'
        "    text_when:\n"
        '      - condition: "besucht(leitung)"\n'
        '        text: "Die Filialleiterin hat es mitbekommen."\n',
    )
)


def routed(tmp_path: Path, text: str = ROUTED) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_routed_file_is_clean(tmp_path: Path) -> None:
    assert check_file(routed(tmp_path)).diagnostics == []


def test_text_passages_follow_the_state_on_arrival(tmp_path: Path) -> None:
    scenario = check_file(routed(tmp_path)).scenario
    assert scenario is not None
    state = play.start(scenario)
    for choice in ("nachfragen", "befugnis_erbitten"):
        state = play.choose(scenario, state, choice).state
    node = play.current_node(scenario, state)
    assert play.node_text(node, state) == "Frau Demir wartet noch.\n\n„Sie wollten mich doch zurückrufen?“"
    forgotten = state.model_copy(update={"flags": frozenset()})
    assert play.node_text(node, forgotten) == "Frau Demir wartet noch.\n\nSie sagt nichts."


def test_routes_and_feedback_are_judged_after_the_choice(tmp_path: Path) -> None:
    scenario = check_file(routed(tmp_path)).scenario
    assert scenario is not None
    state = play.start(scenario)
    for choice in ("nachfragen", "befugnis_erbitten"):
        state = play.choose(scenario, state, choice).state

    def with_trust(value: int) -> GameState:
        return state.model_copy(update={"meters": state.meters.model_copy(update={"vertrauen": value})})

    # vertrauen 45 now; +20 makes 65: the route's 60 holds, the feedback's 70 does not.
    step = play.choose(scenario, state, "jetzt_umtauschen")
    assert step.state.ending_id == "ende_gut"
    assert step.feedback == "„Danke, das ging ja schnell.“"
    assert step.ending is not None
    assert play.ending_text(step.ending, step.state).endswith("\n\nDie Filialleiterin hat es mitbekommen.")
    assert play.choose(scenario, with_trust(30), "jetzt_umtauschen").state.ending_id == "ende_gemischt"
    step = play.choose(scenario, with_trust(55), "jetzt_umtauschen")
    assert step.feedback == "„Danke, das ging ja schnell.“\n\nSie erzählt es ihrer Nachbarin."


def test_exploration_follows_routes(tmp_path: Path) -> None:
    scenario = check_file(routed(tmp_path)).scenario
    assert scenario is not None
    assert {ending.ending_id for ending in analyse(scenario).endings} == {
        "ende_gut",
        "ende_gemischt",
        "ende_schlecht",
    }
    # A route threshold out of reach leaves ende_gut reachable by no path at all.
    unreachable = ROUTED.replace(
        '"vertrauen >= 60"\n            next: ende_gut', '"vertrauen >= 90"\n            next: ende_gut'
    )
    assert [d.message for d in check_file(routed(tmp_path, unreachable)).diagnostics] == [
        "Ende „ende_gut“ wird in keinem Spielverlauf erreicht: die Bedingungen davor sperren jeden Weg"
    ]


def test_an_unknown_route_target_is_reported_at_its_place(check_text: CheckText) -> None:
    text = ROUTED.replace("            next: ende_gut\n", "            next: ende_gutt\n")
    assert (
        f"probe.yaml:{line_of(text, 'ende_gutt')}:19: error: Ziel „ende_gutt“ gibt es nicht (weder Station noch Ende)"
        " – meintest du „ende_gut“?"
    ) in formatted(check_text(text))


def test_names_in_passage_conditions_are_checked_at_their_column(check_text: CheckText) -> None:
    text = ROUTED.replace('      - condition: "rueckruf"\n', '      - condition: "rueckruff"\n').replace(
        '          - condition: "vertrauen >= 70"\n            text:',
        '          - condition: "vertraun >= 70"\n            text:',
    )
    flag, meter = line_of(text, '"rueckruff"'), line_of(text, '"vertraun')
    lines = formatted(check_text(text))
    assert any(
        line.startswith(f"probe.yaml:{flag}:21: error: Bedingung: Merker „rueckruff“") for line in lines
    )
    assert any(
        line.startswith(f"probe.yaml:{meter}:25: error: Bedingung: unbekannter Messwert „vertraun“")
        for line in lines
    )


def test_a_flag_used_only_in_a_passage_counts_as_used(check_text: CheckText) -> None:
    text = ROUTED.replace("flags:\n  rueckruf:", 'flags:\n  gelesen: "Gelesen"\n  rueckruf:').replace(
        '      - condition: "vertrauen >= 90"\n', '      - condition: "gelesen"\n'
    )
    lines = formatted(check_text(text))
    assert not any("„gelesen“ wird nie benutzt" in line for line in lines)
    assert any("„gelesen“ wird nirgends gesetzt" in line for line in lines)


def test_the_graph_draws_one_arrow_per_route(tmp_path: Path) -> None:
    scenario = check_file(routed(tmp_path)).scenario
    assert scenario is not None
    dot = render_graph(scenario, GraphFormat.DOT)
    lock = "jetzt_umtauschen\\n🔒 befugnis >= 50 und rueckruf"
    assert f'"theke_zwei" -> "ende_gut" [label="{lock}\\n→ wenn vertrauen >= 60", style=dashed];' in dot
    assert f'"theke_zwei" -> "ende_gemischt" [label="{lock}\\n→ sonst", style=dashed];' in dot


def test_new_keys_change_the_fingerprint_only_when_used(tmp_path: Path, mini_text: str) -> None:
    plain = check_file(routed(tmp_path, mini_text)).scenario
    with_defaults = check_file(
        routed(tmp_path, mini_text.replace("nodes:\n", "meter_display: tendenz\nnodes:\n"))
    ).scenario
    used = check_file(routed(tmp_path)).scenario
    assert plain is not None and with_defaults is not None and used is not None
    assert plain.fingerprint() == with_defaults.fingerprint() != used.fingerprint()
