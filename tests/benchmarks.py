"""Benchmarks: every figure is a ratio against a baseline measured in the same run.

    python -m tests.benchmarks            # a table
    python -m tests.benchmarks --json     # machine-readable
    python -m tests.benchmarks --quick    # fewer repetitions

Each figure is the median of several runs, alternating with its baseline, because these
machines are noisy and only a ratio measured side by side means anything.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Callable

import msgspec
import yaml

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "questions"
RESULTS: list[dict] = []


def median_pair(measure: Callable[[], float], baseline: Callable[[], float], runs: int) -> tuple[float, float]:
    """Alternate the measured thing with its baseline; the median of each."""
    ours, base = [], []
    for _ in range(runs):
        base.append(baseline())
        ours.append(measure())
    return statistics.median(ours), statistics.median(base)


def report(name: str, ours: float, base: float, unit: str, target: float | None, baseline_name: str,
           extra: dict | None = None) -> None:
    ratio = ours / base if base else float("inf")
    RESULTS.append({"figure": name, "ours": ours, "baseline": base, "unit": unit, "ratio": ratio,
                    "target": target, "baseline_is": baseline_name,
                    "meets_target": None if target is None else ratio <= target, **(extra or {})})


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# ---------------------------------------------------------------------- generated banks

def replicate(total: int, files: int, into: Path) -> Path:
    """The shipped questions replicated under new ids up to `total`, over `files` files."""
    from quiz.banks import load_library

    library = load_library([SHIPPED])
    into.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SHIPPED / "articles", into / "articles", dirs_exist_ok=True)
    sources = []
    for loaded in library.banks:
        raw = yaml.safe_load(loaded.path.read_text(encoding="utf-8"))
        sources += [(loaded.bank.articles, q) for q in raw["questions"]]
    per_file = -(-total // files)
    made = 0
    for f in range(files):
        questions = []
        articles: set[str] = set()
        while len(questions) < per_file and made < total:
            bank_articles, q = sources[made % len(sources)]
            copy = dict(q, id=f"{q['id']}-r{made}", prompt=f"{q['prompt']} (#{made})")
            questions.append(copy)
            articles.update(bank_articles)
            made += 1
        bank = {"id": f"gen-{f}", "title": f"Generated {f}", "articles": sorted(articles), "questions": questions}
        (into / f"gen-{f:03d}.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False),
                                                encoding="utf-8")
    return into


def bench_loading(runs: int, workdir: Path) -> None:
    from quiz.banks import load_library
    from quiz.cache import load_library_cached

    for files in (1, 10):
        folder = replicate(10_000, files, workdir / f"load-{files}")
        bank_files = sorted(folder.glob("*.yaml"))

        def plain_yaml() -> float:
            return timed(lambda: [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in bank_files])

        def ours_cold() -> float:
            return timed(lambda: load_library([folder]))

        ours, base = median_pair(ours_cold, plain_yaml, runs)
        report(f"load 10,000 questions in {files} file(s), cold", ours, base, "s", 1.0,
               "yaml.load(CSafeLoader) of the same files")

        cache = workdir / f"cache-{files}"
        os.environ["QUIZ_CACHE_DIR"] = str(cache)
        load_library_cached([folder])  # fill the cache
        as_json = [msgspec.json.encode(yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)) for p in bank_files]

        def json_decode() -> float:
            return timed(lambda: [msgspec.json.decode(b) for b in as_json])

        def ours_warm() -> float:
            return timed(lambda: load_library_cached([folder]))

        ours, base = median_pair(ours_warm, json_decode, runs)
        report(f"load 10,000 questions in {files} file(s), warm (cached)", ours, base, "s", 3.0,
               "msgspec.json.decode of the same data")


def bench_check_growth(runs: int, workdir: Path, sizes=(1_000, 10_000, 100_000)) -> None:
    per_question = {}
    for size in sizes:
        folder = replicate(size, max(1, size // 1000), workdir / f"check-{size}")

        def check() -> float:
            return timed(lambda: subprocess.run([sys.executable, "-m", "quiz", "check", "-q", str(folder)],
                                                capture_output=True, cwd=ROOT))

        samples = [check() for _ in range(max(1, runs // (3 if size >= 100_000 else 1)))]
        per_question[size] = statistics.median(samples) / size
    small, large = min(sizes), max(sizes)
    report(f"quiz check per question at {large:,} vs {small:,}", per_question[large], per_question[small],
           "s/question", 1.5, f"per-question cost at {small:,}",
           {"per_question": {str(k): v for k, v in per_question.items()}})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", action="append", default=[], help="run only these (startup, load, check, keys, memory, commit)")
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    wanted = set(args.only) or {"startup", "load", "check", "keys", "memory", "commit"}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ.setdefault("XDG_DATA_HOME", str(work / "data"))
        if "load" in wanted:
            bench_loading(runs, work)
        if "check" in wanted:
            bench_check_growth(runs, work, (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000))
        for name in ("startup", "keys", "memory", "commit"):
            if name in wanted and name in EXTRA:
                EXTRA[name](runs, work)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    if args.json:
        print(json.dumps({"machine": machine, "results": RESULTS}, indent=2))
    else:
        print(f"machine: {machine}")
        print(f"{'figure':<58} {'ours':>10} {'baseline':>10} {'ratio':>7} {'target':>7}")
        for r in RESULTS:
            target = f"≤{r['target']:g}×" if r["target"] else ""
            flag = "" if r["meets_target"] in (None, True) else "  (missed)"
            print(f"{r['figure']:<58} {r['ours']:>10.4g} {r['baseline']:>10.4g} {r['ratio']:>6.2f}× {target:>7}{flag}")
            print(f"    baseline: {r['baseline_is']}")
    return 0


# ---------------------------------------------------------------------- start-up, keys, memory, commit

BARE_APP = textwrap.dedent("""
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        def compose(self):
            yield Static("bare app ready")

    Bare().run()
""")


def _time_to_screen(args: list[str], marker: str, env: dict[str, str]) -> float:
    """Seconds from process start until `marker` is drawn in a real pseudo-terminal."""
    import fcntl
    import pty
    import select
    import signal
    import struct
    import termios

    import pyte

    screen = pyte.Screen(80, 24)
    stream = pyte.ByteStream(screen)
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execvpe(args[0], args, env)
    try:
        while time.perf_counter() - start < 60:
            ready, _, _ = select.select([fd], [], [], 0.01)
            if ready:
                stream.feed(os.read(fd, 65536))
                if any(marker in line for line in screen.display):
                    return time.perf_counter() - start
        raise RuntimeError(f"{marker!r} never appeared")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def bench_startup(runs: int, work: Path) -> None:
    env = {**os.environ, "TERM": "xterm-256color", "QUIZ_DB": str(work / "startup.db")}
    bare = work / "bare_app.py"
    bare.write_text(BARE_APP)
    quiz_args = [sys.executable, "-m", "quiz", "play", "--bank", "nyt-2016", "--count", "1", "--seed", "1",
                 "--player", "bench"]
    subprocess.run(quiz_args[:3] + ["list"], env=env, capture_output=True, cwd=ROOT)  # warm the bank cache
    ours, base = median_pair(lambda: _time_to_screen(quiz_args, "question 1/1", env),
                             lambda: _time_to_screen([sys.executable, str(bare)], "bare app ready", env), runs)
    report("start-up: process start to first question drawn", ours, base, "s", 1.3,
           "a bare Textual app (one Static) started the same way")


KEYS_SCRIPT = textwrap.dedent("""
    import asyncio, json, statistics, sys, time
    from textual.app import App
    from textual.widgets import Static

    N = int(sys.argv[2])

    async def ours():
        from pathlib import Path
        from quiz.banks import load_library
        from quiz.engine import RoundSettings
        from quiz.store import Store
        from quiz.ui.app import make_app
        from quiz.ui.screens.question import FeedbackScreen, QuestionScreen
        library = load_library()
        times = []
        with Store.open(Path(sys.argv[3])) as store:
            app = make_app(library, store, player="bench",
                           settings=RoundSettings(count=None, seed=1), start_now=True)
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                while len(times) < N and isinstance(app.screen, QuestionScreen):
                    kind = app.screen.item.kind
                    if kind not in ("choice", "truefalse"):
                        app.screen.game.answer(None)  # skip the types a digit doesn't answer
                        app.next_question(app.screen.game)
                        await pilot.pause()
                        continue
                    start = time.perf_counter()
                    await pilot.press("1")
                    await pilot.pause()
                    assert isinstance(app.screen, FeedbackScreen)
                    times.append(time.perf_counter() - start)
                    await pilot.press("enter")
                    await pilot.pause()
        return times

    async def bare():
        class Bare(App):
            def compose(self):
                yield Static("0", id="label")
            def on_key(self, event):
                self.query_one("#label", Static).update(event.key)
        times = []
        app = Bare()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for i in range(N):
                start = time.perf_counter()
                await pilot.press("1")
                await pilot.pause()
                times.append(time.perf_counter() - start)
        return times

    result = asyncio.run(ours() if sys.argv[1] == "ours" else bare())
    print(json.dumps(result))
""")


def bench_keys(runs: int, work: Path) -> None:
    script = work / "keys.py"
    script.write_text(KEYS_SCRIPT)
    samples: dict[str, list[float]] = {"ours": [], "bare": []}
    for _ in range(max(1, runs // 3)):
        for which in ("bare", "ours"):
            out = subprocess.run([sys.executable, str(script), which, "40", str(work / "keys.db")],
                                 capture_output=True, text=True, cwd=ROOT, check=True)
            samples[which] += json.loads(out.stdout)
    for name, pick in (("median", statistics.median),
                       ("p95", lambda xs: statistics.quantiles(xs, n=20)[-1])):
        report(f"key press to feedback drawn, {name} (in-process)", pick(samples["ours"]), pick(samples["bare"]),
               "s", None, "a bare app's key to label update",
               {"frame_budget_s": 1 / 60, "within_one_frame": pick(samples["ours"]) <= 1 / 60})


MEMORY_SCRIPT = textwrap.dedent("""
    import asyncio, resource, sys
    from pathlib import Path

    async def ours():
        from quiz.banks import load_library
        from quiz.engine import RoundSettings
        from quiz.store import Store
        from quiz.ui.app import make_app
        from quiz.ui.screens.question import FeedbackScreen, QuestionScreen
        with Store.open(Path(sys.argv[2])) as store:
            app = make_app(load_library(), store, player="bench", settings=RoundSettings(count=20, seed=2),
                           start_now=True)
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                while isinstance(app.screen, QuestionScreen):
                    app.screen.game.answer(None)
                    app.switch_screen(FeedbackScreen(app.screen.game, app.screen.game.round.outcomes[-1]))
                    await pilot.pause()
                    app.next_question(app.screen.game)
                    await pilot.pause()

    async def bare():
        from textual.app import App
        from textual.widgets import Static
        class Bare(App):
            def compose(self):
                yield Static("bare")
        async with Bare().run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for _ in range(20):
                await pilot.press("1")
                await pilot.pause()

    asyncio.run(ours() if sys.argv[1] == "ours" else bare())
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
""")


def bench_memory(runs: int, work: Path) -> None:
    script = work / "memory.py"
    script.write_text(MEMORY_SCRIPT)

    def peak(which: str) -> float:
        out = subprocess.run([sys.executable, str(script), which, str(work / f"mem-{time.time_ns()}.db")],
                             capture_output=True, text=True, cwd=ROOT, check=True)
        return int(out.stdout.split()[-1]) / 1024  # KiB -> MiB

    ours, base = median_pair(lambda: peak("ours"), lambda: peak("bare"), max(1, runs // 2))
    report("peak memory playing a 20-question round of the shipped banks", ours, base, "MiB", 1.3,
           "a bare Textual app pressing keys")


def bench_commit(runs: int, work: Path) -> None:
    import datetime as dt
    import sqlite3

    from quiz.store import Store

    n = 300
    ours_times, base_times = [], []
    with Store.open(work / "commit.db") as store:
        round_id = store.start_round("bench", "play", {}, [], [], dt.datetime.now(dt.timezone.utc))
        raw = sqlite3.connect(work / "baseline.db", isolation_level=None)
        raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("PRAGMA synchronous = FULL")
        raw.execute("CREATE TABLE t (a INTEGER, b TEXT)")
        for i in range(n):
            start = time.perf_counter()
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("INSERT INTO t VALUES (?, ?)", (i, "x"))
            raw.execute("COMMIT")
            base_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            store.record_answer(round_id, i, f"q{i}", "bank", [1, 2], True, 1.0, 100, 3.5,
                                dt.datetime.now(dt.timezone.utc))
            ours_times.append(time.perf_counter() - start)
        raw.close()
    for name, pick in (("median", statistics.median), ("p99", lambda xs: statistics.quantiles(xs, n=100)[-1])):
        report(f"committing an answer, {name}", pick(ours_times), pick(base_times), "s", None,
               "a bare INSERT+COMMIT with the same WAL and synchronous=FULL")
    bench_commit_with_card(n, work)


def bench_commit_with_card(n: int, work: Path) -> None:
    """An answer as a round commits it: with its review card scheduled by fsrs in the same
    transaction, against the answer alone, alternating."""
    import datetime as dt

    from quiz import review
    from quiz.banks import load_library
    from quiz.store import Store

    question = load_library([SHIPPED]).banks[0].bank.questions[0]
    with_card, alone = [], []
    with Store.open(work / "commit_card.db") as store:
        round_id = store.start_round("bench", "play", {}, [], [], dt.datetime.now(dt.timezone.utc))
        for i in range(n):
            at = dt.datetime.now(dt.timezone.utc)
            start = time.perf_counter()
            store.record_answer(round_id, 2 * i, f"a{i}", "bank", 1, True, 1.0, 100, 3.5, at)
            alone.append(time.perf_counter() - start)
            start = time.perf_counter()
            store.record_answer(round_id, 2 * i + 1, question.id, "bank", 1, i % 3 != 0, 1.0, 100, 3.5, at,
                                schedule=review.answer_scheduler(question, i % 3 != 0, 1.0, 3.5, False, at, False))
            with_card.append(time.perf_counter() - start)
    report("committing an answer with its review card, median", statistics.median(with_card),
           statistics.median(alone), "s", None, "the same answer committed without a card")


EXTRA: dict[str, Callable[[int, Path], None]] = {
    "startup": bench_startup, "keys": bench_keys, "memory": bench_memory, "commit": bench_commit,
}

if __name__ == "__main__":
    sys.exit(main())
