"""`quiz serve`: the app in a browser, one session (one quiz process) per student, with
textual-serve. Every session runs the same quiz command against the same database file;
the store's WAL and busy timeout let their answers land side by side.

The overrides of textual-serve's Server below assume textual-serve 1.1.x (1.1.3 when last
checked; pinned >=1.1,<2): its `handle_index`, `handle_websocket`, `on_startup`, `on_shutdown`
and `initialize_logging` methods and its `public_url`, `host`, `port` and `console`
attributes. tests/test_serve.py exercises each. The other hacks (the garbage collector, one
private Textual name) are in quiz/tuning.py.

Imported only by `quiz serve` (textual-serve brings aiohttp and jinja2: start-up of the other
commands must not pay for them).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import os
import shlex
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

log = logging.getLogger("quiz.ui.serve")

DEFAULT_MAX_SESSIONS = 60
DEFAULT_MAX_PER_ADDRESS = 10
# What one browser may send. Key presses and a pasted answer are a few bytes each; every byte
# typed becomes key events in the session's app (a 256 KiB message grew one to ~0.8 GB), so the
# limits hold in the server, before anything reaches a session.
MAX_MESSAGE_BYTES = 4 * 1024  # one websocket message; larger ones close the connection (1009)
MAX_MESSAGES = (50.0, 200)  # per second, and the burst allowed
MAX_TYPED = (512.0, 4 * 1024)  # bytes of key data per second, and the burst allowed
WRITE_TIMEOUT = 20.0  # seconds a browser may leave the screen unread before its session ends
QUIT_GRACE = 5.0  # seconds a session has to quit once its browser has gone, before it is stopped
ENDED_MESSAGE = (
    "\r\n\x1b[0m\x1b[2J\x1b[H quiz: this session has ended (its program stopped). Every answer "
    "saved is kept.\r\n Reload the page to start a new session.\r\n"
)


class Budget:
    """A token bucket: `rate` per second, up to `burst` at once."""

    def __init__(self, rate: float, burst: int, clock=time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens, self.at = float(burst), clock()

    def take(self, amount: float = 1.0) -> bool:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if amount > self.tokens:
            return False
        self.tokens -= amount
        return True


class SessionProcess(AppService):
    """textual-serve's AppService, with the session's quiz run without a shell, in its own
    process group, so that the server can always stop it (and all it started)."""

    address = ""  # the browser's

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *shlex.split(self.command),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    @property
    def process(self) -> asyncio.subprocess.Process | None:
        return self._process

    @property
    def running(self) -> asyncio.Task[None] | None:
        return self._task

    async def end(self) -> None:
        """Ask the app to quit; after QUIT_GRACE, stop its process group; wait until it is gone."""
        process = self._process
        if process is None:
            return
        if process.returncode is None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.send_meta({"type": "quit"}), 1.0)
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    await asyncio.wait_for(process.wait(), QUIT_GRACE)
                    break
                except asyncio.TimeoutError:
                    log.warning("a session did not quit; sending it %s", sig.name)
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        os.killpg(process.pid, sig)
            await process.wait()
        task = self._task
        if task is not None and not task.done():  # it may be stuck writing to a browser that left
            try:
                await asyncio.wait_for(asyncio.shield(task), 1.0)
            except asyncio.TimeoutError:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            except asyncio.CancelledError:
                pass
        self._task = None


def is_loopback(host: str) -> bool:
    """Only this computer can reach a server bound here."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def session_command(db: Path, quiz_args: Sequence[str]) -> str:
    """The shell command each browser session runs (textual-serve starts it with a shell)."""
    return shlex.join([sys.executable, "-m", "quiz", "--db", str(db), *quiz_args])


class QuizServer(Server):
    """textual-serve's Server with what a classroom needs on top: the page connects back to
    the address the browser used (so `--host 0.0.0.0` works from any student's machine),
    a cap on simultaneous sessions (each is a process), and requests from other sites (or,
    on loopback, from other host names: DNS rebinding) refused."""

    def __init__(
        self,
        command: str,
        host: str,
        port: int,
        *,
        db: Path,
        public_url: str | None = None,
        max_sessions: int = DEFAULT_MAX_SESSIONS,
        max_per_address: int = DEFAULT_MAX_PER_ADDRESS,
    ) -> None:
        super().__init__(command, host=host, port=port, title="quiz", public_url=public_url)
        self.follow_request_host = public_url is None
        self.db = db
        self.max_sessions = max_sessions
        self.max_per_address = max_per_address
        self.sessions: set[asyncio.Task] = set()  # the websocket handlers
        self.live: set[SessionProcess] = set()  # every session process not yet exited

    def initialize_logging(self) -> None:
        super().initialize_logging()
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)  # one line per session is enough

    async def on_startup(self, app: web.Application) -> None:
        if self.host in ("0.0.0.0", "::", ""):  # every address this computer has
            import socket

            shown = f"every address of this computer, e.g. http://{socket.gethostname()}:{self.port}"
        else:
            shown = f"http://[{self.host}]:{self.port}" if ":" in self.host else f"http://{self.host}:{self.port}"
        self.console.print(f"quiz: serving on {shown}  (database: {self.db})", markup=False, highlight=False)
        self.console.print(
            "quiz: each browser that opens it gets its own session; Ctrl+C stops the server.",
            markup=False,
            highlight=False,
        )

    def _refused(self, request: web.Request) -> str | None:
        """Why this request may not have a session, or None."""
        if is_loopback(self.host) and self.follow_request_host and not is_loopback(request.url.host or ""):
            return f"{request.host!r} is not this computer's loopback address"
        origin = request.headers.get("Origin")
        ours = {request.host.lower()}
        if not self.follow_request_host:  # behind a proxy, the page comes from the public address
            ours.add(self.public_url.split("://", 1)[-1].rstrip("/").lower())
        if origin is not None and origin.split("://", 1)[-1].lower() not in ours:
            return f"a page from {origin} may not open a session here"
        return None

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if (why := self._refused(request)) is not None:
            raise web.HTTPForbidden(text=f"quiz: {why}\n")
        if self.follow_request_host:
            # The links in the page (script, styles, the session's websocket) point back at the
            # address this browser used. No await comes between this and the page's making.
            self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        """One session: the browser's messages, checked and limited here, to its own quiz
        process; its screen back. The session's process counts against --max-sessions until
        it has really exited, and it is stopped when the browser goes, however it goes."""
        if (why := self._refused(request)) is not None:
            log.warning("refused a session: %s", why)
            raise web.HTTPForbidden(text=f"quiz: {why}\n")
        if len(self.live) >= self.max_sessions:
            log.warning("refused a session: %d are open (--max-sessions)", len(self.live))
            raise web.HTTPServiceUnavailable(text="quiz: too many sessions are open; try again later\n")
        address = request.remote or ""
        if self.follow_request_host and sum(s.address == address for s in self.live) >= self.max_per_address:
            # One student's many tabs must not take every seat in the class. (Behind a proxy every
            # browser has the proxy's address, so there only --max-sessions applies.)
            log.warning("refused a session: %d are open from %s (--max-per-address)", self.max_per_address, address)
            raise web.HTTPTooManyRequests(text="quiz: too many sessions are open from this computer\n")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE_BYTES)
        width = _size(request.query.get("width"), 80)
        height = _size(request.query.get("height"), 24)
        task = asyncio.current_task()
        assert task is not None
        self.sessions.add(task)
        session: SessionProcess | None = None
        try:
            await websocket.prepare(request)

            async def write_bytes(data: bytes) -> None:
                try:
                    await asyncio.wait_for(websocket.send_bytes(data), WRITE_TIMEOUT)
                except asyncio.TimeoutError:
                    log.warning("a browser stopped reading its screen; ending its session")
                    _drop(request)
                    raise ConnectionResetError from None

            session = SessionProcess(
                self.command,
                write_bytes=write_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            session.address = address
            self.live.add(session)
            await session.start(width, height)
            log.info("session started (%d open)", len(self.live))
            await self._session(websocket, session)
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(websocket.close(), 1.0)
        except Exception:
            log.exception("a session failed")
        finally:
            _drop(request)
            if session is not None:
                await asyncio.shield(self._reap(session))
            self.sessions.discard(task)
        return websocket

    async def _reap(self, session: SessionProcess) -> None:
        try:
            await session.end()
        finally:
            self.live.discard(session)
            log.info("session ended (%d open)", len(self.live))

    async def _session(self, websocket: web.WebSocketResponse, session: SessionProcess) -> None:
        """Pass the browser's messages on until it goes, breaks a limit, or the session's
        process ends (then the browser is told, rather than left with a frozen screen)."""
        messages = Budget(*MAX_MESSAGES)
        typed = Budget(*MAX_TYPED)
        receiving = asyncio.ensure_future(self._receive(websocket, session, messages, typed))
        running = session.running
        assert running is not None
        done, _ = await asyncio.wait({receiving, running}, return_when=asyncio.FIRST_COMPLETED)
        if receiving in done:
            receiving.result()  # a limit broken: say so in the log
            return
        receiving.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await receiving
        if not websocket.closed:  # the process ended without the app saying goodbye
            log.warning("a session's program stopped unexpectedly")
            with contextlib.suppress(Exception):
                await asyncio.wait_for(websocket.send_bytes(ENDED_MESSAGE.encode()), 2.0)
                await asyncio.wait_for(
                    websocket.close(code=WSCloseCode.INTERNAL_ERROR, message=b"the session ended"), 2.0
                )

    async def _receive(
        self, websocket: web.WebSocketResponse, session: SessionProcess, messages: Budget, typed: Budget
    ) -> None:
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                if message.type == WSMsgType.ERROR:  # e.g. larger than MAX_MESSAGE_BYTES
                    log.warning("a browser's message was refused: %s", websocket.exception())
                continue
            if not messages.take():
                log.warning("a browser sent messages faster than %g a second; ending its session", MAX_MESSAGES[0])
                await websocket.close(code=WSCloseCode.POLICY_VIOLATION, message=b"too many messages")
                return
            envelope = _envelope(message.data)
            if envelope is None:
                continue
            kind, data = envelope
            if kind == "stdin":
                payload = data.encode("utf-8", "replace")  # a lone surrogate is no reason to fail
                if not typed.take(len(payload)):
                    log.warning("a browser typed faster than %g bytes a second; ending its session", MAX_TYPED[0])
                    await websocket.close(code=WSCloseCode.POLICY_VIOLATION, message=b"typing too fast")
                    return
                await session.send_bytes(payload)
            elif kind == "resize":
                await session.set_terminal_size(data["width"], data["height"])
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await session.blur()
            elif kind == "focus":
                await session.focus()

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C: end every session now rather than wait for each browser to leave. Each app
        is told to quit (every answer is already saved); the browser says "Session ended"."""
        if self.sessions:
            for task in self.sessions:
                task.cancel()
            await asyncio.wait(list(self.sessions), timeout=10)


def _size(value: Any, default: int) -> int:
    try:
        return max(1, min(int(value), 500))
    except (TypeError, ValueError, OverflowError):  # text, null, NaN, Infinity
        return default


def _envelope(text: str) -> tuple[str, Any] | None:
    """A browser message as textual-serve's page sends it, or None for anything else."""
    try:
        envelope = json.loads(text)
    except ValueError:
        return None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None
    kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
    if kind == "stdin" and isinstance(data, str):
        return kind, data
    if kind == "resize" and isinstance(data, dict):
        size = (_size(data.get("width"), 80), _size(data.get("height"), 24))
        return kind, {"width": size[0], "height": size[1]}
    if kind == "ping" and isinstance(data, str) and len(data) <= 64:
        return kind, data
    if kind in ("blur", "focus"):
        return kind, None
    return None


def _drop(request: web.Request) -> None:
    """Close the browser's connection at once, unsent data and all (it may have stopped reading)."""
    transport = request.transport
    if transport is not None and not transport.is_closing():
        transport.abort()


def serve(
    quiz_args: Sequence[str],
    *,
    db: Path,
    host: str,
    port: int,
    public_url: str | None,
    max_sessions: int,
    max_per_address: int = DEFAULT_MAX_PER_ADDRESS,
) -> None:
    """Serve until Ctrl+C. OSError (e.g. the port is taken) reaches the caller."""
    server = QuizServer(
        session_command(db, quiz_args),
        host,
        port,
        db=db,
        public_url=public_url,
        max_sessions=max_sessions,
        max_per_address=max_per_address,
    )
    server.serve()
