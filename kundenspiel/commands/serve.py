"""``kundenspiel serve``: the game for a workshop room, played in the trainees' browsers.

textual-serve starts one game process per browser tab (``python -m kundenspiel --served``) on
the one shared saves folder; the store is safe for many processes. A closed or reloaded tab ends
its process; every choice is saved as it is made, so signing in again resumes where it stopped.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import os
import shlex
import socket
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kundenspiel.commands.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, folders_for, os_reason
from kundenspiel.safe_text import visible

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
QUIET_ZONE = 4
"""Light modules around the QR code, as the standard asks: phones read it from a projector."""


class ServeError(Exception):
    """The server cannot start as asked; the message is German."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``serve``."""
    serve = commands.add_parser(
        "serve",
        help="das Spiel im Browser anbieten (für den Workshop-Raum)",
        description=(
            "Bietet das Spiel im Browser an: Wer die angezeigte Adresse öffnet, spielt in einem "
            "eigenen Spiel auf demselben Spielstand-Ordner. Ohne --host erreicht nur dieser "
            "Computer das Spiel; mit --host 0.0.0.0 der ganze Raum. Strg+C beendet."
        ),
    )
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        metavar="ADRESSE",
        help=f"Netzwerkadresse, an der das Spiel erreichbar ist (Standard: {DEFAULT_HOST}, nur "
        "dieser Computer; 0.0.0.0: alle Netzwerke dieses Computers)",
    )
    serve.add_argument(
        "--port",
        type=port_number,
        default=DEFAULT_PORT,
        metavar="PORT",
        help=f"Port (Standard: {DEFAULT_PORT}; 0: ein freier)",
    )
    serve.set_defaults(handler=run_serve)


def port_number(text: str) -> int:
    """``--port``: 0 to 65535."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"„{visible(text)}“ ist keine Portnummer (0 bis 65535)")
    return int(text)


def game_command(
    saves: Path, scenarios: Path, theme: str | None = None, program: Sequence[str] | None = None
) -> str:
    """The shell command textual-serve runs for each tab: this interpreter and package (or
    ``program``, the warm games' client), the folders resolved once here, so every tab plays on
    the same ones."""
    words = [*(program or [sys.executable, "-m", "kundenspiel"])]
    words += ["--saves", str(saves), "--scenarios", str(scenarios)]
    if theme:
        words += ["--theme", theme]
    words.append("--served")
    if os.name != "posix":
        return " ".join(f'"{word}"' for word in words)
    # exec: the game replaces the shell, one process per tab instead of two.
    return "exec " + shlex.join(words)


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``/``port`` and listening; ServeError (German) when it cannot be."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError) as error:
        raise ServeError(
            f"Die Adresse „{visible(host)}“ gibt es nicht ({visible(str(error))}). Möglich sind z. B. "
            f"{DEFAULT_HOST} (nur dieser Computer) oder 0.0.0.0 (alle Netzwerke)."
        ) from error
    listener = socket.socket(family, kind, proto)
    try:
        if os.name == "posix":
            # A restart right after Ctrl+C finds the port free at once.
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(128)
    except OSError as error:
        listener.close()
        raise ServeError(_bind_problem(host, port, error)) from error
    listener.setblocking(False)
    return listener


def _bind_problem(host: str, port: int, error: OSError) -> str:
    where = f"{visible(host)}:{port}"
    if error.errno == errno.EADDRINUSE:
        return (
            f"Port {port} ist auf {visible(host)} schon belegt (läuft „kundenspiel serve“ schon?). "
            "Wähle einen anderen, z. B. --port 8080."
        )
    if error.errno == errno.EADDRNOTAVAIL:
        return (
            f"Die Adresse {visible(host)} gehört nicht zu diesem Computer. Nimm {DEFAULT_HOST} "
            "(nur dieser Computer) oder 0.0.0.0 (alle Netzwerke)."
        )
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"{where}: keine Berechtigung (Ports unter 1024 brauchen Administratorrechte)."
    return f"{where}: {os_reason(error)}"


def is_loopback(host: str) -> bool:
    """Whether only this computer reaches ``host``."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    """Whether ``host`` means every network of this computer (0.0.0.0, ::)."""
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return host == ""


def lan_address() -> str | None:
    """This computer's address in the local network, or None without one."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        # connect() on UDP sends nothing: it only picks the interface a packet would leave by.
        probe.connect(("192.0.2.1", 9))
        address = str(probe.getsockname()[0])
    except OSError:
        return None
    finally:
        probe.close()
    return None if ipaddress.ip_address(address).is_loopback else address


def url_for(host: str, port: int) -> str:
    """The browser address of ``host``/``port``."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


@dataclass(frozen=True)
class Announcement:
    """What the trainer reads in the terminal: the address for the trainees and how far it reaches."""

    address: str | None
    """The address to give the trainees (framed and as QR code); None: no network to offer."""
    lines: tuple[str, ...]


def announcement(host: str, port: int, lan: str | None) -> Announcement:
    """The address to hand out and the sentences around it, for a server on ``host``/``port``
    (``lan``: this computer's address in the room's network, if any)."""
    if is_loopback(host):
        local = url_for(host, port)
        lines = [
            f"Nur dieser Computer erreicht das Spiel: {local}",
            f"Für den ganzen Raum starte mit „kundenspiel serve --host 0.0.0.0 --port {port}“"
            + (f"; die Adresse ist dann {url_for(lan, port)}" if lan else "")
            + ".",
        ]
        return Announcement(local, tuple(lines))
    if is_wildcard(host):
        if lan is None:
            local = url_for(DEFAULT_HOST, port)
            lines = [
                "Dieser Computer ist mit keinem Netzwerk verbunden; "
                f"hier erreichst du das Spiel unter {local}",
            ]
            return Announcement(local, tuple(lines))
        lines = [f"Alle im selben Netzwerk erreichen das Spiel unter {url_for(lan, port)}"]
        return Announcement(url_for(lan, port), tuple(lines))
    address = url_for(host, port)
    return Announcement(address, (f"Das Spiel ist erreichbar unter {address}",))


def framed(text: str) -> list[str]:
    """``text`` in a double frame with room around it, to read from the back of the room."""
    width = len(text) + 8
    return ["╔" + "═" * width + "╗", "║" + text.center(width) + "║", "╚" + "═" * width + "╝"]


def qr_lines(text: str, *, colour: bool) -> list[str]:
    """``text`` as a QR code of half-block characters (two modules per character cell).

    With ``colour`` it is drawn black on white whatever the terminal's colours (a phone reads an
    inverted code badly); without, dark modules are blocks, for paper and light terminals."""
    import segno

    rows = [list(row) for row in segno.make(text, error="m").matrix_iter(border=QUIET_ZONE)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    glyphs = {(1, 1): "█", (1, 0): "▀", (0, 1): "▄", (0, 0): " "}
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        line = "".join(glyphs[bool(a), bool(b)] for a, b in zip(top, bottom, strict=True))
        lines.append(f"\x1b[30;107m{line}\x1b[0m" if colour else line)
    return lines


def announcement_text(announced: Announcement, saves: Path, *, colour: bool) -> str:
    """The whole text printed at start: address framed, QR code, reach, saves folder, Ctrl+C."""
    out: list[str] = [""]
    if announced.address is not None:
        out += ["Adresse für die Teilnehmenden:", *framed(announced.address), ""]
        out += qr_lines(announced.address, colour=colour)
        out.append("")
    out += list(announced.lines)
    out.append(f"Spielstände: {visible(str(saves))}")
    out += ["Beenden mit Strg+C.", ""]
    return "\n".join(out)


def run_serve(arguments: argparse.Namespace) -> int:
    """Serve the game until Ctrl+C; German messages for everything that stops it."""
    try:
        from textual_serve.server import Server  # noqa: F401 - only: is it installed?
    except ImportError:
        print(
            "kundenspiel serve: das Paket textual-serve fehlt. Installiere es in dieselbe "
            f"Umgebung: {visible(sys.executable)} -m pip install textual-serve",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    folders = folders_for(arguments)
    saves, scenarios = folders.saves.path.absolute(), folders.scenarios.path.absolute()
    try:
        listener = listening_socket(arguments.host, arguments.port)
    except ServeError as error:
        print(f"kundenspiel serve: {error}", file=sys.stderr)
        return EXIT_USAGE
    port = int(listener.getsockname()[1])
    announced = announcement(arguments.host, port, lan_address())
    print(announcement_text(announced, saves, colour=sys.stdout.isatty()), flush=True)
    from kundenspiel.commands.room_server import serve_until_interrupted
    from kundenspiel.commands.warm_games import game_program

    with game_program() as program:
        command = game_command(saves, scenarios, getattr(arguments, "theme", None), program)
        serve_until_interrupted(command, listener)
    print("kundenspiel serve beendet. Alle Entscheidungen sind gespeichert.", flush=True)
    return EXIT_OK
