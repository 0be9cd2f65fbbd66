"""``kundenspiel info``: the version and every folder in use, with what is in it.

A trainer's first question after installing is "where are my files?": this answers it for
saves, scenarios (own and shipped), cache, config and log, and says why each folder was chosen.
Nothing is created: a folder not there yet is reported as such.
"""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

from kundenspiel.commands.common import EXIT_OK, folders_for
from kundenspiel.safe_text import visible
from kundenspiel.wording import counted


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``info``."""
    info = commands.add_parser(
        "info",
        help="Version und alle verwendeten Ordner zeigen",
        description=(
            "Zeigt die Version und jeden Ordner, den kundenspiel gerade verwendet (Spielstände, "
            "Szenarien, Zwischenspeicher, Einstellungen, Protokoll), mit Inhalt und Herkunft. "
            "Ändern lassen sich die Ordner mit --saves und --scenarios oder den "
            "Umgebungsvariablen KUNDENSPIEL_SAVES und KUNDENSPIEL_SCENARIOS."
        ),
    )
    info.set_defaults(handler=run_info)


def _origin_text(origin: str, variable: str) -> str:
    from kundenspiel.folders import Origin

    return {
        Origin.OPTION: "gewählt mit Option",
        Origin.ENVIRONMENT: f"aus ${variable}",
        Origin.CHECKOUT: "im Quellcode-Ordner",
        Origin.USER: "Benutzerordner",
    }[Origin(origin)]


def _scenario_count(folder: Path) -> str:
    if not folder.is_dir():
        return "noch nicht angelegt"
    count = sum(1 for path in folder.iterdir() if path.suffix in (".yaml", ".yml") and path.is_file())
    return counted(count, "Szenario-Datei", "Szenario-Dateien")


def _saves_summary(folder: Path) -> str:
    from kundenspiel.store import SaveStore, StoreError

    if not folder.exists():
        return "noch nicht angelegt"
    try:
        store = SaveStore(folder)
        players = store.players()
        records = sum(len(store.playthroughs(player.key)) for player in players)
    except StoreError as error:
        return f"nicht lesbar: {error}"
    return f"{counted(len(players), 'Person', 'Personen')}, {counted(records, 'Durchlauf', 'Durchläufe')}"


def _size(total: int) -> str:
    if total < 1024 * 1024:
        return f"{total / 1024:.0f} KB".replace(".", ",")
    return f"{total / (1024 * 1024):.1f} MB".replace(".", ",")


def _cache_summary(folder: Path) -> str:
    if not folder.is_dir():
        return "leer"
    files = [path for path in folder.iterdir() if path.suffix == ".json" and path.is_file()]
    return f"{counted(len(files), 'Eintrag', 'Einträge')}, {_size(sum(p.stat().st_size for p in files))}"


def _file_summary(path: Path, missing: str) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        return missing
    return _size(size)


def run_info(arguments: argparse.Namespace) -> int:
    """Print the version and the folders."""
    from kundenspiel import __version__
    from kundenspiel.folders import SAVES_VARIABLE, SCENARIOS_VARIABLE

    folders = folders_for(arguments)
    rows = [
        (
            "Spielstände",
            folders.saves.path,
            f"{_saves_summary(folders.saves.path)} ({_origin_text(folders.saves.origin, SAVES_VARIABLE)})",
        ),
        (
            "Eigene Szenarien",
            folders.scenarios.path,
            f"{_scenario_count(folders.scenarios.path)} "
            f"({_origin_text(folders.scenarios.origin, SCENARIOS_VARIABLE)})",
        ),
        ("Mitgelieferte Szenarien", folders.shipped, _scenario_count(folders.shipped)),
        ("Zwischenspeicher", folders.cache, _cache_summary(folders.cache)),
        ("Einstellungen", folders.config_file, _file_summary(folders.config_file, "noch keine")),
        ("Protokoll", folders.log_file, _file_summary(folders.log_file, "noch leer")),
    ]
    print(f"kundenspiel {__version__} (Python {platform.python_version()}, {sys.executable})")
    if folders.checkout is not None:
        print(f"Läuft aus dem Quellcode-Ordner {visible(str(folders.checkout))}")
    width = max(len(label) for label, _, _ in rows) + 1
    for label, path, summary in rows:
        print(f"{label + ':':<{width}} {visible(str(path))}")
        print(f"{'':<{width}} {visible(summary)}")
    return EXIT_OK
