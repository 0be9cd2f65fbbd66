"""``kundenspiel serve`` in a real browser: Debian's headless Chromium, driven over the DevTools
protocol in real time (a screenshot with a virtual time budget would only see the loading page).

A trainee opens the address, signs in, makes a choice, and the choice is in the saves folder;
a reload ends that tab's game, and signing in again resumes at the same decision.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kundenspiel.engine import load_scenario
from kundenspiel.store import SaveStore
from tests.conftest import SCENARIO_DIR
from tests.serve.cdp import Page, chromium_page, find_chromium

NAME = "Jörg Übel-Ñandú"
LOADING = "noch geladen"
AT_SECOND_DECISION = ("Weg bisher", "1–9 Auswahl", "1 Entscheidung getroffen")
"""The play screen's footer and sidebar at the second decision (the scenario list shows the count too)."""
FEEDBACK_SHOWN = "Weiter mit Enter"
START_TIMEOUT = 120
"""Seconds for a server, a browser or a game to come up on a loaded two-core machine."""


def _needed(what: str, missing: bool) -> None:
    if not missing:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing, and CI=true does not allow skipping the browser test")
    pytest.skip(f"{what} is missing: the browser test needs it (.ci/run installs it)")


@pytest.fixture
def chromium() -> str:
    """The browser's executable (skipped without one, failed with CI=true)."""
    found = find_chromium()
    _needed("chromium", found is None)
    assert found is not None
    return found


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    """``kundenspiel serve`` on a free port with private folders: its address, saves, process."""
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        _needed("textual-serve", True)
    saves, scenarios = tmp_path / "saves", tmp_path / "scenarios"
    scenarios.mkdir()
    command = [sys.executable, "-m", "kundenspiel", "serve", "--port", "0"]
    process = subprocess.Popen(
        [*command, "--saves", str(saves), "--scenarios", str(scenarios)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    printed: list[str] = []
    for line in process.stdout:
        printed.append(line)
        if match := re.search(r"Nur dieser Computer erreicht das Spiel: (http://\S+/)", line):
            break
    else:
        pytest.fail("serve printed no address:\n" + "".join(printed))
    try:
        yield match.group(1), saves, process
    finally:
        process.terminate()
        rest = process.communicate(timeout=60)[0]
    assert process.returncode == 0, rest
    assert "kundenspiel serve beendet" in rest


def game_processes(server: subprocess.Popen[str]) -> list[int]:
    """The ids of the game processes the server runs (one per open tab)."""
    found = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError, ValueError, IndexError):
            if not entry.name.isdigit():
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes().split(b"\0")
            if int(fields[1]) == server.pid and b"--served" in command:
                found.append(int(entry.name))
    return found


async def sign_in(page: Page) -> None:
    """Type the name and press Enter until the scenario list shows: an Enter while the scenarios
    are still loading is answered with a notice, and only then pressed again (an Enter sent twice
    would open the first scenario)."""
    await page.wait_for_text("Dein Name", timeout=START_TIMEOUT)
    await page.type_text(NAME)
    while True:
        await page.press("Enter")
        if await page.wait_for_any("Abmelden", LOADING, timeout=START_TIMEOUT) == "Abmelden":
            return
        await page.wait_for_gone(LOADING, timeout=START_TIMEOUT)


async def go_on(page: Page) -> list[str]:
    """Enter after a choice's feedback, again while the feedback stays (an Enter that came
    before the screen took it), until the next decision shows; its rows."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        await page.press("Enter")
        try:
            return await page.wait_for_text(*AT_SECOND_DECISION, timeout=5)
        except AssertionError:
            if time.monotonic() > deadline or FEEDBACK_SHOWN not in "\n".join(await page.screen()):
                raise


def choice_line(rows: list[str]) -> str:
    """The words of the choice made, as the reaction's first row shows them."""
    found = next(re.search(r"Deine Wahl: (.*?)\s*│", row) for row in rows if "Deine Wahl" in row)
    assert found is not None, rows
    return found.group(1)


def decision_rows(rows: list[str]) -> list[str]:
    """The screen below the header: the situation, the choices and the meters."""
    return [row.rstrip() for row in rows[1:]]


async def wait_for_saved_steps(saves: Path, count: int, timeout: float = 60) -> SaveStore:
    """Poll the saves folder until the one run there has ``count`` steps."""
    deadline = time.monotonic() + timeout
    store = SaveStore(saves)
    while time.monotonic() < deadline:
        players = store.players() if saves.exists() else []
        if players and (runs := store.playthroughs(players[0].key)) and len(runs[0].steps) == count:
            return store
        await asyncio.sleep(0.25)
    raise AssertionError(f"no run with {count} saved steps in {saves} after {timeout} s")


async def test_a_trainee_plays_in_the_browser_and_resumes_after_a_reload(
    chromium: str, served: tuple[str, Path, subprocess.Popen[str]], tmp_path: Path
) -> None:
    url, saves, server = served
    async with chromium_page(chromium, tmp_path / "browser") as page:
        await page.open(url)
        await sign_in(page)
        assert await page.evaluate("document.title") == "kundenspiel"
        await page.press("Enter")
        await page.wait_for_text("Weg bisher", "0 Entscheidungen getroffen", timeout=START_TIMEOUT)
        await page.press("1")
        after_choice = await page.wait_for_text("Deine Wahl", timeout=START_TIMEOUT)

        store = await wait_for_saved_steps(saves, 1)
        (player,) = store.players()
        assert player.name == NAME
        (record,) = store.playthroughs(player.key)
        scenario = load_scenario(SCENARIO_DIR / f"{record.scenario_id}.yaml")
        node = next(node for node in scenario.nodes if node.id == record.steps[0].node_id)
        assert record.steps[0].choice_id == node.choices[0].id
        assert any(row.startswith("╭") for row in after_choice)
        # The header's icon is a character browsers have (Textual's ⭘ was a missing glyph).
        assert after_choice[0].lstrip().startswith("≡")

        before_reload = decision_rows(await go_on(page))
        await page.screenshot(tmp_path / "before-reload.png")
        (first_game,) = game_processes(server)

        await page.reload()
        await sign_in(page)
        await page.press("Enter")
        # Resuming shows the reaction to the last choice again, then Enter leads to the decision
        # the tab was at.
        reaction = await page.wait_for_text("Deine Wahl", FEEDBACK_SHOWN, timeout=START_TIMEOUT)
        assert choice_line(reaction) == choice_line(after_choice)
        assert decision_rows(await go_on(page)) == before_reload
        # The reload ended the first tab's game: only the new one runs.
        assert await until(lambda: game_processes(server) != [first_game])
        assert len(game_processes(server)) == 1


async def until(condition: Callable[[], bool], timeout: float = 60) -> bool:
    """Whether ``condition`` came true within ``timeout`` seconds of real time."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.25)
    return True
