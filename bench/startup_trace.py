"""Where start-up's time goes: each phase of `quiz play` up to the first question drawn, next
to the same phases of the bare Textual app, medians of several runs in a real terminal.

    python -m bench.startup_trace             # 7 runs of each
    python -m bench.startup_trace --runs 11

Each run is a process of its own in a pseudo-terminal (as in bench.benchmarks); the program
is started through a small wrapper that notes the time as each phase ends and writes the
notes to a file once the first question's frame is out. The wrapper itself imports quiz's
modules in the order the command would, so the phases add up to the whole; the figures to
quote are bench.benchmarks', this only says where they go.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

from bench.benchmarks import ROOT, returning_player, time_to_screen

# Runs in the child: times each phase and writes them out at the first question's frame.
TRACER = textwrap.dedent("""
    import os, sys, time
    START = time.perf_counter()
    notes = []
    def note(name):
        notes.append((name, time.perf_counter() - START))
    import textual.app
    note("python + textual.app imported")
    def written():
        import json
        with open(os.environ["TRACE_OUT"], "w") as out:
            json.dump(notes, out)
    display = textual.app.App._display
    done = []
    def traced_display(self, screen, renderable):
        if renderable is not None and os.environ["TRACE_WANT"] in type(screen).__name__ and not done:
            done.append(True)
            note("first frame made (then written out)")
            written()  # before the frame goes out: the benchmark ends the process when it arrives
        display(self, screen, renderable)
    textual.app.App._display = traced_display
    if sys.argv[1] == "bare":  # BARE_APP's app, its compose noted
        from textual.widgets import Static
        class Bare(textual.app.App):
            def compose(self):
                note("app running: compose")
                yield Static("bare app ready")
        app = Bare()
        note("app made (Static imported)")
        app.run()
    else:
        import quiz.cli
        import quiz.cli.common as common
        import quiz.cli.play as play
        note("quiz.cli imported (with argparse)")
        import quiz.library.cache, quiz.store, quiz.core.round
        note("library and store modules imported")
        for name in ("load_playable", "open_store"):
            def wrapped(*args, _f=getattr(common, name), _n=name, **kwargs):
                result = _f(*args, **kwargs)
                note(_n)
                return result
            setattr(play, name, wrapped)
        import quiz.ui.app as ui
        import quiz.ui.screens.question
        note("quiz.ui.app and the question screen imported")
        on_mount = ui.QuizApp.on_mount
        def mounted(self):
            note("app running: on_mount")
            on_mount(self)
            note("on_mount: the round started, its screen pushed")
        ui.QuizApp.on_mount = mounted
        make_app = ui.make_app
        def made(*args, **kwargs):
            app = make_app(*args, **kwargs)
            note("app made")
            return app
        ui.make_app = made
        quiz.cli.main(sys.argv[1:])
""")


def trace(
    args: list[str], want: str, marker: str, env: dict[str, str], before: Callable[[], None] | None = None
) -> list[tuple[str, float]]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        path = out.name
    try:
        time_to_screen(args, marker, {**env, "TRACE_OUT": path, "TRACE_WANT": want}, before=before)
        for _ in range(50):
            if os.path.getsize(path):
                break
            import time

            time.sleep(0.02)  # the child writes its notes just after the frame
        return [tuple(n) for n in json.loads(Path(path).read_text())]  # type: ignore[misc]
    finally:
        os.unlink(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup_trace", description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    import compileall

    from quiz.library.cache import load_library_cached

    compileall.compile_dir(ROOT / "quiz", quiet=1)
    with tempfile.TemporaryDirectory(prefix="quiz-trace-") as tmp:
        work = Path(tmp)
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "QUIZ_DB": str(work / "trace.db"),
            "QUIZ_CACHE_DIR": str(work / "cache"),
        }
        env.pop("NO_COLOR", None)
        os.environ["QUIZ_CACHE_DIR"] = env["QUIZ_CACHE_DIR"]
        load_library_cached()
        fresh_db = returning_player(Path(env["QUIZ_DB"]))
        tracer = work / "tracer.py"
        tracer.write_text(TRACER)
        quiz_args = [sys.executable, str(tracer), "play", "--bank", "nyt-2016", "--count", "1", "--seed", "1"]
        bare_args = [sys.executable, str(tracer), "bare"]
        ours: list[list[tuple[str, float]]] = []
        base: list[list[tuple[str, float]]] = []
        for run in range(args.runs):
            pair = [
                lambda: ours.append(trace(quiz_args, "Question", "question 1/1", env, fresh_db)),
                lambda: base.append(trace(bare_args, "Screen", "bare app ready", env)),
            ]
            for take in pair if run % 2 else reversed(pair):
                take()
    print(f"load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}; medians of {args.runs} runs, ms")
    for title, runs in (("quiz play", ours), ("bare Textual app", base)):
        print(f"\n{title}")
        names = [name for name, _ in runs[0]]
        previous = [0.0] * len(runs)
        for i, name in enumerate(names):
            took = [r[i][1] - previous[k] for k, r in enumerate(runs)]
            previous = [r[i][1] for r in runs]
            print(f"  {statistics.median(took) * 1000:7.1f}  {name}")
        print(f"  {statistics.median(r[-1][1] for r in runs) * 1000:7.1f}  in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
