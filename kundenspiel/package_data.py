"""What travels with the package: the shipped scenarios and the German trainers' guide.

In the repository they live in ``scenarios/`` at the top, where trainers look for them; the build
maps that folder into the package as ``kundenspiel.shipped`` (see pyproject.toml), so a wheel
carries them and :mod:`importlib.resources` finds them in any install. Running from a source tree
that was never installed, the repository's own folder stands in.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGE = "kundenspiel"
SHIPPED_FOLDER = "shipped"
GUIDE_NAME = "README.md"


def _repository_folder() -> Path:
    return Path(__file__).resolve().parent.parent / "scenarios"


def shipped_scenario_dir() -> Path:
    """The folder of the shipped scenarios (and the guide) on disk."""
    # The data folder has no __init__.py (it is the trainers' scenarios/ folder), so it is read
    # as a resource of kundenspiel itself rather than as a package of its own.
    folder = resources.files(PACKAGE).joinpath(SHIPPED_FOLDER)
    # pip always unpacks wheels; a zipped install would need as_file(), which the catalog
    # (reading a folder of files) cannot use. An editable install or a bare source tree has no
    # such folder: the repository's own is the shipped one there.
    if isinstance(folder, Path) and folder.is_dir():
        return folder
    return _repository_folder()


def guide_path() -> Path:
    """The trainers' guide to the scenario format (German Markdown)."""
    return shipped_scenario_dir() / GUIDE_NAME


def guide_text() -> str:
    """The trainers' guide as text; OSError if the install lacks it."""
    return guide_path().read_text(encoding="utf-8")
