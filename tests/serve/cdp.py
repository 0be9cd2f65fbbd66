"""A small Chrome DevTools Protocol client for tests: headless Chromium, one page, its terminal.

textual-serve draws the game with xterm.js on a canvas, so the screen's text is not in the DOM.
A script that runs before the page's own catches every object's ``terminal`` property as it is
assigned (textual-serve's client keeps its xterm.js Terminal there) and the page's text is read
through xterm.js's public buffer API.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")

CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
    configurable: true,
    set(value) {
        Object.defineProperty(this, "terminal", {value, writable: true, configurable: true});
        window.__terminals = (window.__terminals || []).concat([value]);
    },
});
"""

SCREEN_ROWS = """
(() => {
    const terminal = (window.__terminals || []).at(-1);
    if (!terminal) return null;
    const buffer = terminal.buffer.active;
    const rows = [];
    for (let y = 0; y < terminal.rows; y++) {
        const line = buffer.getLine(buffer.viewportY + y);
        rows.push(line ? line.translateToString(true) : "");
    }
    return rows;
})()
"""

KEYS = {
    "Enter": ("Enter", 13, "\r"),
    "Escape": ("Escape", 27, ""),
    "Tab": ("Tab", 9, ""),
    "ArrowDown": ("ArrowDown", 40, ""),
    "ArrowUp": ("ArrowUp", 38, ""),
}


def find_chromium() -> str | None:
    """The headless browser's executable, or None."""
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return found
    return None


class DevToolsError(Exception):
    """The browser answered a command with an error, or did not answer in time."""


class Page:
    """One browser tab, driven over its DevTools websocket."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self._socket = socket
        self._next_id = 0
        self._answers: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self._socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            future = self._answers.pop(data.get("id", -1), None)
            if future is not None and not future.done():
                future.set_result(data)

    async def send(self, method: str, timeout: float = 60, **params: Any) -> dict[str, Any]:
        """Run a DevTools command and return its result."""
        self._next_id += 1
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._answers[self._next_id] = future
        await self._socket.send_json({"id": self._next_id, "method": method, "params": params})
        try:
            answer = await asyncio.wait_for(future, timeout)
        except TimeoutError as error:
            raise DevToolsError(f"{method}: no answer in {timeout} s") from error
        if "error" in answer:
            raise DevToolsError(f"{method}: {answer['error']}")
        return dict(answer.get("result", {}))

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise DevToolsError(f"{expression[:60]}…: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def open(self, url: str) -> None:
        """Load ``url`` with the terminal catcher in place."""
        await self.send("Page.enable")
        await self.send("Page.addScriptToEvaluateOnNewDocument", source=CATCH_TERMINAL)
        await self.send("Page.navigate", url=url)

    async def reload(self) -> None:
        """Reload the page as the refresh button does (the game's connection drops)."""
        await self.send("Page.reload", ignoreCache=True)

    async def screen(self) -> list[str]:
        """The terminal's rows as text (empty before the page's client has started)."""
        rows = await self.evaluate(SCREEN_ROWS)
        return [str(row) for row in rows or []]

    async def wait_for_text(self, *texts: str, timeout: float = 90) -> list[str]:
        """Poll the screen in real time until every one of ``texts`` is on it; its rows then."""
        return await self.wait_for(lambda shown: all(text in shown for text in texts), texts, timeout)

    async def wait_for_any(self, *texts: str, timeout: float = 90) -> str:
        """Poll the screen in real time until one of ``texts`` is on it; that text."""
        rows = await self.wait_for(lambda shown: any(text in shown for text in texts), texts, timeout)
        return next(text for text in texts if text in "\n".join(rows))

    async def wait_for_gone(self, text: str, timeout: float = 90) -> None:
        """Poll the screen in real time until ``text`` is no longer on it."""
        await self.wait_for(lambda shown: text not in shown, (f"no {text}",), timeout)

    async def wait_for(
        self, condition: Callable[[str], bool], wanted: Sequence[str], timeout: float
    ) -> list[str]:
        """Poll the screen until ``condition`` holds for its text; AssertionError with the screen
        after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        rows: list[str] = []
        while time.monotonic() < deadline:
            rows = await self.screen()
            if condition("\n".join(rows)):
                return rows
            await asyncio.sleep(0.25)
        shown = "\n".join(row.rstrip() for row in rows)
        raise AssertionError(f"{' / '.join(wanted)}: not within {timeout} s; the screen:\n{shown}")

    async def focus_terminal(self) -> None:
        """Give the keyboard to the terminal (xterm.js listens on a hidden textarea)."""
        await self.evaluate("document.querySelector('.xterm-helper-textarea').focus()")

    async def type_text(self, text: str) -> None:
        """Type ``text`` as an input method would."""
        await self.focus_terminal()
        await self.send("Input.insertText", text=text)

    async def press(self, key: str) -> None:
        """Press and release a key: a name from KEYS or one printable character."""
        await self.focus_terminal()
        code, virtual, text = KEYS.get(key, (key, ord(key.upper()[0]), key))
        down: dict[str, Any] = {"key": key, "code": code, "windowsVirtualKeyCode": virtual}
        if text:
            down["text"] = text
        await self.send("Input.dispatchKeyEvent", type="keyDown", **down)
        await self.send("Input.dispatchKeyEvent", type="keyUp", key=key, code=code)

    async def screenshot(self, path: Path) -> None:
        """Save what the tab shows as a PNG."""
        import base64

        result = await self.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(result["data"]))

    async def close(self) -> None:
        """Close the websocket to the tab."""
        await self._socket.close()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


async def _devtools_port(user_data: Path, process: subprocess.Popen[bytes], timeout: float) -> int:
    # Chromium writes the port it picked (--remote-debugging-port=0) into this file.
    marker = user_data / "DevToolsActivePort"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DevToolsError(f"chromium ended with {process.returncode} before it listened")
        with contextlib.suppress(OSError, ValueError, IndexError):
            return int(marker.read_text().splitlines()[0])
        await asyncio.sleep(0.2)
    raise DevToolsError(f"chromium did not listen within {timeout} s")


@contextlib.asynccontextmanager
async def chromium_page(
    executable: str, user_data: Path, size: tuple[int, int] = (1280, 800), timeout: float = 60
) -> AsyncIterator[Page]:
    """A headless Chromium with one blank tab, ended afterwards."""
    # A marker left by an earlier browser on this profile would name its port.
    (user_data / "DevToolsActivePort").unlink(missing_ok=True)
    process = subprocess.Popen(
        [
            executable,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--remote-debugging-port=0",
            f"--user-data-dir={user_data}",
            f"--window-size={size[0]},{size[1]}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "LANG": "de_DE.UTF-8"},
    )
    try:
        port = await _devtools_port(user_data, process, timeout)
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                targets = await response.json()
            tab = next(target for target in targets if target.get("type") == "page")
            socket = await http.ws_connect(tab["webSocketDebuggerUrl"], max_msg_size=0)
            page = Page(socket)
            try:
                yield page
            finally:
                await page.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
