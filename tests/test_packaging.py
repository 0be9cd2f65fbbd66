"""The package metadata: every package folder is built into the wheel, the version is written once."""

from __future__ import annotations

import re
import tomllib

from kundenspiel import __version__
from tests.conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_folder_is_listed_for_the_build() -> None:
    folders = {
        ".".join(path.parent.relative_to(REPO).parts) for path in (REPO / "kundenspiel").rglob("__init__.py")
    }
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    assert listed - {"kundenspiel.shipped"} == folders


def test_the_shipped_scenarios_and_the_guide_are_package_data() -> None:
    setuptools = PYPROJECT["tool"]["setuptools"]
    assert setuptools["package-dir"]["kundenspiel.shipped"] == "scenarios"
    assert set(setuptools["package-data"]["kundenspiel.shipped"]) == {"*.yaml", "README.md"}


def test_the_version_is_written_once() -> None:
    assert "version" not in PYPROJECT["project"]
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
