"""``kundenspiel serve`` under a workshop room's load: N browser sessions opened at once.

Each session connects to textual-serve's websocket as its page's JavaScript client does
(``/ws?width=…&height=…``; the game's screen arrives as binary frames of terminal output) and is
timed from the connect to the first frame that completes the start screen's text. With all N on
their start screen, the memory (RSS and PSS from /proc) and CPU of each session's processes are
read. The baseline is one session alone in the same run (= 1.0), so the ratios say what the
crowd costs.

Usage: python benchmarks/serve.py [N]   (default 30)
Target on a 2-core machine: 30 sessions at once, p95 to the first screen <= 5 s, <= 60 MiB each.
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parent.parent
SESSIONS = 30
BASELINE_RUNS = 3
START_TEXT = b"Dein Name"
"""On the start screen, drawn in one piece (no style change inside it)."""
SIZE = (120, 40)


def start_server(saves: Path, scenarios: Path) -> tuple[subprocess.Popen[str], int]:
    """``kundenspiel serve`` on a free port; the process and its port."""
    command = [sys.executable, "-m", "kundenspiel", "serve", "--port", "0"]
    process = subprocess.Popen(
        [*command, "--saves", str(saves), "--scenarios", str(scenarios)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if match := re.search(r"http://127\.0\.0\.1:(\d+)/", line):
            return process, int(match.group(1))
    raise SystemExit("kundenspiel serve printed no address")


async def first_screen(
    http: aiohttp.ClientSession, port: int, opened: list[aiohttp.ClientWebSocketResponse]
) -> float:
    """Seconds from connecting until the start screen's text has arrived; the socket stays open."""
    started = time.perf_counter()
    socket = await http.ws_connect(
        f"ws://127.0.0.1:{port}/ws?width={SIZE[0]}&height={SIZE[1]}",
        max_msg_size=0,
        timeout=aiohttp.ClientWSTimeout(ws_close=120),
    )
    opened.append(socket)
    received = b""
    async for message in socket:
        if message.type == aiohttp.WSMsgType.BINARY:
            received += message.data
            if START_TEXT in received:
                return time.perf_counter() - started
    raise RuntimeError("the session closed before its start screen")


def session_processes(server: subprocess.Popen[str]) -> list[int]:
    """Every process the server runs for its sessions: per tab the game, and where games are
    forked from a warm process, the tab's small client too (not the warm process itself)."""
    parents: dict[int, int] = {}
    warm = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            child_of_server = parents[int(entry.name)] == server.pid
            if child_of_server and b"warm_games" in (entry / "cmdline").read_bytes():
                warm.add(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    found = []
    for pid in parents:
        ancestor = parents[pid]
        while ancestor not in (server.pid, 0, 1) and ancestor in parents:
            ancestor = parents[ancestor]
        if ancestor == server.pid and pid not in warm:
            found.append(pid)
    return found


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mib(pid: int) -> tuple[float, float]:
    """RSS and PSS of a process in MiB (PSS shares the interpreter's pages fairly among games)."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("Rss", "Pss"):
            values[key] = int(rest.split()[0]) / 1024
    return values["Rss"], values["Pss"]


async def wait_until_ended(server: subprocess.Popen[str], timeout: float = 120) -> None:
    """Until the closed sessions' games have quit."""
    deadline = time.monotonic() + timeout
    while session_processes(server) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)


@dataclass
class Crowd:
    """What ``count`` sessions opened at once cost."""

    times: list[float]
    """Each session's seconds from connect to its first screen."""
    rss: float
    """MiB per session: the RSS of its processes (the tab's client and game), pages shared with
    the warm process counted in full."""
    pss: float
    """MiB per session: the PSS of its processes, shared pages divided among their users."""
    largest_rss: float
    """MiB: the largest RSS of a single session process."""
    cpu: float
    """CPU seconds per session's processes once all showed their first screen."""
    server_cpu: float
    """The server's CPU seconds meanwhile (relaying every game's output)."""


async def crowd(server: subprocess.Popen[str], port: int, count: int) -> Crowd:
    """``count`` sessions opened at once."""
    server_before = cpu_seconds(server.pid)
    async with aiohttp.ClientSession() as http:
        opened: list[aiohttp.ClientWebSocketResponse] = []
        times = await asyncio.gather(*(first_screen(http, port, opened) for _ in range(count)))
        processes = session_processes(server)
        cpu = sum(cpu_seconds(pid) for pid in processes) / count
        server_cpu = cpu_seconds(server.pid) - server_before
        await asyncio.sleep(1)  # the games settle after their first frame
        memory = [memory_mib(pid) for pid in processes]
        for socket in opened:
            await socket.close()
    await wait_until_ended(server)
    rss, pss = sum(m[0] for m in memory) / count, sum(m[1] for m in memory) / count
    return Crowd(list(times), rss, pss, max(m[0] for m in memory), cpu, server_cpu)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


async def measure(count: int) -> None:
    """Baseline (one session alone, median of a few), then ``count`` at once."""
    with tempfile.TemporaryDirectory() as folder:
        saves, scenarios = Path(folder) / "saves", Path(folder) / "scenarios"
        scenarios.mkdir()
        server, port = start_server(saves, scenarios)
        try:
            await crowd(server, port, 1)  # warms the scenario cache, bytecode and file cache
            alone = [await crowd(server, port, 1) for _ in range(BASELINE_RUNS)]
            many = await crowd(server, port, count)
        finally:
            server.terminate()
            server.wait(timeout=120)
    base_time = statistics.median(run.times[0] for run in alone)
    base_pss = statistics.median(run.pss for run in alone)
    base_cpu = statistics.median(run.cpu for run in alone)
    p50, p95 = percentile(many.times, 0.5), percentile(many.times, 0.95)
    print(
        f"one session alone: first screen {base_time:.2f} s, CPU {base_cpu:.2f} s, "
        f"PSS {base_pss:.1f} MiB (median of {BASELINE_RUNS})"
    )
    print(
        f"{count} at once: first screen p50 {p50:.2f} s, p95 {p95:.2f} s, max {max(many.times):.2f} s; "
        f"per session CPU {many.cpu:.2f} s, PSS {many.pss:.1f} MiB, RSS {many.rss:.1f} MiB "
        f"(largest process {many.largest_rss:.1f} MiB); server CPU {many.server_cpu:.2f} s"
    )
    print(
        f"ratio to one alone: p50 {p50 / base_time:.2f}x, p95 {p95 / base_time:.2f}x, "
        f"PSS {many.pss / base_pss:.2f}x (target: p95 <= 5 s, <= 60 MiB each)"
    )


def main() -> None:
    """Run with N from the command line."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else SESSIONS
    asyncio.run(measure(count))


if __name__ == "__main__":
    main()
