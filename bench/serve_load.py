"""A class at once: `quiz serve` with 20 simultaneous sessions, every answer checked in the
database afterwards, and the memory each session takes. Run by hand (not part of pytest):

    python bench/serve_load.py                 # 20 sessions over the websocket, all at once
    python bench/serve_load.py --sessions 30
    python bench/serve_load.py --browser       # 20 tabs of headless Chromium instead

Each student types a name and plays the fixture bank with one question of every type (7),
with the keys a student would press. Memory is read from /proc while every session is open
and mid-round: for each session's quiz process, RSS, PSS (pages shared with the other
sessions split between them) and USS (its own pages), and the fall in the machine's
MemAvailable per session. The baseline, measured in the same run, is the same round played
in a terminal: one `quiz play` on a pty. Everything it talks to is on 127.0.0.1; every wait
is bounded, and it stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pty
import select
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # served.py, the test helpers
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from served import ENTER, Screen, ServedQuiz, WebSession  # noqa: E402

from quiz.library.loader import load_library  # noqa: E402
from quiz.store.sqlite import Store  # noqa: E402

KINDS = Path(__file__).resolve().parent / "data" / "kinds"
ROUND = ["play", "--from", str(KINDS), "--bank", "kinds", "--all", "--seed", "11", "--no-cache"]
FEEDBACK = ("Enter: next question", "Enter: see your results")
COLS, ROWS = 100, 30


def questions_by_prompt() -> dict[str, object]:
    (loaded,) = load_library([KINDS]).banks
    return {q.prompt: q for q in loaded.bank.questions}


def keys_for(question) -> str:
    """What a student presses to give some answer (right or not) to this kind of question."""
    kind = type(question).__struct_config__.tag
    return {
        "choice": "1",
        "truefalse": "t",
        "multi": "1" + ENTER,
        "text": "x" + ENTER,
        "number": "1" + ENTER,
        "order": ENTER,
        "match": "".join(str(n) for n in range(1, len(getattr(question, "pairs", [])) + 1)) + ENTER,
    }[kind]


def question_on(screen: str, number: int, total: int, prompts: dict) -> object | None:
    """The question on screen if it is question `number`, waiting for an answer."""
    if f"question {number}/{total}" not in screen or any(f in screen for f in FEEDBACK):
        return None
    flat = " ".join(screen.split())
    return next((q for prompt, q in prompts.items() if prompt in flat), None)


# ---------------------------------------------------------------------- memory from /proc
def memory_of(pid: int) -> dict[str, int]:
    """RSS, PSS and USS of one process, in KiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])
    return {"rss": fields["Rss"], "pss": fields["Pss"], "uss": fields["Private_Clean"] + fields["Private_Dirty"]}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def mem_available() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1])
    raise RuntimeError("no MemAvailable")


def quiz_processes(pids: set[int]) -> list[int]:
    found = []
    for pid in pids:
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"-m" in args and b"quiz" in args:
            found.append(pid)
    return found


def terminal_baseline(db: Path) -> dict[str, int]:
    """The same round in a terminal: one `quiz play` on a pty, measured at its first question."""
    prompts = questions_by_prompt()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="xterm-256color", COLUMNS=str(COLS), LINES=str(ROWS))
        os.execv(sys.executable, [sys.executable, "-m", "quiz", *ROUND, "--db", str(db), "--player", "base"])
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    screen, end = Screen(COLS, ROWS), time.monotonic() + 60
    try:
        while time.monotonic() < end:
            if select.select([fd], [], [], 0.1)[0]:
                screen.feed(os.read(fd, 65536))
            if question_on(screen.text(), 1, 7, prompts):
                time.sleep(0.5)
                return memory_of(pid)
        raise AssertionError("the terminal baseline never showed its first question")
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)


# ---------------------------------------------------------------------- students
class Class:
    """Shared by the students: the questions, a meeting point mid-round, the figures."""

    def __init__(self, sessions: int) -> None:
        self.prompts = questions_by_prompt()
        self.total = len(self.prompts)
        self.sessions = sessions
        self.arrived = 0
        self.all_mid_round = asyncio.Event()
        self.measured = asyncio.Event()
        self.latencies: list[float] = []
        self.started = time.monotonic()
        self.first_screen: list[float] = []  # seconds from connecting to the name dialog
        self.answered: dict[str, int] = {}

    async def meet(self) -> None:
        self.arrived += 1
        if self.arrived == self.sessions:
            self.all_mid_round.set()
        await asyncio.wait_for(self.measured.wait(), timeout=300)


async def wait_until(predicate, timeout: float, what: str, screen) -> object:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = predicate()
        if found:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}:\n{screen()}")


async def student(name: str, session, klass: Class) -> None:
    """One student's round, with whatever front end `session` is (websocket or browser tab)."""
    await wait_until(lambda: "Who is playing?" in session.text(), 180, "the name dialog", session.text)
    klass.first_screen.append(time.monotonic() - klass.started)
    await session.keys(name + ENTER)
    for number in range(1, klass.total + 1):
        question = await wait_until(
            lambda: question_on(session.text(), number, klass.total, klass.prompts),
            120,
            f"{name}: question {number}",
            session.text,
        )
        start = time.monotonic()
        await session.keys(keys_for(question))
        await wait_until(
            lambda: any(f in session.text() for f in FEEDBACK), 120, f"{name}: feedback {number}", session.text
        )
        klass.latencies.append(time.monotonic() - start)
        klass.answered[name] = number
        if number == 3:
            await klass.meet()  # everyone open and mid-round: memory is read now
        await session.keys(ENTER)
    await wait_until(lambda: "Round over" in session.text(), 120, f"{name}: results", session.text)


class BrowserTab:
    """A headless Chromium tab driven like a student: the same calls as WebSession."""

    def __init__(self, tab, lock: asyncio.Lock) -> None:
        self.tab, self.lock = tab, lock
        self.cached = ""

    def text(self) -> str:
        return self.cached

    async def refresh(self) -> None:
        async with self.lock:  # one WebDriver: one tab at a time
            self.cached = await asyncio.to_thread(self.tab.text)

    async def keys(self, text: str) -> None:
        # The whole answer in this tab, one key at a time as a quick typist types: switching
        # tabs between keys blurs this one, and a key that lands then can miss its widget.
        async with self.lock:
            for key in text.replace(ENTER, "\n"):
                await asyncio.to_thread(self.tab.type, key)
                await asyncio.sleep(0.05)


async def run(args) -> int:
    import aiohttp

    work = Path(tempfile.mkdtemp(prefix="quiz-load-"))
    db = work / "class.db"
    names = [f"Student {n:02}" for n in range(1, args.sessions + 1)]
    baseline = terminal_baseline(work / "baseline.db")
    before = mem_available()
    with ServedQuiz(db, ROUND, options=["--max-sessions", str(args.sessions)]) as server:
        klass = Class(args.sessions)
        started = klass.started
        async with aiohttp.ClientSession() as http:
            if args.browser:
                sessions, closer, pump = await open_browser_tabs(server, args.sessions)
            else:
                origin = {"Origin": server.url.rstrip("/")}
                sessions = [await WebSession.open(http, server.url, COLS, ROWS, headers=origin) for _ in names]
                closer, pump = None, None
            students = [asyncio.create_task(student(name, s, klass)) for name, s in zip(names, sessions)]
            pumping = asyncio.create_task(pump()) if pump else None
            waiting = asyncio.create_task(klass.all_mid_round.wait())
            # students stop at question 3 until measured, so the first to finish is the
            # meeting point, or a student who failed
            done, _ = await asyncio.wait([waiting, *students], timeout=600, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                if task is not waiting:
                    raise task.exception() or AssertionError("a student finished without the others")
            if not done:
                raise AssertionError("the class never got to question 3 together")
            pids = quiz_processes(server.session_pids())
            during = mem_available()
            server_memory = memory_of(server.process.pid)
            per_session = [memory_of(pid) for pid in pids]
            klass.measured.set()
            await asyncio.wait_for(asyncio.gather(*students), timeout=600)
            elapsed = time.monotonic() - started
            session_cpu = [cpu_seconds(pid) for pid in pids]
            if pumping:
                pumping.cancel()
            if closer:
                await asyncio.to_thread(closer)
            else:
                for s in sessions:
                    await s.close()
    # afterwards: every answer each student saw confirmed is in the database
    with Store.open(db) as store:
        answers = store.answers()
        rounds = store.rounds(limit=1000)
    by_student = {name: sorted(a.position for a in answers if a.player == name) for name in names}
    missing = {n: p for n, p in by_student.items() if p != list(range(klass.total))}
    unfinished = [r.player for r in rounds if r.finished is None]
    figures = {
        "sessions": args.sessions,
        "front_end": "chromium tabs" if args.browser else "websocket clients",
        "answers_expected": args.sessions * klass.total,
        "answers_in_database": len(answers),
        "students_missing_answers": missing,
        "rounds_unfinished": unfinished,
        "wall_seconds": round(elapsed, 1),
        "connect_to_first_screen_seconds": {
            "median": round(statistics.median(klass.first_screen), 2),
            "max": round(max(klass.first_screen), 2),
        },
        "answer_to_feedback_seconds": {
            "median": round(statistics.median(klass.latencies), 3),
            "max": round(max(klass.latencies), 3),
        },
        "cpu_seconds_per_session": round(statistics.mean(session_cpu), 2),
        "machine_cores": os.cpu_count(),
        "session_processes_measured": len(per_session),
        "per_session_kib": {
            k: {
                "mean": round(statistics.mean(m[k] for m in per_session)),
                "min": min(m[k] for m in per_session),
                "max": max(m[k] for m in per_session),
            }
            for k in ("rss", "pss", "uss")
        },
        "memavailable_drop_per_session_kib": round((before - during) / args.sessions),
        "server_process_kib": server_memory,
        "baseline_terminal_quiz_kib": baseline,
    }
    figures["ratio_pss_to_terminal_rss"] = round(figures["per_session_kib"]["pss"]["mean"] / baseline["rss"], 2)
    figures["ratio_uss_to_terminal_uss"] = round(figures["per_session_kib"]["uss"]["mean"] / baseline["uss"], 2)
    print(json.dumps(figures, indent=2))
    ok = not missing and not unfinished and len(answers) == args.sessions * klass.total
    print("every answer is in the database" if ok else "ANSWERS MISSING", file=sys.stderr)
    return 0 if ok else 1


async def open_browser_tabs(server: ServedQuiz, count: int):
    import test_browser as tb

    tb._browser_or_skip()
    driver, profile = tb.start_chromium()
    lock = asyncio.Lock()
    tabs = [BrowserTab(tb._open_tab(driver, server.url, first=(n == 0)), lock) for n in range(count)]

    async def pump() -> None:
        while True:
            for tab in tabs:
                await tab.refresh()
            await asyncio.sleep(0.05)

    def close() -> None:
        driver.quit()
        profile.cleanup()

    return tabs, close, pump


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--browser", action="store_true", help="headless Chromium tabs, not websocket clients")
    return asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
