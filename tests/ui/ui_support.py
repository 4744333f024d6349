"""Helpers shared by the UI tests."""

from __future__ import annotations

from quiz.engine import RoundSettings


def all_kinds(seed: int = 3) -> RoundSettings:
    """A round of the fixture bank with one question of every type."""
    return RoundSettings(banks=("kinds",), count=None, seed=seed)
