"""The game as a trainee uses it: quitting and resuming, edited scenarios, odd save folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import DataTable, Markdown, Static

from kundenspiel.cli import build_parser, game_config
from kundenspiel.engine import load_scenario, play
from kundenspiel.store import SaveStore
from kundenspiel.ui.dialogs.confirm import ConfirmDialog
from kundenspiel.ui.screens.play import PlayScreen
from kundenspiel.ui.screens.progress import ProgressScreen
from kundenspiel.ui.screens.scenarios import ScenarioListScreen
from kundenspiel.ui.session import GameConfig, Session
from kundenspiel.ui.widgets.choices import ChoiceList
from tests.conftest import REPO, SCENARIO_DIR
from tests.ui.conftest import FixedClock, make_app, settle, sign_in
from tests.ui.seed import OPEN_PATH, seed


async def open_scenario(pilot, scenario_id: str) -> None:  # type: ignore[no-untyped-def]
    scenario_list = pilot.app.screen.query_one("#scenario-list")
    index = next(
        i for i in range(scenario_list.option_count) if scenario_list.get_option_at_index(i).id == scenario_id
    )
    await pilot.press(*(["down"] * index), "enter")
    await settle(pilot)


async def choose(pilot, number: int) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(str(number))
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)


async def test_quit_mid_play_and_resume_exactly_there(saves: Path) -> None:
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        await open_scenario(pilot, "keine_befugnis")
        await choose(pilot, 1)
        await choose(pilot, 2)
        screen = app.screen
        assert isinstance(screen, PlayScreen) and screen.state is not None
        before = screen.state
        await pilot.press("q")
        await settle(pilot)
    assert not app.is_running

    again = make_app(saves)
    async with again.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        assert isinstance(again.screen, ConfirmDialog)  # „Weiterspielen?“
        await pilot.press("enter")
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, PlayScreen)
        # The reaction to the last choice comes first, as it was shown before quitting.
        assert screen.pending is not None and screen.pending.state == before
        await pilot.press("enter")
        await settle(pilot)
        assert screen.state == before
        shown = [view.choice_id for view in screen.query_one("#choices", ChoiceList).views]
        scenario = load_scenario(SCENARIO_DIR / "keine_befugnis.yaml")
        assert shown == [o.choice.id for o in play.options(scenario, before)]


async def test_resume_after_the_scenario_was_edited_continues_at_the_last_valid_step(
    saves: Path, tmp_path: Path
) -> None:
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    shutil.copy(SCENARIO_DIR / "keine_befugnis.yaml", scenarios)
    app = make_app(saves, scenarios)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        await choose(pilot, 1)  # opens the only scenario: Enter was pressed by choose
        await choose(pilot, 1)
        await choose(pilot, 1)
        assert isinstance(app.screen, PlayScreen) and app.screen.state is not None
        logged = app.screen.state.choice_ids
        await pilot.press("q")
        await settle(pilot)
    assert len(logged) == 2
    path = scenarios / "keine_befugnis.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"- id: {logged[1]}\n", f"- id: {logged[1]}_neu\n", 1), encoding="utf-8")

    again = make_app(saves, scenarios)
    async with again.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        await pilot.press("enter")  # resume
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, PlayScreen) and screen.pending is not None
        # The reaction to the last choice that still exists comes first, then its situation.
        assert screen.pending.state.choice_ids == logged[:1]
        await pilot.press("enter")
        await settle(pilot)
        assert screen.state is not None and screen.state.choice_ids == logged[:1]
        assert screen.resume_problem is not None and "Schritt 2" in screen.resume_problem
    store = SaveStore(saves)
    player = store.players()[0]
    assert store.playthroughs(player.key)[0].choice_ids == logged[:1]


async def test_play_command_jumps_straight_into_the_scenario(saves: Path) -> None:
    app = make_app(saves, start_scenario="druckerpatrone")
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.scenario.id == "druckerpatrone"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ScenarioListScreen)


async def test_unknown_scenario_for_play_command_is_explained(saves: Path) -> None:
    app = make_app(saves, start_scenario="gibtsnicht")
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        assert isinstance(app.screen, ScenarioListScreen)
        messages = [n.message for n in app._notifications]
        assert "Ein Szenario „gibtsnicht“ gibt es nicht." in messages


async def test_a_save_folder_that_is_a_file_is_explained_not_crashed(tmp_path: Path) -> None:
    blocker = tmp_path / "saves"
    blocker.write_text("keine Spielstände", encoding="utf-8")
    app = make_app(blocker)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        status = str(app.screen.query_one("#status", Static).render())
        assert status.startswith("Spielstände nicht nutzbar:")
        assert str(blocker) in status
    assert blocker.read_text(encoding="utf-8") == "keine Spielstände"


async def test_pressing_the_number_of_a_locked_choice_says_why(saves: Path) -> None:
    scenario = load_scenario(SCENARIO_DIR / "keine_befugnis.yaml")
    app = make_app(saves, start_scenario="keine_befugnis")
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        state = play.start(scenario)
        while not any(not o.available for o in play.options(scenario, state)):
            offered = play.options(scenario, state)
            number = next(n for n, o in enumerate(offered, 1) if o.available)
            state = play.choose(scenario, state, offered[number - 1].choice.id).state
            await choose(pilot, number)
        offered = play.options(scenario, state)
        locked_number = next(n for n, o in enumerate(offered, 1) if not o.available)
        await pilot.press(str(locked_number))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen) and screen.state == state  # nothing was chosen
        messages = [n.message for n in app._notifications]
        assert offered[locked_number - 1].reason in messages


def test_saves_folder_from_option_environment_or_default(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = build_parser()
    monkeypatch.delenv("KUNDENSPIEL_SAVES", raising=False)
    # Running from this checkout, the checkout's saves/ (tests/test_folders.py covers the rest).
    assert game_config(parser.parse_args([])).saves_dir == REPO / "saves"
    monkeypatch.setenv("KUNDENSPIEL_SAVES", "/tmp/aus-der-umgebung")
    assert game_config(parser.parse_args([])).saves_dir == Path("/tmp/aus-der-umgebung")
    assert game_config(parser.parse_args(["--saves", "ordner"])).saves_dir == Path("ordner")
    assert game_config(parser.parse_args(["play", "druckerpatrone"]), "druckerpatrone").start_scenario == (
        "druckerpatrone"
    )


def test_an_older_save_never_overwrites_a_newer_one(tmp_path: Path) -> None:
    session = Session(GameConfig(saves_dir=tmp_path, scenario_dir=SCENARIO_DIR, clock=FixedClock()))
    session.store = SaveStore(tmp_path, clock=FixedClock())
    player = session.store.ensure_player("Alex")
    record = session.store.new_playthrough(
        player, scenario_id="x", scenario_version=1, content_hash="h", group_code=None, start_meters={}
    )
    newer = record.truncated(0, FixedClock()())
    assert session.save(newer, revision=2)
    assert not session.save(record, revision=1)
    assert session.store.playthroughs(player.key)[0].updated_at == newer.updated_at


async def test_an_extra_enter_on_a_new_situation_decides_nothing(saves: Path) -> None:
    app = make_app(saves, start_scenario="keine_befugnis")
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        await pilot.press("enter")  # nothing is highlighted on a fresh situation
        await settle(pilot)
        assert screen.pending is None and screen.state is not None and screen.state.path == ()
        await pilot.press("down", "enter")  # a deliberate pick: highlight, then Enter
        await settle(pilot)
        assert screen.pending is not None
        await pilot.press("enter")  # continue to the next situation …
        await settle(pilot)
        situation = screen.state
        await pilot.press("enter")  # … where a second Enter takes nothing
        await settle(pilot)
        assert screen.pending is None and screen.state == situation
        assert len(situation.path) == 1


async def test_resume_shows_the_reaction_to_the_last_choice_and_counts_it(saves: Path) -> None:
    seed(saves)
    scenario = load_scenario(SCENARIO_DIR / "druckerpatrone.yaml")
    last = play.choose(scenario, play.start(scenario), OPEN_PATH[0])
    app = make_app(saves, start_scenario="druckerpatrone")
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert screen.pending is not None and screen.pending.choice.id == OPEN_PATH[0]
        assert screen.query_one("#feedback").display
        progress = str(screen.query_one("#progress-line", Static).render())
        assert progress.startswith("1 Entscheidung getroffen")
        text = screen.query_one("#feedback-text", Markdown).source
        assert (last.feedback or "").strip()[:40] in text
        await pilot.press("enter")
        await settle(pilot)
        assert screen.state == last.state


async def test_the_counter_includes_the_choice_whose_feedback_shows(saves: Path) -> None:
    app = make_app(saves, start_scenario="keine_befugnis")
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "Alex")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert str(screen.query_one("#progress-line", Static).render()).startswith("0 Entscheidungen")
        await pilot.press("1")
        await settle(pilot)
        assert str(screen.query_one("#progress-line", Static).render()).startswith("1 Entscheidung getroffen")


def test_a_choice_beginning_with_du_is_quoted_not_prefixed_with_du() -> None:
    from kundenspiel.ui.screens.play import feedback_markdown

    scenario = load_scenario(SCENARIO_DIR / "keine_befugnis.yaml")
    state = play.start(scenario)
    option = next(o for o in play.options(scenario, state) if o.choice.text.startswith("Du "))
    text = feedback_markdown(play.choose(scenario, state, option.choice.id))
    assert "Du: Du" not in text and "**Du:**" not in text
    assert text.startswith(f"**Deine Wahl:** {option.choice.text.strip()[:30]}")


async def test_scenario_titles_and_store_messages_with_brackets_are_shown_literally(
    saves: Path, tmp_path: Path
) -> None:
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    text = (SCENARIO_DIR / "keine_befugnis.yaml").read_text(encoding="utf-8")
    original = load_scenario(SCENARIO_DIR / "keine_befugnis.yaml").title
    (scenarios / "keine_befugnis.yaml").write_text(
        text.replace(original, "[/x] Befugnis [bold]"), encoding="utf-8"
    )
    app = make_app(saves, scenarios, start_scenario="keine_befugnis")
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "[red]Alex")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert screen.sub_title == "[/x] Befugnis [bold]"
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("escape")  # to the list, then „Dein Fortschritt“
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        table = app.screen.query_one("#runs", DataTable)
        assert str(table.get_row_at(0)[1]) == "[/x] Befugnis [bold]"
        assert app.screen.sub_title == "Dein Fortschritt – [red]Alex"
