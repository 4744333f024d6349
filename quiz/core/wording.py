"""One vocabulary for output: plurals, durations, dates, citations and abridged lines, shared
by every front end, report and command (no imports, so the command line can use them without
loading anything)."""

from __future__ import annotations

import datetime as dt


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """'1 answer', '3 answers', '2 categories' (with plural="categories")."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def duration(seconds: float) -> str:
    """How long something took: '45s' under a minute, '1:05' from a minute on."""
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}" if whole >= 60 else f"{whole}s"


def long_date(iso: str) -> str:
    """'2016-01-11' -> '11 January 2016' (what isn't a date is left as it is)."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day.strftime('%B')} {day.year}"


def citation(publisher: str, date: str, paragraph: int, last_paragraph: int | None = None) -> str:
    """Where a passage is: 'The Gazette, 11 January 2016, paragraph 4' (or 'paragraphs 4–5')."""
    where = f"paragraph {paragraph}"
    if last_paragraph is not None and last_paragraph != paragraph:
        where = f"paragraphs {paragraph}–{last_paragraph}"
    return f"{publisher}, {long_date(date)}, {where}"


def abridge(text: str, width: int) -> str:
    """One line of at most `width` characters, cut at a word when one ends late enough, with …
    when cut."""
    line = " ".join(text.split())
    if len(line) <= width:
        return line
    cut = line[: max(width - 1, 1)]
    if " " in cut[width // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:—–-") + "…"
