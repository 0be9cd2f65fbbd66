"""A child process that plays the real game, headless, and reports every feedback it shows;
the parent's side of the kill test (start children, kill them, check the saves).
tests/ui/test_saving.py runs a few kills, benchmarks/kill.py the big count.

Child usage: ``python -m tests.ui.kill_child SAVES SCENARIOS CACHE NAME [--at-choice]``

Signs in as NAME on the save folder SAVES, opens the first scenario in the folder SCENARIOS
(validated scenarios cached in CACHE, so a child starts quickly) and always takes the first
available choice. The moment the play screen has drawn a choice's feedback, it prints
``shown <playthrough id> <number of steps> <choice id>`` and flushes: the parent kills it on
that line, so whatever the screen showed as done must already be on disk. The screen's own
method is wrapped here; the game carries no test hook. When the scenario ends it prints ``end``.

With ``--at-choice`` it reports the moment a choice is taken instead, before its save is done:
that is when the screen used to draw the feedback, the baseline benchmarks/kill.py compares with.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
SIZE = (120, 40)


def watch(screen_class: type, report: list[str]) -> None:
    """Wrap the method that draws a choice's feedback so it reports right after drawing it."""
    original = screen_class.watch_pending  # type: ignore[attr-defined]

    def drawn(self, step) -> None:  # type: ignore[no-untyped-def]
        original(self, step)
        if step is not None and self.record is not None:
            line = f"shown {self.record.id} {len(step.state.path)} {step.choice.id}"
            print(line, flush=True)
            report.append(line)

    screen_class.watch_pending = drawn  # type: ignore[attr-defined]


def watch_choices(screen_class: type, report: list[str]) -> None:
    """Wrap the method that logs a taken choice and starts its save, so it reports as soon as
    the save has been started. (``chosen`` itself is a message handler Textual registered at
    class creation, so wrapping it would not take effect.)"""
    original = screen_class.record_step  # type: ignore[attr-defined]

    def taken(self, step) -> None:  # type: ignore[no-untyped-def]
        original(self, step)
        if self.record is not None:
            line = f"shown {self.record.id} {len(step.state.path)} {step.choice.id}"
            print(line, flush=True)
            report.append(line)

    screen_class.record_step = taken  # type: ignore[attr-defined]


async def play(saves: Path, scenarios: Path, cache: Path, name: str, *, at_choice: bool = False) -> None:
    """Play the scenario to its end, first available choice each time, reporting every feedback."""
    from kundenspiel.engine import play as rules
    from kundenspiel.ui.app import KundenspielApp
    from kundenspiel.ui.screens.play import PlayScreen
    from kundenspiel.ui.session import GameConfig
    from tests.ui.conftest import FixedClock, settle, sign_in

    report: list[str] = []
    (watch_choices if at_choice else watch)(PlayScreen, report)
    scenario_id = sorted(scenarios.glob("*.yaml"))[0].stem
    config = GameConfig(
        saves_dir=saves,
        scenario_dir=scenarios,
        clock=FixedClock(),
        start_scenario=scenario_id,
        cache_dir=cache,
    )
    app = KundenspielApp(config)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, name)
        while isinstance(app.screen, PlayScreen):
            screen = app.screen
            state = screen.state
            assert state is not None
            offered = rules.options(screen.scenario, state)
            number = next(n for n, option in enumerate(offered, 1) if option.available)
            shown = len(report)
            await pilot.press(str(number))
            while len(report) == shown:
                await pilot.pause(0.001)
            while screen.pending is None:  # with --at-choice the report comes before the feedback
                await pilot.pause(0.001)
            await pilot.press("enter")
            await settle(pilot)
        print("end", flush=True)


def start_child(
    saves: Path, scenarios: Path, cache: Path, name: str, *, at_choice: bool = False
) -> subprocess.Popen[str]:
    """Start a child playing the scenario in ``scenarios`` as ``name``."""
    flags = ["--at-choice"] if at_choice else []
    return subprocess.Popen(
        [sys.executable, "-m", "tests.ui.kill_child", str(saves), str(scenarios), str(cache), name, *flags],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@dataclass
class KillResult:
    """What the kills found: feedbacks shown right before a kill, and those missing on disk."""

    kills: int = 0
    lost: list[str] = field(default_factory=list)


def kill_after(child: subprocess.Popen[str], feedbacks: int) -> str:
    """Read the child's reports until its ``feedbacks``-th feedback, SIGKILL it at once, and
    return that report line."""
    import signal

    assert child.stdout is not None
    line = ""
    for _ in range(feedbacks):
        line = child.stdout.readline()
        if not line.startswith("shown "):
            child.kill()
            _, errors = child.communicate(timeout=60)
            raise RuntimeError(f"the game ended without the expected feedback ({line!r}): {errors}")
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=60)
    return line


def on_disk(saves: Path, line: str) -> bool:
    """Whether the choice a ``shown …`` line reports is in the save folder."""
    from kundenspiel.store import SaveStore

    _, record_id, steps, choice_id = line.split()
    store = SaveStore(saves)
    for player in store.players():
        for record in store.playthroughs(player.key):
            if record.id == record_id:
                count = int(steps)
                return len(record.steps) >= count and record.steps[count - 1].choice_id == choice_id
    return False


if __name__ == "__main__":
    arguments = [argument for argument in sys.argv[1:] if argument != "--at-choice"]
    paths = [Path(argument) for argument in arguments[:3]]
    asyncio.run(play(*paths, arguments[3], at_choice="--at-choice" in sys.argv))
