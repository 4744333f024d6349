"""Small helpers for writing English, shared by every front end and command (no imports,
so the command line can use them without loading anything)."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """'1 answer', '3 answers', '2 categories' (with plural="categories")."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
