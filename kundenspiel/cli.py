"""The ``kundenspiel`` command: the game without arguments, trainer tools as subcommands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kundenspiel.commands import COMMAND_MODULES, forget, serve

if TYPE_CHECKING:
    from kundenspiel.ui.session import GameConfig
from kundenspiel import __version__
from kundenspiel.commands.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    GermanArgumentParser,
    folders_for,
)
from kundenspiel.logbook import log_errors_to, logger, report_crash
from kundenspiel.safe_text import visible


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def run_check(paths: Sequence[Path], *, strict: bool, out: TextIO) -> int:
    """Check scenario files and print every problem gcc-style plus a one-line summary."""
    # Imported here so that starting the game does not wait for the engine's imports.
    from kundenspiel.engine.loader import check_file
    from kundenspiel.engine.scenario_files import scenario_files

    files = list(scenario_files(paths))
    if not files:
        shown = ", ".join(visible(str(p)) for p in paths)
        print(f"{shown}: keine Szenario-Dateien (*.yaml) gefunden", file=out)
        return EXIT_PROBLEMS
    errors = warnings = 0
    for path in files:
        result = check_file(path)
        if result.internal_error is not None:
            error = result.internal_error
            logger.error("checking %s failed", path, exc_info=(type(error), error, error.__traceback__))
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


def game_config(arguments: argparse.Namespace, start_scenario: str | None = None) -> GameConfig:
    """The game's configuration from options, environment and defaults."""
    from kundenspiel.ui.session import GameConfig

    folders = folders_for(arguments)
    return GameConfig(
        saves_dir=folders.saves.path,
        scenario_dir=folders.scenarios.path,
        shipped_dir=folders.shipped if len(folders.scenario_folders) > 1 else None,
        start_scenario=start_scenario,
        cache_dir=folders.cache,
        settings_file=folders.config_file,
        theme=getattr(arguments, "theme", None),
        served=getattr(arguments, "served", False),
    )


def run_game(arguments: argparse.Namespace, start_scenario: str | None = None) -> int:
    """Start the Textual game."""
    from kundenspiel.ui.app import KundenspielApp

    app = KundenspielApp(game_config(arguments, start_scenario))
    app.run()
    # 1 after a crash inside the app (told in German, logged with the traceback).
    return app.return_code or EXIT_OK


GLOBAL_OPTIONS_HELP = {
    "--saves": "Ordner für Spielstände (Standard: $KUNDENSPIEL_SAVES, sonst dein Benutzerordner; "
    "„kundenspiel info“ zeigt ihn)",
    "--scenarios": "Ordner mit deinen eigenen Szenarien (Standard: $KUNDENSPIEL_SCENARIOS, sonst dein "
    "Benutzerordner); die mitgelieferten sind immer dabei",
    "--theme": "Farbschema nur für diesen Start, z. B. textual-light (eines, das du im Spiel mit Strg+P "
    "wählst, wird gemerkt)",
}
METAVARS = {"--saves": "ORDNER", "--scenarios": "ORDNER", "--theme": "NAME"}


def _add_global_options(parser: argparse.ArgumentParser, *, main: bool) -> None:
    # On the subcommands the options stay out of usage and help (they would triple every usage
    # line); the main help says that they may follow the subcommand.
    for option, text in GLOBAL_OPTIONS_HELP.items():
        parser.add_argument(
            option,
            metavar=METAVARS[option],
            default=None if main else argparse.SUPPRESS,
            help=text if main else argparse.SUPPRESS,
        )


def _subparsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found: list[argparse.ArgumentParser] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found += [child, *_subparsers(child)]
    return found


def build_parser() -> argparse.ArgumentParser:
    """The command line, with German help."""
    parser = GermanArgumentParser(
        prog="kundenspiel",
        description="Trainingsspiel für Kundenorientierung. Ohne Befehl startet das Spiel.",
        epilog=(
            "--saves, --scenarios und --theme dürfen auch nach dem Befehl stehen. "
            "Wo deine Daten liegen, zeigt „kundenspiel info“."
        ),
    )
    parser.add_argument(
        "-V",
        "--version",
        action="version",
        version=f"kundenspiel {__version__}",
        help="Version zeigen und beenden",
    )
    _add_global_options(parser, main=True)
    # Hidden: `kundenspiel serve` starts each browser tab's game with it.
    parser.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
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
        help="Dateien, Ordner oder ids (Standard: die mitgelieferten und deine eigenen Szenarien)",
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
    for module in (*COMMAND_MODULES, serve):
        module.register(commands)
    forget.register(commands)
    # Also after the subcommand (`workshop list --saves X`); SUPPRESS keeps a subcommand that
    # was not given the option from overwriting the value given before it.
    for subparser in _subparsers(parser):
        _add_global_options(subparser, main=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kundenspiel`` console script: runs the command; an unexpected error
    is written with its traceback to the log and told in German, never shown as a traceback."""
    arguments = build_parser().parse_args(argv)
    log_file = folders_for(arguments).log_file
    log_errors_to(log_file)
    try:
        return _dispatch(arguments)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as error:
        return report_crash(error, log_file)


def theme_problem(theme: str | None) -> str | None:
    """Why ``--theme`` cannot be used (German), or None."""
    if theme is None:
        return None
    from kundenspiel.settings import theme_names

    names = theme_names()
    if theme in names:
        return None
    return f"Farbschema „{visible(theme)}“ gibt es nicht. Möglich: {', '.join(names)}"


def _dispatch(arguments: argparse.Namespace) -> int:
    problem = theme_problem(getattr(arguments, "theme", None))
    if problem:
        print(f"kundenspiel: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if arguments.command == "check":
        from kundenspiel.commands.trainer import scenario_path

        folders = folders_for(arguments)
        given = [scenario_path(arguments, path) for path in arguments.paths]
        paths = given or [f for f in folders.scenario_folders if f.is_dir()] or [folders.shipped]
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
