"""Subcommands for trainers: the scenario as a graph, every path analysed, the JSON schema and a
starter file. Each handler imports the engine itself, so starting the game stays fast."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kundenspiel.commands.common import DEFAULT_SCENARIO_DIR, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from kundenspiel.safe_text import visible

if TYPE_CHECKING:
    from kundenspiel.engine.models import Scenario


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's subcommands; each sets `handler` to a function(args) -> exit code."""
    graph = commands.add_parser(
        "graph",
        help="ein Szenario als Graph ausgeben (Mermaid oder DOT)",
        description=(
            "Gibt ein Szenario als Graph aus: Stationen, Auswahlen als beschriftete Pfeile, "
            "Bedingungen (🔒, gestrichelt) und Enden nach Bewertung. Mermaid zeigen GitLab, "
            "GitHub und viele Wikis an; DOT liest Graphviz (dot -Tsvg)."
        ),
    )
    graph.add_argument("file", type=Path, metavar="DATEI", help="die Szenario-Datei")
    graph.add_argument(
        "--format",
        choices=("mermaid", "dot"),
        default="mermaid",
        help="Ausgabeformat (Standard: mermaid)",
    )
    graph.set_defaults(handler=run_graph)

    explore = commands.add_parser(
        "explore",
        help="alle Wege durch ein Szenario auswerten",
        description=(
            "Spielt jeden möglichen Spielstand eines Szenarios durch und zeigt: jedes erreichbare "
            "Ende mit der Zahl der Wege dorthin, der niedrigsten und höchsten Punktzahl und dem "
            "kürzesten Weg; Messwerte je Station; nie wählbare und unterlegene Auswahlen."
        ),
    )
    explore.add_argument("file", type=Path, metavar="DATEI", help="die Szenario-Datei")
    explore.add_argument("--json", action="store_true", help="als JSON ausgeben statt als Tabellen")
    explore.set_defaults(handler=run_explore)

    schema = commands.add_parser(
        "schema",
        help="das JSON-Schema des Szenario-Formats ausgeben",
        description=(
            "Gibt das JSON-Schema des Szenario-Formats aus, z. B. für die Ergänzung im Editor: "
            "kundenspiel schema > scenarios/kundenspiel.schema.json"
        ),
    )
    schema.set_defaults(handler=run_schema)

    new = commands.add_parser(
        "new",
        help="ein neues Szenario aus einer kommentierten Vorlage anlegen",
        description=(
            "Legt scenarios/ID.yaml als kommentierte Vorlage an, die kundenspiel check --strict "
            "besteht. Eine vorhandene Datei wird nie überschrieben."
        ),
    )
    new.add_argument("scenario_id", metavar="ID", help="die id des neuen Szenarios, z. B. doppelte_abbuchung")
    new.add_argument(
        "--folder",
        type=Path,
        default=DEFAULT_SCENARIO_DIR,
        metavar="ORDNER",
        help=f"wohin die Datei kommt (Standard: {DEFAULT_SCENARIO_DIR}/)",
    )
    new.set_defaults(handler=run_new)


def _emit(text: str) -> None:
    """Write to stdout; a reader that stops early (``| head``) is not an error."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would complain again while flushing at exit; point stdout at nothing instead.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _load(path: Path) -> Scenario | None:
    """The scenario in ``path``, or None after printing why it cannot be used."""
    from kundenspiel.engine.loader import check_file

    result = check_file(path)
    if result.scenario is None:
        for diagnostic in result.errors:
            print(diagnostic.format(), file=sys.stderr)
        shown = visible(str(path))
        print(
            f"{shown}: das Szenario hat Fehler; prüfe es mit „kundenspiel check {shown}“.",
            file=sys.stderr,
        )
    return result.scenario


def run_graph(arguments: argparse.Namespace) -> int:
    """``kundenspiel graph``: print the scenario as Mermaid or DOT."""
    from kundenspiel.engine.graph import GraphFormat, render_graph

    scenario = _load(arguments.file)
    if scenario is None:
        return EXIT_PROBLEMS
    _emit(render_graph(scenario, GraphFormat(arguments.format)))
    return EXIT_OK


def run_explore(arguments: argparse.Namespace) -> int:
    """``kundenspiel explore``: analyse every path and print tables or JSON."""
    from kundenspiel.engine.analysis import analyse

    scenario = _load(arguments.file)
    if scenario is None:
        return EXIT_PROBLEMS
    analysis = analyse(scenario)
    if arguments.json:
        _emit(json.dumps(analysis.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        from io import StringIO

        from kundenspiel.commands.trainer_report import print_analysis

        buffer = StringIO()
        print_analysis(scenario, analysis, buffer)
        _emit(buffer.getvalue())
    return EXIT_OK


def run_schema(arguments: argparse.Namespace) -> int:
    """``kundenspiel schema``: print the JSON Schema generated from the models."""
    from kundenspiel.engine.schema import scenario_schema

    _emit(json.dumps(scenario_schema(), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def run_new(arguments: argparse.Namespace) -> int:
    """``kundenspiel new``: write a commented starter scenario, never overwriting a file."""
    from kundenspiel.engine.starter import invalid_id_message, starter_scenario

    scenario_id: str = arguments.scenario_id
    problem = invalid_id_message(scenario_id)
    if problem is not None:
        print(f"kundenspiel new: {visible(problem)}", file=sys.stderr)
        return EXIT_USAGE
    folder: Path = arguments.folder
    target = folder / f"{scenario_id}.yaml"
    if not folder.is_dir():
        print(f"kundenspiel new: Ordner „{visible(str(folder))}“ gibt es nicht", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        # "x" refuses to overwrite atomically: no window between a check and the write.
        with target.open("x", encoding="utf-8") as file:
            file.write(starter_scenario(scenario_id))
    except FileExistsError:
        print(
            f"kundenspiel new: „{visible(str(target))}“ gibt es schon – nichts überschrieben. "
            "Wähle eine andere id oder lösche die Datei selbst.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    except OSError as error:
        print(
            f"kundenspiel new: „{visible(str(target))}“ kann nicht angelegt werden: {error.strerror}",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    shown = visible(str(target))
    print(f"{shown} angelegt. Prüfe es mit: kundenspiel check --strict {shown}")
    return EXIT_OK


def wants_preview(arguments: argparse.Namespace) -> bool:
    """``play`` with a file, ``--from`` or ``--watch`` previews instead of starting the game."""
    given: str = arguments.scenario_id
    looks_like_file = given.endswith((".yaml", ".yml")) or "/" in given or os.sep in given
    return bool(looks_like_file or arguments.start_node or arguments.watch)


def run_preview(arguments: argparse.Namespace) -> int:
    """``kundenspiel play FILE [--from NODE] [--watch]``: play a file from disk, without saving."""
    from kundenspiel.engine.preview import PreviewError, starting_at

    given: str = arguments.scenario_id
    path = Path(given)
    if not given.endswith((".yaml", ".yml")) and "/" not in given and os.sep not in given:
        # An id with --from or --watch: the file of that id in the scenario folder.
        from kundenspiel.cli import default_scenario_dir

        folder = arguments.scenarios or os.environ.get("KUNDENSPIEL_SCENARIOS")
        path = (Path(folder) if folder else default_scenario_dir()) / f"{given}.yaml"
    scenario = _load(path)
    if scenario is None:
        return EXIT_PROBLEMS
    try:
        starting_at(scenario, arguments.start_node)
    except PreviewError as error:
        print(f"kundenspiel play: {visible(str(error))}", file=sys.stderr)
        return EXIT_PROBLEMS
    from kundenspiel.ui.preview import PreviewApp, PreviewConfig

    PreviewApp(PreviewConfig(path, arguments.start_node, arguments.watch), scenario).run()
    return EXIT_OK
