"""Shared helpers: scenario files written on the fly, and the repository's own scenarios."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kundenspiel.engine import CheckResult, Scenario, check_file, load_scenario

REPO = Path(__file__).resolve().parent.parent
SCENARIO_DIR = REPO / "scenarios"
MINI_SCENARIO = Path(__file__).resolve().parent / "data" / "mini.yaml"


def repository_scenarios() -> list[Path]:
    """The scenario files shipped in scenarios/."""
    return sorted(SCENARIO_DIR.glob("*.yaml"))


@pytest.fixture
def mini() -> Scenario:
    """A small valid scenario with a locked choice, a flag and three endings."""
    return load_scenario(MINI_SCENARIO)


@pytest.fixture
def mini_text() -> str:
    """The text of the mini scenario, to derive broken variants from."""
    return MINI_SCENARIO.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for the whole run: the catalogue's cache only saves time, never changes results."""
    return tmp_path_factory.mktemp("cache-home")


@pytest.fixture(autouse=True)
def private_user_folders(
    tmp_path_factory: pytest.TempPathFactory, shared_cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own per-user folders (data, config, log) and saves, so no test reads
    the developer's settings or writes into the checkout's saves/ or the real home folder."""
    home = tmp_path_factory.mktemp("home")
    for variable, folder in (
        ("XDG_DATA_HOME", home / "data"),
        ("XDG_CONFIG_HOME", home / "config"),
        ("XDG_STATE_HOME", home / "state"),
        ("XDG_CACHE_HOME", shared_cache_home),
        ("KUNDENSPIEL_SAVES", home / "saves"),
    ):
        monkeypatch.setenv(variable, str(folder))
    monkeypatch.delenv("KUNDENSPIEL_SCENARIOS", raising=False)
    return home


CheckText = Callable[..., CheckResult]


@pytest.fixture
def check_text(tmp_path: Path) -> CheckText:
    """Write YAML text (or bytes) to a file and check it.

    The file is ``mini.yaml`` by default, so the mini scenario's id matches its name and
    messages read ``mini.yaml:…``; tests compare against ``probe.yaml`` for readability.
    """

    def run(content: str | bytes, name: str = "mini.yaml") -> CheckResult:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return check_file(path)

    return run


def formatted(result: CheckResult) -> list[str]:
    """The diagnostics as printed, with the temporary folder stripped and the default file
    name shown as ``probe.yaml``."""
    lines = [d.format().split("/")[-1] for d in result.diagnostics]
    return [line.replace("mini.yaml:", "probe.yaml:", 1) for line in lines]
