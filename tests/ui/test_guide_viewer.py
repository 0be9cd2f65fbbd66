"""``kundenspiel guide``: the viewer (contents, links, keys) and the command around it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Markdown, Tree

from kundenspiel import package_data
from kundenspiel.cli import main
from kundenspiel.package_data import guide_text
from kundenspiel.ui.guide import HELP_LINE, GuideApp, GuideContents, GuideScreen, GuideViewer

GUIDE = guide_text()
SECTIONS = [line[3:].replace("`", "") for line in GUIDE.splitlines() if line.startswith("## ")]


async def opened(pilot: Pilot[None]) -> GuideViewer:
    """The viewer once the document and its table of contents are built."""
    await pilot.pause()
    await pilot.pause()
    return pilot.app.screen.query_one(GuideViewer)


def heading(viewer: GuideViewer, title: str) -> Widget:
    block_id = next(block for _, name, block in viewer.document.table_of_contents if name == title)
    return viewer.document.query_one(f"#{block_id}")


def in_view(viewer: GuideViewer, widget: Widget) -> bool:
    return bool(widget.region) and viewer.region.contains_region(widget.region)


def contents_tree(viewer: GuideViewer) -> Tree[dict[str, str]]:
    tree: Tree[dict[str, str]] = viewer.query_one(GuideContents).query_one(Tree)
    return tree


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_opens_on_the_title_with_every_section_in_the_contents(size: tuple[int, int]) -> None:
    app = GuideApp(GUIDE)
    async with app.run_test(size=size) as pilot:
        viewer = await opened(pilot)
        title = GUIDE.splitlines()[0].removeprefix("# ")
        assert in_view(viewer, heading(viewer, title))
        assert viewer.query_one(GuideContents).display
        top_level = [str(node.label) for node in contents_tree(viewer).root.children]
        assert top_level == SECTIONS
        assert len(top_level) >= 12
        assert isinstance(app.focused, Markdown)
        assert app.screen.sub_title == HELP_LINE
        assert "blättern" in HELP_LINE and "Inhalt" in HELP_LINE and "beenden" in HELP_LINE


async def test_choosing_a_section_in_the_contents_shows_it() -> None:
    app = GuideApp(GUIDE)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await opened(pilot)
        tree = contents_tree(viewer)
        await pilot.press("tab")
        assert app.focused is tree
        target = next(n for n in tree.root.children if str(n.label) == "8. YAML-Stolperfallen")
        tree.move_cursor(target)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()  # the contents scroll with an animation
        assert in_view(viewer, heading(viewer, "8. YAML-Stolperfallen"))
        assert not in_view(viewer, heading(viewer, "1. Worum es geht"))


async def test_t_hides_and_shows_the_contents_keeping_the_place() -> None:
    app = GuideApp(GUIDE)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await opened(pilot)
        contents = viewer.query_one(GuideContents)
        assert viewer.jump_to_anchor("7-was-der-prüfer-meldet")
        await pilot.pause()
        place = heading(viewer, "7. Was der Prüfer meldet")
        await pilot.press("t")
        await pilot.pause()
        await pilot.pause()
        assert not contents.display
        assert not viewer.show_table_of_contents
        assert isinstance(app.focused, Markdown)
        # The text is wider now and reflows; the reader still sees the same section.
        assert in_view(viewer, place)
        await pilot.press("t")
        await pilot.pause()
        await pilot.pause()
        assert contents.display
        assert app.focused is contents_tree(viewer)
        assert in_view(viewer, place)


async def test_tab_back_to_the_text_keeps_the_place() -> None:
    app = GuideApp(GUIDE)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await opened(pilot)
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause()
        place = viewer.scroll_y
        assert place > 0
        await pilot.press("tab", "tab")
        await pilot.pause()
        assert isinstance(app.focused, Markdown)
        assert viewer.scroll_y == place


LINKS = [
    ("#4-bedingungen", "4. Bedingungen"),
    ("#9-vollständiges-beispiel", "9. Vollständiges Beispiel"),
    ("#9-vollst%C3%A4ndiges-beispiel", "9. Vollständiges Beispiel"),
    ("#10-pfadtests-tests", "10. Pfadtests (tests)"),
    ("#gesperrt-oder-verborgen", "Gesperrt oder verborgen?"),
]


async def test_a_link_to_a_heading_jumps_there_and_backspace_returns() -> None:
    app = GuideApp(GUIDE)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await opened(pilot)
        screen = app.screen
        assert isinstance(screen, GuideScreen)
        links = re.findall(r"\]\(#([^)]+)\)", GUIDE)
        assert len(links) >= 5
        assert [link for link in links if viewer.anchor_block_id(link) is None] == []
        for href, title in LINKS:
            assert screen.check_action("back", ()) is False
            viewer.document.post_message(Markdown.LinkClicked(viewer.document, href))
            await pilot.pause()
            await pilot.pause()
            assert in_view(viewer, heading(viewer, title)), href
            assert screen.check_action("back", ()) is True
            await pilot.press("backspace")
            await pilot.pause()
            assert viewer.scroll_y == 0
        assert screen.check_action("back", ()) is False


async def test_a_link_to_no_heading_says_so_and_opens_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    opened_urls: list[str] = []
    notices: list[str] = []
    app = GuideApp(GUIDE)
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened_urls.append(url))
    monkeypatch.setattr(app, "notify", lambda message, **_: notices.append(message))
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await opened(pilot)
        viewer.document.post_message(Markdown.LinkClicked(viewer.document, "#gibt-es-nicht"))
        await pilot.pause()
        await pilot.pause()
        assert viewer.scroll_y == 0
        assert opened_urls == []
        assert notices == ["Den Abschnitt „#gibt-es-nicht“ gibt es im Leitfaden nicht."]


@pytest.mark.parametrize("key", ["q", "escape", "ctrl+q"])
async def test_quit_keys(key: str) -> None:
    app = GuideApp(GUIDE)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert app.is_running
        await pilot.press(key)
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_the_games_help_is_not_offered() -> None:
    app = GuideApp(GUIDE)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, GuideScreen)


def test_without_a_terminal_the_guide_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide"]) == 0
    assert capsys.readouterr().out == GUIDE


def test_text_option_prints_the_guide(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guide", "--text"]) == 0
    assert capsys.readouterr().out == GUIDE


def test_on_a_terminal_the_viewer_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[str] = []
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(GuideApp, "run", lambda self, **_: started.append(self.markdown))
    assert main(["guide"]) == 0
    assert started == [GUIDE]


def test_a_missing_guide_is_a_german_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "README.md"
    monkeypatch.setattr(package_data, "guide_path", lambda: missing)
    assert main(["guide"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"kundenspiel guide: Der Leitfaden fehlt in dieser Installation (gesucht: {missing}). "
        "Installiere kundenspiel bitte neu.\n"
    )


def test_a_damaged_guide_is_a_german_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "README.md"
    damaged.write_bytes(b"# Leitfaden f\xfcr Trainer\n")
    monkeypatch.setattr(package_data, "guide_path", lambda: damaged)
    assert main(["guide", "--text"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Der Leitfaden ist beschädigt" in captured.err
    assert "Traceback" not in captured.err


def test_a_reader_that_stops_early_is_no_error() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "kundenspiel", "guide"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before the guide is written: every write meets a closed pipe
    errors = process.stderr.read()
    assert process.wait() == 0
    assert errors == b""
