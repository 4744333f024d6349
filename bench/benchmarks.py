"""Benchmarks: every figure is a ratio against a baseline measured side by side in the same run.

    python -m bench.benchmarks            # a table
    python -m bench.benchmarks --json     # machine-readable
    python -m bench.benchmarks --quick    # fewer runs and no 100,000-question check
    python -m bench.benchmarks --only startup --only keys

These machines are shared and noisy, so a figure is never a lone time: each is the median of
several runs taken in turn with its baseline (baseline, ours, ours, baseline, …), and only the
ratio of the two means anything. Each sample runs in its own process, so no run inherits
another's heap, caches or peak memory. And every sample checks that what it timed really
happened (10,000 questions loaded with no error, exit status 0, the feedback on screen…):
a broken benchmark stops with an error instead of printing a pretty ratio.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "questions"
FRAME = 1 / 60  # one frame at Textual's (and most terminals') 60 frames a second
RESULTS: list[dict[str, Any]] = []


class BenchmarkBroken(AssertionError):
    """What a benchmark timed is not what it claims to time: no figure is printed."""


def check(condition: object, message: str) -> None:
    if not condition:
        raise BenchmarkBroken(message)


# ---------------------------------------------------------------------- running and reporting


def alternate(ours: Callable[[], float], baseline: Callable[[], float], runs: int) -> tuple[list[float], list[float]]:
    """`runs` samples of each, taken in turn (ABBA order), so drift in the machine's load
    falls on both sides alike."""
    mine, base = take_turns([ours, baseline], runs)
    return mine, base


def take_turns(sides: list[Callable[[], float]], runs: int) -> list[list[float]]:
    """`runs` samples of each side, taken in turn, the order reversed every other run."""
    samples: list[list[float]] = [[] for _ in sides]
    for run in range(runs):
        order = list(range(len(sides)))
        for side in order if run % 2 else reversed(order):
            samples[side].append(sides[side]())
    return samples


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[-1]


def report(
    name: str,
    ours: float,
    base: float,
    unit: str,
    baseline_is: str,
    checked: str,
    *,
    target: str | None = None,
    holds: bool | None = None,
    ratio_target: float | None = None,
    samples: tuple[list[float], list[float]] | None = None,
    **extra: Any,
) -> None:
    """One figure. `ratio_target`: the target is ours/base <= it; otherwise `target` says
    in words what must hold and `holds` whether it does."""
    ratio = ours / base if base else float("inf")
    if ratio_target is not None:
        target, holds = f"≤ {ratio_target:g}×", ratio <= ratio_target
    RESULTS.append(
        {
            "figure": name,
            "ours": ours,
            "baseline": base,
            "unit": unit,
            "ratio": ratio,
            "baseline_is": baseline_is,
            "target": target,
            "holds": holds,
            "checked": checked,
            **({"samples": {"ours": samples[0], "baseline": samples[1]}} if samples else {}),
            **extra,
        }
    )
    shown = f"{name}: {_fmt(ours, unit)} vs {_fmt(base, unit)} = {ratio:.2f}×"
    print(shown + (f" (target {target}: {'holds' if holds else 'MISSED'})" if target else ""), file=sys.stderr)
    if samples:
        print(f"    spread: {spread(samples[0], unit)}; baseline {spread(samples[1], unit)}", file=sys.stderr)


def spread(samples: list[float], unit: str) -> str:
    """min–max and the interquartile range of a figure's samples, so a median's noise shows."""
    text = f"{_fmt(min(samples), unit)}–{_fmt(max(samples), unit)}"
    if len(samples) >= 4:
        q1, _, q3 = statistics.quantiles(samples, n=4, method="inclusive")
        text += f" (IQR {_fmt(q1, unit)}–{_fmt(q3, unit)})"
    return f"{len(samples)} runs {text}"


def _fmt(value: float, unit: str) -> str:
    if unit == "s/question":
        return f"{value * 1e6:.3g} µs/q"
    if unit == "s":
        return f"{value * 1000:.3g} ms" if value < 1 else f"{value:.3g} s"
    return f"{value:.3g} {unit}"


def child(name: str, *args: str, env: dict[str, str] | None = None, timeout: float = 600) -> Any:
    """Run one sample in a fresh process (`python -m bench.benchmarks --child NAME ARGS`)."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.benchmarks", "--child", name, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise BenchmarkBroken(f"child {name} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


CHILDREN: dict[str, Callable[..., Any]] = {}


def child_task(fn: Callable[..., Any]) -> Callable[..., Any]:
    CHILDREN[fn.__name__.replace("_", "-")] = fn
    return fn


# ---------------------------------------------------------------------- generated banks


def _no_alias_dumper():
    import yaml

    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class NoAliases(base):  # type: ignore[misc, valid-type]
        """Every value written out in full: quiz (rightly) refuses anchors and aliases, and
        the replicated questions share their lists."""

        def ignore_aliases(self, data: Any) -> bool:
            return True

    return NoAliases


def replicate(total: int, files: int, into: Path) -> Path:
    """The shipped questions replicated under new ids up to `total`, over `files` files,
    with the shipped articles beside them. Checked by loading it back."""
    import yaml

    from quiz.library.loader import load_library, read_yaml

    if (into / ".complete").exists():
        return into
    shipped = load_library([SHIPPED])
    check(not shipped.errors and shipped.question_count() > 0, "the shipped banks don't load cleanly")
    into.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SHIPPED / "articles", into / "articles", dirs_exist_ok=True)
    sources = []
    for loaded in shipped.banks:
        raw, _ = read_yaml(loaded.path)  # the text as written: no YAML 1.1 surprises
        sources += [(raw["articles"], q) for q in raw["questions"]]
    dumper = _no_alias_dumper()
    per_file = -(-total // files)
    made = 0
    for f in range(files):
        questions = []
        articles: set[str] = set()
        while len(questions) < per_file and made < total:
            bank_articles, q = sources[made % len(sources)]
            questions.append(dict(q, id=f"{q['id']}-r{made}", prompt=f"{q['prompt']} (#{made})"))
            articles.update(bank_articles)
            made += 1
        bank = {"id": f"gen-{f:03d}", "title": f"Generated {f}", "articles": sorted(articles), "questions": questions}
        text = yaml.dump(bank, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)
        check("&id" not in text and "*id" not in text, "the generated YAML has anchors or aliases")
        (into / f"gen-{f:03d}.yaml").write_text(text, encoding="utf-8")
    (into / ".complete").touch()
    return into


def bank_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("gen-*.yaml"))


# ---------------------------------------------------------------------- 2, 3. loading a bank


@child_task
def load_ours(folder: str, cache: str, expect: str, warm: str) -> dict:
    """quiz's loader (validation and quote checks included), through the bank cache."""
    os.environ["QUIZ_CACHE_DIR"] = cache
    from quiz.library.cache import load_library_cached

    if warm != "warm":
        shutil.rmtree(cache, ignore_errors=True)
    start = time.perf_counter()
    library = load_library_cached([Path(folder)])
    count = library.question_count()  # every bank decoded (from the cache, a bank is decoded when first used)
    seconds = time.perf_counter() - start
    check(count == int(expect), f"loaded {count} questions, expected {expect}")
    check(
        not library.diagnostics and not library.broken_banks,
        f"the bank did not load cleanly: {library.diagnostics[:3]}",
    )
    from_cache = all(b.source is None for b in library.banks)  # a cached bank has no YAML source
    check(from_cache == (warm == "warm"), f"expected a {warm} load, got from_cache={from_cache}")
    check(any(Path(cache).glob("banks-*.msgpack")), "the cache entry was not written")
    return {"seconds": seconds}


@child_task
def load_plain_yaml(folder: str, expect: str) -> dict:
    import yaml

    files = bank_files(Path(folder))
    start = time.perf_counter()
    docs = [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in files]
    seconds = time.perf_counter() - start
    found = sum(len(d["questions"]) for d in docs)
    check(found == int(expect), f"yaml.load found {found} questions, expected {expect}")
    return {"seconds": seconds}


@child_task
def load_plain_json(folder: str, expect: str) -> dict:
    import msgspec

    files = sorted(Path(folder).glob("*.json"))
    start = time.perf_counter()
    docs = [msgspec.json.decode(p.read_bytes()) for p in files]
    seconds = time.perf_counter() - start
    found = sum(len(d["questions"]) for d in docs)
    check(found == int(expect), f"msgspec.json.decode found {found} questions, expected {expect}")
    return {"seconds": seconds}


def bench_loading(runs: int, work: Path) -> None:
    import msgspec
    import yaml

    total = 10_000
    for files in (1, 10):
        folder = replicate(total, files, work / f"load-{files}")
        cache = str(work / f"cache-{files}")
        n = str(total)
        ours, base = alternate(
            lambda: child("load-ours", str(folder), cache, n, "cold")["seconds"],
            lambda: child("load-plain-yaml", str(folder), n)["seconds"],
            runs,
        )
        report(
            f"load 10,000 questions in {files} file{'s' * (files > 1)}, cold",
            statistics.median(ours),
            statistics.median(base),
            "s",
            "yaml.load(CSafeLoader) of the same files",
            f"{total:,} questions loaded, 0 diagnostics, parsed (not cached), cache entry written",
            ratio_target=1.0,
            samples=(ours, base),
        )

        as_json = work / f"json-{files}"
        as_json.mkdir(exist_ok=True)
        for p in bank_files(folder):
            data = yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)
            (as_json / f"{p.stem}.json").write_bytes(msgspec.json.encode(data))
        child("load-ours", str(folder), cache, n, "cold")  # fill the cache
        ours, base = alternate(
            lambda: child("load-ours", str(folder), cache, n, "warm")["seconds"],
            lambda: child("load-plain-json", str(as_json), n)["seconds"],
            runs,
        )
        report(
            f"load 10,000 questions in {files} file{'s' * (files > 1)}, warm (cached)",
            statistics.median(ours),
            statistics.median(base),
            "s",
            "msgspec.json.decode of the same data as JSON",
            f"{total:,} questions loaded from the cache (no YAML parsed), 0 diagnostics; "
            "the key hashes every bank and article file",
            ratio_target=3.0,
            samples=(ours, base),
        )


# ---------------------------------------------------------------------- 4. quiz check growth

_SUMMARY = re.compile(
    r"checked (\d+) bank files? \((\d+) questions? in (\d+) valid\) against (\d+) "
    r"articles?: (\d+) errors?"
)


# `python -m quiz`, noting its own peak resident memory (VmHWM) as it exits. Not the
# ru_maxrss that wait4 reports: Linux counts in it the parent's resident memory at the fork,
# so a check started by a big benchmark process reported the parent's peak (280 MiB), not
# its own.
_QUIZ_NOTING_PEAK = """
import atexit, os, runpy, sys
def noted():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            with open(os.environ["QUIZ_BENCH_PEAK"], "w") as out:
                out.write(line.split()[1])
atexit.register(noted)
sys.argv = ["quiz", *sys.argv[1:]]
runpy.run_module("quiz", run_name="__main__", alter_sys=True)
"""


def _time_check(folder: Path, questions: int) -> tuple[float, float]:
    """(seconds, peak resident memory in bytes) of one `quiz check` of `folder`."""
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile(suffix=".peak") as peak_file:
        env = {**os.environ, "QUIZ_BENCH_PEAK": peak_file.name}
        start = time.perf_counter()
        process = subprocess.run(
            [sys.executable, "-c", _QUIZ_NOTING_PEAK, "check", "-q", str(folder)], stdout=out, cwd=ROOT, env=env
        )
        seconds = time.perf_counter() - start
        out.seek(0)
        stdout = out.read().decode()
        noted = Path(peak_file.name).read_text()
    check(process.returncode == 0, f"quiz check {folder} exited {process.returncode}: {stdout[-500:]}")
    found = _SUMMARY.search(stdout)
    check(found is not None, f"no summary line from quiz check: {stdout[-500:]}")
    check(
        int(found[2]) == questions and found[5] == "0",
        f"quiz check saw {found[2]} questions and {found[5]} errors, expected {questions} and 0",
    )
    check(noted.isdigit(), f"quiz check of {folder} noted no peak memory")
    return seconds, int(noted) * 1024  # VmHWM is in KiB


def bench_check_growth(runs: int, work: Path, sizes: tuple[int, ...]) -> None:
    """Per-question cost of `quiz check` at each size, in files of 1,000 questions each (so
    the growth measured is the program's, not one file's). The fixed cost (starting Python,
    imports, the articles) is measured by checking the articles alone and taken off."""
    folders = {size: replicate(size, max(1, size // 1000), work / f"check-{size}") for size in sizes}
    empty = work / "check-0"
    shutil.copytree(SHIPPED / "articles", empty / "articles", dirs_exist_ok=True)
    times: dict[int, list[float]] = {0: [], **{s: [] for s in sizes}}
    peaks: dict[int, list[float]] = {0: [], **{s: [] for s in sizes}}
    big_runs = max(2, runs // 3)
    for run in range(runs):
        order = [0, *sizes] if run % 2 == 0 else [*reversed(sizes), 0]
        for size in order:
            if size >= 100_000 and run >= big_runs:
                continue  # a few runs are enough at 100,000 (each takes a while)
            seconds, peak = _time_check(folders[size] if size else empty, size)
            times[size].append(seconds)
            peaks[size].append(peak)
    fixed = statistics.median(times[0])
    per_question = {s: (statistics.median(times[s]) - fixed) / s for s in sizes}
    raw = {s: statistics.median(times[s]) / s for s in sizes}
    small, large = min(sizes), max(sizes)
    report(
        f"quiz check, cost per question at {large:,} vs at {small:,}",
        per_question[large],
        per_question[small],
        "s/question",
        f"the same cost per question at {small:,}",
        f"exit 0, summary line shows every question valid and 0 errors, at each size; fixed cost "
        f"{fixed:.3f} s (quiz check of the articles alone) taken off",
        target="≤ 1.5× (linear)",
        holds=per_question[large] <= 1.5 * per_question[small],
        seconds={str(s): statistics.median(times[s]) for s in times},
        per_question={str(s): v for s, v in per_question.items()},
        per_question_raw={str(s): v for s, v in raw.items()},
    )
    peak = {s: statistics.median(peaks[s]) for s in peaks}
    growth = (peak[large] - peak[small]) / (large - small)
    report(
        f"quiz check, peak memory per added question, {small:,} to {large:,}",
        growth / 1024,
        5.0,
        "KiB/question",
        "the target: 5 KiB per question",
        "peak resident memory (its own VmHWM) of each quiz check: "
        + ", ".join(f"{s:,} questions {peak[s] / 2**20:.0f} MiB" for s in sorted(peak)),
        target="≤ 5 KiB/question",
        holds=growth / 1024 <= 5.0,
        peak_bytes={str(s): v for s, v in peak.items()},
        note="peak memory: " + ", ".join(f"{s:,} questions {peak[s] / 2**20:.0f} MiB" for s in sorted(peak) if s),
    )


# ---------------------------------------------------------------------- 1. start-up

BARE_APP = textwrap.dedent("""
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        def compose(self):
            yield Static("bare app ready")

    Bare().run()
""")
# The first question's screen as quiz shows it (`play --bank nyt-2016 --count 1 --seed 1`, an
# all-that-apply question at 80x24), built from Textual's widgets alone with quiz.tcss: the
# same parts, text of the same length, no quiz code, no library, no database. What it costs
# over the bare app is Textual's price for that screen; what quiz costs over it is quiz's own.
FIRST_SCREEN_ALONE = textwrap.dedent("""
    import sys
    from textual.app import App
    from textual.binding import Binding
    from textual.containers import Horizontal, Vertical, VerticalScroll
    from textual.screen import Screen
    from textual.widgets import Footer, OptionList, Static

    class Question(Screen):
        BINDINGS = [
            Binding("enter", "submit", "Submit", priority=True),
            Binding("space", "tick", "Tick"),
            Binding("escape", "home", "Home"),
            Binding("question_mark", "help", "Help"),
        ]

        def action_submit(self): pass
        def action_tick(self): pass
        def action_home(self): pass
        def action_help(self): pass

        def compose(self):
            with Vertical(id="status"):
                yield Static("question 1/1 · score 0 · streak 0\\nA bank's title, as long as the one quiz shows (The Times, 2016)", id="status-line")
                yield Static("─" * 73 + "   0%", id="progress")
            with VerticalScroll(id="question-body"):
                yield Static("Which of these words of a question as long as the first question quiz shows wrap onto a second line?", id="prompt")
                yield Static("all that apply: number keys or Space tick, Enter submits · difficulty 2", id="how")
                yield OptionList(*(f"[ ] {n}) an answer of about the same length as quiz's" for n in range(1, 7)), id="answer")
                with Horizontal(classes="buttons"):
                    yield Static("Submit (Enter)")
            yield Footer()

        def on_mount(self):
            self.query_one("#answer").focus(scroll_visible=False)

    class FirstScreenAlone(App):
        CSS_PATH = sys.argv[1]

        def on_mount(self):
            self.push_screen(Question())

    FirstScreenAlone().run()
""")
SYNC_QUERY, SYNC_SUPPORTED = b"\x1b[?2026$p", b"\x1b[?2026;2$y"
SYNC_END = b"\x1b[?2026l"


def returning_player(database: Path) -> Callable[[], None]:
    """Makes `database` the history of a returning player ("bench") with nothing unfinished,
    and returns what puts it back so: a run killed at its first question leaves a round
    unfinished, and the next `quiz play` would rightly ask about it instead of starting."""
    from quiz.store.sqlite import Store

    template = database.with_name(database.stem + "-template.db")
    with Store.open(template) as store:
        store.ensure_player("bench")
        store.set_setting("player", "bench")

    def restore() -> None:
        for leftover in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(template, database)

    restore()
    return restore


def time_to_screen(
    args: list[str],
    marker: str,
    env: dict[str, str],
    also: tuple[str, ...] = (),
    before: Callable[[], None] | None = None,
) -> float:
    """Seconds from process start until a frame showing `marker` has been written to a real
    pseudo-terminal, 80x24.

    The terminal here answers that it supports synchronized output (as kitty, iTerm2,
    WezTerm, foot, Windows Terminal and tmux do), so each frame comes between begin and end
    marks, and the time taken is when the end of the first frame with `marker` arrived:
    the moment a terminal would show it. Bytes are timestamped as they arrive and parsed
    (pyte) only after, so the parser's speed is no part of either figure."""
    import fcntl
    import pty
    import select
    import signal
    import struct
    import termios

    import pyte

    if before is not None:
        before()  # not timed
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of 80x24, then the program
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execvpe(args[0], args, env)
    wanted = marker.encode()
    received = b""
    frame_start = 0  # where the current frame begins in `received`
    try:
        while time.perf_counter() - start < 60:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 1 << 20)
            except OSError:
                break
            arrived = time.perf_counter() - start
            if SYNC_QUERY in chunk:
                os.write(fd, SYNC_SUPPORTED)
            received += chunk
            while (end := received.find(SYNC_END, frame_start)) != -1:
                frame, frame_start = received[frame_start:end], end + len(SYNC_END)
                if wanted in frame:
                    screen = pyte.Screen(80, 24)
                    pyte.ByteStream(screen).feed(received[:frame_start])
                    shown = "\n".join(screen.display)
                    for text in (marker, *also):
                        check(text in shown, f"{text!r} is not on the screen after the frame:\n{shown}")
                    return arrived
        screen = pyte.Screen(80, 24)
        pyte.ByteStream(screen).feed(received)
        shown = "\n".join(screen.display)
        raise BenchmarkBroken(f"{marker!r} never appeared in a synchronized frame of {args}; the screen:\n{shown}")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def _compiled(module: str) -> bool:
    """The module's up-to-date bytecode is on disk, so starting does not compile its source
    (PYTHONDONTWRITEBYTECODE, set in some environments, would otherwise make quiz alone
    compile itself on every start)."""
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None or spec.cached is None:
        return False
    source, cached = Path(spec.origin), Path(spec.cached)
    return cached.is_file() and cached.stat().st_mtime >= source.stat().st_mtime


def bench_startup(runs: int, work: Path) -> None:
    from quiz.library.cache import load_library_cached

    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "QUIZ_DB": str(work / "startup.db"),
        "QUIZ_CACHE_DIR": str(work / "startup-cache"),
    }
    env.pop("NO_COLOR", None)
    bare = work / "bare_app.py"
    bare.write_text(BARE_APP)
    # A returning player with a warm bank cache: what `quiz play` meets on every start but the first.
    os.environ["QUIZ_CACHE_DIR"] = env["QUIZ_CACHE_DIR"]
    load_library_cached()
    check(all(b.source is None for b in load_library_cached().banks), "the bank cache is not used")
    fresh_db = returning_player(Path(env["QUIZ_DB"]))
    # Started as a user starts it: the installed `quiz` command (the console script pip wrote,
    # run through its own #! line), its modules' bytecode compiled as pip would have.
    command = Path(sysconfig.get_path("scripts")) / "quiz"
    check(command.is_file() and os.access(command, os.X_OK), f"no installed quiz command at {command}")
    check(_compiled("quiz.cli") and _compiled("quiz.ui.app"), "quiz's bytecode is not compiled")
    quiz_args = [str(command), "play", "--bank", "nyt-2016", "--count", "1", "--seed", "1"]
    alone = work / "first_screen_alone.py"
    alone.write_text(FIRST_SCREEN_ALONE)
    alone_args = [sys.executable, str(alone), str(ROOT / "quiz" / "ui" / "quiz.tcss")]
    ours, base, floor = take_turns(
        [
            lambda: time_to_screen(quiz_args, "question 1/1", env, also=("difficulty", "Help"), before=fresh_db),
            lambda: time_to_screen([sys.executable, str(bare)], "bare app ready", env),
            lambda: time_to_screen(alone_args, "question 1/1", env, also=("difficulty", "Help")),
        ],
        max(3 * runs, 15),  # a run is under a second, and the bare app's time is the noisier side
    )
    report(
        "start-up: process start to first question drawn",
        statistics.median(ours),
        statistics.median(base),
        "s",
        "a bare Textual app (one Static) started the same way",
        "the frame's text on a pyte screen: 'question 1/1', the question's type and difficulty, "
        "the footer; a warm bank cache",
        ratio_target=1.1,
        samples=(ours, base),
        command=" ".join(Path(a).name for a in quiz_args),
    )
    report(
        "start-up floor: that first screen built by Textual alone",
        statistics.median(floor),
        statistics.median(base),
        "s",
        "the bare Textual app, same runs",
        "the same widgets, text of the same length and quiz.tcss, with no quiz code, library or "
        "database: Textual's own price for the screen; quiz's start-up above it is quiz's own",
        samples=(floor, base),
    )


# ---------------------------------------------------------------------- 5. key press to feedback


def _frame_watch(app: Any) -> Callable[[Callable[[Any, str], bool]], Any]:
    """Lets a sample wait for the next frame that passes a test: (when it was made, the
    process's CPU time then, its text).

    Headless apps skip writing frames out; here each frame is rendered to the terminal's
    bytes all the same (as a real terminal run would), so that cost is counted too."""
    import asyncio

    from textual._compositor import CompositorUpdate

    waiting: list[tuple[Callable[[Any, str], bool], asyncio.Future]] = []
    original = app._display

    def display(screen: Any, renderable: Any) -> None:
        original(screen, renderable)
        if renderable is None or not waiting:
            return
        text = renderable.render_segments(app.console) if isinstance(renderable, CompositorUpdate) else ""
        made, cpu = time.perf_counter(), time.process_time()
        test, future = waiting[0]
        if test(screen, text) and not future.done():
            waiting.pop(0)
            future.set_result((made, cpu, text))

    app._display = display

    def next_frame(test: Callable[[Any, str], bool]) -> Any:
        future = asyncio.get_running_loop().create_future()
        waiting.append((test, future))
        return asyncio.wait_for(future, 10)

    return next_frame


def _key_event(key: str) -> Any:
    from textual import events

    return events.Key(key, {"enter": "\r", "space": " "}.get(key, key if len(key) == 1 else None))


async def _keys_ours(presses: int, db: Path, seed: int) -> dict:
    sys.path.insert(0, str(ROOT / "tests" / "ui"))
    from ui_support import asking, feedback, right_keys

    from quiz.core import present
    from quiz.core.round import RoundSettings
    from quiz.library.cache import load_library_cached
    from quiz.store.sqlite import Store
    from quiz.ui.app import make_app

    library = load_library_cached()
    times: list[float] = []
    cpu_times: list[float] = []
    kinds: dict[str, int] = {}
    with Store.open(db) as store:
        app = make_app(library, store, player="bench", settings=RoundSettings(count=None, seed=seed), start_now=True)
        async with app.run_test(size=(80, 24)) as pilot:
            next_frame = _frame_watch(app)
            await pilot.pause()
            while len(times) < presses and (item := asking(app)) is not None:
                screen = app.screen
                keys = right_keys(item)
                await pilot.press(*keys[:-1])  # choosing the answer: not timed
                await pilot.pause()
                for _ in range(100):  # a player reads for seconds: the feedback is built by then
                    if screen.feedback_ready:
                        break
                    await pilot.pause(0.01)
                check(screen.feedback_ready, "the feedback was not built while the question showed")
                check(asking(app) is item, "the answer was submitted before its last key")
                drawn = next_frame(lambda s, text: s is screen and s.outcome is not None and "points" in text)
                start, cpu_start = time.perf_counter(), time.process_time()
                app.post_message(_key_event(keys[-1]))
                made, cpu, text = await drawn
                times.append(made - start)
                cpu_times.append(cpu - cpu_start)
                await pilot.pause()
                outcome = feedback(app)
                check(outcome is not None and outcome.item is item, "the key did not bring the feedback")
                mark, words = present.verdict(outcome)
                check(outcome.grade.correct, f"the right answer was graded {words}")
                check(f"{mark} {words}" in text, f"the frame drawn does not show {mark} {words}")
                kinds[item.kind] = kinds.get(item.kind, 0) + 1
                await pilot.press("enter")
                await pilot.pause()
        answered = len(store.answers("bench"))
    check(answered >= len(times), f"{len(times)} answers given but {answered} saved")
    return {"times": times, "cpu": cpu_times, "kinds": kinds}


async def _keys_bare(presses: int) -> dict:
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        count = 0

        def compose(self):
            yield Static("bare app ready", id="label")

        def on_key(self, event) -> None:
            self.count += 1
            self.query_one("#label", Static).update(f"pressed {event.key} {self.count} times")

    times: list[float] = []
    cpu_times: list[float] = []
    app = Bare()
    async with app.run_test(size=(80, 24)) as pilot:
        next_frame = _frame_watch(app)
        await pilot.pause()
        for n in range(1, presses + 1):
            drawn = next_frame(lambda s, text, n=n: f"pressed 1 {n} times" in text)
            start, cpu_start = time.perf_counter(), time.process_time()
            app.post_message(_key_event("1"))
            made, cpu, _ = await drawn
            times.append(made - start)
            cpu_times.append(cpu - cpu_start)
            await pilot.pause()
    return {"times": times, "cpu": cpu_times}


@child_task
def keys(which: str, presses: str, db: str, seed: str) -> dict:
    import asyncio

    if which == "ours":  # each run a different seed: a different 20 of the shipped questions
        return asyncio.run(_keys_ours(int(presses), Path(db), int(seed)))
    return asyncio.run(_keys_bare(int(presses)))


def bench_keys(runs: int, work: Path) -> None:
    presses = "20"
    samples: dict[str, list[float]] = {"ours": [], "bare": []}
    cpu: dict[str, list[float]] = {"ours": [], "bare": []}
    kinds: dict[str, int] = {}
    counter = iter(range(10**6))

    def run(which: str) -> float:
        run_number = next(counter)
        got = child(
            "keys",
            which,
            presses,
            str(work / f"keys-{run_number}.db"),
            str(run_number),
            env={**os.environ, "QUIZ_CACHE_DIR": str(work / "keys-cache")},
        )
        check(len(got["times"]) == int(presses), f"{which}: {len(got['times'])} of {presses} keys timed")
        samples[which] += got["times"]
        cpu[which] += got["cpu"]
        for kind, n in got.get("kinds", {}).items():
            kinds[kind] = kinds.get(kind, 0) + n
        return 0.0

    alternate(lambda: run("ours"), lambda: run("bare"), max(2, runs // 2))
    ours, base = samples["ours"], samples["bare"]
    # the target: the median within one frame of the bare app, the p95 within two
    for name, pick, frames in (("median", statistics.median, 1), ("p95", p95, 2)):
        mine, theirs = pick(ours), pick(base)
        report(
            f"key press to feedback drawn, {name}",
            mine,
            theirs,
            "s",
            "a bare Textual app's key press to its label redrawn",
            "each timed frame shows the feedback ('… points', its verdict) after the key that submits a "
            "right answer, and every answer is saved; the bare app's frame shows the new label",
            target=f"≤ bare + {frames * FRAME * 1000:.1f} ms",
            holds=mine - theirs <= frames * FRAME,
            extra_over_bare_s=mine - theirs,
            kinds_answered=kinds,
            # the process's own CPU time over the same span: what a quiet machine would take
            cpu_s={"ours": pick(cpu["ours"]), "baseline": pick(cpu["bare"])},
        )


# ---------------------------------------------------------------------- 6. peak memory


def _peak_rss_mib() -> float:
    """This process's own peak resident memory. (Not ru_maxrss: Linux carries it across
    exec from the parent, so a child started by a big parent reports the parent's peak.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise BenchmarkBroken("no VmHWM in /proc/self/status (the memory benchmark needs Linux)")


async def _memory_ours(db: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "ui"))
    from ui_support import asking, feedback, right_keys

    from quiz.core.round import RoundSettings
    from quiz.library.cache import load_library_cached
    from quiz.store.sqlite import Store
    from quiz.ui.app import make_app
    from quiz.ui.screens.results import ResultsScreen

    with Store.open(db) as store:
        app = make_app(
            load_library_cached(), store, player="bench", settings=RoundSettings(count=20, seed=2), start_now=True
        )
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            while (item := asking(app)) is not None:
                await pilot.press(*right_keys(item))
                await pilot.pause()
                outcome = feedback(app)
                check(outcome is not None and outcome.item is item, "an answer did not bring its feedback")
                await pilot.press("enter")
                await pilot.pause()
            check(isinstance(app.screen, ResultsScreen), "the round did not end on the results")
        answers = store.answers("bench")
    check(len(answers) == 20 and all(a.correct for a in answers), f"{len(answers)} of 20 answers saved")


async def _memory_bare() -> None:
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        def compose(self):
            yield Static("bare", id="label")

        def on_key(self, event) -> None:
            self.query_one("#label", Static).update(event.key)

    async with Bare().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for n in range(20):
            await pilot.press(str(n % 10))
            await pilot.pause()


def round_as_text(into: Path) -> None:
    """The text the memory benchmark's round shows, question by question (prompt, what is
    picked from, the right answer, why, the quoted paragraphs with their citations), as JSON:
    what the round built by Textual alone shows in its place."""
    from quiz.core import present
    from quiz.core.round import RoundSettings, draw
    from quiz.library.cache import load_library_cached

    _, items = draw(load_library_cached(), RoundSettings(count=20, seed=2))
    shown = [
        {
            "bank": item.bank.bank.title,
            "prompt": item.question.prompt,
            "options": present.options(item),
            "right": present.right_answer(item),
            "why": item.question.explanation,
            "passages": [f"{p.before}{p.quote}{p.after}\n— {p.cite}" for p in present.quoted_paragraphs(item)],
        }
        for item in items
    ]
    into.write_text(json.dumps(shown))


async def _memory_alone(texts: Path) -> None:
    """A round like quiz's built by Textual alone, with quiz.tcss and the same text: 20
    question screens one after another (status, progress, prompt, the choices, the footer),
    each with its feedback built hidden and shown on the answer (verdict, answer, why, the
    quoted paragraphs), then a results screen. No quiz code, library or database: Textual's
    own price for such a round. Like quiz, it clears Textual's memo of removed widgets'
    styles caches (issue #6665) at each change of screen: without that, this round alone
    peaks above quiz's."""
    from textual._styles_cache import StylesCache
    from textual.app import App
    from textual.binding import Binding
    from textual.containers import Horizontal, Vertical, VerticalScroll
    from textual.screen import Screen
    from textual.widgets import Button, Footer, Label, OptionList, Static

    shown = json.loads(texts.read_text())

    class Question(Screen):
        BINDINGS = [
            Binding("enter", "next", "Next", priority=True),
            Binding("escape", "home", "Home"),
            Binding("question_mark", "help", "Help"),
        ]

        def __init__(self, n: int) -> None:
            super().__init__()
            self.n, self.answered = n, False

        def compose(self):
            s = shown[self.n]
            with Vertical(id="status"):
                yield Static(f"question {self.n + 1}/{len(shown)} · score {self.n} · streak {self.n}\n{s['bank']}")
                yield Static("━" * round(73 * self.n / len(shown)) + f" {self.n / len(shown):4.0%}")
            with VerticalScroll(id="question-body"):
                yield Static(s["prompt"], id="prompt")
                yield Static("how it is answered · difficulty 2", id="how", classes="dim")
                yield OptionList(*(s["options"] or ["(typed or arranged)"]), id="answer")
                with Horizontal(classes="buttons"):
                    yield Static("Submit (Enter)")
            with VerticalScroll(id="feedback-body") as feedback:
                feedback.display = False
                yield Static("✔ Right", classes="verdict right")
                yield Static(f"Question: {s['prompt']}", classes="line")
                yield Static(f"Your answer: {s['right']}", classes="line")
                yield Static("right +100   streak +10", classes="dim")
                yield Static(f"Why: {s['why']}", classes="explanation")
                for paragraph in s["passages"]:
                    yield Static(paragraph, classes="paragraph quoted")
                yield Static("Enter: next question · a: open the article at this passage", classes="dim")
            yield Footer()

        def on_mount(self) -> None:
            self.query_one("#answer").focus(scroll_visible=False)

        def action_next(self) -> None:
            if not self.answered:
                self.answered = True
                self.query_one("#question-body").display = False
                self.query_one("#feedback-body").display = True
                self.query_one("#feedback-body").focus()
            else:
                StylesCache.get_inner_outer.cache_clear()  # type: ignore[attr-defined]
                self.app.switch_screen(Question(self.n + 1) if self.n + 1 < len(shown) else Results())

    class Results(Screen):
        def compose(self):
            with VerticalScroll(id="results-body"):
                yield Static("Round over", classes="title")
                yield Static(f"Score {100 * len(shown)} · {len(shown)}/{len(shown)} right", id="score")
                yield Label("By tag", classes="section")
                yield Static("\n".join(f"tag {n}: {n}/{n}" for n in range(1, 6)), id="by-tag")
                yield Static("Nothing missed. ✔", classes="section")
                with Horizontal(classes="buttons"):
                    yield Button("Scores (h)")
                    yield Button("Home (Esc)")
            yield Footer()

    class RoundAlone(App):
        CSS_PATH = str(ROOT / "quiz" / "ui" / "quiz.tcss")

        def on_mount(self) -> None:
            self.push_screen(Question(0))

    app = RoundAlone()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in shown:
            await pilot.press("enter")  # the answer: its feedback
            await pilot.pause()
            await pilot.press("enter")  # on to the next
            await pilot.pause()
        check(isinstance(app.screen, Results), "the round built by Textual alone did not reach its results")


@child_task
def memory(which: str, db: str) -> dict:
    import asyncio

    if which == "ours":
        asyncio.run(_memory_ours(Path(db)))
    elif which == "alone":
        asyncio.run(_memory_alone(Path(db)))
    else:
        asyncio.run(_memory_bare())
    return {"mib": _peak_rss_mib()}


def bench_memory(runs: int, work: Path) -> None:
    counter = iter(range(10**6))
    env = {**os.environ, "QUIZ_CACHE_DIR": str(work / "memory-cache")}

    def peak(which: str) -> float:
        return child("memory", which, str(work / f"memory-{next(counter)}.db"), env=env)["mib"]

    peak("ours")  # fill the bank cache, as every start but the first finds it
    texts = work / "round-as-text.json"
    round_as_text(texts)

    def alone() -> float:
        return child("memory", "alone", str(texts), env=env)["mib"]

    ours, base, floor = take_turns([lambda: peak("ours"), lambda: peak("bare"), alone], max(2, runs // 2))
    report(
        "peak memory playing a 20-question round of the shipped banks",
        statistics.median(ours),
        statistics.median(base),
        "MiB",
        "a bare Textual app pressing 20 keys",
        "each side's own peak (VmHWM) in its own process; ours answered all 20 questions through the UI, "
        "20 answers saved, ended on the results",
        ratio_target=1.3,
        samples=(ours, base),
    )
    report(
        "peak memory floor: such a round built by Textual alone",
        statistics.median(floor),
        statistics.median(base),
        "MiB",
        "the bare Textual app, same runs",
        "20 question screens with the round's text, each with its feedback shown, then results; quiz.tcss, "
        "no quiz code, library or database: Textual's own price for the round",
        samples=(floor, base),
    )


# ---------------------------------------------------------------------- 7. committing an answer


@child_task
def commit(folder: str, count: str) -> dict:
    import datetime as dt
    import sqlite3

    from quiz.store.sqlite import Store

    n = int(count)
    ours, base = [], []
    with Store.open(Path(folder) / "commit.db") as store:
        store.ensure_player("bench")
        round_id = store.start_round("bench", "play", {}, [], [], dt.datetime.now(dt.timezone.utc))
        raw = sqlite3.connect(Path(folder) / "baseline.db", isolation_level=None)
        raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("PRAGMA synchronous = FULL")
        raw.execute("CREATE TABLE t (a INTEGER, b TEXT)")
        for i in range(n):
            if i % 2:
                start = time.perf_counter()
                store.record_answer(
                    round_id, i, f"q{i}", "bank", [1, 2], True, 1.0, 100, 3.5, dt.datetime.now(dt.timezone.utc)
                )
                ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("INSERT INTO t VALUES (?, ?)", (i, "x"))
            raw.execute("COMMIT")
            base.append(time.perf_counter() - start)
            if not i % 2:
                start = time.perf_counter()
                store.record_answer(
                    round_id, i, f"q{i}", "bank", [1, 2], True, 1.0, 100, 3.5, dt.datetime.now(dt.timezone.utc)
                )
                ours.append(time.perf_counter() - start)
        rows = raw.execute("SELECT count(*) FROM t").fetchone()[0]
        raw.close()
        saved = len(store.answers("bench"))
    check(saved == n and rows == n, f"{saved} answers and {rows} rows saved of {n}")
    return {"ours": ours, "base": base}


def bench_commit(runs: int, work: Path) -> None:
    folder = work / "commit"
    folder.mkdir()
    _report_commits(
        "committing an answer",
        child("commit", str(folder), str(100 * runs)),
        "a bare INSERT + COMMIT, same WAL and synchronous=FULL, on the same disk",
        "answers and as many baseline rows read back afterwards",
    )


def _report_commits(title: str, got: dict, baseline: str, checked: str) -> None:
    for name, pick in (("median", statistics.median), ("p99", p99)):
        report(f"{title}, {name}", pick(got["ours"]), pick(got["base"]), "s", baseline, f"{len(got['ours'])} {checked}")


@child_task
def commit_with_card(folder: str, count: str) -> dict:
    """An answer as a round commits it: with its review card scheduled by fsrs in the same
    transaction, against the same answer alone, in turn."""
    import datetime as dt

    from quiz.core import scheduling
    from quiz.library.loader import load_library
    from quiz.store.sqlite import Store

    n = int(count)
    question = load_library([SHIPPED]).banks[0].bank.questions[0]
    with_card, alone = [], []
    with Store.open(Path(folder) / "commit_card.db") as store:
        store.ensure_player("bench")
        round_id = store.start_round("bench", "play", {}, [], [], dt.datetime.now(dt.timezone.utc))
        for i in range(n):
            at = dt.datetime.now(dt.timezone.utc)
            right = i % 3 != 0
            for card in (False, True) if i % 2 else (True, False):
                start = time.perf_counter()
                if card:
                    store.record_answer(
                        round_id,
                        2 * i + 1,
                        question.id,
                        "bank",
                        1,
                        right,
                        1.0,
                        100,
                        3.5,
                        at,
                        schedule=scheduling.answer_scheduler(question, right, 1.0, 3.5, False, at, False),
                    )
                    with_card.append(time.perf_counter() - start)
                else:
                    store.record_answer(round_id, 2 * i, f"a{i}", "bank", 1, True, 1.0, 100, 3.5, at)
                    alone.append(time.perf_counter() - start)
        saved = len(store.answers("bench"))
        logged = len(store.review_log("bench"))
        card = store.card("bench", question.id)
    check(
        saved == 2 * n and logged == n and card is not None,
        f"{saved} answers, {logged} reviews logged and card {card} after {n} of each",
    )
    return {"ours": with_card, "base": alone}


def bench_commit_with_card(runs: int, work: Path) -> None:
    folder = work / "commit-card"
    folder.mkdir()
    _report_commits(
        "committing an answer with its review card",
        child("commit-with-card", str(folder), str(100 * runs)),
        "the same answer committed without a card",
        "answers with a card and as many without read back, every review logged",
    )


BENCHES = ("startup", "load", "check", "keys", "memory", "commit")


def machine() -> dict[str, Any]:
    model = ""
    try:
        model = next(
            (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), ""
        )
    except OSError:
        pass
    return {
        "cpu": model or platform.processor(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load_average": os.getloadavg(),
    }


def table(results: list[dict[str, Any]], about: dict[str, Any]) -> str:
    lines = [
        f"machine: {about['cpu']}, {about['cpus']} CPUs, Python {about['python']}, {about['system']}",
        f"load average (1, 5, 15 min) at the start: "
        f"{', '.join(f'{x:.2f}' for x in about['load_average_at_start'])}; at the end: "
        f"{', '.join(f'{x:.2f}' for x in about['load_average'])} (a shared machine: only the ratios "
        "mean anything)",
        "",
    ]
    head = f"{'figure':<62} {'ours':>10} {'baseline':>10} {'ratio':>7}  {'target':<22} holds"
    lines += [head, "-" * len(head)]
    for r in results:
        holds = "" if r["holds"] is None else ("yes" if r["holds"] else "NO")
        lines.append(
            f"{r['figure']:<62} {_fmt(r['ours'], r['unit']):>10} {_fmt(r['baseline'], r['unit']):>10} "
            f"{r['ratio']:>6.2f}×  {r['target'] or '(none set)':<22} {holds}"
        )
        lines.append(f"    baseline: {r['baseline_is']}")
        if r.get("note"):
            lines.append(f"    {r['note']}")
        if "samples" in r:
            lines.append(
                f"    spread: ours {spread(r['samples']['ours'], r['unit'])}; "
                f"baseline {spread(r['samples']['baseline'], r['unit'])}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.benchmarks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--quick", action="store_true", help="fewer runs; quiz check up to 10,000 questions")
    parser.add_argument("--runs", type=int, help="runs of each figure and its baseline (default 7, quick 3)")
    parser.add_argument("--only", action="append", choices=BENCHES, default=[], help="run only these (repeatable)")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(CHILDREN[args.child[0]](*args.child[1:])))
        return 0
    runs = args.runs or (3 if args.quick else 7)
    # As installed: pip compiles a package's bytecode when it installs it, so a user's quiz
    # never compiles its source at start-up. (Some environments set PYTHONDONTWRITEBYTECODE,
    # which would leave quiz, alone of everything imported, compiling itself on every start.)
    compileall.compile_dir(ROOT / "quiz", quiet=1)
    compileall.compile_dir(ROOT / "tests", quiet=1)
    wanted = [b for b in BENCHES if b in args.only] if args.only else list(BENCHES)
    load_at_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="quiz-bench-") as tmp:
        work = Path(tmp)
        os.environ["XDG_DATA_HOME"] = str(work / "data")
        os.environ["XDG_CACHE_HOME"] = str(work / "cache")
        os.environ["QUIZ_CACHE_DIR"] = str(work / "cache" / "quiz")
        os.environ.pop("QUIZ_DB", None)
        os.environ.pop("QUIZ_QUESTIONS", None)
        for name in wanted:
            if name == "startup":
                bench_startup(runs, work)
            elif name == "load":
                bench_loading(runs, work)
            elif name == "check":
                bench_check_growth(runs, work, (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000))
            elif name == "keys":
                bench_keys(runs, work)
            elif name == "memory":
                bench_memory(runs, work)
            elif name == "commit":
                bench_commit(runs, work)
                bench_commit_with_card(runs, work)
    about = machine()
    about["load_average_at_start"] = load_at_start
    if args.json:
        print(json.dumps({"machine": about, "runs": runs, "results": RESULTS}, indent=2))
    else:
        print(table(RESULTS, about))
    return 0


if __name__ == "__main__":
    sys.exit(main())
