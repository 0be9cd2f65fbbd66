"""The debrief that teaches: what the other options would have done (computed from the state
before each decision), how the score is made up, and practising again from a decision as a
separate practice run that never touches the scored first run."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Collapsible, DataTable, Markdown, Static

from kundenspiel.engine import GameState, Scenario, load_scenario, play
from kundenspiel.engine.state import Meters
from kundenspiel.store import SaveStore
from kundenspiel.store.groups import GroupStore
from kundenspiel.ui.screens.debrief import DebriefScreen
from kundenspiel.ui.screens.debrief_text import (
    alternatives_markdown,
    alternatives_title,
    destination_markdown,
    excerpt,
    review_decisions,
    score_breakdown,
    score_markdown,
)
from kundenspiel.ui.screens.play import PlayScreen
from kundenspiel.ui.screens.progress import ProgressScreen
from kundenspiel.ui.widgets.decision_card import DecisionCard
from kundenspiel.workshop.aggregate import aggregate
from kundenspiel.workshop.collect import read_group
from tests.conftest import MINI_SCENARIO
from tests.ui.conftest import make_app, settle, sign_in

# The reaction to asking for authority depends on an earlier decision (feedback_when), and so
# does where it leads (next_when): the debrief must show what it would have been on *this* path.
ROUTES = """\
id: routen
version: 1
title: "Die Reklamation mit Folgen"
summary: "Eine Kundin reklamiert einen defekten Wasserkocher."
role: "Du stehst an der Servicetheke eines Elektromarkts."
sources:
  - {article: "Temporäre Partnerschaft", author: "Kaduk & Osmetz", date: 2024-07-26}
learning_goals: ["Du holst dir die Befugnis, die du für die Kundin brauchst."]
flags:
  zugehoert: "Der Kundin zugehört"
start:
  node: theke
  meters: {motivation: 60, vertrauen: 40, befugnis: 20}
scoring:
  weights: {vertrauen: 2, befugnis: 0.5}
  ending_share: 0.35
nodes:
  - id: theke
    speaker: "Frau Demir, Kundin"
    text: "„Der Wasserkocher ist nach einer Woche kaputt.“"
    choices:
      - id: umtauschen
        text: "Sofort einen neuen Wasserkocher geben."
        condition: "befugnis >= 50"
        locked_reason: "Umtausch ohne Prüfung darf nur die Filialleitung freigeben."
        next: ende_gut
      - id: nachfragen
        text: "„Erzählen Sie mir, was genau passiert ist.“"
        effects: {vertrauen: +5, motivation: +5}
        set_flags: [zugehoert]
        feedback: "Sie erzählt. Sie wirkt schon etwas ruhiger."
        next: leitung
      - id: weitergehen
        text: "Wortlos die Filialleiterin holen."
        effects: {motivation: -5}
        feedback: "Frau Demir sieht dir verwundert nach."
        next: leitung
      - id: vertroesten
        text: "„Da müssen Sie sich an den Hersteller wenden.“"
        effects: {vertrauen: -50}
        feedback: "„Dann kaufe ich hier nichts mehr.“ Sie geht."
        next: ende_schlecht
  - id: leitung
    text: "Die *Filialleiterin* ist gerade da. Sie hört kurz zu."
    choices:
      - id: befugnis_erbitten
        text: "„Darf ich so etwas künftig selbst entscheiden?“"
        effects: {befugnis: +40}
        feedback: "Sie überlegt."
        feedback_when:
          - condition: "zugehoert"
            text: "„Sie haben gut zugehört – bis 50 Euro entscheidest du ab heute selbst.“"
            otherwise: "„Erst zuhören, dann fragen.“"
        next: theke_zwei
        next_when:
          - {condition: "nicht zugehoert", next: ende_gemischt}
      - id: abgeben
        text: "Die Kundin an die Filialleiterin abgeben."
        effects: {vertrauen: +5, motivation: -10}
        feedback: "Die Filialleiterin tauscht um."
        next: ende_gemischt
  - id: theke_zwei
    speaker: "Frau Demir, Kundin"
    text: "Frau Demir wartet noch an der Theke und schaut dich fragend an, während hinter ihr die Schlange wächst."
    choices:
      - id: jetzt_umtauschen
        text: "Jetzt selbst umtauschen."
        condition: "befugnis >= 50 und zugehoert"
        effects: {vertrauen: +20}
        feedback: "„Danke, das ging ja schnell.“"
        next: ende_gut
      - id: warten
        text: "Noch einmal nachfragen, was sie sich wünscht."
        feedback: "Sie seufzt."
        next: ende_gemischt
endings:
  - {id: ende_gut, title: "Zufrieden", text: "Frau Demir kommt gern wieder.", rating: gelungen}
  - {id: ende_gemischt, title: "Gelöst, aber nicht von dir", text: "Das Problem ist weg.", rating: gemischt}
  - {id: ende_schlecht, title: "Verloren", text: "Frau Demir kauft woanders.", rating: gescheitert}
"""


def scenario_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "szenarien"
    folder.mkdir(exist_ok=True)
    (folder / "routen.yaml").write_text(ROUTES, encoding="utf-8")
    return folder


@pytest.fixture
def routes(tmp_path: Path) -> Scenario:
    return load_scenario(scenario_folder(tmp_path) / "routen.yaml")


def played(scenario: Scenario, *choices: str) -> GameState:
    state = play.start(scenario)
    for choice_id in choices:
        state = play.choose(scenario, state, choice_id).state
    return state


def all_endings(scenario: Scenario) -> Iterator[GameState]:
    """Every ended playthrough the scenario allows."""
    pending = [play.start(scenario)]
    while pending:
        state = pending.pop()
        if state.ended:
            yield state
            continue
        for option in play.options(scenario, state):
            if option.available:
                pending.append(play.choose(scenario, state, option.choice.id).state)


# --- „Was wäre passiert?“ ----------------------------------------------------------------------


def test_the_options_not_taken_are_those_offered_then_with_locked_ones_and_their_reason(
    routes: Scenario,
) -> None:
    first, second = review_decisions(routes, played(routes, "nachfragen", "abgeben"))
    assert [a.option.choice.id for a in first.alternatives] == ["umtauschen", "weitergehen", "vertroesten"]
    locked = first.alternatives[0]
    assert locked.step is None and not locked.option.available
    assert alternatives_title(first) == "Was wäre passiert? (2 andere Möglichkeiten, 1 gesperrt)"
    text = alternatives_markdown(routes, first)
    assert "_Gesperrt: Umtausch ohne Prüfung darf nur die Filialleitung freigeben._" in text
    assert [a.option.choice.id for a in second.alternatives] == ["befugnis_erbitten"]
    assert alternatives_title(second) == "Was wäre passiert? (1 andere Möglichkeit)"


def test_reaction_effects_and_destination_come_from_the_state_before_the_decision(routes: Scenario) -> None:
    # Having listened first, asking for authority is praised and leads back to the counter …
    (_, listened) = review_decisions(routes, played(routes, "nachfragen", "abgeben"))
    text = alternatives_markdown(routes, listened)
    assert (
        "> Sie überlegt.\n>\n> „Sie haben gut zugehört – bis 50 Euro entscheidest du ab heute selbst.“"
        in text
    )
    assert "**Wirkung:** Entscheidungsbefugnis ▲ +40" in text
    assert (
        "**Danach:** Frau Demir, Kundin: _Frau Demir wartet noch an der Theke und schaut dich fragend an …_"
        in text
    )
    # … without listening, the same option gets the other passage and its route ends the story.
    (_, hurried) = review_decisions(routes, played(routes, "weitergehen", "abgeben"))
    text = alternatives_markdown(routes, hurried)
    assert "> Sie überlegt.\n>\n> „Erst zuhören, dann fragen.“" in text
    assert "gut zugehört" not in text
    assert "**Danach:** Ende „Gelöst, aber nicht von dir“ (gemischt)" in text


def test_effects_are_the_real_changes_and_a_node_without_speaker_is_quoted(routes: Scenario) -> None:
    (first, _) = review_decisions(routes, played(routes, "nachfragen", "abgeben"))
    text = alternatives_markdown(routes, first)
    # Trust stands at 40: −50 can only take 40 of it.
    assert "**Wirkung:** Kundenvertrauen ▼ −40  \n**Danach:** Ende „Verloren“ (gescheitert)" in text
    assert "**Wirkung:** Mitarbeitermotivation ▼ −5  \n**Danach:** _Die Filialleiterin ist gerade da." in text
    by_id = {a.option.choice.id: a for a in first.alternatives}
    step = by_id["weitergehen"].step
    assert step is not None
    assert step == play.choose(routes, play.start(routes), "weitergehen")
    assert destination_markdown(routes, step) == "_Die Filialleiterin ist gerade da. Sie hört kurz zu._"


def test_excerpt_cuts_at_a_word_and_drops_markdown_marks() -> None:
    assert excerpt("Die *Filialleiterin* ist da.") == "Die Filialleiterin ist da."
    assert excerpt("eins zwei drei vier", length=12) == "eins zwei …"
    assert excerpt("# Titel\n\n> Zitat hier") == "Titel Zitat hier"


def test_a_decision_without_other_options_has_no_fold(routes: Scenario) -> None:
    mini = load_scenario(MINI_SCENARIO)
    reviews = review_decisions(mini, played(mini, "nachfragen", "befugnis_erbitten", "jetzt_umtauschen"))
    assert reviews[2].alternatives == ()


# --- how the score is made up --------------------------------------------------------------------


@pytest.mark.parametrize("which", ["mini", "routen"])
def test_the_breakdown_adds_up_to_the_engines_score_on_every_path(which: str, routes: Scenario) -> None:
    scenario = routes if which == "routen" else load_scenario(MINI_SCENARIO)
    ended = list(all_endings(scenario))
    assert len(ended) >= 3
    for state in ended:
        card = play.score(scenario, state)
        breakdown = score_breakdown(scenario, state)
        assert breakdown.mean == card.meter_part
        assert breakdown.rating == card.rating
        assert breakdown.meter_points + breakdown.ending_points == pytest.approx(breakdown.exact)
        assert breakdown.total == card.total
        title = scenario.ending(state.ending_id or "").title
        assert f"**{card.total}** von 100" in score_markdown(breakdown, title)


def test_the_guides_example_reads_as_the_guide_computes_it(tmp_path: Path) -> None:
    # scenarios/README.md, section 5: weights 1/2/1, meters 70/65/60, a successful ending → 79.
    text = MINI_SCENARIO.read_text(encoding="utf-8").replace(
        "nodes:\n", "scoring:\n  weights: {vertrauen: 2}\nnodes:\n", 1
    )
    (tmp_path / "mini.yaml").write_text(text, encoding="utf-8")
    scenario = load_scenario(tmp_path / "mini.yaml")
    meters = Meters(motivation=70, vertrauen=65, befugnis=60)
    state = GameState(scenario_id="mini", node_id=None, ending_id="ende_gut", meters=meters)
    assert play.score(scenario, state).total == 79
    shown = score_markdown(score_breakdown(scenario, state), "Zufrieden")
    assert "- Kundenvertrauen **65** · Gewicht 2" in shown
    assert "**M** = gewichteter Mittelwert = (1 · 70 + 2 · 65 + 1 · 60) / 4 = **65**" in shown
    assert "**E** = Punkte des Endes „Zufrieden“ (gelungen) = **100**" in shown
    assert "Das Ende zählt zu 40 %, die Messwerte zu 60 %" in shown
    assert "= 0,6 · 65 + 0,4 · 100 = 39 + 40 = **79** von 100" in shown


def test_an_unround_score_says_how_it_was_rounded(routes: Scenario) -> None:
    meters = Meters(motivation=61, vertrauen=40, befugnis=20)
    state = GameState(scenario_id="routen", node_id=None, ending_id="ende_gemischt", meters=meters)
    breakdown = score_breakdown(routes, state)
    card = play.score(routes, state)
    # M = (61 + 2 · 40 + 0,5 · 20) / 3,5 = 43,142857…; 0,65 · M + 0,35 · 50 = 45,54…
    assert breakdown.mean == pytest.approx(151 / 3.5)
    text = score_markdown(breakdown, "Gelöst, aber nicht von dir")
    assert "/ 3,5 ≈ **43,14**" in text
    assert f"≈ 28,04 + 17,5 ≈ 45,54, gerundet **{card.total}** von 100" in text
    assert card.total == 46


# --- in the game: the debrief, practising from decision 2, the progress list --------------------


async def choose(pilot: Pilot[Any], number: int) -> None:
    await pilot.press(str(number))
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_practice_from_decision_two_is_a_separate_run_that_never_counts(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    code = GroupStore(saves).create("Kurs").code
    scenario = load_scenario(scenario_folder(tmp_path) / "routen.yaml")
    app = make_app(saves, scenario_folder(tmp_path), start_scenario="routen")
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "Alex", code)
        assert isinstance(app.screen, PlayScreen)
        # nachfragen (2nd shown, the locked one is first), befugnis_erbitten, jetzt_umtauschen.
        for number in (2, 1, 1):
            await choose(pilot, number)
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        store = SaveStore(saves)
        alex = store.find_player("Alex")
        assert alex is not None
        (first,) = store.playthroughs(alex.key)
        assert first.status == "beendet" and not first.is_practice

        # Tab to the first decision, ↓ to the second, Enter shows its other option.
        await pilot.press("tab", "down")
        await settle(pilot)
        card = debrief.focused
        assert isinstance(card, DecisionCard) and card.number == 2
        assert card.query_one(Collapsible).collapsed
        await pilot.press("enter")
        await settle(pilot)
        assert not card.query_one(Collapsible).collapsed
        shown = card.query_one(".alternatives-text", Markdown).source
        assert "Die Kundin an die Filialleiterin abgeben." in shown
        assert "**Danach:** Ende „Gelöst, aber nicht von dir“ (gemischt)" in shown

        await pilot.press("u")
        await settle(pilot)
        play_screen = app.screen
        assert isinstance(play_screen, PlayScreen)
        assert play_screen.sub_title == "Übung – Die Reklamation mit Folgen"
        assert play_screen.state is not None and play_screen.state.node_id == "leitung"
        await choose(pilot, 2)  # abgeben this time
        practice_debrief = app.screen
        assert isinstance(practice_debrief, DebriefScreen)
        note = str(practice_debrief.query_one("#practice-note", Static).render())
        assert "Übungsdurchlauf ab Entscheidung 2" in note and "zählen nicht" in note
        assert practice_debrief.sub_title == "Auswertung (Übung) – Die Reklamation mit Folgen"

        records = {r.id: r for r in store.playthroughs(alex.key)}
        assert len(records) == 2
        assert records[first.id] == first  # steps, score, revision: untouched
        (practice,) = (r for r in records.values() if r.id != first.id)
        assert (practice.practice_of, practice.practice_from, practice.is_practice) == (first.id, 2, True)
        assert practice.steps[:1] == first.steps[:1]
        assert practice.choice_ids == ["nachfragen", "abgeben"]
        assert practice.status == "beendet" and practice.ending_id == "ende_gemischt"
        assert practice.score == play.score(scenario, played(scenario, "nachfragen", "abgeben")).total
        assert practice.group_code == first.group_code == code

        summary = aggregate(read_group(store, code), [scenario]).scenario("routen")
        assert (summary.participants, summary.finished) == (1, 1)
        assert [run.record_id for run in summary.runs] == [first.id]
        assert {e.ending_id: e.count for e in summary.endings}["ende_gemischt"] == 0
        assert summary.score_mean == first.score

        await pilot.press("p")
        await settle(pilot)
        progress = app.screen
        assert isinstance(progress, ProgressScreen)
        table = progress.query_one("#runs", DataTable)
        statuses = {str(table.get_row(practice.id)[2]), str(table.get_row(first.id)[2])}
        assert statuses == {"Übung, beendet", "beendet"}
        summary_line = str(progress.query_one("#summary", Static).render())
        assert "1 Übungsdurchlauf („Übung“) zählt nicht für die Wertung" in summary_line


async def test_the_arrows_read_a_long_decision_to_its_end_before_moving_on(tmp_path: Path) -> None:
    app = make_app(tmp_path / "saves", scenario_folder(tmp_path), start_scenario="routen")
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "Alex")
        for number in (2, 2):  # nachfragen, abgeben
            await choose(pilot, number)
        screen = app.screen
        assert isinstance(screen, DebriefScreen)
        page = screen.query_one("#debrief")
        await pilot.press("tab", "enter")  # the first decision, its three other options shown
        await settle(pilot)
        first = screen.query_one("#decision-1", DecisionCard)
        height = page.scrollable_content_region.height
        assert first.virtual_region.height > height
        # Folding out scrolled the heading away: ↑ reads back to it, the decision stays chosen.
        ups = 0
        while page.scroll_y > first.virtual_region.y:
            await pilot.press("up")
            await settle(pilot)
            ups += 1
            assert app.focused is first and ups < 60
        assert ups > 0
        # ↓ reads on to the end of the decision, and only then goes to the next one.
        presses = 0
        while app.focused is first:
            bottom_shown = page.scroll_y + height >= first.virtual_region.bottom
            await pilot.press("down")
            await settle(pilot)
            presses += 1
            assert presses < 60
        assert bottom_shown and presses > 1
        assert app.focused is screen.query_one("#decision-2", DecisionCard)
        await pilot.press("up")
        await settle(pilot)
        assert app.focused is first
        # Above the first decision the page scrolls again, back up to the score.
        while app.focused is first:
            await pilot.press("up")
            await settle(pilot)
        assert app.focused is page
        await pilot.press("home")
        await settle(pilot)
        assert page.scroll_y == 0


async def test_u_without_a_chosen_decision_goes_to_the_first_and_says_how(tmp_path: Path) -> None:
    app = make_app(tmp_path / "saves", scenario_folder(tmp_path), start_scenario="routen")
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        await choose(pilot, 4)  # vertroesten ends at once
        assert isinstance(app.screen, DebriefScreen)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        assert isinstance(app.focused, DecisionCard) and app.focused.number == 1
        assert any("Wähle mit ↑/↓" in str(n.message) for n in app._notifications)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.state is not None and app.screen.state.node_id == "theke"


async def test_the_button_practises_from_its_decision(tmp_path: Path) -> None:
    app = make_app(tmp_path / "saves", scenario_folder(tmp_path), start_scenario="routen")
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        for number in (2, 2):  # nachfragen, abgeben
            await choose(pilot, number)
        assert isinstance(app.screen, DebriefScreen)
        app.screen.query_one("#decision-2").scroll_visible(animate=False)  # as the wheel would
        await settle(pilot)
        await pilot.click("#decision-2 .practice")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlayScreen) and screen.record is not None
        assert screen.record.practice_from == 2
        assert screen.state is not None and screen.state.node_id == "leitung"


async def test_a_debrief_without_its_record_offers_no_practice(tmp_path: Path, routes: Scenario) -> None:
    app = make_app(tmp_path / "saves", scenario_folder(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = DebriefScreen(routes, played(routes, "vertroesten"))
        await app.push_screen(screen)
        await settle(pilot)
        assert not screen.query(".practice")
        assert screen.check_action("practice", ()) is False
        assert "übt ab dort" not in str(screen.query_one("#decisions-hint", Static).render())


# --- snapshots of the new parts at 80×24 and 120×40 ----------------------------------------------

SIZES = [(80, 24), (120, 40)]


def scene(*actions: Callable[[Pilot[Any]], Awaitable[None]]) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run(pilot: Pilot[Any]) -> None:
        await sign_in(pilot, "Alex")
        for number in (2, 2):  # nachfragen, abgeben
            await choose(pilot, number)
        for action in actions:
            await action(pilot)
        await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run


async def what_if_open(pilot: Pilot[Any]) -> None:
    await pilot.press("tab", "down", "enter")


async def score_shown(pilot: Pilot[Any]) -> None:
    screen = pilot.app.screen
    screen.query_one("#debrief").scroll_to_widget(screen.query_one("#score"), top=True, animate=False)


async def practice_played(pilot: Pilot[Any]) -> None:
    await pilot.press("tab", "u")
    await settle(pilot)
    await choose(pilot, 4)  # vertroesten this time


SCENES = {
    "debrief_what_if": scene(what_if_open),
    "debrief_score": scene(score_shown),
    "debrief_practice_run": scene(practice_played),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SCENES))
def test_debrief_teaches_snapshot(
    name: str, size: tuple[int, int], snap_compare: Callable[..., bool], tmp_path: Path
) -> None:
    app = make_app(tmp_path / "saves", scenario_folder(tmp_path), start_scenario="routen")
    assert snap_compare(app, terminal_size=size, run_before=SCENES[name])
