"""Where kundenspiel keeps things, whatever the current folder: one resolver for every command.

Saves and the trainer's own scenarios are found in this order: the command-line option, the
environment variable, the source checkout's own folder (running from a clone of the repository,
as the README's commands do), else the per-user data folder of the platform. The cache, the
config file and the log always go to the platform's cache, config and log folders.

Nothing here creates a folder: resolving is free of side effects, so ``kundenspiel info`` can
tell what would be used without touching the disk. Whoever writes creates what it needs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Literal

from platformdirs import PlatformDirs

from kundenspiel.package_data import shipped_scenario_dir

APP_NAME = "kundenspiel"
SAVES_VARIABLE = "KUNDENSPIEL_SAVES"
SCENARIOS_VARIABLE = "KUNDENSPIEL_SCENARIOS"
CONFIG_NAME = "config.toml"
LOG_NAME = "kundenspiel.log"


class Origin(StrEnum):
    """Why a folder is the one in use; the value is the German phrase ``info`` shows."""

    OPTION = "Option"
    ENVIRONMENT = "Umgebungsvariable"
    CHECKOUT = "Quellcode-Ordner"
    USER = "Benutzerordner"


@dataclass(frozen=True)
class ChosenFolder:
    """A folder and where the choice came from (for ``info`` and for messages)."""

    path: Path
    origin: Origin


@dataclass(frozen=True)
class Folders:
    """Every folder and file kundenspiel uses in this run."""

    saves: ChosenFolder
    scenarios: ChosenFolder
    """The trainer's own scenarios; ``new`` writes here."""
    shipped: Path
    """The scenarios (and the guide) that came with the package; read only."""
    cache: Path
    config_file: Path
    log_file: Path
    checkout: Path | None = None

    @property
    def scenario_folders(self) -> tuple[Path, ...]:
        """The catalogue's folders: the shipped ones first, then the trainer's own (whose
        scenarios take precedence). In a checkout both are the same folder, named once."""
        folders = [self.shipped]
        if _identity(self.scenarios.path) != _identity(self.shipped):
            folders.append(self.scenarios.path)
        return tuple(folders)


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop: compare as written
        return path.absolute()


def source_checkout(package_dir: Path | None = None) -> Path | None:
    """The repository root when kundenspiel runs from a source checkout, else None.

    A checkout is recognised by its layout: the package folder sits beside ``pyproject.toml``
    naming this project and the ``scenarios/`` folder. An installed wheel sits in site-packages,
    where neither is found.
    """
    package = package_dir or Path(__file__).resolve().parent
    root = package.parent
    try:
        project = (root / "pyproject.toml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if f'name = "{APP_NAME}"' not in project or not (root / "scenarios").is_dir():
        return None
    return root


def user_dirs() -> PlatformDirs:
    """The platform's per-user folders for kundenspiel (XDG on Linux, AppData on Windows, …)."""
    return PlatformDirs(APP_NAME, appauthor=False)


def _chosen(
    option: str | Path | None,
    variable: str,
    environ: Mapping[str, str],
    checkout_folder: Path | None,
    user_folder: Path,
) -> ChosenFolder:
    # An empty value counts as unset: `KUNDENSPIEL_SAVES= kundenspiel` must not mean "here".
    if option is not None and str(option):
        return ChosenFolder(Path(option).expanduser(), Origin.OPTION)
    if environ.get(variable):
        return ChosenFolder(Path(environ[variable]).expanduser(), Origin.ENVIRONMENT)
    if checkout_folder is not None:
        return ChosenFolder(checkout_folder, Origin.CHECKOUT)
    return ChosenFolder(user_folder, Origin.USER)


def resolve_folders(
    saves: str | Path | None = None,
    scenarios: str | Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    checkout: Path | Literal["detect"] | None = "detect",
    dirs: PlatformDirs | None = None,
    shipped: Path | None = None,
) -> Folders:
    """The folders for this run: ``saves`` and ``scenarios`` are the command-line options
    (None when not given); the keyword arguments exist for tests and default to the real
    environment, checkout detection and platform folders."""
    environment = os.environ if environ is None else environ
    root = source_checkout() if checkout == "detect" else checkout
    platform = dirs or user_dirs()
    data = Path(platform.user_data_dir)
    return Folders(
        saves=_chosen(saves, SAVES_VARIABLE, environment, root / "saves" if root else None, data / "saves"),
        scenarios=_chosen(
            scenarios,
            SCENARIOS_VARIABLE,
            environment,
            root / "scenarios" if root else None,
            data / "scenarios",
        ),
        shipped=shipped or shipped_scenario_dir(),
        cache=Path(platform.user_cache_dir) / "scenarios",
        config_file=Path(platform.user_config_dir) / CONFIG_NAME,
        log_file=Path(platform.user_log_dir) / LOG_NAME,
        checkout=root,
    )
