"""Subcommands for workshops: groups, the group debrief, exports and merging exports.

``workshop new "Titel"`` asks for a trainer PIN and prints a group code; trainees enter it on
the start screen. ``debrief CODE`` shows the group's debrief in the terminal, ``export CODE``
writes it as CSV, Markdown, HTML or JSON, and ``import FILE …`` merges JSON exports from other
laptops. Names need the group's PIN (``commands.trainer_pin``): the JSON archive always carries
them, the other formats with ``--namen``; ``workshop pin CODE`` sets or changes the PIN and
``workshop merge CODE A B`` joins two entries that are one person.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kundenspiel.commands.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    OutputError,
    folders_for,
    os_reason,
    write_output,
)
from kundenspiel.commands.workshop_people import register_actions
from kundenspiel.safe_text import visible
from kundenspiel.wording import counted

if TYPE_CHECKING:
    from kundenspiel.engine import Scenario
    from kundenspiel.store import SaveStore
    from kundenspiel.store.groups import GroupStore
    from kundenspiel.store.merge import MergeResult

FORMATS = ("csv", "md", "html", "json")


def say(text: str, *, error: bool = False) -> None:
    """Print a line for the terminal: names, titles, codes, ids and paths in it come from people
    and files, so control and bidi characters are shown as escapes (``\\x1b``), never sent raw."""
    print(visible(text), file=sys.stderr if error else sys.stdout)


def print_notices(store: SaveStore, groups: GroupStore) -> None:
    """Tell what the store repaired or skipped since the last call (stderr, German)."""
    for notice in [*store.notices(), *groups.notices()]:
        say(f"Hinweis: {notice.message}", error=True)


@contextmanager
def open_stores(args: argparse.Namespace) -> Iterator[tuple[SaveStore, GroupStore]]:
    """The save folder and its group list; their notices are printed when the block ends, however
    it ends, so no repair goes untold. StoreError if the folder is unusable."""
    from kundenspiel.store import SaveStore
    from kundenspiel.store.groups import GroupStore

    store = SaveStore(folders_for(args).saves.path)
    groups = GroupStore(store.root)
    try:
        yield store, groups
    finally:
        print_notices(store, groups)


def _scenarios(args: argparse.Namespace) -> list[Scenario]:
    from kundenspiel.catalog import load_catalog

    folders = folders_for(args)
    return load_catalog(folders.scenario_folders, folders.cache).playable


DISPLAY_LABELS = {
    "offen": "offen (Zahlen und Änderung je Auswahl)",
    "tendenz": "Tendenz (Balken ohne Zahlen)",
    "verdeckt": "verdeckt (erst in der Auswertung)",
}


def new_group(args: argparse.Namespace) -> int:
    """``workshop new TITEL``: create a group and print its code."""
    from kundenspiel.commands.trainer_pin import PinError, choose_pin
    from kundenspiel.engine.models import MeterDisplay
    from kundenspiel.store import StoreError
    from kundenspiel.store.pin import hash_pin

    try:
        pin = choose_pin(optional=True)
        with open_stores(args) as (_, groups):
            display = MeterDisplay(args.anzeige) if args.anzeige else None
            pin_hash = hash_pin(pin) if pin is not None else None
            group = groups.create(args.title, meter_display=display, pin_hash=pin_hash)
    except (StoreError, PinError) as error:
        say(f"Fehler: {error}", error=True)
        return EXIT_PROBLEMS
    say(f"Gruppe „{group.title}“ angelegt. Gruppencode: {group.code}")
    if group.pin_hash is None:
        say(
            "Ohne Trainer-PIN: Auswertung und Exporte zeigen keine Namen, bis du eine festlegst mit "
            f"kundenspiel workshop pin {group.code}"
        )
    if group.meter_display is not None:
        say(
            f"Messwerte beim Spielen: {DISPLAY_LABELS[group.meter_display]}, "
            "in allen Szenarien dieser Gruppe."
        )
    say(f"Die Teilnehmenden geben {group.code} beim Start im Feld „Gruppencode“ ein.")
    return EXIT_OK


def _local_date(moment: datetime) -> str:
    try:
        return moment.astimezone().strftime("%d.%m.%Y")
    except OverflowError:  # year 1 or 9999 in UTC can leave the calendar in local time
        return moment.strftime("%d.%m.%Y")


def list_groups(args: argparse.Namespace) -> int:
    """``workshop list``: every group with code, creation date, title and participants."""
    from kundenspiel.store import StoreError
    from kundenspiel.store.groups import normalize_code

    try:
        with open_stores(args) as (store, groups_store):
            groups = groups_store.groups()
            counts: dict[str, set[str]] = {}
            runs: Counter[str] = Counter()
            for player in store.players():
                for record in store.playthroughs(player.key):
                    if record.group_code:
                        code = normalize_code(record.group_code)
                        counts.setdefault(code, set()).add(player.key)
                        runs[code] += 1
    except StoreError as error:
        say(f"Fehler: {error}", error=True)
        return EXIT_PROBLEMS
    if not groups:
        say('Noch keine Gruppen. Lege eine an mit: kundenspiel workshop new "Titel"')
    else:
        say(f"{'Code':<6} {'angelegt':<10} {'Teiln.':>6}  {'PIN':<4} {'Anzeige':<9} Titel")
    for group in groups:
        created = _local_date(group.created_at)
        display = group.meter_display.value if group.meter_display else "Szenario"
        participants = len(counts.get(group.code, ()))
        pin = "ja" if group.pin_hash else "nein"
        say(f"{visible(group.code):<6} {created:<10} {participants:>6}  {pin:<4} {display:<9} {group.title}")
    known = {group.code for group in groups}
    orphans = sorted((code, count) for code, count in runs.items() if code not in known)
    if orphans:
        listed = ", ".join(f"{code} ({counted(n, 'Durchlauf', 'Durchläufe')})" for code, n in orphans)
        say(f"Codes ohne Gruppe: {listed}")
        say(
            "Vertippt? Diese Durchläufe fehlen in der Auswertung der gemeinten Gruppe; "
            "zu sehen sind sie mit kundenspiel debrief CODE."
        )
    return EXIT_OK


def export(args: argparse.Namespace) -> int:
    """``export CODE --format …``: write the group's debrief as CSV, Markdown, HTML or JSON."""
    from datetime import UTC, datetime

    from kundenspiel.commands.trainer_pin import PinError, check_pin
    from kundenspiel.store import StoreError
    from kundenspiel.store.device import device_id
    from kundenspiel.store.groups import Group
    from kundenspiel.workshop.aggregate import aggregate
    from kundenspiel.workshop.archive import archive_json, build_archive
    from kundenspiel.workshop.collect import read_group
    from kundenspiel.workshop.report import html_report
    from kundenspiel.workshop.tables import csv_table, markdown, participants_text

    try:
        with open_stores(args) as (store, groups):
            data = read_group(store, args.code, groups=groups)
            now = datetime.now(UTC)
            group = groups.find(data.code) or Group(code=data.code, title=data.title, created_at=now)
            if args.format == "json" or args.names:
                check_pin(group, "eine Auswertung mit Namen zu exportieren")
            debrief = aggregate(data, _scenarios(args), now=now)
            if args.format == "json":
                text = archive_json(build_archive(data, debrief, group, now, device_id(store.root)))
            elif args.format == "csv":
                text = csv_table(debrief, args.table, names=args.names)
            elif args.format == "md":
                text = markdown(debrief, names=args.names)
            else:
                text = html_report(debrief, names=args.names)
        if args.output is None:
            # The exports carry no control characters (JSON escapes them), so this is terminal-safe.
            sys.stdout.write(text)
            return EXIT_OK
        write_output(args.output, text)
    except (StoreError, OutputError, PinError) as error:
        say(f"Fehler: {error}", error=True)
        return EXIT_PROBLEMS
    except OSError as error:
        say(f"Fehler: {args.output} lässt sich nicht schreiben ({os_reason(error)}).", error=True)
        return EXIT_PROBLEMS
    say(f"Gespeichert: {args.output} ({participants_text(len(debrief.participants))})", error=True)
    return EXIT_OK


def _file_report(path: Path, code: str, result: MergeResult) -> None:
    """What the import of one file did: the summary line, then one line per message."""
    counts = [
        f"{result.added} neu",
        f"{result.updated} aktualisiert",
        f"{result.unchanged} schon vorhanden",
    ]
    if result.refused:
        counts.append(f"{len(result.refused)} abgelehnt")
    if result.conflicts:
        counts.append(counted(len(result.conflicts), "Konflikt", "Konflikte"))
    say(f"{path}: Gruppe {code} – {', '.join(counts)}")
    for kind, messages in (
        ("abgelehnt", result.refused),
        ("Konflikt", result.conflicts),
        ("Warnung", result.warnings),
    ):
        for message in messages:
            say(f"{path}: {kind}: {message}")


def import_files(args: argparse.Namespace) -> int:
    """``import FILE …``: merge JSON exports into the local saves; conflicts are reported."""
    from kundenspiel.store import StoreError
    from kundenspiel.store.merge import MergeResult
    from kundenspiel.workshop.archive import ArchiveError, import_archive, read_archive

    total = MergeResult()
    failed = 0
    try:
        with open_stores(args) as (store, groups):
            versions = {scenario.id: scenario.version for scenario in _scenarios(args)}
            for path in args.files:
                try:
                    imported = read_archive(path)
                    result = import_archive(store, imported, groups, versions)
                except StoreError as error:
                    # An ArchiveError names its file; a store error (disk, lock) does not.
                    where = "" if isinstance(error, ArchiveError) else f"{path}: "
                    say(f"Fehler: {where}{error}", error=True)
                    failed += 1
                    continue
                finally:
                    print_notices(store, groups)
                total.include(result)
                _file_report(path, imported.group.code, result)
    except StoreError as error:
        say(f"Fehler: {error}", error=True)
        return EXIT_PROBLEMS
    if len(args.files) > 1:
        say(
            f"Zusammen: {total.added} neu, {total.updated} aktualisiert, {total.unchanged} schon vorhanden, "
            f"{len(total.refused)} abgelehnt, {counted(len(total.conflicts), 'Konflikt', 'Konflikte')}, "
            f"{counted(failed, 'Datei', 'Dateien')} nicht lesbar."
        )
    return EXIT_PROBLEMS if failed or total.conflicts or total.refused else EXIT_OK


def debrief(args: argparse.Namespace) -> int:
    """``debrief CODE``: the group debrief in the terminal, refreshing while trainees play."""
    from kundenspiel.store import StoreError
    from kundenspiel.workshop.collect import read_group

    try:
        with open_stores(args) as (store, groups):
            code = read_group(store, args.code, groups=groups).code
    except StoreError as error:
        say(f"Fehler: {error}", error=True)
        return EXIT_PROBLEMS
    from kundenspiel.cli import game_config
    from kundenspiel.ui.group_app import GroupDebriefApp

    GroupDebriefApp(game_config(args), code).run()
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
        description=(
            "Legt eine Gruppe an und zeigt ihren Code (vier Zeichen, gut vorzulesen). Fragt eine "
            "Trainer-PIN (im Terminal verdeckt und zweimal, sonst eine Zeile von der Standardeingabe; "
            "leer: ohne PIN, dann zeigt die Gruppe keine Namen, bis eine festgelegt ist)."
        ),
    )
    new.add_argument("title", metavar="TITEL", help="Titel der Gruppe, z. B. „Servicetraining März“")
    new.add_argument(
        "--anzeige",
        choices=tuple(DISPLAY_LABELS),
        help="wie die Gruppe die Messwerte beim Spielen sieht: offen (Zahlen und Änderung je Auswahl), "
        "tendenz (Balken ohne Zahlen) oder verdeckt (erst in der Auswertung); Standard: wie im Szenario",
    )
    new.set_defaults(handler=new_group)
    listing = actions.add_parser(
        "list",
        help="alle Gruppen zeigen",
        description="Zeigt alle Gruppen mit Code, Datum, Teilnehmenden und Titel.",
    )
    listing.set_defaults(handler=list_groups)
    register_actions(actions)

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
            "auf einem anderen Rechner einliest – es enthält immer die Namen. Namen (JSON, --namen) gibt "
            "es nur mit der Trainer-PIN der Gruppe: im Terminal verdeckt gefragt, sonst eine Zeile "
            "von der Standardeingabe."
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
        choices=("durchlaeufe", "entscheidungen", "zusammenfassung"),
        default="durchlaeufe",
        help="nur CSV: eine Zeile je Durchlauf (Standard), je Entscheidung oder je Auswahl (Zusammenfassung)",
    )
    out.add_argument(
        "--namen",
        dest="names",
        action="store_true",
        help="Namen statt „Person 1…n“ zeigen, nach der Trainer-PIN (JSON enthält die Namen immer)",
    )
    out.set_defaults(handler=export)

    merge = commands.add_parser(
        "import",
        help="JSON-Exporte anderer Rechner in die Spielstände übernehmen",
        description=(
            "Übernimmt Gruppenexporte (kundenspiel export CODE --format json) in die Spielstände. "
            "Doppelt importieren schadet nicht; widersprüchliche Durchläufe werden gemeldet "
            "und nicht überschrieben. Jede Datei wird vor dem Übernehmen ganz geprüft: unbrauchbare "
            "Einträge werden mit Datei und Nummer gemeldet und ausgelassen. Hat hier schon eine Gruppe "
            "mit anderem Titel denselben Code, bleibt die importierte getrennt unter einem neuen Code."
        ),
    )
    merge.add_argument(
        "files", nargs="+", type=Path, metavar="DATEI", help="eine oder mehrere JSON-Exportdateien"
    )
    merge.set_defaults(handler=import_files)
