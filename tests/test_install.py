"""A real, non-editable install: a wheel built from a clean copy, installed into a fresh virtual
environment, used from an unrelated folder with an empty home, as a `pipx install` user would.

Installing the wheel fetches the dependencies from the package index. Without one (an offline
laptop) the test is skipped with the reason; in CI (CI=true) that is a failure instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO, repository_scenarios

# What a clean clone does not have: the developer's environment, results and caches.
NOT_IN_A_CLEAN_COPY = shutil.ignore_patterns(
    ".git", ".venv*", "saves", "__pycache__", "*.egg-info", "build", "dist", ".*_cache", "*.pyc"
)
BIN = "Scripts" if os.name == "nt" else "bin"


@dataclass(frozen=True)
class Installed:
    """The fresh install and the empty world it runs in."""

    venv: Path
    home: Path
    elsewhere: Path

    def run(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        """Run ``kundenspiel`` from the unrelated folder, with only the empty home to go by."""
        return self.run_program(str(self.venv / BIN / "kundenspiel"), *arguments)

    def run_program(self, *command: str) -> subprocess.CompletedProcess[str]:
        """Run a program of the fresh environment in the empty world."""
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("XDG_", "KUNDENSPIEL_", "PYTHON", "VIRTUAL_ENV"))
        }
        environment |= {"HOME": str(self.home), "PATH": f"{self.venv / BIN}{os.pathsep}{os.environ['PATH']}"}
        return subprocess.run(
            command, cwd=self.elsewhere, env=environment, capture_output=True, text=True, timeout=300
        )


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must prove a non-editable install: {reason}")
    pytest.skip(f"no non-editable install possible here: {reason}")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    """Build the wheel from a clean copy of the repository and install it without -e."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    shutil.copytree(REPO, source, ignore=NOT_IN_A_CLEAN_COPY, symlinks=True)
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--wheel-dir",
            str(root / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
    )
    if built.returncode != 0:
        _unavailable(f"building the wheel failed:\n{built.stderr[-2000:]}")
    wheel = next((root / "dist").glob("kundenspiel-*.whl"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run(
        [str(venv / BIN / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
    )
    if pip.returncode != 0:
        _unavailable(f"installing the wheel failed:\n{pip.stderr[-2000:]}")
    home, elsewhere = root / "home", root / "anderswo"
    home.mkdir()
    elsewhere.mkdir()
    yield Installed(venv, home, elsewhere)


def user_data(installed: Installed) -> Path:
    """Where platformdirs puts per-user data on this platform with that home."""
    probe = installed.run_program(
        str(installed.venv / BIN / "python"),
        "-c",
        "import platformdirs; print(platformdirs.user_data_dir('kundenspiel', appauthor=False))",
    )
    return Path(probe.stdout.strip())


def test_the_wheel_carries_no_checkout_assumption(installed: Installed) -> None:
    version = installed.run("--version")
    assert version.returncode == 0 and version.stdout.startswith("kundenspiel 0.")
    assert installed.run("-V").stdout == version.stdout


def test_check_finds_and_passes_every_shipped_scenario(installed: Installed) -> None:
    checked = installed.run("check", "--strict")
    count = len(repository_scenarios())
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.strip().splitlines()[-1] == f"{count} Dateien geprüft: 0 Fehler, 0 Warnungen"


def test_the_guide_travels_with_the_package(installed: Installed) -> None:
    guide = installed.run("guide", "--text")
    assert guide.returncode == 0, guide.stderr
    assert guide.stdout == (REPO / "scenarios" / "README.md").read_text(encoding="utf-8")


def test_new_then_game_lists_everything_and_saves_in_the_user_folder(installed: Installed) -> None:
    created = installed.run("new", "probe_fall")
    assert created.returncode == 0, created.stderr
    own = user_data(installed) / "scenarios"
    assert (own / "probe_fall.yaml").is_file()
    assert (own / "kundenspiel.schema.json").is_file()
    assert str(own / "probe_fall.yaml") in created.stdout
    checked = installed.run("check", "--strict")
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.startswith(f"{len(repository_scenarios()) + 1} Dateien geprüft")

    played = installed.run_program(str(installed.venv / BIN / "python"), "-c", HEADLESS_GAME)
    assert played.returncode == 0, played.stdout + played.stderr
    shown = json.loads(played.stdout.strip().splitlines()[-1])
    expected = {path.stem for path in repository_scenarios()} | {"probe_fall"}
    assert set(shown["listed"]) == expected
    saves = user_data(installed) / "saves"
    assert Path(shown["saves"]) == saves
    assert (saves / "index.json").is_file()
    assert list(installed.elsewhere.iterdir()) == []

    info = installed.run("info")
    assert info.returncode == 0
    assert f"{saves}\n" in info.stdout and "1 Person, " in info.stdout


# Runs inside the fresh environment: the real game, started as `kundenspiel` would start it,
# signs in and reports which scenarios its list shows.
HEADLESS_GAME = textwrap.dedent(
    """
    import asyncio, json
    from textual.widgets import OptionList
    from kundenspiel.cli import build_parser, game_config
    from kundenspiel.ui.app import KundenspielApp

    async def play():
        app = KundenspielApp(game_config(build_parser().parse_args([])))
        async with app.run_test(size=(120, 40)) as pilot:
            # An empty home has no cache: every shipped scenario is checked in full first.
            for _ in range(1200):
                if app.session.catalog is not None and app.session.store is not None:
                    break
                await pilot.pause(0.1)
            await pilot.press(*"Robin", "enter")
            for _ in range(600):
                await pilot.pause(0.1)
                found = app.screen.query("#scenario-list")
                if found and found.first(OptionList).option_count:
                    break
            options = app.screen.query_one("#scenario-list", OptionList)
            listed = [options.get_option_at_index(i).id for i in range(options.option_count)]
            await app.wait_for_saves()
        print(json.dumps({"listed": listed, "saves": str(app.session.config.saves_dir)}))

    asyncio.run(play())
    """
)
