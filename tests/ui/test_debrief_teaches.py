"""The debrief that teaches, in the game: practising again from a decision as a separate practice
run that never touches the scored first run, reading long decisions, and its snapshots."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Collapsible, DataTable, Markdown, Static

from kundenspiel.engine import Scenario, load_scenario, play
from kundenspiel.store import SaveStore
from kundenspiel.store.groups import GroupStore
from kundenspiel.ui.screens.debrief import DebriefScreen
from kundenspiel.ui.screens.play import PlayScreen
from kundenspiel.ui.screens.progress import ProgressScreen
from kundenspiel.ui.widgets.decision_card import DecisionCard
from kundenspiel.workshop.aggregate import aggregate
from kundenspiel.workshop.collect import read_group
from tests.ui.conftest import make_app, settle, sign_in
from tests.ui.routes_seed import played, scenario_folder


@pytest.fixture
def routes(tmp_path: Path) -> Scenario:
    return load_scenario(scenario_folder(tmp_path) / "routen.yaml")


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
        # The practice run stays in the first run's group, and the title bar says which.
        assert play_screen.sub_title == f"Übung – Die Reklamation mit Folgen · Gruppe {code}"
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
