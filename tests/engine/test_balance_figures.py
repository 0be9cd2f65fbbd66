"""Balance figures (issue 11, item 5) on small scenarios whose every figure is known by construction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kundenspiel.cli import main
from kundenspiel.engine import balance_warnings as warnings_module
from kundenspiel.engine.balance import Balance, MeterDomination, SurfacePlay, balance
from kundenspiel.engine.balance_warnings import check_balance
from kundenspiel.engine.diagnostics import DiagnosticSink
from kundenspiel.engine.explore import explore
from kundenspiel.engine.models import Rating, Scenario
from kundenspiel.engine.positions import PositionIndex
from kundenspiel.engine.yaml_source import parse_yaml
from tests.conftest import MINI_SCENARIO, CheckText

HEADER = """\
id: mini
version: 1
title: "Probe"
summary: "Ein Testszenario."
role: "Du testest."
sources:
  - article: "A"
    author: "B"
    date: "ohne Datum"
learning_goals: ["Du testest.", "Du testest gründlich."]
competencies:
  gut: "Gut"
flags:
  merker: "Ein Merker"
start:
  node: a
  meters: {motivation: 50, vertrauen: 50, befugnis: 50}
endings:
  - id: sieg
    title: "Sieg"
    text: "Gelungen."
    rating: gelungen
  - id: mittel
    title: "Mittel"
    text: "Gemischt."
    rating: gemischt
  - id: pleite
    title: "Pleite"
    text: "Gescheitert."
    rating: gescheitert
nodes:
"""


def figures_of(text: str) -> Balance:
    """The balance of a scenario given as YAML after HEADER (no check: loops without exit allowed)."""
    tree = parse_yaml((HEADER + text).encode(), DiagnosticSink("probe.yaml"))
    return balance(Scenario.model_validate(tree))


@pytest.fixture(autouse=True)
def shares_for_small_scenarios(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scenarios here have two or three decisions: judge their shares anyway (the size
    threshold itself has its own test)."""
    monkeypatch.setattr(warnings_module, "MIN_DECISIONS_FOR_SHARES", 1)


def balance_warnings_of(check_text: CheckText, text: str) -> list[str]:
    """The balance warnings as ``check`` prints them: ``check_story`` calls check_balance with
    the same file, PositionIndex, sink and explored graph (the files here lack feedback, so the
    check's other warnings are left out by running it alone)."""
    result = check_text(HEADER + text)
    assert result.scenario is not None, [d.format() for d in result.errors]
    sink = DiagnosticSink("probe.yaml")
    tree = parse_yaml((HEADER + text).encode(), sink)
    check_balance(result.scenario, explore(result.scenario), PositionIndex(tree), sink)
    return [d.format() for d in sink.sorted()]


def test_check_reports_the_balance_warnings(check_text: CheckText) -> None:
    result = check_text(HEADER + LONGEST_WINS)
    shown = [d.format().replace("mini.yaml:", "probe.yaml:").split("/")[-1] for d in result.warnings]
    assert set(balance_warnings_of(check_text, LONGEST_WINS)) <= set(shown)


def place_of(text: str, line_part: str, value: str) -> str:
    """``line:column`` of ``value`` on the line with ``line_part`` in the whole file (HEADER
    included), as diagnostics count them (from 1)."""
    lines = (HEADER + text).splitlines()
    number, line = next((n, line) for n, line in enumerate(lines, 1) if line_part in line)
    return f"{number}:{line.index(value, line.index(line_part)) + 1}"


LONGEST_WINS = """\
  - id: a
    text: "Erste Lage."
    choices:
      - {id: a_gut, text: "Eine lange, gut begründete Antwort", competencies: [gut], next: b}
      - {id: a_kurz, text: "Kurz.", next: b}
  - id: b
    text: "Zweite Lage."
    choices:
      - {id: b_kurz, text: "Nein.", next: pleite}
      - {id: b_gut, text: "Eine lange, gut begründete Antwort", competencies: [gut], next: sieg}
      - {id: b_halb, text: "Halb.", next: mittel}
"""


def test_best_is_longest_and_long_short_nodes(check_text: CheckText) -> None:
    figures = figures_of(LONGEST_WINS)
    assert figures.decision_nodes == ("a", "b")
    assert figures.clear_best_nodes == figures.best_is_longest_nodes == ("a", "b")
    assert figures.best_is_longest_share == 1.0
    assert [(s.node_id, s.longest_id, s.longest_chars, s.shortest_chars) for s in figures.long_short] == [
        ("a", "a_gut", 34, 5),
        ("b", "b_gut", 34, 5),
    ]
    assert figures.surface_players[0] == SurfacePlay("longest", "sieg", Rating.GELUNGEN, 2)
    assert balance_warnings_of(check_text, LONGEST_WINS) == [
        "probe.yaml:1:5: warning: Die beste Auswahl ist oft auch die längste: bei 2 von 2 Stationen "
        "mit klar bester Auswahl (100 %, Grenze 40 %) – wer immer die längste Antwort nimmt, liegt "
        "meist richtig (a, b)",
        "probe.yaml:1:5: warning: Wer immer die längste wählbare Auswahl nimmt, erreicht das "
        "gelungene Ende „sieg“ – ganz ohne die Texte zu lesen",
        f"probe.yaml:{place_of(LONGEST_WINS, '- id: a', 'a')}: warning: Station „a“: die längste Auswahl "
        "„a_gut“ (34 Zeichen) ist mehr als doppelt so lang wie die kürzeste „a_kurz“ (5) – die "
        "Länge kann die Antwort verraten",
        f"probe.yaml:{place_of(LONGEST_WINS, '- id: b', 'b')}: warning: Station „b“: die längste Auswahl "
        "„b_gut“ (34 Zeichen) ist mehr als doppelt so lang wie die kürzeste „b_kurz“ (5) – die "
        "Länge kann die Antwort verraten",
    ]


def test_ties_lengths_and_whitespace() -> None:
    text = """\
  - id: a
    text: "Lage."
    choices:
      - {id: eins, text: "zehn   Zeichen", competencies: [gut], next: b}
      - {id: zwei, text: "genau 25 Zeichen lang, ja", competencies: [gut], next: b}
  - id: b
    text: "Lage."
    choices:
      - {id: drei, text: "ganz kurz.", next: sieg}
      - {id: vier, text: "genau 20 Zeichen lan", competencies: [gut], next: pleite}
      - {id: fuenf, text: "genau 20 Zeichen la.", next: mittel}
"""
    figures = figures_of(text)
    # a: a tie for the highest competency sum, so no clear best. b: "vier" is best but only
    # ties "fuenf" for the longest text.
    assert figures.clear_best_nodes == ("b",)
    assert figures.best_is_longest_nodes == () and figures.best_is_longest_share == 0.0
    # "zehn   Zeichen" counts 12 (runs of spaces are one), and 25 > 2 × 12; b's 20 is exactly
    # twice 10, which is not more than twice.
    assert [(s.node_id, s.longest_id, s.longest_chars, s.shortest_chars) for s in figures.long_short] == [
        ("a", "zwei", 25, 12)
    ]


FUNNEL = """\
  - id: a
    text: "Lage."
    choices:
      - {id: links, text: "Links.", effects: {motivation: 5, vertrauen: -5}, next: b}
      - {id: rechts, text: "Rechts.", effects: {motivation: -5, vertrauen: 5}, next: b}
  - id: b
    text: "Lage."
    choices:
      - {id: hin, text: "Hin.", effects: {befugnis: 5}, next: c}
      - {id: her, text: "Her.", next: c, next_when: [{condition: "vertrauen > 50", next: sieg}]}
  - id: c
    text: "Lage."
    choices:
      - {id: oben, text: "Oben.", next: sieg}
      - {id: unten, text: "Unten.", next: sieg}
      - {id: nie, text: "Nie.", condition: "befugnis > 99", next: pleite}
"""


def test_funnel_and_trade_off_shares(check_text: CheckText) -> None:
    figures = figures_of(FUNNEL)
    # b's "her" has a route to an ending, so b is no funnel; c's locked "nie" is never offered.
    assert figures.funnel_nodes == ("a", "c") and figures.funnel_share == pytest.approx(2 / 3)
    # a trades motivation against trust; b's "hin" is at least as good everywhere; c's are equal.
    assert figures.trade_off_nodes == ("a",) and figures.trade_off_share == pytest.approx(1 / 3)
    assert (
        "probe.yaml:1:5: warning: Bei 2 von 3 Stationen mit Wahl führen alle Auswahlen zum selben "
        "Ziel (66,7 %, Grenze 50 %): dort entscheidet die Wahl nicht über den Weg (a, c)"
    ) in balance_warnings_of(check_text, FUNNEL)


DOMINATED = """\
  - id: a
    text: "Lage."
    choices:
      - {id: stark, text: "Stark.", effects: {motivation: 5, vertrauen: 5, befugnis: 5}, next: sieg}
      - {id: schwach, text: "Schwach.", effects: {motivation: -5, vertrauen: -5, befugnis: -5}, next: pleite}
      - {id: gleich, text: "Gleich.", effects: {motivation: -5, vertrauen: -5, befugnis: 5}, next: mittel}
      - {id: gesperrt, text: "Gesperrt.", condition: "merker", effects: {motivation: 9, vertrauen: 9, befugnis: 9}, next: sieg}
"""


def test_a_dominated_choice_is_warned_unless_it_is_a_foil(check_text: CheckText) -> None:
    figures = figures_of(DOMINATED)
    # "gleich" ties "stark" on befugnis, so it is not strictly worse; "gesperrt" is never offered.
    assert figures.dominated == (MeterDomination("a", "schwach", "stark", foil=False),)
    place = place_of(DOMINATED, "{id: schwach", "schwach")
    assert (
        f"probe.yaml:{place}: warning: Auswahl „schwach“ ist bei jedem Messwert schlechter als "
        in "\n".join(balance_warnings_of(check_text, DOMINATED))
    )
    as_foil = DOMINATED.replace("{id: schwach,", "{id: schwach, foil: true,")
    assert figures_of(as_foil).dominated == (MeterDomination("a", "schwach", "stark", foil=True),)
    assert not [w for w in balance_warnings_of(check_text, as_foil) if "schlechter" in w]


def test_a_better_choice_that_is_locked_where_the_worse_is_open_does_not_dominate() -> None:
    text = """\
  - id: a
    text: "Lage."
    choices:
      - {id: merken, text: "Merken.", set_flags: [merker], next: b}
      - {id: direkt, text: "Direkt.", next: b}
  - id: b
    text: "Lage."
    choices:
      - {id: stark, text: "Stark.", condition: "merker", effects: {motivation: 5, vertrauen: 5, befugnis: 5}, next: sieg}
      - {id: schwach, text: "Schwach.", effects: {motivation: -5, vertrauen: -5, befugnis: -5}, next: pleite}
"""
    assert figures_of(text).dominated == ()
    # With "stark" open on every way to b, "schwach" is dominated again.
    assert figures_of(text.replace('condition: "merker", ', "")).dominated != ()


def test_random_player_acyclic_chance_and_decision_counts() -> None:
    text = """\
  - id: a
    text: "Lage."
    choices:
      - {id: weiter, text: "Weiter.", next: zwang}
      - {id: aus, text: "Aus.", next: pleite}
  - id: zwang
    text: "Nur ein Weg."
    choices:
      - {id: einzig, text: "Einzig.", next: b}
  - id: b
    text: "Lage."
    choices:
      - {id: eins, text: "Eins.", next: sieg}
      - {id: zwei, text: "Zwei.", next: mittel}
      - {id: drei, text: "Drei.", next: pleite}
"""
    figures = figures_of(text)
    assert figures.random_success == pytest.approx(1 / 2 * 1 / 3)
    # The forced step at "zwang" is no decision: a → aus is 1, a → zwang → b → … is 2.
    assert (figures.shortest_decisions, figures.longest_decisions, figures.endless) == (1, 2, False)
    assert figures.decision_nodes == ("a", "b")


LOOP = """\
  - id: a
    text: "Lage."
    choices:
      - {id: weiter, text: "Weiter.", next: b}
      - {id: aus, text: "Aus.", next: pleite}
  - id: b
    text: "Lage."
    choices:
      - {id: gewinnen, text: "Gewinnen.", next: sieg}
      - {id: halb, text: "Halb.", next: mittel}
      - {id: zurueck, text: "Zurück zum Anfang.", next: a}
"""


def test_random_player_through_a_loop() -> None:
    # p(a) = 1/2 p(b), p(b) = 1/3 + 1/3 p(a)  →  p(a) = 1/6 + 1/6 p(a)  →  p(a) = 1/5.
    figures = figures_of(LOOP)
    assert figures.random_success == pytest.approx(0.2, abs=1e-9)
    assert (figures.shortest_decisions, figures.longest_decisions, figures.endless) == (1, None, True)
    # "last" goes a → aus; "longest" takes "zurueck" at b and "weiter" at a: round for ever.
    assert [(p.policy, p.ending_id, p.stopped) for p in figures.surface_players] == [
        ("longest", None, "loop"),
        ("first", "sieg", None),
        ("last", "pleite", None),
    ]


def test_a_loop_without_exit_counts_as_never_finishing() -> None:
    text = """\
  - id: a
    text: "Lage."
    choices:
      - {id: gewinnen, text: "Gewinnen.", next: sieg}
      - {id: falle, text: "In die Falle.", next: f}
  - id: f
    text: "Falle."
    choices:
      - {id: kreisen, text: "Kreisen.", next: f}
"""
    figures = figures_of(text)
    assert figures.random_success == pytest.approx(0.5)
    assert figures.surface_players[2] == SurfacePlay("last", None, None, 2, "loop")
    # The loop leads nowhere, so it does not make the way to an ending endless.
    assert (figures.shortest_decisions, figures.longest_decisions, figures.endless) == (1, 1, False)


def test_surface_players_skip_locked_choices_and_warn_when_they_win(check_text: CheckText) -> None:
    text = """\
  - id: a
    text: "Lage."
    choices:
      - {id: gesperrt, text: "Gesperrt.", condition: "merker", next: pleite}
      - {id: gewinnen, text: "Gewinnen.", next: sieg}
      - {id: verlieren, text: "Verlieren.", next: pleite}
"""
    figures = figures_of(text)
    assert [(p.policy, p.ending_id) for p in figures.surface_players] == [
        ("longest", "pleite"),
        ("first", "sieg"),
        ("last", "pleite"),
    ]
    assert balance_warnings_of(check_text, text) == [
        "probe.yaml:1:5: warning: Wer immer die erste wählbare Auswahl nimmt, erreicht das "
        "gelungene Ende „sieg“ – ganz ohne die Texte zu lesen"
    ]


def test_a_truncated_graph_gives_no_random_chance_and_no_share_warnings() -> None:
    scenario = Scenario.model_validate(parse_yaml((HEADER + LONGEST_WINS).encode(), DiagnosticSink("p")))
    graph = explore(scenario, max_states=1)
    assert graph.truncated
    figures = balance(scenario, graph)
    assert figures.truncated and figures.random_success is None and figures.shortest_decisions is None
    sink = DiagnosticSink("probe.yaml")
    tree = parse_yaml((HEADER + LONGEST_WINS).encode(), sink)
    check_balance(scenario, graph, PositionIndex(tree), sink)
    assert not [d for d in sink.items if "oft auch die längste" in d.message]


def test_explore_prints_the_balance_section_and_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # one table row per line
    path = tmp_path / "mini.yaml"
    path.write_text(HEADER + LOOP, encoding="utf-8")
    assert main(["explore", str(path)]) == 0
    rows = [" ".join(line.split()) for line in capsys.readouterr().out.splitlines()]
    assert "Spielbalance – kann man gewinnen, ohne die Situation zu lesen?" in rows
    for row in (
        "│ Zufällig wählen: Chance auf ein gelungenes Ende │ 20 % │ Ziel ≤ 25 % │ in Ordnung │",
        "│ Immer die längste wählbare Auswahl │ kommt nie an (Schleife) │ nicht gelungen │ in Ordnung │",
        "│ Immer die erste wählbare Auswahl │ sieg (Gelungen, 2 Schritte) │ nicht gelungen │ auffällig │",
        "│ Trichter: alle Auswahlen führen zum selben Ziel │ 0 % (0 von 2 Stationen mit Wahl) │ ≤ 50 % │ in Ordnung │",
    ):
        assert row in rows
    assert any(
        row.startswith("│ Entscheidungen bis zu einem Ende") and "│ 1 bis beliebig viele (Schleife) │" in row
        for row in rows
    )
    assert main(["explore", "--json", str(MINI_SCENARIO)]) == 0
    data = json.loads(capsys.readouterr().out)["balance"]
    # theke offers nachfragen/vertroesten (umtauschen is never open), leitung two; theke_zwei one.
    assert data["decision_nodes"] == ["theke", "leitung"]
    assert data["random_success"] == pytest.approx(0.5 * 0.5 * 1.0)
    assert data["surface_players"][1] == {
        "policy": "first",
        "ending_id": "ende_gut",
        "rating": "gelungen",
        "steps": 3,
        "stopped": None,
    }
    assert data["limits"]["best_is_longest_share_max"] == 0.4


def test_whole_scenario_warnings_wait_for_five_decisions(
    check_text: CheckText, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warnings_module, "MIN_DECISIONS_FOR_SHARES", 5)
    warnings = balance_warnings_of(check_text, LONGEST_WINS)
    # The per-node length warnings stay; the share of two nodes is not judged.
    assert warnings and all("mehr als doppelt so lang" in warning for warning in warnings)
