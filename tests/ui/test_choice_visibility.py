"""Every answer of every reachable situation of every shipped scenario is fully on screen, at
every supported terminal size, or the list says in words that there are more (issue 9, item 12)."""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.strip import Strip

from kundenspiel.engine import GameState, Scenario, load_scenario, play
from kundenspiel.engine.explore import explore
from kundenspiel.store import SaveStore
from kundenspiel.ui.app import KundenspielApp
from kundenspiel.ui.screens.play import PlayScreen
from kundenspiel.ui.widgets.choices import MORE_ABOVE, MORE_BELOW, ChoiceList, ChoiceView
from tests.conftest import SCENARIO_DIR, repository_scenarios
from tests.ui.conftest import make_app, settle

# Kessler's numbers in „Die Druckerpatrone“ without a frame asked for: answers 1 and 2 locked,
# 3 and 4 available.
LOCKED_FIRST = [
    "kurz_und_weiter",
    "historie_nachsehen",
    "express_ehrlich",
    "abraten",
    "ehrlich_zusagen",
    "nachfragen",
    "passend_kurz",
    "rueckrufe_abnehmen",
    "ehrlich_verfolgen",
]


SIZES = [(80, 24), (100, 30), (120, 40), (200, 50)]
# Where the options are long enough that the list must scroll, the player still sees at least
# this many lines of them (so the hint never stands for a list squeezed to nothing).
MIN_VISIBLE_LINES = 6


def situations(scenario: Scenario) -> list[GameState]:
    """One game state per distinct situation the player can be in: a node together with
    which of its choices are offered and which of those are locked.

    The explorer visits every reachable state once; each situation is then replayed along the
    shortest path to it, so the state shown is one a player can really be in."""
    graph = explore(scenario)
    assert not graph.truncated
    parent: dict[int, tuple[int, str] | None] = {0: None}
    queue = deque([0])
    order = []
    while queue:
        index = queue.popleft()
        order.append(index)
        for move in graph.transitions[index]:
            if move.target_state is not None and move.target_state not in parent:
                parent[move.target_state] = (index, move.choice_id)
                queue.append(move.target_state)
    found: dict[tuple[object, ...], GameState] = {}
    for index in order:
        explored = graph.states[index]
        context = explored.context()
        offered = tuple(
            (choice.id, available)
            for choice in scenario.node(explored.node_id).choices
            if (available := choice.condition is None or choice.condition.evaluate(context))
            or not choice.hidden
        )
        key = (explored.node_id, offered)
        if key in found:
            continue
        path: list[str] = []
        step = parent[index]
        while step is not None:
            path.append(step[1])
            step = parent[step[0]]
        replayed = play.replay(scenario, reversed(path))
        assert replayed.complete
        state = replayed.state
        assert offered == tuple((o.choice.id, o.available) for o in play.options(scenario, state))
        found[key] = state
    return list(found.values())


def flat(text: str) -> str:
    """Text with every run of whitespace made one space, to compare across line wraps."""
    return re.sub(r"\s+", " ", text).strip()


def screen_strips(app: KundenspielApp) -> list[Strip]:
    """What the terminal shows, line by line."""
    return list(app.screen._compositor.render_strips())


def region_text(strips: list[Strip], region: Region) -> list[str]:
    """The characters of ``region``, line by line (cut by cells: 🔒 takes two)."""
    return [strip.crop(region.x, region.right).text for strip in strips[region.y : region.bottom]]


def shown_in_full(view: ChoiceView, visible: str) -> bool:
    """True when the choice's text (and, if locked, its reason) is on screen completely."""
    if flat(view.text) not in visible:
        return False
    return view.available or flat(view.reason or "Gesperrt") in visible


async def open_play_screen(
    app: KundenspielApp, pilot: Pilot[None], scenario: Scenario, saves: Path
) -> PlayScreen:
    """A play screen for ``scenario``, without clicking through sign-in and the list."""
    await settle(pilot)
    session = app.session
    session.store = SaveStore(saves)
    session.player = session.store.ensure_player("Alex")
    screen = PlayScreen(scenario, None)
    await app.push_screen(screen)
    await settle(pilot)
    return screen


def views_of(scenario: Scenario, state: GameState) -> list[ChoiceView]:
    """The list's entries for ``state``, as the play screen builds them."""
    return [
        ChoiceView(o.choice.id, o.choice.text.strip(), o.available, o.reason)
        for o in play.options(scenario, state)
    ]


async def show(pilot: Pilot[None], screen: PlayScreen, scenario: Scenario, state: GameState) -> ChoiceList:
    """Fill the list with the answers of ``state`` the way the play screen does after
    „Weiter“: the list was hidden behind the last feedback and is filled while still hidden.

    Only the list is refilled, not the situation text: the list takes the height its answers
    need whatever the situation says, and rebuilding the Markdown for each of several hundred
    situations would make this test slow. ``test_pilot_play`` checks the full screens."""
    choices = screen.query_one("#choices", ChoiceList)
    choices.display = False
    await pilot.pause()
    choices.show_choices(views_of(scenario, state))
    choices.display = True
    choices.focus()
    await pilot.pause()
    return choices


def problems_at(app: KundenspielApp, choices: ChoiceList, scenario: Scenario, state: GameState) -> list[str]:
    """What is wrong with the list as rendered: options cut without a hint, a hint that lies."""
    strips = screen_strips(app)
    inner = choices.content_region
    visible = flat(" ".join(region_text(strips, inner)))
    outer = choices.region
    top = region_text(strips, Region(outer.x, outer.y, outer.width, 1))[0]
    bottom = region_text(strips, Region(outer.x, outer.bottom - 1, outer.width, 1))[0]
    hinted = MORE_ABOVE in top or MORE_BELOW in bottom
    cut = [view.choice_id for view in choices.views if not shown_in_full(view, visible)]
    where = f"{scenario.id} at {state.node_id} after {state.choice_ids}"
    found = []
    if cut and not hinted:
        found.append(f"{where}: {cut} cut off, and nothing says there is more")
    if hinted and not cut:
        found.append(f"{where}: says there are more answers, but all are visible")
    if cut and inner.height < MIN_VISIBLE_LINES:
        found.append(f"{where}: only {inner.height} lines for the answers")
    return found


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_answer_is_visible_or_the_list_says_there_are_more(
    size: tuple[int, int], tmp_path: Path
) -> None:
    app = make_app(tmp_path / "saves")
    found: list[str] = []
    async with app.run_test(size=size) as pilot:
        for path in repository_scenarios():
            scenario = load_scenario(path)
            screen = await open_play_screen(app, pilot, scenario, tmp_path / "saves")
            for state in situations(scenario):
                choices = await show(pilot, screen, scenario, state)
                found.extend(problems_at(app, choices, scenario, state))
            app.pop_screen()
            await pilot.pause()
    assert not found, "\n".join(found)


async def test_the_arrows_bring_every_answer_into_view(tmp_path: Path) -> None:
    """Where the list must scroll, ↓ and ↑ (which skip locked answers) still bring the last
    and the first answer into view, locked ones included, and the hints follow."""
    scenario = load_scenario(SCENARIO_DIR / "druckerpatrone.yaml")
    app = make_app(tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_play_screen(app, pilot, scenario, tmp_path / "saves")
        # Kessler's numbers without a frame asked for: two locked answers, then two available.
        state = play.replay(scenario, LOCKED_FIRST).state
        choices = await show(pilot, screen, scenario, state)
        assert [view.available for view in choices.views] == [False, False, True, True]

        def visible() -> str:
            return flat(" ".join(region_text(screen_strips(app), choices.content_region)))

        for _ in choices.views:
            await pilot.press("down")
        await pilot.pause()
        assert shown_in_full(choices.views[-1], visible())
        assert not shown_in_full(choices.views[0], visible())
        assert choices.border_title == MORE_ABOVE and not choices.border_subtitle
        for _ in choices.views:
            await pilot.press("up")
        await pilot.pause()
        assert shown_in_full(choices.views[0], visible())
        assert choices.border_subtitle == MORE_BELOW and not choices.border_title
