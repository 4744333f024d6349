"""Load on a live game: simulated students over real WebSockets against a real `quiz host`.

    python -m bench.live_load                   # 200 answering, 500 joined
    python -m bench.live_load --students 50 --joined 100

The host is `quiz host --plain` in its own process (its commands on stdin, as a teacher's
keys), on the small bank of every kind, with a database in a temporary folder. Printed:

- STUDENTS students answering one question, spread over 2 s: every answer acknowledged, and
  found in the database afterwards; answer → acknowledgement p50/p95;
- the question and the reveal reaching every student: p50/p95 from the teacher's command
  (next, skip) to each student's receipt — the whole way, not just the send;
- JOINED students connected: the host still answers a command (p95 of 20), and its memory
  per connected student (resident set growth over the empty lobby, divided by JOINED);
- the teacher's screen itself (the Textual `quiz host` in a real terminal, a pty read
  through a terminal emulator) with JOINED students connected: a key (p, pause) to the
  screen showing it, p50/p95 of 20 presses.
Every figure is checked against what it claims: a lost or refused answer stops the run.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import random
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.play.live import protocol as msg  # noqa: E402
from quiz.play.live.game import KIND  # noqa: E402
from quiz.store.sqlite import Store  # noqa: E402

KINDS = ROOT / "tests" / "data" / "kinds"


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) > 1 else values[0]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


class Host:
    def __init__(self, port: int, folder: Path):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "quiz", "host", "--plain", "--from", str(KINDS), "--no-cache"]
            + ["--all", "--seed", "3", "--port", str(port), "--out", str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "QUIZ_DB": str(folder / "quiz.db")},
            cwd=ROOT,
        )
        self.lines: asyncio.Queue[str] = asyncio.Queue()

    async def start_reading(self) -> None:
        loop = asyncio.get_running_loop()
        assert self.proc.stdout is not None
        stdout = self.proc.stdout

        def read() -> None:
            for line in stdout:
                loop.call_soon_threadsafe(self.lines.put_nowait, line.rstrip("\n"))

        loop.run_in_executor(None, read)

    async def wait_for(self, text: str, timeout: float = 60) -> str:
        end = time.monotonic() + timeout
        while True:
            line = await asyncio.wait_for(self.lines.get(), max(0.01, end - time.monotonic()))
            if text in line:
                return line

    def command(self, line: str) -> float:
        assert self.proc.stdin is not None
        at = time.monotonic()
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return at


class ScreenHost:
    """The Textual `quiz host` in a pseudo-terminal of 80x24, its output read through pyte."""

    def __init__(self, port: int, folder: Path):
        import pyte

        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.lock = threading.Lock()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the host, as a teacher starts it
            os.chdir(folder)
            os.execvpe(
                sys.executable,
                [sys.executable, "-m", "quiz", "host", "--from", str(KINDS), "--no-cache", "--all", "--seed", "3"]
                + ["--port", str(port), "--out", str(folder), "--db", str(folder / "quiz.db")],
                {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)},
            )
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.stream.feed(data)

    def text(self) -> str:
        with self.lock:
            return "\n".join(self.screen.display)

    async def wait_until(self, test, timeout: float = 30) -> float:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if test(self.text()):
                return time.monotonic()
            await asyncio.sleep(0.001)
        raise RuntimeError(f"the host screen did not change:\n{self.text()}")

    def key(self, text: str) -> float:
        at = time.monotonic()
        os.write(self.fd, text.encode())
        return at

    def stop(self) -> None:
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)


async def screen_keys(joined: int) -> list[float]:
    """Key → screen with `joined` students connected to the Textual host."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    folder = Path(tempfile.mkdtemp(prefix="quiz-live-screen-"))
    host = ScreenHost(port, folder)
    try:
        await host.wait_until(lambda t: "PIN " in t, 60)
        pin = host.text().split("PIN ", 1)[1].split()[0]
        url = f"http://127.0.0.1:{port}/ws"
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
            crowd = [Student(session, url, n) for n in range(joined)]
            for group in range(0, len(crowd), 50):
                await asyncio.gather(*(s.join(pin) for s in crowd[group : group + 50]))
            await host.wait_until(lambda t: f"{joined} joined" in t)
            host.key("s")
            await host.wait_until(lambda t: "question 1 of" in t)
            key_ms = []
            for n in range(20):
                paused = n % 2 == 0  # each press flips it
                at = host.key("p")
                done = await host.wait_until(lambda t, paused=paused: ("PAUSED" in t) == paused)
                key_ms.append((done - at) * 1000)
            for s in crowd:
                await s.ws.close()
    finally:
        host.stop()
    return key_ms


class Student:
    def __init__(self, session: aiohttp.ClientSession, url: str, n: int):
        self.session, self.url, self.name = session, url, f"Student {n:03d}"
        self.inbox: asyncio.Queue[tuple[float, object]] = asyncio.Queue()

    async def join(self, pin: str) -> None:
        self.ws = await self.session.ws_connect(self.url, max_msg_size=1 << 20)
        await self.ws.send_str(msg.encode(msg.Join(pin=pin, name=self.name)))
        asyncio.ensure_future(self._read())
        kind = await self.next(msg.Welcome, msg.Error)
        if not isinstance(kind[1], msg.Welcome):
            raise RuntimeError(f"{self.name} refused: {kind[1]}")

    async def _read(self) -> None:
        async for frame in self.ws:
            if frame.type == aiohttp.WSMsgType.TEXT:
                self.inbox.put_nowait((time.monotonic(), msg.decode_server(frame.data)))

    async def next(self, *kinds: type) -> tuple[float, object]:
        while True:
            at, m = await asyncio.wait_for(self.inbox.get(), 30)
            if isinstance(m, kinds):
                return at, m


async def run(students: int, joined: int) -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    folder = Path(tempfile.mkdtemp(prefix="quiz-live-load-"))
    host = Host(port, folder)
    await host.start_reading()
    pin = (await host.wait_for("with PIN")).rsplit(" ", 1)[1]
    await host.wait_for("lobby")
    await asyncio.sleep(0.5)
    empty_rss = rss_kib(host.proc.pid)
    url = f"http://127.0.0.1:{port}/ws"
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        crowd = [Student(session, url, n) for n in range(max(students, joined))]
        for group in range(0, len(crowd), 50):
            await asyncio.gather(*(s.join(pin) for s in crowd[group : group + 50]))
        await host.wait_for(f"{len(crowd)} joined")
        await asyncio.sleep(1.0)
        per_student = (rss_kib(host.proc.pid) - empty_rss) / len(crowd)

        # the host's responsiveness with everyone connected: a command and its answer
        key_ms = []
        for _ in range(20):
            at = host.command("help")
            await host.wait_for("commands:")
            key_ms.append((time.monotonic() - at) * 1000)

        sent = host.command("start")
        opened = await asyncio.gather(*(s.next(msg.QuestionOpen) for s in crowd))
        question_ms = [(at - sent) * 1000 for at, _ in opened]
        q = opened[0][1].question  # type: ignore[attr-defined]
        answering = crowd[:students]
        if len(crowd) == students:  # one stays silent, so the teacher's skip closes the question
            answering = crowd[: students - 1]

        async def answer(student: Student) -> float:
            await asyncio.sleep(random.uniform(0, 2.0))
            payload = {"one": 0, "some": [0], "truefalse": True, "order": list(range(len(q.options)))}.get(
                q.expects, list(range(len(q.options))) if q.expects == "match" else "40"
            )
            at = time.monotonic()
            await student.ws.send_str(msg.encode(msg.Answer(question_no=1, payload=payload)))
            done, m = await student.next(msg.Ack, msg.Error)
            if not isinstance(m, msg.Ack):
                raise RuntimeError(f"{student.name}'s answer refused: {m}")
            return (done - at) * 1000

        started = time.monotonic()
        ack_ms = await asyncio.gather(*(answer(s) for s in answering))
        answering_took = time.monotonic() - started
        sent = host.command("skip")
        revealed = await asyncio.gather(*(s.next(msg.Reveal) for s in crowd))
        reveal_ms = [(at - sent) * 1000 for at, _ in revealed]
        host.command("quit")
        for s in crowd:
            await s.ws.close()
    host.proc.wait(30)
    with Store.open(folder / "quiz.db") as store:
        stored = sum(1 for r in store.rounds_of_kind(KIND) for a in r.answers if a.given is not None)
    if stored != len(answering):
        raise RuntimeError(f"{len(answering)} answers acknowledged but {stored} stored")

    print(f"live game load · {len(crowd)} students connected · {os.cpu_count()} CPUs")
    print(
        f"  {len(answering)} answers within {answering_took:.1f} s: all acknowledged, {stored} stored; "
        f"answer → ack p50 {statistics.median(ack_ms):.0f} ms, p95 {p95(ack_ms):.0f} ms"
    )
    print(
        f"  question to every student: p50 {statistics.median(question_ms):.0f} ms, p95 {p95(question_ms):.0f} ms "
        f"(from the teacher's command)"
    )
    print(f"  reveal to every student:   p50 {statistics.median(reveal_ms):.0f} ms, p95 {p95(reveal_ms):.0f} ms")
    print(f"  host answers a command with {len(crowd)} connected: p95 {p95(key_ms):.0f} ms")
    print(f"  host memory per connected student: {per_student:.0f} KiB")
    screen_ms = await screen_keys(joined)
    print(
        f"  the teacher's screen (Textual, 80x24 pty) with {joined} connected: key → shown "
        f"p50 {statistics.median(screen_ms):.0f} ms, p95 {p95(screen_ms):.0f} ms"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200, help="students answering one question (default 200)")
    parser.add_argument("--joined", type=int, default=500, help="students connected in all (default 500)")
    args = parser.parse_args()
    return asyncio.run(run(args.students, args.joined))


if __name__ == "__main__":
    sys.exit(main())
