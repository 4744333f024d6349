"""Answers committed per second, and commit latency, on SQLite and on PostgreSQL side by side.
Run by hand (not part of pytest):

    python bench/store_commits.py                  # 1, 10 and 50 writers, 3 s each
    python bench/store_commits.py --writers 1 5 --seconds 5

Each writer is its own process with its own store (a student's session), all started
together; each records answers in a round of its own, one committed transaction each, as
fast as it can for the given time. Latency is the time `record_answer` takes to return
(the answer is durable then: SQLite with synchronous=FULL, PostgreSQL with fsync on). The
PostgreSQL server is a throwaway cluster started here by the tests' own helper (tests/pg.py),
with its default durability; both databases live on this machine's disk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # pg.py: the throwaway cluster
sys.path.insert(0, str(ROOT))


def writer(location: str, player: str, start, seconds: float, results) -> None:
    from quiz.store import open_store

    with open_store(location) as store:
        rid = store.start_round(player, "play", {}, [], ["bank"], dt.datetime.now(dt.timezone.utc))
        start.wait()
        latencies = []
        deadline = time.perf_counter() + seconds
        position = 0
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            store.record_answer(
                rid,
                position,
                f"q{position}",
                "bank",
                {"choice": 1},
                True,
                1.0,
                100,
                2.0,
                dt.datetime.now(dt.timezone.utc),
            )
            latencies.append(time.perf_counter() - began)
            position += 1
        results.put(latencies)


def measure(location: str, writers: int, seconds: float) -> tuple[float, float, float, int]:
    """(answers per second, p50 ms, p99 ms, answers) with `writers` processes at once."""
    from quiz.store import open_store

    open_store(location).close()  # created and migrated before the clock starts
    ctx = mp.get_context("fork")
    start = ctx.Barrier(writers + 1)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=writer, args=(location, f"w{writers}-{n}", start, seconds, results)) for n in range(writers)
    ]
    for p in procs:
        p.start()
    start.wait(timeout=120)
    began = time.perf_counter()
    latencies: list[float] = []
    for _ in procs:
        latencies += results.get(timeout=seconds + 120)
    elapsed = time.perf_counter() - began
    for p in procs:
        p.join(timeout=30)
    if any(p.exitcode != 0 for p in procs):
        raise SystemExit(f"a writer failed on {location}")
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return len(latencies) / elapsed, statistics.median(ordered) * 1000, p99 * 1000, len(latencies)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args(argv)

    from pg import Cluster, missing

    why_not = missing()
    if why_not:
        print(f"store_commits: PostgreSQL needs {why_not}", file=sys.stderr)
        return 1
    cluster = Cluster.start(durable=True)
    folder = Path(tempfile.mkdtemp(prefix="quiz-bench-"))
    try:
        rows = []
        for n in args.writers:
            sqlite = measure(str(folder / f"w{n}.db"), n, args.seconds)
            postgres = measure(cluster.new_database(f"bench_{n}"), n, args.seconds)
            rows.append((n, sqlite, postgres))
    finally:
        cluster.stop()
    print(f"answers committed, {args.seconds:g} s per run, each writer a process of its own")
    print(f"{'':8}|{'SQLite (WAL, synchronous=FULL)':^34}|{'PostgreSQL 1 server (fsync on)':^34}")
    head = f"{'answers/s':>11} {'p50 ms':>7} {'p99 ms':>7} {'total':>6} "
    print(f"{'writers':>7} |{head}|{head}")
    for n, s, p in rows:
        cells = [f"{r[0]:>11.0f} {r[1]:>7.2f} {r[2]:>7.2f} {r[3]:>6} " for r in (s, p)]
        print(f"{n:>7} |{cells[0]}|{cells[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
