"""Where files live. Computed when called, never at import, so tests can redirect them."""

from __future__ import annotations

import os
from pathlib import Path


def shipped_questions_dir() -> Path:
    """The banks that ship with quiz: inside the installed package, or the source tree's."""
    override = os.environ.get("QUIZ_QUESTIONS")
    if override:
        return Path(override)
    packaged = Path(__file__).resolve().parent / "questions"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "questions"


def live_tokens_file() -> Path:
    """Where `quiz join` keeps its rejoin tokens (one per game joined), in the user data dir."""
    import platformdirs

    return Path(platformdirs.user_data_dir("quiz")) / "live-tokens.json"
