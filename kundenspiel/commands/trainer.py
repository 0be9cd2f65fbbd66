"""Subcommands for trainers: the scenario as a graph, every path analysed, the JSON schema and a
starter file. Each handler imports the engine itself, so starting the game stays fast."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kundenspiel.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    OutputError,
    emit,
    folders_for,
    os_reason,
    write_output,
)
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
    graph.add_argument("file", type=Path, metavar="SZENARIO", help=SCENARIO_HELP)
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
            "kürzesten Weg; Messwerte je Station; nie wählbare und unterlegene Auswahlen; die "
            "Spielbalance: ob man gewinnt, ohne zu lesen (längste Antwort, Trichter, Zufall)."
        ),
    )
    explore.add_argument("file", type=Path, metavar="SZENARIO", help=SCENARIO_HELP)
    explore.add_argument("--json", action="store_true", help="als JSON ausgeben statt als Tabellen")
    explore.set_defaults(handler=run_explore)

    schema = commands.add_parser(
        "schema",
        help="das JSON-Schema des Szenario-Formats ausgeben",
        description=(
            "Gibt das JSON-Schema des Szenario-Formats aus, für die Ergänzung im Editor. "
            "„kundenspiel new“ legt es schon neben dein neues Szenario."
        ),
    )
    schema.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="DATEI",
        help="in diese Datei schreiben statt auf den Bildschirm, z. B. kundenspiel.schema.json",
    )
    schema.set_defaults(handler=run_schema)

    new = commands.add_parser(
        "new",
        help="ein neues Szenario aus einer kommentierten Vorlage anlegen",
        description=(
            "Legt ID.yaml in deinem Szenario-Ordner als kommentierte Vorlage an, die "
            "kundenspiel check --strict besteht, und daneben das JSON-Schema für den Editor. "
            "Eine vorhandene Szenario-Datei wird nie überschrieben."
        ),
    )
    new.add_argument("scenario_id", metavar="ID", help="die id des neuen Szenarios, z. B. doppelte_abbuchung")
    new.add_argument(
        "--folder",
        type=Path,
        metavar="ORDNER",
        help="wohin die Datei kommt (Standard: dein Szenario-Ordner, siehe „kundenspiel info“)",
    )
    new.set_defaults(handler=run_new)


SCENARIO_HELP = "eine Szenario-Datei oder die id eines Szenarios, z. B. druckerpatrone"


def looks_like_file(given: str) -> bool:
    """Whether an argument names a file (a YAML suffix or a folder part) rather than an id."""
    return given.endswith((".yaml", ".yml")) or "/" in given or os.sep in given


def scenario_path(arguments: argparse.Namespace, given: Path) -> Path:
    """``given`` if it is a file; for a bare id, its file in the trainer's folder, else among
    the shipped scenarios (the catalogue's order: the trainer's own replaces a shipped one)."""
    if looks_like_file(str(given)) or given.exists():
        return given
    folders = folders_for(arguments)
    for folder in reversed(folders.scenario_folders):
        candidate = folder / f"{given}.yaml"
        if candidate.is_file():
            return candidate
    return given


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

    scenario = _load(scenario_path(arguments, arguments.file))
    if scenario is None:
        return EXIT_PROBLEMS
    emit(render_graph(scenario, GraphFormat(arguments.format)))
    return EXIT_OK


def run_explore(arguments: argparse.Namespace) -> int:
    """``kundenspiel explore``: analyse every path and print tables or JSON."""
    from kundenspiel.engine.analysis import ANALYSIS_MAX_STATES, ANALYSIS_MAX_WORK, analyse
    from kundenspiel.engine.balance import balance
    from kundenspiel.engine.explore import explore

    scenario = _load(scenario_path(arguments, arguments.file))
    if scenario is None:
        return EXIT_PROBLEMS
    # Explored once, with the analysis' limits: both report on the same explored part.
    graph = explore(scenario, ANALYSIS_MAX_STATES, ANALYSIS_MAX_WORK)
    analysis = analyse(scenario, graph)
    figures = balance(scenario, graph)
    if arguments.json:
        report = {**analysis.to_json(), "balance": figures.to_json()}
        emit(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    else:
        from io import StringIO

        from kundenspiel.commands.trainer_report import print_analysis, print_balance

        buffer = StringIO()
        print_analysis(scenario, analysis, buffer)
        print_balance(scenario, figures, buffer)
        emit(buffer.getvalue())
    return EXIT_OK


def _schema_text() -> str:
    from kundenspiel.engine.schema import scenario_schema

    return json.dumps(scenario_schema(), ensure_ascii=False, indent=2) + "\n"


def run_schema(arguments: argparse.Namespace) -> int:
    """``kundenspiel schema [-o DATEI]``: the JSON Schema generated from the models."""
    output: Path | None = arguments.output
    if output is None:
        emit(_schema_text())
        return EXIT_OK
    try:
        write_output(output, _schema_text())
    except OutputError as error:
        print(f"kundenspiel schema: {visible(str(error))}", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as error:
        print(
            f"kundenspiel schema: „{visible(str(output))}“ kann nicht geschrieben werden: {os_reason(error)}",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    print(f"Schema geschrieben: {visible(str(output))}")
    return EXIT_OK


def _fail_new(message: str) -> int:
    print(f"kundenspiel new: {visible(message)}", file=sys.stderr)
    return EXIT_PROBLEMS


def run_new(arguments: argparse.Namespace) -> int:
    """``kundenspiel new``: write a commented starter scenario (never overwriting a file) and
    the JSON Schema beside it, creating the folder if needed."""
    from kundenspiel.engine.starter import SCHEMA_FILE_NAME, invalid_id_message, starter_scenario

    scenario_id: str = arguments.scenario_id
    problem = invalid_id_message(scenario_id)
    if problem is not None:
        print(f"kundenspiel new: {visible(problem)}", file=sys.stderr)
        return EXIT_USAGE
    folder: Path = arguments.folder or folders_for(arguments).scenarios.path
    target = folder / f"{scenario_id}.yaml"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return _fail_new(f"„{folder}“ ist kein Ordner. Gib mit --folder einen Ordner an.")
    except OSError as error:
        return _fail_new(f"Ordner „{folder}“ kann nicht angelegt werden: {os_reason(error)}")
    try:
        # "x" refuses to overwrite atomically (and never follows a link planted at the name).
        with target.open("x", encoding="utf-8") as file:
            file.write(starter_scenario(scenario_id))
    except FileExistsError:
        return _fail_new(
            f"„{target}“ gibt es schon – nichts überschrieben. "
            "Wähle eine andere id oder lösche die Datei selbst."
        )
    except OSError as error:
        return _fail_new(f"„{target}“ kann nicht angelegt werden: {os_reason(error)}")
    shown = visible(str(target))
    print(f"{shown} angelegt.")
    schema = folder / SCHEMA_FILE_NAME
    try:
        write_output(schema, _schema_text())
    except (OutputError, OSError) as error:
        reason = str(error) if isinstance(error, OutputError) else os_reason(error)
        print(f"Hinweis: Das Schema für den Editor fehlt ({visible(reason)}).", file=sys.stderr)
    else:
        print(f"Daneben liegt {visible(SCHEMA_FILE_NAME)}, das Schema für die Ergänzung im Editor.")
    print(f"Prüfe das Szenario mit: kundenspiel check --strict {shown}")
    return EXIT_OK


def wants_preview(arguments: argparse.Namespace) -> bool:
    """``play`` with a file, ``--from`` or ``--watch`` previews instead of starting the game."""
    return bool(looks_like_file(arguments.scenario_id) or arguments.start_node or arguments.watch)


def run_preview(arguments: argparse.Namespace) -> int:
    """``kundenspiel play FILE [--from NODE] [--watch]``: play a file from disk, without saving."""
    from kundenspiel.engine.preview import PreviewError, starting_at

    path = scenario_path(arguments, Path(arguments.scenario_id))
    scenario = _load(path)
    if scenario is None:
        return EXIT_PROBLEMS
    try:
        starting_at(scenario, arguments.start_node)
    except PreviewError as error:
        print(f"kundenspiel play: {visible(str(error))}", file=sys.stderr)
        return EXIT_PROBLEMS
    from kundenspiel.ui.preview import PreviewApp, PreviewConfig

    config = PreviewConfig(
        path,
        arguments.start_node,
        arguments.watch,
        settings_file=folders_for(arguments).config_file,
        theme=getattr(arguments, "theme", None),
    )
    PreviewApp(config, scenario).run()
    return EXIT_OK
