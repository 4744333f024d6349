"""Where the test data is, and how tests run the real command."""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHIPPED = ROOT / "questions"


def run_quiz(
    *args: str,
    cwd: Path | None = None,
    env: dict | None = None,
    stdin: str | None = None,
    memory_limit: int | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess:
    """`python -m quiz ARGS` as a user would run it: exit status and output, never in-process.
    `memory_limit` (bytes of address space) makes a run that needs more fail instead."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    return subprocess.run(
        [sys.executable, "-m", "quiz", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        input=stdin,
        encoding="utf-8",
        preexec_fn=limit_memory if memory_limit else None,
    )


def require_tool(missing: str | None, what: str) -> None:
    """Skip, saying what to install, where a test's outside tool is missing on a developer's
    machine; fail instead where QUIZ_REQUIRE_TOOLS=1 (CI sets it after installing them all)."""
    if missing is None:
        return
    message = f"{what} needs {missing}"
    if os.environ.get("QUIZ_REQUIRE_TOOLS") == "1":
        pytest.fail(message + "; QUIZ_REQUIRE_TOOLS=1 says it must run here", pytrace=False)
    pytest.skip(message)


def answer_for(hint: str) -> str:
    """An answer the plain front end accepts, read off its "[how to answer]" line."""
    example = re.search(r"e\.g\. ([\d ]+)", hint)
    if example:  # order, match, multi: the example it gives is a valid answer
        return example[1].strip()
    return "40" if "a number" in hint else "1"


def answer_then_kill(args: list[str], answered_marker: str, answers: int = 3) -> None:
    """Run `python -m quiz ARGS` in plain mode, answer until `answers` lines start with
    `answered_marker` (each one printed after an answer is saved), then SIGKILL it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "quiz", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    answered = 0
    try:
        while answered < answers:
            line = proc.stdout.readline()
            assert line, "the session ended early"
            if line.startswith("["):  # "[type ...]": it is waiting for an answer
                proc.stdin.write(answer_for(line) + "\n")
                proc.stdin.flush()
            if line.startswith(answered_marker):
                answered += 1
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
