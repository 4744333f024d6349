"""The live game's server: one asyncio process, aiohttp, one WebSocket per client.

It serves the join page (quiz/ui/web/) at / and the protocol (quiz.play.live.protocol) at
/ws. Students can only join, answer and leave; every teacher action (start, skip, pause, next,
end, remove) is a method called from the host's own screen, never a network message.

Safety on a school network: loopback unless told otherwise; every message bounded in size
(the WebSocket's max_msg_size) and in rate (a token bucket per connection); wrong PINs slow
down their sender, more with each one; the page and the socket check Host (against DNS
rebinding) and Origin (a page from another site can't open a socket here).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from quiz.play.live import protocol as msg
from quiz.play.live.game import (
    END,
    LEADERBOARD,
    LOBBY,
    QUESTION,
    REVEAL,
    AnswerRefused,
    JoinRefused,
    LiveGame,
    LivePlayer,
)
from quiz.store.interface import StoreError

DEFAULT_PORT = 8750
RATE_PER_SECOND = 5.0  # messages a client may send, sustained
RATE_BURST = 10.0
MAX_DROPPED = 30  # messages over the rate before the connection is closed
PIN_DELAY_BASE = 0.5  # seconds an address waits after its first wrong PIN, doubling after each
PIN_DELAY_MAX = 30.0
LOBBY_EVERY = 0.5  # seconds between lobby updates while students pour in
TICK = 0.1  # how often the question's clock is checked
PAGE_FILES = {
    "/": ("live.html", "text/html"),
    "/live.js": ("live.js", "text/javascript"),
    "/live.css": ("live.css", "text/css"),
}


FAN_OUT_SLICE = 50  # clients sent to between two turns of the event loop


@dataclass(eq=False)
class Client:
    ws: web.WebSocketResponse
    address: str
    player: LivePlayer | None = None
    allowance: float = RATE_BURST
    checked_at: float = field(default_factory=time.monotonic)
    dropped: int = 0

    def within_rate(self) -> bool:
        now = time.monotonic()
        self.allowance = min(RATE_BURST, self.allowance + (now - self.checked_at) * RATE_PER_SECOND)
        self.checked_at = now
        if self.allowance < 1:
            self.dropped += 1
            return False
        self.allowance -= 1
        return True


class LiveServer:
    def __init__(self, game: LiveGame, host: str = "127.0.0.1", port: int = DEFAULT_PORT):
        self.game = game
        self.host = host
        self.port = port
        self.clients: set[Client] = set()
        self.by_player: dict[str, Client] = {}  # player's name key -> their current connection
        self.wrong_pins: dict[str, tuple[int, float]] = {}  # address -> (wrong PINs, blocked until)
        self.on_change: Callable[[], None] = lambda: None  # the host screen redraws
        self.problem: str | None = (
            None  # the last store problem, for the host's screen  # "question 3" / "reveal 3" -> when the fan-out began
        )
        self._runner: web.AppRunner | None = None
        self._ticker: asyncio.Task[None] | None = None
        self._lobby_pending: asyncio.TimerHandle | None = None

    # ------------------------------------------------------------------ running
    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=4096)
        for path in PAGE_FILES:
            app.router.add_get(path, self._page)
        app.router.add_get("/ws", self._socket)
        return app

    async def start(self) -> None:
        self._runner = web.AppRunner(self.make_app(), access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, backlog=1024)
        await site.start()
        if self.port == 0:  # the tests ask for any free port
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._ticker = asyncio.get_running_loop().create_task(self._tick())

    async def stop(self) -> None:
        if self._ticker:
            self._ticker.cancel()
        for client in list(self.clients):
            await client.ws.close()
        if self._runner:
            await self._runner.cleanup()

    def join_address(self) -> str:
        """The address students type (or the QR code gives)."""
        host = self.host
        if host in ("0.0.0.0", "::", ""):
            host = lan_address()
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}/"

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(TICK)
            if self.game.should_close():
                await self.close_question()

    # ------------------------------------------------------------------ the teacher's actions
    async def start_game(self) -> None:
        if self.game.phase == LOBBY and self.game.active:
            self.game.start()
            await self._broadcast_question()

    async def close_question(self) -> None:
        """Time, everyone answered, or the teacher skips: the reveal, to everyone."""
        if self.game.phase != QUESTION:
            return
        self.game.close_question()
        await self._broadcast_reveal()

    async def advance(self) -> None:
        """The teacher's "next": question → reveal → leaderboard → next question → … → end."""
        game = self.game
        if game.phase == LOBBY:
            await self.start_game()
        elif game.phase == QUESTION:
            await self.close_question()
        elif game.phase == REVEAL:
            game.show_leaderboard()
            await self._broadcast(lambda c: game.leaderboard_message(c.player))
        elif game.phase == LEADERBOARD:
            game.next_question()
            if game.phase == END:
                await self._broadcast(lambda c: game.end_message(c.player))
            else:
                await self._broadcast_question()
        self.on_change()

    async def toggle_pause(self) -> None:
        if self.game.phase == QUESTION:
            paused = self.game.pause()
            await self._broadcast_same(msg.Paused(paused=paused))
            if not paused:
                await self._broadcast_question()
        self.on_change()

    async def end_early(self) -> None:
        if self.game.phase != END:
            self.game.finish()
            await self._broadcast(lambda c: self.game.end_message(c.player))
        self.on_change()

    async def remove(self, name: str) -> bool:
        player = self.game.remove(name)
        if player is None:
            return False
        client = self.by_player.pop(player.key, None)
        if client is not None:
            await self._send(
                client,
                msg.encode(msg.Error(code="removed", message="the teacher removed you from this game", fatal=True)),
            )
            await client.ws.close()
        self._lobby_soon()
        self.on_change()
        return True

    # ------------------------------------------------------------------ fan-out
    async def _send(self, client: Client, text: str) -> None:
        try:
            await client.ws.send_str(text)
        except (ConnectionError, RuntimeError):
            pass  # gone; its close is handled by its own handler

    def _players(self) -> list[Client]:
        return [c for c in self.clients if c.player is not None and not c.ws.closed]

    async def _broadcast_same(self, message: Any) -> None:
        text = msg.encode(message)
        await self._fan_out(lambda c: text)

    async def _broadcast(self, make: Callable[[Client], Any]) -> None:
        await self._fan_out(lambda c: msg.encode(make(c)))

    async def _fan_out(self, text_for: Callable[[Client], str]) -> None:
        """The teacher's screen is redrawn first, then the class is sent to in slices with a
        turn of the event loop between them: sending to hundreds at once would otherwise hold
        the loop, and the projector would show the teacher's key only after the last send."""
        self.on_change()
        players = self._players()
        for start in range(0, len(players), FAN_OUT_SLICE):
            await asyncio.sleep(0)
            await asyncio.gather(*(self._send(c, text_for(c)) for c in players[start : start + FAN_OUT_SLICE]))

    async def _broadcast_question(self) -> None:
        await self._broadcast_same(self.game.question_message())
        self.on_change()

    async def _broadcast_reveal(self) -> None:
        game = self.game
        shared, ranks = game.reveal_shared(), game.ranks()
        await self._broadcast(lambda c: game.reveal_message(c.player, shared, ranks))
        self.on_change()

    def _lobby_soon(self) -> None:
        """Lobby updates coalesced: a class joining at once gets a few, not one per join."""
        if self.game.phase != LOBBY or self._lobby_pending is not None:
            return

        def send() -> None:
            self._lobby_pending = None
            if self.game.phase == LOBBY:  # the game may have started meanwhile
                asyncio.ensure_future(self._broadcast_same(self.game.lobby_message()))

        self._lobby_pending = asyncio.get_running_loop().call_later(LOBBY_EVERY, send)

    def _current_view(self, client: Client) -> list[Any]:
        """What a (re)joining player is shown of the game as it stands."""
        game, player = self.game, client.player
        if game.phase == LOBBY:
            return [game.lobby_message()]
        if game.phase == QUESTION:
            shown: list[Any] = [game.question_message(player)]
            return [*shown, msg.Paused(paused=True)] if game.paused else shown
        if game.phase == REVEAL:
            return [game.reveal_message(player)]
        if game.phase == LEADERBOARD:
            return [game.leaderboard_message(player)]
        return [game.end_message(player)]

    # ------------------------------------------------------------------ HTTP
    def _host_allowed(self, request: web.Request) -> bool:
        """The Host header names this server (a DNS-rebinding page names another host)."""
        host, _, port = (request.host or "").rpartition(":")
        if not host or not port.isdigit() or int(port) != self.port:
            return False
        host = host.strip("[]").lower()
        if host in ("localhost", socket.gethostname().lower(), f"{socket.gethostname().lower()}.local"):
            return True
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return False
        return True

    def _origin_allowed(self, request: web.Request) -> bool:
        """No Origin (a terminal client) or this very server's (the page it served)."""
        origin = request.headers.get("Origin")
        return origin is None or origin == f"http://{request.host}"

    async def _page(self, request: web.Request) -> web.StreamResponse:
        if not self._host_allowed(request):
            return web.Response(status=421, text="wrong host")
        name, kind = PAGE_FILES[request.path]
        body = (page_dir() / name).read_bytes()
        return web.Response(
            body=body,
            content_type=kind,
            charset="utf-8",
            headers={
                "Content-Security-Policy": "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
                "style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer",
                "Cache-Control": "no-store",
            },
        )

    async def _socket(self, request: web.Request) -> web.StreamResponse:
        if not self._host_allowed(request) or not self._origin_allowed(request):
            return web.Response(status=403, text="not from this server's page")
        ws = web.WebSocketResponse(max_msg_size=msg.MAX_MESSAGE_BYTES, heartbeat=20, compress=False)
        await ws.prepare(request)
        client = Client(ws, request.remote or "?")
        self.clients.add(client)
        try:
            async for frame in ws:
                if frame.type != WSMsgType.TEXT:
                    if frame.type == WSMsgType.ERROR:
                        break
                    await self._refuse(client, "bad-message", "send JSON text messages")
                    continue
                if not client.within_rate():
                    if client.dropped > MAX_DROPPED:
                        await self._refuse(client, "busy", "too many messages", fatal=True)
                        break
                    await self._refuse(client, "busy", "too many messages; slow down")
                    continue
                try:
                    message = msg.decode_client(frame.data)
                except msg.ProtocolError as exc:
                    await self._refuse(client, "bad-message", str(exc))
                    continue
                if not await self._handle(client, message):
                    break
        finally:
            self.clients.discard(client)
            player = client.player
            if player is not None and self.by_player.get(player.key) is client:
                del self.by_player[player.key]
                player.connected = False
                self.on_change()
            if not ws.closed:
                await ws.close()
        return ws

    async def _refuse(self, client: Client, code: str, message: str, fatal: bool = False) -> None:
        await self._send(client, msg.encode(msg.Error(code=code, message=message, fatal=fatal)))

    async def _handle(self, client: Client, message: msg.Join | msg.Answer | msg.Leave) -> bool:
        """One validated message; False closes the connection."""
        game = self.game
        if isinstance(message, msg.Join):
            return await self._join(client, message)
        if client.player is None:
            await self._refuse(client, "not-joined", "join first")
            return True
        if isinstance(message, msg.Leave):
            return False
        try:
            taken = game.answer(client.player, message.question_no, message.payload)  # committed here
        except AnswerRefused as exc:
            await self._refuse(client, exc.code, str(exc), fatal=exc.code == "removed")
            return exc.code != "removed"
        except StoreError as exc:  # not stored, so not acknowledged: the client may send it again
            self.problem = str(exc)
            self.on_change()
            await self._refuse(client, "not-stored", "your answer could not be saved; send it again")
            return True
        await self._send(client, msg.encode(msg.Ack(question_no=taken.question_no)))
        self.on_change()
        if taken.all_answered and game.should_close():
            await self.close_question()
        return True

    async def _join(self, client: Client, message: msg.Join) -> bool:
        game = self.game
        if message.version != msg.VERSION:
            await self._refuse(client, "version", f"this game speaks protocol version {msg.VERSION}", fatal=True)
            return False
        now = time.monotonic()
        fails, blocked_until = self.wrong_pins.get(client.address, (0, 0.0))
        if now < blocked_until:
            await self._refuse(
                client, "slow-down", f"too many wrong PINs; wait {blocked_until - now:.0f} s and try again", fatal=True
            )
            return False
        if message.pin != game.pin:
            fails += 1
            self.wrong_pins[client.address] = (fails, now + min(PIN_DELAY_BASE * 2 ** (fails - 1), PIN_DELAY_MAX))
            await self._refuse(client, "bad-pin", "no game with that PIN here; check the PIN on the screen", fatal=True)
            return False
        if client.player is not None:
            await self._refuse(client, "joined", "already joined")
            return True
        try:
            player, token = game.join(message.name, message.token)
        except JoinRefused as exc:
            await self._refuse(client, exc.code, str(exc), fatal=True)
            return False
        except StoreError as exc:
            self.problem = str(exc)
            self.on_change()
            await self._refuse(client, "not-stored", "the game can't take you in right now; try again", fatal=True)
            return False
        earlier = self.by_player.get(player.key)
        if earlier is not None:  # the same player from a new connection: the old one goes
            earlier.player = None
            await earlier.ws.close()
        client.player = player
        player.connected = True
        self.by_player[player.key] = client
        await self._send(client, msg.encode(msg.Welcome(token=token, name=player.name, score=player.score)))
        for shown in self._current_view(client):
            await self._send(client, msg.encode(shown))
        self._lobby_soon()
        self.on_change()
        return True


def page_dir() -> Path:
    """The browser page's files: static, no build step (quiz/ui/web/, data files beside
    the module quiz/ui/web.py, which is why the folder has no __init__)."""
    return Path(__file__).resolve().parent.parent.parent / "ui" / "web"


def lan_address() -> str:
    """This machine's address on its network (what students' devices reach), found without
    sending anything: the source address the system would use for an outside address."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, nothing is sent
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"
