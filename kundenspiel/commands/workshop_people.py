"""``workshop pin``, ``merge`` and ``delete``: the trainer's PIN, joining two entries of one
person, deleting a group with everything its people left in it.

An import keeps two people with the same name from different laptops apart („Anna“ and
„Anna (Gerät 7K3M)“), because silently joining them can lose a person's runs. When they are one
person after all, ``workshop merge CODE "Anna" "Anna (Gerät 7K3M)"`` gives the second one's
playthroughs of that group to the first. It shows names, so it needs the group's PIN.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from kundenspiel.commands.common import EXIT_OK, EXIT_PROBLEMS
from kundenspiel.wording import counted

if TYPE_CHECKING:
    from kundenspiel.store import SaveStore


def merge_people(args: argparse.Namespace) -> int:
    """``workshop merge CODE A B``: B's playthroughs of the group become A's."""
    from datetime import UTC, datetime

    from kundenspiel.commands.trainer_pin import PinError, check_pin
    from kundenspiel.commands.workshop import open_stores, say
    from kundenspiel.store import StoreError
    from kundenspiel.store.groups import Group
    from kundenspiel.store.people import move_playthroughs
    from kundenspiel.workshop.collect import read_group

    try:
        with open_stores(args) as (store, groups):
            data = read_group(store, args.code, groups=groups)
            now = datetime.now(UTC)
            group = groups.find(data.code) or Group(code=data.code, title=data.title, created_at=now)
            check_pin(group, "Personen zusammenzuführen")
            members = {record.player_key for record in data.group_records()}
            target, source = (store.find_player(name) for name in (args.keep, args.join))
            for name, found in ((args.keep, target), (args.join, source)):
                if found is None or found.key not in members:
                    names = sorted((data.players[key].name for key in members), key=str.casefold)
                    listed = ", ".join(f"„{known}“" for known in names)
                    raise StoreError(
                        f"„{name}“ hat keine Durchläufe in der Gruppe {data.code}. "
                        f"Dabei sind: {listed or 'noch niemand'}."
                    )
            assert target is not None and source is not None
            if target.key == source.key:
                raise StoreError(f"„{args.keep}“ und „{args.join}“ sind schon dieselbe Person.")
            records = [record for record in data.group_records() if record.player_key == source.key]
            moved = move_playthroughs(store, source, target, records)
            left = len(store.playthroughs(source.key))
    except (StoreError, PinError) as error:
        say(f"Fehler: {error}", error=True)
        return EXIT_PROBLEMS
    verb = "gehört" if moved == 1 else "gehören"
    say(
        f"Zusammengeführt: {counted(moved, 'Durchlauf', 'Durchläufe')} von „{source.name}“ in der Gruppe "
        f"{data.code} {verb} jetzt zu „{target.name}“."
    )
    if left == 0:
        say(
            f"„{source.name}“ hat jetzt keine Durchläufe mehr; ganz löschen mit: "
            f'kundenspiel forget "{source.name}"'
        )
    return EXIT_OK


def delete_group(args: argparse.Namespace) -> int:
    """``workshop delete CODE [--ja]``: the group, its playthroughs, and people left with none."""
    from kundenspiel.commands.trainer_pin import PinError, check_pin, confirmed
    from kundenspiel.commands.workshop import open_stores, say
    from kundenspiel.store import StoreError
    from kundenspiel.store.labels import remove_group
    from kundenspiel.store.people import forget_player, remove_playthroughs
    from kundenspiel.workshop.collect import read_group

    try:
        with open_stores(args) as (store, groups):
            data = read_group(store, args.code, groups=groups)
            group = groups.find(data.code)
            if group is not None and group.pin_hash is not None:
                check_pin(group, "die Gruppe zu löschen")
            by_player: dict[str, list[str]] = {}
            for record in data.group_records():
                by_player.setdefault(record.player_key, []).append(record.id)
            playing = [key for key in by_player if not _free(store, key)]
            if playing:
                raise StoreError(
                    f"{counted(len(playing), 'Person spielt', 'Personen spielen')} in dieser Gruppe gerade. "
                    "Bitte beendet die Spiele und versuch es dann noch einmal; gelöscht wurde nichts."
                )
            runs = sum(len(ids) for ids in by_player.values())
            only_here = [key for key, ids in by_player.items() if len(store.playthroughs(key)) == len(ids)]
            say(f"Gelöscht wird die Gruppe „{data.title}“ ({data.code}) aus „{store.root}“:")
            people = counted(len(by_player), "Person", "Personen")
            say(f"  - {counted(runs, 'Durchlauf', 'Durchläufe')} von {people}")
            say(
                f"  - {counted(len(only_here), 'Person', 'Personen')} ohne andere Durchläufe ganz, "
                "mit Namen und Spielstanddatei"
            )
            say("  - der Eintrag der Gruppe mit Titel, PIN und Teilnehmernummern")
            if not args.yes and not confirmed():
                say("Nichts gelöscht.", error=True)
                return EXIT_PROBLEMS
            for key, ids in by_player.items():
                if key in only_here:
                    forget_player(store, data.players[key])
                else:
                    remove_playthroughs(store, data.players[key], ids)
            remove_group(groups, data.code)
    except (StoreError, PinError) as error:
        say(f"Fehler: {error}", error=True)
        return EXIT_PROBLEMS
    say(
        f"Gelöscht: Gruppe {data.code} mit {counted(runs, 'Durchlauf', 'Durchläufen')}; "
        f"{counted(len(only_here), 'Person', 'Personen')} ganz gelöscht."
    )
    return EXIT_OK


def _free(store: SaveStore, key: str) -> bool:
    """True when nobody plays as this player right now (checked by taking the claim briefly)."""
    claim = store.claim_player(key)
    if claim is None:
        return False
    claim.release()
    return True


def _set_pin(args: argparse.Namespace) -> int:
    # Imported when run: trainer_pin imports the store, which starting the game must not wait for.
    from kundenspiel.commands.trainer_pin import set_pin

    return set_pin(args)


def register_actions(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``workshop pin``, ``merge`` and ``delete`` to the ``workshop`` subcommands."""
    pin = actions.add_parser(
        "pin",
        help="Trainer-PIN einer Gruppe festlegen oder ändern",
        description=(
            "Legt die Trainer-PIN einer Gruppe fest; ohne sie zeigen Auswertung und Exporte keine Namen. "
            "Eine schon festgelegte PIN lässt sich nur mit ihr ändern. Im Terminal wird die PIN verdeckt "
            "gefragt, sonst je eine Zeile von der Standardeingabe gelesen (erst die alte, dann die neue)."
        ),
    )
    pin.add_argument("code", metavar="CODE", help="der Gruppencode, z. B. KR7M")
    pin.set_defaults(handler=_set_pin)
    merge = actions.add_parser(
        "merge",
        help="zwei Einträge derselben Person in einer Gruppe zusammenführen",
        description=(
            "Gibt alle Durchläufe von NAME2 in der Gruppe an NAME1, z. B. wenn dieselbe Person auf zwei "
            "Rechnern gespielt hat und der Import sie getrennt hat („Anna“ und „Anna (Gerät 7K3M)“). "
            "Braucht die Trainer-PIN der Gruppe."
        ),
    )
    merge.add_argument("code", metavar="CODE", help="der Gruppencode, z. B. KR7M")
    merge.add_argument("keep", metavar="NAME1", help="die Person, die bleibt")
    merge.add_argument("join", metavar="NAME2", help="die Person, deren Durchläufe zu NAME1 kommen")
    merge.set_defaults(handler=merge_people)
    delete = actions.add_parser(
        "delete",
        help="eine Gruppe mit allen ihren Durchläufen löschen",
        description=(
            "Löscht eine Gruppe: alle Durchläufe mit ihrem Code, die Personen, die sonst nichts gespielt "
            "haben (mit Namen), und den Eintrag der Gruppe. Zeigt vorher, was gelöscht wird, und fragt "
            "nach; hat die Gruppe eine Trainer-PIN, wird sie gefragt."
        ),
    )
    delete.add_argument("code", metavar="CODE", help="der Gruppencode, z. B. KR7M")
    delete.add_argument("--ja", dest="yes", action="store_true", help="ohne Rückfrage löschen (für Skripte)")
    delete.set_defaults(handler=delete_group)
