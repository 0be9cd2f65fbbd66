"""``kundenspiel play FILE [--from NODE] [--watch]``: a file played from disk, reloaded on save."""

from __future__ import annotations

from pathlib import Path

import pytest

from kundenspiel.cli import build_parser, main
from kundenspiel.commands.trainer import wants_preview
from kundenspiel.engine import load_scenario, play
from kundenspiel.engine.preview import PreviewError, carry_over, starting_at
from kundenspiel.ui.preview import PreviewApp, PreviewConfig
from kundenspiel.ui.screens.debrief import DebriefScreen
from kundenspiel.ui.screens.preview import FileStamp, PreviewPlayScreen
from kundenspiel.ui.widgets.choices import ChoiceList
from tests.conftest import MINI_SCENARIO


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINI_SCENARIO.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def shown_choices(app: PreviewApp) -> list[str]:
    return [view.choice_id for view in app.screen.query_one("#choices", ChoiceList).views]


def test_starting_at_a_node_keeps_the_start_values(mini_text: str) -> None:
    scenario = load_scenario(MINI_SCENARIO)
    moved = starting_at(scenario, "leitung")
    assert moved.start.node == "leitung"
    assert moved.start.meters == scenario.start.meters
    assert play.start(moved).node_id == "leitung"
    with pytest.raises(PreviewError, match="„leitng“ gibt es nicht – meintest du „leitung“"):
        starting_at(scenario, "leitng")
    with pytest.raises(PreviewError, match="ist ein Ende, keine Station"):
        starting_at(scenario, "ende_gut")


def test_carry_over_says_where_the_path_breaks() -> None:
    scenario = load_scenario(MINI_SCENARIO)
    kept = carry_over(scenario, ["nachfragen"])
    assert kept.replay.complete and "nach Entscheidung 1" in kept.message
    broken = carry_over(scenario, ["nachfragen", "weg"])
    assert not broken.replay.complete
    assert "passt nicht mehr: Schritt 2: Die Auswahl „weg“ gibt es bei „leitung“ nicht." in broken.message
    assert broken.message.endswith("Du machst nach Entscheidung 1 weiter.")


def test_file_stamp_notices_changed_content_once(scenario_file: Path) -> None:
    stamp = FileStamp(scenario_file)
    assert not stamp.changed()
    scenario_file.write_text(scenario_file.read_text() + "\n# Kommentar\n", encoding="utf-8")
    assert stamp.changed()
    assert not stamp.changed()


def test_play_decides_between_game_and_preview() -> None:
    parser = build_parser()
    assert not wants_preview(parser.parse_args(["play", "druckerpatrone"]))
    assert wants_preview(parser.parse_args(["play", "scenarios/druckerpatrone.yaml"]))
    assert wants_preview(parser.parse_args(["play", "druckerpatrone", "--from", "lieferung"]))
    assert wants_preview(parser.parse_args(["play", "druckerpatrone", "--watch"]))


def test_bad_files_and_nodes_end_without_traceback(
    scenario_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["play", str(scenario_file), "--from", "leitng"]) == 1
    assert "Station „leitng“ gibt es nicht – meintest du „leitung“?" in capsys.readouterr().err
    assert main(["play", str(scenario_file.with_name("fehlt.yaml"))]) == 1
    assert "Datei nicht gefunden" in capsys.readouterr().err


async def test_preview_starts_at_the_node_and_saves_nothing(scenario_file: Path, tmp_path: Path) -> None:
    scenario = load_scenario(scenario_file)
    app = PreviewApp(PreviewConfig(scenario_file, "leitung"), scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PreviewPlayScreen)
        assert shown_choices(app) == ["befugnis_erbitten", "abgeben"]
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert app.screen.state.ending_id == "ende_gemischt"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PreviewPlayScreen)
        assert shown_choices(app) == ["befugnis_erbitten", "abgeben"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini.yaml"]


async def test_watch_reload_keeps_the_path_and_shows_the_new_text(scenario_file: Path) -> None:
    scenario = load_scenario(scenario_file)
    app = PreviewApp(PreviewConfig(scenario_file, None, watch=True), scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PreviewPlayScreen)
        await pilot.press("2", "enter")  # nachfragen → leitung
        await pilot.pause()
        assert shown_choices(app) == ["befugnis_erbitten", "abgeben"]
        text = scenario_file.read_text(encoding="utf-8")
        scenario_file.write_text(
            text.replace("Die Filialleiterin ist gerade da.", "Die Filialleiterin kommt gerade herein."),
            encoding="utf-8",
        )
        assert screen.stamp.changed()  # what the timer asks twice a second
        screen.reload_from_disk()
        await pilot.pause()
        assert screen.state is not None and screen.state.choice_ids == ["nachfragen"]
        assert screen.state.node_id == "leitung"
        assert "kommt gerade herein" in screen.scenario.node("leitung").text
        assert any(
            "Dein Weg gibt es noch, du bist nach Entscheidung 1" in n.message for n in app._notifications
        )


async def test_watch_reload_says_where_the_path_no_longer_exists(scenario_file: Path) -> None:
    scenario = load_scenario(scenario_file)
    app = PreviewApp(PreviewConfig(scenario_file, None, watch=True), scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PreviewPlayScreen)
        await pilot.press("2", "enter", "1", "enter")  # nachfragen, befugnis_erbitten → theke_zwei
        await pilot.pause()
        text = scenario_file.read_text(encoding="utf-8")
        scenario_file.write_text(
            text.replace("id: befugnis_erbitten", "id: befugnis_erfragen"), encoding="utf-8"
        )
        screen.reload_from_disk()
        await pilot.pause()
        assert screen.state is not None and screen.state.node_id == "leitung"
        assert shown_choices(app) == ["befugnis_erfragen", "abgeben"]
        messages = [n.message for n in app._notifications]
        assert any(
            "dein Weg passt nicht mehr: Schritt 2" in m and "nach Entscheidung 1 weiter" in m
            for m in messages
        )


async def test_a_broken_save_keeps_the_previous_version(scenario_file: Path) -> None:
    scenario = load_scenario(scenario_file)
    app = PreviewApp(PreviewConfig(scenario_file, None, watch=True), scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PreviewPlayScreen)
        await pilot.press("2", "enter")
        await pilot.pause()
        scenario_file.write_text(scenario_file.read_text().replace("next: theke_zwei", "next: theke_drei"))
        screen.reload_from_disk()
        await pilot.pause()
        assert screen.state is not None and screen.state.node_id == "leitung"
        assert screen.scenario.node("leitung").choices[0].next == "theke_zwei"
        assert any("Die Datei hat Fehler" in n.message for n in app._notifications)


async def test_esc_in_the_preview_is_labelled_as_what_it_does(scenario_file: Path) -> None:
    app = PreviewApp(PreviewConfig(scenario_file, None), load_scenario(scenario_file))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        escape = [
            binding for binding in app.screen.active_bindings.values() if binding.binding.key == "escape"
        ]
        assert [binding.binding.description for binding in escape] == ["Vorschau beenden"]
