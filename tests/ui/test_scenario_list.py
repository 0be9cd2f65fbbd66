"""The scenario list: finished scenarios keep their result and open it on Enter (issue 9,
item 16), an unreadable save does not end the game (item 5), titles and names are shown as
written (item 2), and the German reads right (item 19)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from kundenspiel.engine import load_scenario
from kundenspiel.store import SaveStore, StoreError
from kundenspiel.ui.app import KundenspielApp
from kundenspiel.ui.dialogs.confirm import ConfirmDialog
from kundenspiel.ui.screens.debrief import DebriefScreen
from kundenspiel.ui.screens.play import PlayScreen
from kundenspiel.ui.screens.scenarios import ScenarioListScreen, quoted
from tests.conftest import MINI_SCENARIO, SCENARIO_DIR
from tests.ui.conftest import FixedClock, make_app, settle
from tests.ui.seed import FINISHED_SCENARIO, first_available_path, record_playthrough, seed

MARKUP_TITLE = "[/x] [bold red]x"


def option_text(app: KundenspielApp, scenario_id: str) -> str:
    """The text of the list entry of ``scenario_id``."""
    option_list = app.screen.query_one("#scenario-list", OptionList)
    return str(option_list.get_option(scenario_id).prompt)


def notifications(app: KundenspielApp) -> list[str]:
    """The messages of the notifications raised so far."""
    return [notification.message for notification in app._notifications]


async def open_list(app: KundenspielApp, pilot: Pilot[None], name: str = "Alex") -> ScenarioListScreen:
    """The scenario list for ``name``, reached without typing on the start screen."""
    await settle(pilot)
    session = app.session
    assert session.store is not None
    session.player = session.store.ensure_player(name)
    screen = ScenarioListScreen()
    await app.push_screen(screen)
    await settle(pilot)
    return screen


async def highlight(app: KundenspielApp, pilot: Pilot[None], scenario_id: str) -> None:
    """Move the list's highlight to ``scenario_id``."""
    option_list = app.screen.query_one("#scenario-list", OptionList)
    option_list.highlighted = option_list.get_option_index(scenario_id)
    await pilot.pause()


async def test_enter_on_a_finished_scenario_shows_its_result_instead_of_restarting(saves: Path) -> None:
    seed(saves)
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_list(app, pilot)
        if isinstance(app.screen, ConfirmDialog):  # „Weiterspielen?“ for the open Druckerpatrone
            await pilot.press("escape")
            await settle(pilot)
        await highlight(app, pilot, FINISHED_SCENARIO)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        verdict = str(app.screen.query_one("#verdict", Static).render())
        assert "von 100 Punkten" in verdict
        assert app.session.store is not None and app.session.player is not None
        runs = app.session.store.playthroughs(app.session.player.key)
        assert [r.status for r in runs if r.scenario_id == FINISHED_SCENARIO] == ["beendet"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ScenarioListScreen)


async def test_the_list_keeps_the_result_while_a_new_run_goes_on(saves: Path) -> None:
    seed(saves)
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_list(app, pilot)
        if isinstance(app.screen, ConfirmDialog):
            await pilot.press("escape")
            await settle(pilot)
        before = option_text(app, FINISHED_SCENARIO)
        assert "✓ beendet: " in before and " Punkte, " in before
        result = before.split("✓ beendet: ")[1]
        await highlight(app, pilot, FINISHED_SCENARIO)
        await pilot.press("n")  # play it again, deliberately
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ScenarioListScreen)
        after = option_text(app, FINISHED_SCENARIO)
        assert "▶ neuer Durchlauf läuft – 1 Entscheidung getroffen" in after
        assert f"✓ zuletzt beendet: {result}" in after


async def test_a_single_point_is_singular(saves: Path) -> None:
    """„1 Punkt“, not „1 Punkte“ (a run that ends with every meter at zero scores little)."""
    from kundenspiel.ui.screens.scenarios import scenario_status

    clock = FixedClock()
    store = SaveStore(saves, clock=clock)
    choices = first_available_path(FINISHED_SCENARIO)
    record_playthrough(store, clock, "Alex", FINISHED_SCENARIO, choices)
    [record] = store.playthroughs(store.ensure_player("Alex").key)
    one_point = record.model_copy(update={"score": 1})
    status = scenario_status([one_point], FINISHED_SCENARIO)
    assert "1 Punkt," in status.describe()
    assert "1 Punkte" not in status.describe()
    # A practice run with a better score is no result of the player's.
    practice = one_point.model_copy(update={"id": "uebung", "score": 99, "practice_of": record.id})
    assert scenario_status([one_point, practice], FINISHED_SCENARIO).best == one_point


@pytest.mark.parametrize(
    "failure",
    [
        StoreError("Die Spielstände von „Alex“ sind beschädigt und konnten nicht gelesen werden."),
        PermissionError(errno.EACCES, "Permission denied", "/saves/players/abc.json"),
    ],
    ids=["store-error", "os-error"],
)
async def test_an_unreadable_save_is_explained_and_the_game_goes_on(
    failure: Exception, saves: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(saves)
    app = make_app(saves)

    def unreadable(self: SaveStore, player_key: str) -> list[object]:
        raise failure

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(SaveStore, "playthroughs", unreadable)
        await open_list(app, pilot)
        assert app.is_running
        assert isinstance(app.screen, ScenarioListScreen)
        [message] = [m for m in notifications(app) if "Dein Stand" in m]
        assert message.startswith("Dein Stand konnte nicht gelesen werden: ")
        if isinstance(failure, OSError):
            assert "keine Berechtigung (/saves/players/abc.json)" in message
            assert "Permission denied" not in message
        else:
            assert str(failure) in message
        await highlight(app, pilot, "druckerpatrone")
        await pilot.press("enter")  # playing still works
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)


async def test_titles_and_names_with_markup_are_shown_as_written(tmp_path: Path) -> None:
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    text = MINI_SCENARIO.read_text(encoding="utf-8").replace('"Die Reklamation"', f'"{MARKUP_TITLE}"')
    (scenarios / "mini.yaml").write_text(text, encoding="utf-8")
    saves = tmp_path / "saves"
    clock = FixedClock()
    store = SaveStore(saves, clock=clock)
    scenario = load_scenario(scenarios / "mini.yaml")
    assert scenario.title == MARKUP_TITLE
    player = store.ensure_player("[bold red]x")
    store.save_playthrough(
        store.new_playthrough(
            player,
            scenario_id=scenario.id,
            scenario_version=scenario.version,
            content_hash=scenario.fingerprint(),
            group_code=None,
            start_meters=scenario.start.meters.as_dict(),
        )
    )
    app = make_app(saves, scenarios)
    async with app.run_test(size=(120, 40)) as pilot:
        list_screen = await open_list(app, pilot, "[bold red]x")
        assert list_screen.sub_title == "Szenarien – [bold red]x"
        assert isinstance(app.screen, ConfirmDialog)  # the resume question quotes the title
        question = str(app.screen.query_one("#question", Static).render())
        assert f"„{MARKUP_TITLE}“" in question
        await pilot.press("escape")
        await settle(pilot)
        assert MARKUP_TITLE in option_text(app, "mini")
        assert app.is_running


def test_a_title_in_quotes_is_not_quoted_again() -> None:
    title = load_scenario(SCENARIO_DIR / "schon_immer_so.yaml").title
    assert title.startswith("„")
    assert quoted(title) == title
    assert quoted("Keine Befugnis") == "„Keine Befugnis“"


async def test_the_resume_question_quotes_a_quoted_title_once(saves: Path) -> None:
    clock = FixedClock()
    store = SaveStore(saves, clock=clock)
    record_playthrough(store, clock, "Alex", "schon_immer_so", first_available_path("schon_immer_so")[:1])
    app = make_app(saves)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_list(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query_one("#question", Static).render())
        assert "Du hast „Das haben wir schon immer so gemacht“ noch nicht beendet" in question
        assert "„„" not in question and "““" not in question


async def test_the_debrief_shows_titles_with_markup_as_written(tmp_path: Path) -> None:
    from kundenspiel.engine import play

    text = MINI_SCENARIO.read_text(encoding="utf-8")
    for ending in ("Zufrieden", "Gelöst, aber nicht von dir", "Verloren"):
        text = text.replace(f'title: "{ending}"', f'title: "{MARKUP_TITLE} {ending}"')
    text = text.replace('"Die Reklamation"', f'"{MARKUP_TITLE}"')
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path)
    state = play.start(scenario)
    while not state.ended:
        option = next(o for o in play.options(scenario, state) if o.available)
        state = play.choose(scenario, state, option.choice.id).state
    app = make_app(tmp_path / "saves")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = DebriefScreen(scenario, state)
        await app.push_screen(screen)
        await settle(pilot)
        verdict = str(screen.query_one("#verdict", Static).render())
        title = scenario.ending(state.ending_id or "").title
        assert title.startswith(MARKUP_TITLE)
        assert title in verdict
        assert screen.sub_title == f"Auswertung – {MARKUP_TITLE}"
        assert app.is_running
