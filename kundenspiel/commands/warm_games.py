"""Warm game processes for ``kundenspiel serve``: the game is imported once, and each browser
tab's game is a fork of that process.

Importing Textual and the game is most of a game's start (about a second of CPU on a loaded
two-core machine); thirty tabs opened at once would each pay it. textual-serve starts a command
per tab; that command is a small client (``python -I -S``, milliseconds) which hands its
standard input, output and error to this process over a Unix socket and waits for the game's
exit code. The forked game runs ``kundenspiel.cli.main`` with the tab's arguments and
environment, exactly as ``python -m kundenspiel`` would. Where fork or the socket is missing,
the client runs the game itself.
"""

from __future__ import annotations

import array
import contextlib
import importlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from typing import Any, NoReturn

MAX_REQUEST = 1024 * 1024
WARM_UP_LIMIT = 20.0
"""Seconds the warm-up game may take at most before the first tab is served anyway."""
STANDARD_STREAMS = 3

CLIENT = r"""
import array, json, os, socket, sys
path, arguments = sys.argv[1], sys.argv[2:]
try:
    link = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    link.connect(path)
    request = json.dumps({"argv": arguments, "env": dict(os.environ), "cwd": os.getcwd()}).encode()
    streams = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [0, 1, 2]))]
    link.sendmsg([len(request).to_bytes(4, "big") + request], streams)
except OSError:
    os.execv(sys.executable, [sys.executable, "-m", "kundenspiel", *arguments])
for stream in (0, 1, 2):
    os.close(stream)
answer = link.recv(4)
os._exit(int.from_bytes(answer, "big") if len(answer) == 4 else 1)
"""
"""The per-tab command's program: hand over the streams, wait, exit with the game's code; the
game is started here instead when the warm process cannot be reached."""


def available() -> bool:
    """Whether this platform can fork games and pass them a tab's streams."""
    return hasattr(os, "fork") and hasattr(socket, "AF_UNIX") and hasattr(socket.socket, "sendmsg")


def client_words(socket_path: str) -> list[str]:
    """The per-tab command's words before the game's arguments."""
    return [sys.executable, "-I", "-S", "-c", CLIENT, socket_path]


@contextlib.contextmanager
def game_program() -> Iterator[list[str]]:
    """The words that start a tab's game, with a warm process for the forks while in use; the
    plain ``python -m kundenspiel`` where the platform cannot fork games."""
    plain = [sys.executable, "-m", "kundenspiel"]
    if not available():
        yield plain
        return
    folder = tempfile.mkdtemp(prefix="kundenspiel-serve-")
    path = os.path.join(folder, "games.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(path)
        listener.listen(64)
        warm = subprocess.Popen(
            [sys.executable, "-m", "kundenspiel.commands.warm_games", str(listener.fileno())],
            pass_fds=(listener.fileno(),),
            stdin=subprocess.DEVNULL,
        )
    except OSError:
        listener.close()
        shutil.rmtree(folder, ignore_errors=True)
        yield plain
        return
    listener.close()
    try:
        yield client_words(path)
    finally:
        warm.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            warm.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def _receive(link: socket.socket) -> tuple[dict[str, Any], list[int]]:
    descriptors = array.array("i")
    data, ancillary, _, _ = link.recvmsg(
        MAX_REQUEST, socket.CMSG_LEN(STANDARD_STREAMS * descriptors.itemsize)
    )
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            descriptors.frombytes(payload[: len(payload) - len(payload) % descriptors.itemsize])
    size = int.from_bytes(data[:4], "big")
    while len(data) < size + 4:
        more = link.recv(MAX_REQUEST)
        if not more:
            break
        data += more
    return json.loads(data[4 : size + 4]), list(descriptors)


def _run_game(link: socket.socket, request: dict[str, Any], streams: list[int]) -> NoReturn:
    """In the forked child: become the tab's game, tell the client its exit code, end."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for target, stream in enumerate(streams):
            os.dup2(stream, target)
            os.close(stream)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        # Textual reads its settings from the environment when imported: the tab's, not ours.
        import textual.constants

        importlib.reload(textual.constants)
        from kundenspiel.cli import main

        sys.argv = ["kundenspiel", *request["argv"]]
        code = main(request["argv"])
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        with contextlib.suppress(OSError):
            link.sendall((code & 0xFF).to_bytes(4, "big"))
        os._exit(code & 0xFF)


def warm_up() -> None:
    """Run one game headless to its first frame, on empty folders: Textual's parsed CSS and the
    widgets it imports on first use are then in every fork."""
    import threading
    from pathlib import Path

    from kundenspiel.ui.app import KundenspielApp
    from kundenspiel.ui.session import GameConfig

    class FirstFrameOnly(KundenspielApp):
        def on_ready(self) -> None:
            super().on_ready()  # the start screen's loading may begin
            # Ending while it still runs would have it update a screen that is gone; but the
            # tabs wait for this process, so it never waits long.
            self.set_interval(0.02, self.exit_when_loaded)
            self.set_timer(WARM_UP_LIMIT, self.exit)

        def exit_when_loaded(self) -> None:
            if all(worker.is_finished for worker in self.workers):
                self.exit()

    with tempfile.TemporaryDirectory() as folder:
        config = GameConfig(saves_dir=Path(folder) / "saves", scenario_dir=Path(folder) / "scenarios")
        app = FirstFrameOnly(config)
        app.run(headless=True, size=(120, 40))
        # No thread but this one may be alive when games are forked.
        for thread in threading.enumerate():
            if thread is not threading.current_thread():
                thread.join(10)


def serve_forks(listener: socket.socket) -> None:
    """Import the game, then fork one for each client that connects, until the server ends."""
    # What a game needs for its first screen, its loading and the next screens, imported once
    # for all tabs (and shared by them, page for page, until one changes).
    import textual.drivers.web_driver  # noqa: F401

    import kundenspiel.catalog
    import kundenspiel.cli
    import kundenspiel.store
    import kundenspiel.ui.app
    import kundenspiel.ui.screens.play
    import kundenspiel.ui.screens.scenarios  # noqa: F401

    with contextlib.suppress(Exception):  # only a head start: a fork without it works the same
        warm_up()
    server = os.getppid()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # finished games are reaped by the system
    # Ctrl+C in the trainer's terminal reaches the whole process group: the server ends us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    listener.settimeout(1.0)
    sys.stdout.flush()
    while True:
        try:
            link, _ = listener.accept()
        except TimeoutError:
            if os.getppid() != server:  # the server is gone: so are its tabs
                return
            continue
        link.settimeout(None)
        try:
            request, streams = _receive(link)
        except (OSError, ValueError):
            link.close()
            continue
        if len(streams) != STANDARD_STREAMS:
            for stream in streams:
                os.close(stream)
            link.close()
            continue
        if os.fork() == 0:
            listener.close()
            _run_game(link, request, streams)
        for stream in streams:
            os.close(stream)
        link.close()


if __name__ == "__main__":
    serve_forks(socket.socket(fileno=int(sys.argv[1])))
