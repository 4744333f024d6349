"""`quiz serve`: the app in a browser, one session (one quiz process) per student, with
textual-serve. Every session runs the same quiz command against the same database file;
the store's WAL and busy timeout let their answers land side by side.

The overrides of textual-serve's Server below assume textual-serve 1.1.x (1.1.3 when last
checked; pinned >=1.1,<2): its `handle_index`, `handle_websocket`, `on_startup`, `on_shutdown`
and `initialize_logging` methods and its `public_url`, `host`, `port` and `console`
attributes. tests/test_serve.py exercises each. The other hacks (the garbage collector, one
private Textual name) are in quiz/ui/tuning.py.

Imported only by `quiz serve` (textual-serve brings aiohttp and jinja2: start-up of the other
commands must not pay for them).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from aiohttp import web
from textual_serve.server import Server

log = logging.getLogger("quiz.ui.serve")

DEFAULT_MAX_SESSIONS = 60


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
    ) -> None:
        super().__init__(command, host=host, port=port, title="quiz", public_url=public_url)
        self.follow_request_host = public_url is None
        self.db = db
        self.max_sessions = max_sessions
        self.sessions: set[asyncio.Task] = set()

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
        if (why := self._refused(request)) is not None:
            log.warning("refused a session: %s", why)
            raise web.HTTPForbidden(text=f"quiz: {why}\n")
        if len(self.sessions) >= self.max_sessions:
            log.warning("refused a session: %d are open (--max-sessions)", len(self.sessions))
            raise web.HTTPServiceUnavailable(text="quiz: too many sessions are open; try again later\n")
        task = asyncio.current_task()
        self.sessions.add(task)
        log.info("session started (%d open)", len(self.sessions))
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions.discard(task)
            log.info("session ended (%d open)", len(self.sessions))

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C: end every session now rather than wait for each browser to leave. Each app
        is told to quit (every answer is already saved); the browser says "Session ended"."""
        if self.sessions:
            for task in self.sessions:
                task.cancel()
            await asyncio.wait(list(self.sessions), timeout=10)


def serve(
    quiz_args: Sequence[str], *, db: Path, host: str, port: int, public_url: str | None, max_sessions: int
) -> None:
    """Serve until Ctrl+C. OSError (e.g. the port is taken) reaches the caller."""
    server = QuizServer(
        session_command(db, quiz_args), host, port, db=db, public_url=public_url, max_sessions=max_sessions
    )
    server.serve()
