"""``kundenspiel forget NAME``: delete everything the save folder holds about one person.

What goes: the player's file with every playthrough (in every group), its backup and damaged
copies set aside, their entry in the player list (and in its backup), and their participant
numbers in the groups; the numbers of the others stay as they are. Group debriefs no longer
count the person. Exports and reports written earlier and save folders on other machines are
not touched (the message says so). The command lists all of it first and asks before deleting
(``--ja`` skips the question, for scripts).
"""

from __future__ import annotations

import argparse
from collections import Counter
from typing import TYPE_CHECKING

from kundenspiel.commands.common import EXIT_OK, EXIT_PROBLEMS, GermanArgumentParser
from kundenspiel.wording import counted

if TYPE_CHECKING:
    from kundenspiel.store import PlayerRef, PlaythroughRecord, SaveStore


def _say(text: str, *, error: bool = False) -> None:
    from kundenspiel.commands.workshop import say

    say(text, error=error)


class _NoSuchPersonError(Exception):
    """The name finds nobody (or more than one person); the message is German."""


def choose_person(store: SaveStore, typed: str) -> tuple[PlayerRef, list[PlayerRef]]:
    """The player ``typed`` means, and the players kept apart under the same name with a device
    label („Anna (Gerät 7K3M)“), which are not deleted with them. ``_NoSuchPersonError`` when nobody
    or more than one person matches."""
    from kundenspiel.store.names import name_identity, normalize_name

    name = normalize_name(typed)
    if not name:
        raise _NoSuchPersonError("Bitte gib den Namen der Person an, deren Daten gelöscht werden sollen.")
    identity = name_identity(name)
    players = store.players()
    same = [player for player in players if name_identity(player.name) == identity]
    labelled = [p for p in players if name_identity(p.name).startswith(f"{identity} (gerät ")]
    exact = [player for player in same if player.name == name]
    if len(same) == 1 or exact:
        return (exact or same)[0], labelled
    if same:
        listed = ", ".join(f"„{player.name}“" for player in same)
        raise _NoSuchPersonError(
            f"„{name}“ passt auf {len(same)} Einträge: {listed}. Gib den Namen genau so ein, wie er "
            "dort steht (Groß- und Kleinschreibung); gelöscht wurde nichts."
        )
    hint = ""
    if labelled:
        hint = " Es gibt aber: " + ", ".join(f"„{player.name}“" for player in labelled) + "."
    raise _NoSuchPersonError(f"„{name}“ gibt es in den Spielständen in „{store.root}“ nicht.{hint}")


def _playthrough_lines(records: list[PlaythroughRecord]) -> list[str]:
    kinds = Counter((record.scenario_id, record.group_code or "") for record in records)
    lines = []
    for (scenario_id, code), count in sorted(kinds.items()):
        where = f"Gruppe {code}" if code else "ohne Gruppe"
        lines.append(f"    {counted(count, 'Durchlauf', 'Durchläufe')} „{scenario_id}“ ({where})")
    return lines


def forget(args: argparse.Namespace) -> int:
    """``forget NAME [--ja]``: list what is stored about a person, ask, delete it."""
    from kundenspiel.commands.trainer_pin import confirmed
    from kundenspiel.commands.workshop import open_stores
    from kundenspiel.store import StoreError
    from kundenspiel.store.labels import forget_labels, numbered_in
    from kundenspiel.store.people import forget_player

    try:
        with open_stores(args) as (store, groups):
            person, apart = choose_person(store, args.name)
            records = store.playthroughs(person.key)
            numbered = numbered_in(groups, person.key)
            _say(f"Gelöscht wird „{person.name}“ aus den Spielständen in „{store.root}“:")
            _say(
                f"  - {counted(len(records), 'Durchlauf', 'Durchläufe')} mit allen Entscheidungen und Zeiten"
            )
            for line in _playthrough_lines(records):
                _say(line)
            _say("  - der Eintrag in der Spielerliste und die Spielstanddatei, jeweils mit Sicherung")
            if numbered:
                codes = ", ".join(numbered)
                _say(
                    f"  - die Teilnehmernummer in {counted(len(numbered), 'Gruppe', 'Gruppen')} ({codes}); "
                    "die Nummern der anderen bleiben"
                )
            _say(
                "Gruppenauswertungen zählen die Person danach nicht mehr mit. Schon geschriebene Exporte "
                "und Berichte und Spielstände auf anderen Rechnern ändert das nicht; dort ebenso löschen."
            )
            for other in apart:
                _say(
                    f"Nicht mitgelöscht wird „{other.name}“ (von einem anderen Gerät). Ist es dieselbe "
                    f'Person: kundenspiel forget "{other.name}"'
                )
            if not args.yes and not confirmed():
                _say("Nichts gelöscht.", error=True)
                return EXIT_PROBLEMS
            removed = forget_player(store, person)
            forget_labels(groups, person.key)
            leftovers = sorted(store.root.glob("index.broken-*.json"))
    except (StoreError, _NoSuchPersonError) as error:
        _say(f"Fehler: {error}", error=True)
        return EXIT_PROBLEMS
    _say(
        f"Gelöscht: „{person.name}“ mit {counted(removed.playthroughs, 'Durchlauf', 'Durchläufen')} "
        f"({counted(len(removed.files), 'Datei', 'Dateien')})."
    )
    if leftovers:
        names = ", ".join(path.name for path in leftovers)
        _say(
            f"Hinweis: In beiseitegelegten beschädigten Spielerlisten kann der Name noch stehen ({names} "
            f"in „{store.root}“). Brauchst du sie nicht mehr, lösch sie."
        )
    return EXIT_OK


def register(commands: argparse._SubParsersAction[GermanArgumentParser]) -> None:
    """Add ``forget``; it sets ``handler`` to a function(args) -> exit code."""
    command = commands.add_parser(
        "forget",
        help="alle Daten einer Person aus den Spielständen löschen",
        description=(
            "Löscht alles, was die Spielstände über eine Person enthalten: ihre Durchläufe in allen "
            "Gruppen, ihren Eintrag in der Spielerliste (auch aus den Sicherungen) und ihre "
            "Teilnehmernummern. Zeigt vorher, was gelöscht wird, und fragt nach."
        ),
    )
    command.add_argument("name", metavar="NAME", help="der Name, wie die Person ihn eingegeben hat")
    command.add_argument("--ja", dest="yes", action="store_true", help="ohne Rückfrage löschen (für Skripte)")
    command.set_defaults(handler=forget)
