"""Helpers for the tests of play in a browser (and for bench/serve_load.py): a `quiz serve`
server in a child process, a session spoken to as textual-serve's page speaks to it, and a
terminal emulator (pyte) to read what the session draws."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyte

ROOT = Path(__file__).resolve().parent.parent
ENTER = "\r"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Screen:
    """What a terminal of this size shows after the bytes fed to it."""

    def __init__(self, cols: int = 80, rows: int = 24) -> None:
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)

    def feed(self, data: bytes) -> None:
        self.stream.feed(data)

    def text(self) -> str:
        return "\n".join(self.screen.display)


class ServedQuiz:
    """`quiz serve --port P --db DB [options] -- QUIZ-ARGS` in a child process, from start
    (when it answers HTTP) to stop (Ctrl+C)."""

    def __init__(self, db: Path, quiz_args: list[str], options: list[str] = (), port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "quiz",
                "serve",
                "--port",
                str(self.port),
                "--db",
                str(db),
                *options,
                "--",
                *quiz_args,
            ],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "COLUMNS": "200"},
        )

    def wait_ready(self, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise AssertionError(f"quiz serve exited {self.process.returncode}:\n{self.output()}")
            try:
                with urllib.request.urlopen(self.url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise AssertionError(f"quiz serve did not answer in {timeout}s:\n{self.output()}")

    def session_pids(self) -> set[int]:
        """The processes the server started (each session: a shell and its quiz), from /proc."""
        parents: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        found, frontier = set(), {self.process.pid}
        while frontier:
            frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
            found |= frontier
        return found

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def stop(self, timeout: float = 30) -> int:
        """Ctrl+C, as a teacher stops it; the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"quiz serve did not stop on Ctrl+C:\n{self.output()}") from None

    def __enter__(self) -> ServedQuiz:
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class WebSession:
    """One browser session without the browser: the websocket messages textual-serve's page
    sends (keys, sizes) and the terminal output it receives, read through a terminal emulator."""

    def __init__(self, ws, cols: int, rows: int) -> None:
        self.ws = ws
        self.screen = Screen(cols, rows)
        self.closed = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def open(cls, http, base_url: str, cols: int = 80, rows: int = 24, **options) -> WebSession:
        url = base_url.replace("http://", "ws://").rstrip("/") + f"/ws?width={cols}&height={rows}"
        ws = await http.ws_connect(url, **options)
        session = cls(ws, cols, rows)
        await ws.send_str(json.dumps(["resize", {"width": cols, "height": rows}]))
        return session

    async def _read(self) -> None:
        import aiohttp

        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen.feed(message.data)
        self.closed.set()

    def text(self) -> str:
        return self.screen.text()

    async def keys(self, text: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", text]))

    async def send(self, envelope: list) -> None:
        await self.ws.send_str(json.dumps(envelope))

    async def wait_for(self, *texts: str, timeout: float = 30) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            screen = self.text()
            for text in texts:
                if text in screen:
                    return text
            if self.closed.is_set():
                break
            await asyncio.sleep(0.05)
        raise AssertionError(f"none of {texts} on screen:\n{self.text()}")

    async def close(self) -> None:
        await self.ws.close()
        await self._reader
