"""The ``kundenspiel`` command: the game without arguments, trainer tools as subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kundenspiel.commands import COMMAND_MODULES

if TYPE_CHECKING:
    from kundenspiel.ui.session import GameConfig
from kundenspiel.commands.common import (
    DEFAULT_SCENARIO_DIR,
    EXIT_OK,
    EXIT_PROBLEMS,
    GermanArgumentParser,
)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def run_check(paths: Sequence[Path], *, strict: bool, out: TextIO) -> int:
    """Check scenario files and print every problem gcc-style plus a one-line summary."""
    # Imported here so that starting the game does not wait for the engine's imports.
    from kundenspiel.engine.loader import check_file, scenario_files
    from kundenspiel.safe_text import visible

    files = list(scenario_files(paths))
    if not files:
        shown = ", ".join(visible(str(p)) for p in paths)
        print(f"{shown}: keine Szenario-Dateien (*.yaml) gefunden", file=out)
        return EXIT_PROBLEMS
    errors = warnings = 0
    for path in files:
        result = check_file(path)
        for diagnostic in result.diagnostics:
            print(diagnostic.format(), file=out)
        errors += len(result.errors)
        warnings += len(result.warnings)
    summary = (
        f"{_plural(len(files), 'Datei', 'Dateien')} geprüft: "
        f"{_plural(errors, 'Fehler', 'Fehler')}, {_plural(warnings, 'Warnung', 'Warnungen')}"
    )
    failed = errors > 0 or (strict and warnings > 0)
    if strict and warnings and not errors:
        summary += " (--strict: Warnungen zählen als Fehler)"
    print(summary, file=out)
    return EXIT_PROBLEMS if failed else EXIT_OK


def default_scenario_dir() -> Path:
    """``scenarios/`` in the current folder, else the one shipped beside the package."""
    if DEFAULT_SCENARIO_DIR.is_dir():
        return DEFAULT_SCENARIO_DIR
    shipped = Path(__file__).resolve().parent.parent / "scenarios"
    return shipped if shipped.is_dir() else DEFAULT_SCENARIO_DIR


def game_config(arguments: argparse.Namespace, start_scenario: str | None = None) -> GameConfig:
    """The game's configuration from options, environment and defaults."""
    from kundenspiel.catalog import default_cache_dir
    from kundenspiel.ui.session import GameConfig

    saves = arguments.saves or os.environ.get("KUNDENSPIEL_SAVES") or "saves"
    scenarios = arguments.scenarios or os.environ.get("KUNDENSPIEL_SCENARIOS")
    return GameConfig(
        saves_dir=Path(saves),
        scenario_dir=Path(scenarios) if scenarios else default_scenario_dir(),
        start_scenario=start_scenario,
        cache_dir=default_cache_dir(),
    )


def run_game(arguments: argparse.Namespace, start_scenario: str | None = None) -> int:
    """Start the Textual game."""
    from kundenspiel.ui.app import KundenspielApp

    KundenspielApp(game_config(arguments, start_scenario)).run()
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The command line, with German help."""
    parser = GermanArgumentParser(
        prog="kundenspiel",
        description="Trainingsspiel für Kundenorientierung. Ohne Befehl startet das Spiel.",
    )
    parser.add_argument(
        "--saves",
        metavar="ORDNER",
        help="Ordner für Spielstände (Standard: $KUNDENSPIEL_SAVES oder ./saves)",
    )
    parser.add_argument(
        "--scenarios",
        metavar="ORDNER",
        help="Ordner mit Szenarien (Standard: $KUNDENSPIEL_SCENARIOS oder ./scenarios)",
    )
    commands = parser.add_subparsers(dest="command", metavar="BEFEHL", parser_class=GermanArgumentParser)
    check = commands.add_parser(
        "check",
        help="Szenario-Dateien prüfen",
        description="Prüft Szenario-Dateien und meldet jedes Problem als Datei:Zeile:Spalte.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PFAD",
        help=f"Dateien oder Ordner (Standard: {DEFAULT_SCENARIO_DIR}/)",
    )
    check.add_argument("--strict", action="store_true", help="auch bei Warnungen mit Fehlercode 1 enden")
    play = commands.add_parser(
        "play",
        help="ein Szenario direkt spielen",
        description=(
            "Startet das Spiel und springt nach der Anmeldung direkt in ein Szenario. Mit einer "
            "Datei, --from oder --watch: Vorschau für Autorinnen und Autoren, ohne Anmeldung und "
            "ohne Speichern."
        ),
    )
    play.add_argument(
        "scenario_id",
        metavar="SZENARIO",
        help="die id des Szenarios, z. B. druckerpatrone, oder eine Szenario-Datei (Vorschau ohne Speichern)",
    )
    play.add_argument(
        "--from",
        dest="start_node",
        metavar="STATION",
        help="Vorschau ab dieser Station, mit den Startwerten des Szenarios",
    )
    play.add_argument(
        "--watch",
        action="store_true",
        help="Vorschau: die Datei bei jedem Speichern neu laden, der Weg bisher bleibt, wo er passt",
    )
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kundenspiel`` console script."""
    arguments = build_parser().parse_args(argv)
    if arguments.command == "check":
        paths = arguments.paths or [DEFAULT_SCENARIO_DIR]
        return run_check(paths, strict=arguments.strict, out=sys.stdout)
    if arguments.command == "play":
        from kundenspiel.commands.trainer import run_preview, wants_preview

        if wants_preview(arguments):
            return run_preview(arguments)
        return run_game(arguments, arguments.scenario_id)
    handler = getattr(arguments, "handler", None)
    if handler is not None:
        return int(handler(arguments))
    return run_game(arguments)


if __name__ == "__main__":
    sys.exit(main())
