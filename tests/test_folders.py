"""Folder resolution: option > environment > source checkout > per-user folder, for saves and
the trainer's scenarios alike; cache, config and log in the platform's folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from platformdirs import PlatformDirs

from kundenspiel.cli import build_parser, game_config
from kundenspiel.folders import Origin, resolve_folders, source_checkout
from tests.conftest import REPO, SCENARIO_DIR


class FakeDirs(PlatformDirs):
    """Platform folders under one temporary root."""

    def __init__(self, root: Path) -> None:
        super().__init__("kundenspiel", appauthor=False)
        self.root = root

    @property
    def user_data_dir(self) -> str:
        return str(self.root / "data")

    @property
    def user_cache_dir(self) -> str:
        return str(self.root / "cache")

    @property
    def user_config_dir(self) -> str:
        return str(self.root / "config")

    @property
    def user_log_dir(self) -> str:
        return str(self.root / "log")


@pytest.mark.parametrize("kind", ["saves", "scenarios"])
def test_option_beats_environment_beats_checkout_beats_user_folder(tmp_path: Path, kind: str) -> None:
    variable = f"KUNDENSPIEL_{kind.upper()}"
    dirs = FakeDirs(tmp_path)
    checkout = tmp_path / "clone"

    def chosen(option: str | None, environ: dict[str, str], root: Path | None) -> tuple[Path, Origin]:
        options = {kind: option}
        folder = getattr(resolve_folders(**options, environ=environ, checkout=root, dirs=dirs), kind)
        return folder.path, folder.origin

    everything = {variable: str(tmp_path / "env")}
    assert chosen(str(tmp_path / "opt"), everything, checkout) == (tmp_path / "opt", Origin.OPTION)
    assert chosen(None, everything, checkout) == (tmp_path / "env", Origin.ENVIRONMENT)
    assert chosen(None, {}, checkout) == (checkout / kind, Origin.CHECKOUT)
    assert chosen(None, {}, None) == (tmp_path / "data" / kind, Origin.USER)
    # An empty variable or option is no choice ("KUNDENSPIEL_SAVES= kundenspiel").
    assert chosen("", {variable: ""}, None) == (tmp_path / "data" / kind, Origin.USER)


def test_cache_config_and_log_are_the_platform_folders(tmp_path: Path) -> None:
    folders = resolve_folders(environ={}, checkout=None, dirs=FakeDirs(tmp_path))
    assert folders.cache == tmp_path / "cache" / "scenarios"
    assert folders.config_file == tmp_path / "config" / "config.toml"
    assert folders.log_file == tmp_path / "log" / "kundenspiel.log"


def test_resolving_creates_nothing(tmp_path: Path) -> None:
    resolve_folders(environ={}, checkout=None, dirs=FakeDirs(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_home_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    folders = resolve_folders(
        environ={"KUNDENSPIEL_SAVES": "~/spiel"}, checkout=None, dirs=FakeDirs(tmp_path)
    )
    assert folders.saves.path == tmp_path / "spiel"


def test_the_catalogue_lists_shipped_and_own_folders_once(tmp_path: Path) -> None:
    shipped = tmp_path / "shipped"
    separate = resolve_folders(environ={}, checkout=None, dirs=FakeDirs(tmp_path), shipped=shipped)
    assert separate.scenario_folders == (shipped, tmp_path / "data" / "scenarios")
    same = resolve_folders(
        environ={}, checkout=tmp_path, dirs=FakeDirs(tmp_path), shipped=tmp_path / "scenarios"
    )
    assert same.scenario_folders == (tmp_path / "scenarios",)


def test_this_repository_is_recognised_as_a_checkout(tmp_path: Path) -> None:
    assert source_checkout() == REPO
    package = tmp_path / "site-packages" / "kundenspiel"
    package.mkdir(parents=True)
    assert source_checkout(package) is None
    (tmp_path / "site-packages" / "pyproject.toml").write_text('name = "anderes"\n', encoding="utf-8")
    (tmp_path / "site-packages" / "scenarios").mkdir()
    assert source_checkout(package) is None


def test_options_after_the_subcommand_count_like_before(tmp_path: Path) -> None:
    parser = build_parser()
    before = parser.parse_args(["--saves", str(tmp_path / "a"), "workshop", "list"])
    after = parser.parse_args(["workshop", "list", "--saves", str(tmp_path / "a")])
    assert before.saves == after.saves == str(tmp_path / "a")
    # A subcommand without the option keeps what came before it.
    kept = parser.parse_args(["--scenarios", "x", "check"])
    assert kept.scenarios == "x"


def test_the_game_uses_the_resolved_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUNDENSPIEL_SAVES", str(tmp_path / "s"))
    monkeypatch.setenv("KUNDENSPIEL_SCENARIOS", str(tmp_path / "own"))
    config = game_config(build_parser().parse_args(["--theme", "nord"]))
    assert config.saves_dir == tmp_path / "s"
    assert config.scenario_folders == (SCENARIO_DIR, tmp_path / "own")
    assert config.settings_file is not None and config.settings_file.name == "config.toml"
    assert config.theme == "nord"
