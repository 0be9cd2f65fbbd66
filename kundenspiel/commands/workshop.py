"""Subcommands for workshops: groups, the group debrief, exports and merging exports.

``workshop new "Titel"`` prints a group code; trainees enter it on the start screen.
``debrief CODE`` shows the group's debrief in the terminal, ``export CODE`` writes it as CSV,
Markdown, HTML or JSON, and ``import FILE …`` merges JSON exports from other laptops.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kundenspiel.commands.common import EXIT_OK, EXIT_PROBLEMS

if TYPE_CHECKING:
    from kundenspiel.engine import Scenario
    from kundenspiel.store import SaveStore

FORMATS = ("csv", "md", "html", "json")


def _saves_dir(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "saves", None) or os.environ.get("KUNDENSPIEL_SAVES") or "saves")


def _scenario_dir(args: argparse.Namespace) -> Path:
    from kundenspiel.cli import default_scenario_dir

    folder = getattr(args, "scenarios", None) or os.environ.get("KUNDENSPIEL_SCENARIOS")
    return Path(folder) if folder else default_scenario_dir()


def _open_store(args: argparse.Namespace) -> SaveStore:
    from kundenspiel.store import SaveStore

    store = SaveStore(_saves_dir(args))
    _print_notices(store)
    return store


def _print_notices(store: SaveStore) -> None:
    for notice in store.notices():
        print(f"Hinweis: {notice.message}", file=sys.stderr)


def _scenarios(args: argparse.Namespace) -> list[Scenario]:
    from kundenspiel.catalog import default_cache_dir, load_catalog

    return load_catalog(_scenario_dir(args), default_cache_dir()).playable


def new_group(args: argparse.Namespace) -> int:
    """``workshop new TITEL``: create a group and print its code."""
    from kundenspiel.store import StoreError
    from kundenspiel.store.groups import GroupStore

    try:
        store = _open_store(args)
        group = GroupStore(store.root).create(args.title)
    except StoreError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"Gruppe „{group.title}“ angelegt. Gruppencode: {group.code}")
    print(f"Die Teilnehmenden geben {group.code} beim Start im Feld „Gruppencode“ ein.")
    return EXIT_OK


def list_groups(args: argparse.Namespace) -> int:
    """``workshop list``: every group with code, creation date, title and participants."""
    from kundenspiel.store import StoreError
    from kundenspiel.store.groups import GroupStore, normalize_code

    try:
        store = _open_store(args)
        groups_store = GroupStore(store.root)
        groups = groups_store.groups()
        counts: dict[str, set[str]] = {}
        for player in store.players():
            for record in store.playthroughs(player.key):
                if record.group_code:
                    counts.setdefault(normalize_code(record.group_code), set()).add(player.key)
        for notice in groups_store.notices():
            print(f"Hinweis: {notice.message}", file=sys.stderr)
    except StoreError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    if not groups:
        print('Noch keine Gruppen. Lege eine an mit: kundenspiel workshop new "Titel"')
        return EXIT_OK
    print(f"{'Code':<6} {'angelegt':<10} {'Teiln.':>6}  Titel")
    for group in groups:
        created = group.created_at.astimezone().strftime("%d.%m.%Y")
        print(f"{group.code:<6} {created:<10} {len(counts.get(group.code, ())):>6}  {group.title}")
    return EXIT_OK


def export(args: argparse.Namespace) -> int:
    """``export CODE --format …``: write the group's debrief as CSV, Markdown, HTML or JSON."""
    from datetime import UTC, datetime

    from kundenspiel.store import StoreError
    from kundenspiel.store.groups import Group
    from kundenspiel.workshop.aggregate import aggregate
    from kundenspiel.workshop.archive import archive_json, build_archive
    from kundenspiel.workshop.collect import find_group, read_group
    from kundenspiel.workshop.report import html_report
    from kundenspiel.workshop.tables import csv_table, markdown

    try:
        store = _open_store(args)
        data = read_group(store, args.code)
        debrief = aggregate(data, _scenarios(args))
        if args.format == "json":
            now = datetime.now(UTC)
            group = find_group(store, data.code) or Group(code=data.code, title=data.title, created_at=now)
            text = archive_json(build_archive(data, debrief, group, now))
        elif args.format == "csv":
            text = csv_table(debrief, args.table, names=args.names)
        elif args.format == "md":
            text = markdown(debrief, names=args.names)
        else:
            text = html_report(debrief, names=args.names)
        _print_notices(store)
        if args.output is None:
            sys.stdout.write(text)
            return EXIT_OK
        with open(args.output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except StoreError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as error:
        print(f"Fehler: {args.output} lässt sich nicht schreiben ({error.strerror}).", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"Gespeichert: {args.output} ({len(debrief.participants)} Teilnehmende)", file=sys.stderr)
    return EXIT_OK


def import_files(args: argparse.Namespace) -> int:
    """``import FILE …``: merge JSON exports into the local saves; conflicts are reported."""
    from kundenspiel.store import StoreError
    from kundenspiel.store.merge import MergeResult
    from kundenspiel.workshop.archive import import_archive, read_archive

    try:
        store = _open_store(args)
    except StoreError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    total = MergeResult()
    failed = 0
    for path in args.files:
        try:
            archive = read_archive(path)
            result = import_archive(store, archive)
        except StoreError as error:
            print(f"Fehler: {error}", file=sys.stderr)
            failed += 1
            continue
        total.include(result)
        print(
            f"{path}: Gruppe {archive.group.code} – {result.added} neu, {result.updated} aktualisiert, "
            f"{result.unchanged} schon vorhanden"
            + (f", {len(result.conflicts)} Konflikte" if result.conflicts else "")
        )
        for conflict in result.conflicts:
            print(f"  Konflikt: {conflict}")
    _print_notices(store)
    if len(args.files) > 1:
        print(
            f"Zusammen: {total.added} neu, {total.updated} aktualisiert, {total.unchanged} schon vorhanden, "
            f"{len(total.conflicts)} Konflikte, {failed} Dateien nicht lesbar."
        )
    return EXIT_PROBLEMS if failed or total.conflicts else EXIT_OK


def debrief(args: argparse.Namespace) -> int:
    """``debrief CODE``: the group debrief in the terminal, refreshing while trainees play."""
    from kundenspiel.store import StoreError
    from kundenspiel.workshop.collect import read_group

    try:
        store = _open_store(args)
        code = read_group(store, args.code).code
    except StoreError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    from kundenspiel.catalog import default_cache_dir
    from kundenspiel.ui.group_app import GroupDebriefApp
    from kundenspiel.ui.session import GameConfig

    config = GameConfig(
        saves_dir=_saves_dir(args), scenario_dir=_scenario_dir(args), cache_dir=default_cache_dir()
    )
    GroupDebriefApp(config, code).run()
    return EXIT_OK


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's subcommands; each sets `handler` to a function(args) -> exit code."""
    workshop = commands.add_parser(
        "workshop",
        help="Workshop-Gruppen anlegen und auflisten",
        description=(
            "Gruppen für Workshops: Jede Gruppe hat einen kurzen Code, "
            "den die Teilnehmenden beim Start eingeben."
        ),
    )
    actions = workshop.add_subparsers(dest="workshop_command", metavar="AKTION", required=True)
    new = actions.add_parser(
        "new",
        help="neue Gruppe anlegen und ihren Code zeigen",
        description="Legt eine Gruppe an und zeigt ihren Code (vier Zeichen, gut vorzulesen).",
    )
    new.add_argument("title", metavar="TITEL", help="Titel der Gruppe, z. B. „Servicetraining März“")
    new.set_defaults(handler=new_group)
    listing = actions.add_parser(
        "list",
        help="alle Gruppen zeigen",
        description="Zeigt alle Gruppen mit Code, Datum, Teilnehmenden und Titel.",
    )
    listing.set_defaults(handler=list_groups)

    view = commands.add_parser(
        "debrief",
        help="Gruppenauswertung im Terminal zeigen",
        description="Zeigt die Auswertung einer Gruppe und aktualisiert sie, solange noch gespielt wird.",
    )
    view.add_argument("code", metavar="CODE", help="der Gruppencode, z. B. KR7M")
    view.set_defaults(handler=debrief)

    out = commands.add_parser(
        "export",
        help="Gruppenauswertung als CSV, Markdown, HTML oder JSON speichern",
        description=(
            "Schreibt die Auswertung einer Gruppe. CSV ist für Excel gemacht (UTF-8 mit BOM, Semikolon); "
            "HTML ist ein Bericht mit Diagrammen zum Drucken; JSON ist das Archiv, das „kundenspiel import“ "
            "auf einem anderen Rechner einliest – es enthält immer die Namen."
        ),
    )
    out.add_argument("code", metavar="CODE", help="der Gruppencode, z. B. KR7M")
    out.add_argument("--format", choices=FORMATS, required=True, help="csv, md, html oder json")
    out.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="DATEI",
        help="in diese Datei schreiben (Standard: Ausgabe im Terminal)",
    )
    out.add_argument(
        "--table",
        choices=("durchlaeufe", "entscheidungen"),
        default="durchlaeufe",
        help="nur CSV: eine Zeile je Durchlauf (Standard) oder je Entscheidung",
    )
    out.add_argument(
        "--namen",
        dest="names",
        action="store_true",
        help="Namen statt „Teilnehmer 1…n“ zeigen (JSON enthält die Namen immer)",
    )
    out.set_defaults(handler=export)

    merge = commands.add_parser(
        "import",
        help="JSON-Exporte anderer Rechner in die Spielstände übernehmen",
        description=(
            "Übernimmt Gruppenexporte (kundenspiel export CODE --format json) in die Spielstände. "
            "Doppelt importieren schadet nicht; widersprüchliche Durchläufe werden gemeldet "
            "und nicht überschrieben."
        ),
    )
    merge.add_argument(
        "files", nargs="+", type=Path, metavar="DATEI", help="eine oder mehrere JSON-Exportdateien"
    )
    merge.set_defaults(handler=import_files)
