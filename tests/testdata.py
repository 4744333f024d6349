"""Where the test data is, and how tests run the real command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHIPPED = ROOT / "questions"


def run_quiz(*args: str, cwd: Path | None = None, env: dict | None = None,
             stdin: str | None = None) -> subprocess.CompletedProcess:
    """`python -m quiz ARGS` as a user would run it: exit status and output, never in-process."""
    return subprocess.run(
        [sys.executable, "-m", "quiz", *args], capture_output=True, text=True, cwd=cwd or ROOT,
        env={**os.environ, **(env or {})}, timeout=120, input=stdin, encoding="utf-8",
    )
