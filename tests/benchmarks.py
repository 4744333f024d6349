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


EXTRA: dict[str, Callable[[int, Path], None]] = {}

if __name__ == "__main__":
    sys.exit(main())
