"""textual-serve for ``kundenspiel serve``: a German page, and websockets that reach the game
by the address each browser used. Imported only by ``serve`` (aiohttp is slow to import)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket

from aiohttp import web
from textual_serve.server import Server

PAGE_TITLE = "kundenspiel"
# textual-serve's page is English; these are its visible words (textual-serve 1.1).
PAGE_WORDING = {
    ">Session ended.<": ">Die Verbindung ist beendet. Deine Entscheidungen sind gespeichert.<",
    ">Restart<": ">Neu verbinden<",
    ">Start<": ">Starten<",
    "'Textual Application'": f"'{PAGE_TITLE}'",
}


def german_page(html: str) -> str:
    """textual-serve's page with a title and German words."""
    for english, german in PAGE_WORDING.items():
        html = html.replace(english, german)
    return html.replace("<head>", f"<head>\n    <title>{PAGE_TITLE}</title>", 1)


class RoomServer(Server):
    """textual-serve with a German page whose websocket uses the address the browser used."""

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: ``serve`` has printed its own German announcement."""

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page; textual-serve would point its websocket at the bound address, which is
        useless to the room when that is 0.0.0.0."""
        # No await between setting and reading it inside textual-serve: requests cannot interleave.
        self.public_url = f"{request.scheme}://{request.host}"
        page = await super().handle_index(request)
        assert isinstance(page, web.Response) and page.text is not None
        return web.Response(text=german_page(page.text), content_type="text/html")


def serve_until_interrupted(command: str, listener: socket.socket) -> None:
    """Run textual-serve on ``listener`` (one ``command`` process per browser tab) until Ctrl+C
    or SIGTERM; the games still running are told to quit and are waited for."""
    server = RoomServer(command, title=PAGE_TITLE)
    # textual-serve's log is English; only its warnings and errors reach the trainer.
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    loop = asyncio.new_event_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        # Windows has no signal handlers in asyncio: there Ctrl+C raises KeyboardInterrupt.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signal_number, server.request_exit)
    try:
        web.run_app(
            server._make_app(),
            sock=listener,
            handle_signals=False,
            loop=loop,
            print=lambda *_: None,
            access_log=None,
        )
    except KeyboardInterrupt:
        pass
    finally:
        if not loop.is_closed():
            loop.close()
