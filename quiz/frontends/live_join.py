"""The terminal client of a live game (`quiz join`), plain mode: questions printed, answers
read line by line. It keeps its rejoin token in the data dir (quiz.paths), so a student whose
terminal or connection drops runs the same command again, or just waits: it reconnects by
itself, with every point, and resends an answer that had not been acknowledged."""

from __future__ import annotations

import asyncio
import json
import re
import sys
import threading
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import msgspec

from quiz.core.safe_text import name_key
from quiz.files import write_atomic
from quiz.paths import live_tokens_file
from quiz.play.live import protocol as msg
from quiz.play.live.server import DEFAULT_PORT

RECONNECT_FOR = 120.0  # seconds a dropped client keeps trying (a host restarting with --resume)


class JoinAddressError(ValueError):
    pass


def parse_address(text: str) -> str:
    """HOST[:PORT] (or the http:// address on the screen) -> the socket's URL."""
    raw = text.strip()
    if "://" not in raw:
        raw = "http://" + raw
    parts = urlsplit(raw)
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise JoinAddressError(f"not an address: {text} (give HOST or HOST:PORT)") from None
    if not parts.hostname or parts.scheme not in ("http", "ws"):
        raise JoinAddressError(f"not an address: {text} (give HOST or HOST:PORT)")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"ws://{host}:{port}/ws"


def _tokens() -> dict[str, str]:
    try:
        data = json.loads(live_tokens_file().read_text("utf-8"))
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def token_key(url: str, pin: str, name: str) -> str:
    """Whose token this is: a game, and the name joined under. Two people joining one game
    from the same account (a shared school login) each keep their own: with the game alone
    as the key, the second was given the first one's player, and the two clients took the
    seat from each other for ever."""
    return f"{url} {pin} {name_key(name)}"


def load_token(key: str) -> str | None:
    return _tokens().get(key)


def save_token(key: str, token: str) -> None:
    tokens = _tokens()
    tokens[key] = token
    path = live_tokens_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(dict(list(tokens.items())[-50:])))
    except OSError as exc:
        print(f"quiz: warning: the rejoin token could not be kept ({exc.strerror}); rejoin from here may fail")


def how_to_answer(q: Any) -> str:
    n = len(q.options)
    return {
        "one": f"type the number of your answer (1-{n})",
        "some": f"type the numbers of every right answer, e.g. 1 3 (1-{n})",
        "truefalse": "type t (true) or f (false)",
        "text": "type your answer",
        "number": "type a number" + (f" ({q.unit})" if q.unit else ""),
        "order": f"type the numbers in the right order, e.g. {' '.join(str(i) for i in range(n, 0, -1))}",
        "match": f"for each of A, B, …, type the number of its match, e.g. {' '.join(str(i) for i in range(1, len(q.left) + 1))}",
    }[q.expects]


def read_payload(q: Any, line: str) -> Any:
    """What the player typed, as the protocol's payload; None when it can't be one."""
    text = line.strip()
    if not text:
        return None
    if q.expects in ("text", "number"):
        return text[:200]
    if q.expects == "truefalse":
        word = text.lower()
        return True if word in ("t", "true", "1") else False if word in ("f", "false", "2") else None
    numbers = [int(x) for x in re.findall(r"\d+", text)]
    n = len(q.options)
    if not numbers or any(not 1 <= x <= n for x in numbers):
        return None
    if q.expects == "one":
        return numbers[0] - 1 if len(numbers) == 1 else None
    if q.expects == "some":
        return sorted({x - 1 for x in numbers})
    if q.expects == "order":
        return [x - 1 for x in numbers] if sorted(numbers) == list(range(1, n + 1)) else None
    return [x - 1 for x in numbers] if len(numbers) == len(q.left) else None  # match


def show_question(m: msg.QuestionOpen) -> None:
    q = m.question
    limit = f" · {m.seconds:.0f} s" if m.seconds is not None else ""
    print(f"\nQuestion {m.no} of {m.total}{limit}")
    print(q.prompt)
    if q.expects == "match":
        for i, left in enumerate(q.left):
            print(f"  {chr(ord('A') + i)}. {left}")
        print("  with:")
    for i, option in enumerate(q.options, 1):
        print(f"  {i}. {option}")
    if m.answered:
        print("Your answer is stored ✓")
    else:
        print(f"[{how_to_answer(q)}]")


def show_reveal(m: msg.Reveal) -> None:
    mark = {"Right": "✔", "Partly right": "◐"}.get(m.verdict, "✘")
    print(f"\n{mark} {m.verdict} · +{m.points} points · {m.score} in all · rank {m.rank}")
    if m.your_answer is not None:
        print(f"Your answer: {m.your_answer}")
    print(f"Right answer: {m.right_answer}")
    print(m.explanation)
    for p in m.passages:
        print(f"  «{p.quote}»\n  — {p.citation}")
    print("How the class answered: " + "; ".join(f"{b.label}: {b.count}" for b in m.distribution))


class PlainClient:
    def __init__(self, url: str, pin: str, name: str):
        self.url, self.pin, self.name = url, pin, name
        self.key = token_key(url, pin, name)
        self.question: msg.QuestionOpen | None = None
        self.pending: msg.Answer | None = None
        self.lines: asyncio.Queue[str | None] = asyncio.Queue()
        self.status = 0
        self.done = False
        self.last_count = -1

    def _read_stdin(self, loop: asyncio.AbstractEventLoop) -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(self.lines.put_nowait, line)
        loop.call_soon_threadsafe(self.lines.put_nowait, None)

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        threading.Thread(target=self._read_stdin, args=(loop,), daemon=True).start()
        waited = 0.0
        async with aiohttp.ClientSession() as session:
            while not self.done:
                try:
                    async with session.ws_connect(self.url, max_msg_size=1 << 20, heartbeat=20) as ws:
                        waited = 0.0
                        await self._session(ws)
                except (aiohttp.ClientError, OSError):
                    pass
                if self.done:
                    break
                if waited >= RECONNECT_FOR:
                    print("quiz: the game can't be reached; run the same command to rejoin", file=sys.stderr)
                    return 1
                if waited == 0.0:
                    print("Connection lost; reconnecting…", flush=True)
                await asyncio.sleep(1.0)
                waited += 1.0
        return self.status

    async def _session(self, ws: aiohttp.ClientWebSocketResponse[Any]) -> None:
        join = msg.Join(pin=self.pin, name=self.name, token=load_token(self.key))
        await ws.send_str(msg.encode(join))
        reader = asyncio.ensure_future(self.lines.get())
        receiver = asyncio.ensure_future(ws.receive())
        try:
            while not self.done:
                finished, _ = await asyncio.wait({reader, receiver}, return_when=asyncio.FIRST_COMPLETED)
                if receiver in finished:
                    frame = receiver.result()
                    if frame.type != aiohttp.WSMsgType.TEXT:
                        return  # closed: reconnect
                    await self._on_message(ws, frame.data)
                    receiver = asyncio.ensure_future(ws.receive())
                if reader in finished:
                    line = reader.result()
                    if line is None:  # stdin closed: keep listening, nothing more to type
                        reader = asyncio.ensure_future(_forever())
                        continue
                    await self._on_line(ws, line)
                    reader = asyncio.ensure_future(self.lines.get())
        finally:
            receiver.cancel()
            if not reader.done():
                reader.cancel()
            elif not reader.cancelled() and reader.result() is not None:
                self.lines.put_nowait(reader.result())

    async def _on_line(self, ws: aiohttp.ClientWebSocketResponse[Any], line: str) -> None:
        m = self.question
        if m is None or m.answered:
            print("(no question is open)")
            return
        payload = read_payload(m.question, line)
        if payload is None:
            print(f"[{how_to_answer(m.question)}]")
            return
        self.pending = msg.Answer(question_no=m.no, payload=payload)
        await ws.send_str(msg.encode(self.pending))

    async def _on_message(self, ws: aiohttp.ClientWebSocketResponse[Any], data: str) -> None:
        try:
            m = msg.decode_server(data)
        except msgspec.DecodeError:
            return
        if isinstance(m, msg.Welcome):
            save_token(self.key, m.token)
            print(f"Joined as {m.name} · {m.score} points", flush=True)
            if self.pending is not None:
                await ws.send_str(msg.encode(self.pending))
        elif isinstance(m, msg.Lobby):
            if m.count != self.last_count:
                self.last_count = m.count
                print(f"Waiting for the teacher to start · {m.count} in the game", flush=True)
        elif isinstance(m, msg.QuestionOpen):
            self.question = m
            self.pending = None
            show_question(m)
        elif isinstance(m, msg.Ack):
            if self.question is not None and self.question.no == m.question_no:
                self.question = msgspec.structs.replace(self.question, answered=True)
            self.pending = None
            print(f"Answer {m.question_no} stored ✓", flush=True)
        elif isinstance(m, msg.Paused):
            print("Paused by the teacher" if m.paused else "Going on", flush=True)
        elif isinstance(m, msg.Reveal):
            self.question = None
            show_reveal(m)
        elif isinstance(m, msg.Leaderboard):
            print("\nLeaderboard: " + ", ".join(f"{s.rank}. {s.name} {s.score}" for s in m.top), flush=True)
        elif isinstance(m, msg.End):
            print("\nThe end · podium: " + ", ".join(f"{s.rank}. {s.name} {s.score}" for s in m.podium))
            if m.you:
                print(f"You finished rank {m.you.rank} with {m.you.score} points", flush=True)
            self.done = True
        elif isinstance(m, msg.Error):
            print(f"quiz: {m.message}", file=sys.stderr if m.fatal else sys.stdout, flush=True)
            if m.fatal:
                self.done, self.status = True, 1
        sys.stdout.flush()


async def _forever() -> str | None:
    await asyncio.Event().wait()
    return None


def run_plain_client(url: str, pin: str, name: str) -> int:
    return asyncio.run(PlainClient(url, pin, name).run())
