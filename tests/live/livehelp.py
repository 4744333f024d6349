"""Helpers for the live tests: a game on the small bank of every kind, and simulated students
speaking the protocol over real WebSockets (aiohttp's client)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import aiohttp
from testdata import DATA

from quiz.library.loader import load_library
from quiz.play.drill.code import encode_code
from quiz.play.drill.definition import DrillFile, resolve
from quiz.play.live import protocol as msg
from quiz.play.live.game import LiveGame
from quiz.store.sqlite import Store

KINDS = DATA / "kinds"
WAIT = 30.0  # seconds any one expected message may take before the test fails (a loaded CI machine)

# A right answer to each kind of the kinds bank, in display positions, from the wire form.
RIGHT = {
    "Who is Ana Ruiz?": lambda q: q.options.index("The city librarian"),
    "Which of these does the article report?": lambda q: sorted(
        [q.options.index("The plan would open 12 libraries"), q.options.index("Critics asked who would pay")]
    ),
    "The plan was announced on a Friday.": lambda q: False,
    "What is the surname of the city librarian?": lambda q: "ruiz",
    "How much would the plan cost, according to its critics?": lambda q: "$40m",
    "Put these in the order the article tells them.": lambda q: [
        q.options.index(t) for t in ["The plan is announced", "The librarian praises it", "Critics ask who pays"]
    ],
    "Match each person to what they did.": lambda q: [
        q.options.index(t) for t in ["announced a plan", "praised the plan", "asked about the cost"]
    ],
}


def kinds_game(tmp_path: Path, **drill: Any) -> LiveGame:
    library = load_library([KINDS])
    spec = resolve(library, DrillFile(**{"count": "all", "seed": 3, **drill}))
    store = Store.open(tmp_path / "quiz.db")
    return LiveGame.new(store, library, spec, encode_code(spec, library), results_dir=tmp_path / "results")


class Student:
    """One simulated student: a WebSocket and the messages it has received, in order."""

    def __init__(self, session: aiohttp.ClientSession, url: str):
        self.session, self.url = session, url
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.token: str | None = None
        self.name = ""

    async def connect(self) -> None:
        self.ws = await self.session.ws_connect(self.url)

    async def send(self, message: Any) -> None:
        assert self.ws is not None
        await self.ws.send_str(message if isinstance(message, str) else msg.encode(message))

    async def next(self, *kinds: type) -> Any:
        """The next message of one of these types (others before it are skipped)."""
        assert self.ws is not None
        while True:
            frame = await asyncio.wait_for(self.ws.receive(), WAIT)
            if frame.type != aiohttp.WSMsgType.TEXT:
                raise ConnectionError(f"closed while waiting for {kinds}")
            m = msg.decode_server(frame.data)
            if isinstance(m, kinds):
                return m

    async def join(self, pin: str, name: str) -> msg.Welcome:
        await self.connect()
        await self.send(msg.Join(pin=pin, name=name, token=self.token))
        welcome = await self.next(msg.Welcome, msg.Error)
        assert isinstance(welcome, msg.Welcome), welcome
        self.token, self.name = welcome.token, welcome.name
        return welcome

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
