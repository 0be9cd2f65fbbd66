"""The trainer PIN on the command line: choosing one, checking it before names are shown.

On a terminal the PIN is asked hidden with ``getpass`` (a new one twice, to catch a typo), with
three tries and a pause after each wrong one. Without a terminal (a script, CI, a pipe) it is
read from standard input, one line per PIN asked: ``workshop new`` and ``export`` read one line;
``workshop pin`` reads the old PIN first when the group has one, then the new one. There is no
second try without a terminal. A PIN is never a command-line argument: those end up in the shell
history and in the process list.

The PIN is checked with ``store.pin.verify_pin`` against the hash in ``groups.json``; the hash
is slow on purpose, the pause makes guessing at the prompt slower still.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time

from kundenspiel.commands.common import EXIT_OK, EXIT_PROBLEMS
from kundenspiel.store.groups import Group
from kundenspiel.store.pin import hash_pin, pin_problem, verify_pin

PIN_TRIES = 3
WRONG_PIN_PAUSE = 1.0
"""Seconds to wait after a wrong PIN before the next try (or the error)."""


class PinError(Exception):
    """No usable PIN was given; the message is German and says what to do."""


def _say(text: str) -> None:
    from kundenspiel.commands.workshop import say

    say(text, error=True)


def on_terminal() -> bool:
    """True when a person types at a terminal (the PIN is then asked hidden)."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def read_line() -> str | None:
    """One line of standard input without its line break; None at its end (or when there is none)."""
    try:
        line = sys.stdin.readline()
    except (OSError, ValueError):
        return None
    return line.rstrip("\r\n") if line else None


def confirmed() -> bool:
    """Whether the user answers „ja“ to „Wirklich löschen?“ (on a terminal, else one line of
    standard input; no answer is no)."""
    question = "Wirklich löschen? Tippe „ja“ und Enter: "
    if on_terminal():
        try:
            answer: str | None = input(question)
        except EOFError:
            answer = None
    else:
        answer = read_line()
    return (answer or "").strip().casefold() in {"ja", "j"}


def read_secret(prompt: str) -> str | None:
    """One PIN: hidden on a terminal, else one line of standard input; None when there is none."""
    if not on_terminal():
        return read_line()
    try:
        return getpass.getpass(prompt)
    except EOFError:
        return None


def choose_pin(*, optional: bool) -> str | None:
    """A new PIN, checked with ``pin_problem``: on a terminal asked twice (up to three times when
    they differ or the PIN is unusable). An empty answer means no PIN when ``optional`` (None),
    else ``PinError``."""
    tries = PIN_TRIES if on_terminal() else 1
    skip = " (leer lassen: ohne PIN)" if optional else ""
    for attempt in range(1, tries + 1):
        pin = read_secret(f"Neue Trainer-PIN{skip}: ")
        if not pin:
            if optional:
                return None
            raise PinError("Keine PIN eingegeben; nichts geändert.")
        problem = pin_problem(pin)
        if problem is None and on_terminal() and read_secret("Dieselbe PIN noch einmal: ") != pin:
            problem = "Die beiden Eingaben sind verschieden."
        if problem is None:
            return pin
        if attempt < tries:
            _say(f"{problem} Bitte noch einmal.")
        else:
            raise PinError(f"{problem} Nichts geändert.")
    raise AssertionError("unreachable: the last try returns or raises")


def pause(seconds: float) -> None:
    """Wait after a wrong PIN (a function of its own, so tests record the pauses instead)."""
    time.sleep(seconds)


def check_pin(group: Group, purpose: str) -> None:
    """Ask for the group's PIN and return when it is right; ``PinError`` otherwise (also for a
    group without a PIN, which has to get one first). ``purpose`` completes „Die PIN … ist
    nötig, um …“."""
    if group.pin_hash is None:
        raise PinError(
            f"Die Gruppe {group.code} hat noch keine Trainer-PIN. Um {purpose}, leg zuerst eine fest: "
            f"kundenspiel workshop pin {group.code}"
        )
    tries = PIN_TRIES if on_terminal() else 1
    for attempt in range(1, tries + 1):
        pin = read_secret(f"Trainer-PIN der Gruppe {group.code}: ")
        if pin is None:
            raise PinError(f"Keine PIN eingegeben. Die Trainer-PIN ist nötig, um {purpose}.")
        if verify_pin(group.pin_hash, pin):
            return
        pause(WRONG_PIN_PAUSE)
        if attempt < tries:
            left = tries - attempt
            _say(f"Die PIN ist falsch. Noch {left} {'Versuch' if left == 1 else 'Versuche'}.")
    raise PinError(f"Die PIN ist falsch. Die Trainer-PIN ist nötig, um {purpose}.")


def set_pin(args: argparse.Namespace) -> int:
    """``workshop pin CODE``: give a group a trainer PIN, or change it (the old one is asked)."""
    from kundenspiel.commands.workshop import open_stores, say
    from kundenspiel.store import StoreError
    from kundenspiel.workshop.collect import read_group

    try:
        with open_stores(args) as (store, groups):
            code = read_group(store, args.code, groups=groups).code
            group = groups.find(code)
            changing = group is not None and group.pin_hash is not None
            if group is not None and changing:
                check_pin(group, "sie zu ändern")
            pin = choose_pin(optional=False)
            assert pin is not None  # not optional: an empty answer raised
            group = groups.set_pin(code, hash_pin(pin))
    except (StoreError, PinError) as error:
        say(f"Fehler: {error}", error=True)
        return EXIT_PROBLEMS
    done = "geändert" if changing else "festgelegt"
    say(f"Die Trainer-PIN der Gruppe „{group.title}“ ({group.code}) ist {done}.")
    say(
        "Namen zeigen Auswertung und Exporte nur nach dieser PIN. Merk sie dir gut: "
        "Sie ist nirgends im Klartext gespeichert."
    )
    return EXIT_OK
