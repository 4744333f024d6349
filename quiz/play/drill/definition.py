"""Classroom drills: the same questions, in the same order with the same choice order, for
every student who starts the same drill.

A drill is defined by a small YAML file (read by the project's one safe loader, errors
located `path:line:col`) or by the same settings given as flags. It resolves against the
banks to a `Drill`: canonical settings (the banks named explicitly, in id order) plus a
hash of those banks' content. From that come

- the drill's *fingerprint*: its identity in the database and in results files;
- the drill *code*: a short, case-insensitive code a teacher writes on the board. It packs
  the settings, 25 bits of the banks' content hash (so a student whose banks differ is told
  so) and a check symbol pair (so a mistyped code is told so, instead of starting another drill).

Plain Python: nothing here knows of Textual or of the command line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, Struct

from quiz.core.banks import Library, LoadedBank
from quiz.core.model import (
    Difficulty,
    Id,
    Tag,
)
from quiz.core.round import PlayItem, RoundSettings, draw
from quiz.core.wording import counted
from quiz.library import yamlsafe
from quiz.library.diagnostics import Diagnostic, error
from quiz.library.loader import _convert, read_yaml

FEEDBACK_WORDS = {"each": "after each question", "end": "at the end", "never": "never shown"}
FEEDBACK = tuple(FEEDBACK_WORDS)
MAX_COUNT = 999
MAX_TIME_LIMIT = 3600
MAX_SEED = 2**31 - 1
DEFAULT_SEED = 1
CODE_VERSION = 1  # bump if the code layout or the way questions are drawn ever changes
RESULTS_FORMAT = "quiz-drill-results"
RESULTS_VERSION = 1
KIND = "drill"  # the kind of round a drill is stored as


# ---------------------------------------------------------------------------- definition


class DrillFile(Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """A drill file: every key optional. A single bank, tag or difficulty may be written
    without the list brackets."""

    title: Annotated[str, Meta(min_length=1, max_length=200)] | None = None
    banks: Id | list[Id] = []  # none: every bank
    tags: Tag | list[Tag] = []  # none: any tag
    difficulty: Difficulty | list[Difficulty] = []  # none: any
    count: Annotated[int, Meta(ge=1, le=MAX_COUNT)] | Literal["all"] = 10
    seed: Annotated[int, Meta(ge=0, le=MAX_SEED)] = DEFAULT_SEED
    time_limit: Annotated[int, Meta(ge=1, le=MAX_TIME_LIMIT)] | None = None  # seconds per question
    feedback: Literal["each", "end", "never"] = "each"
    speed_points: bool = False
    streak_bonus: bool = True


_HINTS = {
    "count": "a whole number from 1 to 999, or all",
    "feedback": "one of: each, end, never",
    "time_limit": f"seconds per question, a whole number from 1 to {MAX_TIME_LIMIT}; leave it out for no limit",
    "seed": f"a whole number from 0 to {MAX_SEED}",
    "difficulty": "1, 2 or 3, or a list of them",
}


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


@dataclass(frozen=True)
class Drill:
    """A drill resolved against the banks: everything that decides what every student gets."""

    settings: RoundSettings  # banks named explicitly, in id order; tags and difficulties sorted
    feedback: str
    content: str  # sha256 (hex) of the chosen banks' content, articles included
    title: str | None = None

    def canonical(self) -> dict[str, Any]:
        s = self.settings
        return {
            "banks": list(s.banks),
            "tags": list(s.tags),
            "difficulties": list(s.difficulties),
            "count": s.count,
            "seed": s.seed,
            "time_limit": int(s.time_limit) if s.time_limit else None,
            "feedback": self.feedback,
            "speed_points": s.speed_points,
            "streak_bonus": s.streak_bonus,
        }

    @property
    def fingerprint(self) -> str:
        """The drill's identity: its settings and its banks' content (16 hex digits)."""
        text = json.dumps({"version": CODE_VERSION, **self.canonical(), "content": self.content}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def meta(self, code: str) -> dict[str, Any]:
        """What a round keeps with its settings to be known as this drill."""
        return {
            "drill": {
                "fingerprint": self.fingerprint,
                "code": code,
                "content": self.content,
                "feedback": self.feedback,
                "title": self.title,
            }
        }


class DrillProblem(Exception):
    """Settings that can't make a drill: (key, list index or None, message, hint) for each."""

    def __init__(self, problems: list[tuple[str | None, int | None, str, str | None]]):
        super().__init__("; ".join(p[2] for p in problems))
        self.problems = problems


def bank_digest(bank: LoadedBank) -> bytes:
    """A hash of one bank's content: its questions and the articles they quote."""
    digest = hashlib.sha256(b"quiz bank\n")
    digest.update(msgspec.json.encode(bank.bank))
    for article in sorted(bank.articles, key=lambda a: a.id):
        digest.update(msgspec.json.encode(article))
    return digest.digest()


def content_hash(banks: Sequence[LoadedBank], digests: dict[str, bytes] | None = None) -> str:
    """A hash of the banks' content, in id order (`digests`: each bank's, if known already)."""
    digest = hashlib.sha256(b"quiz banks\n")
    for bank in sorted(banks, key=lambda b: b.id):
        digest.update(digests[bank.id] if digests else bank_digest(bank))
    return digest.hexdigest()


def chosen_banks(library: Library, settings: RoundSettings) -> list[LoadedBank]:
    return sorted((b for b in library.banks if b.id in settings.banks), key=lambda b: b.id)


def draw_items(library: Library, settings: RoundSettings) -> list[PlayItem]:
    """The drill's questions. Drawn from its banks only, in id order, so a student who has
    other banks too (or loads them in another order) still gets exactly the same drill."""
    return draw(Library(banks=chosen_banks(library, settings)), settings)[1]


def resolve(library: Library, spec: DrillFile) -> Drill:
    """The drill these settings make with these banks; DrillProblem when they make none."""
    problems: list[tuple[str | None, int | None, str, str | None]] = []
    known = sorted(b.id for b in library.banks)
    named = _as_list(spec.banks)
    for index, bank_id in enumerate(named):
        if library.bank(bank_id) is None:
            problems.append(
                (
                    "banks",
                    index if isinstance(spec.banks, list) else None,
                    f"no bank with id '{bank_id}'",
                    f"banks: {', '.join(known) or 'none'}",
                )
            )
    bank_ids = sorted(set(named)) if named else known
    banks = [b for b in library.banks if b.id in bank_ids]
    tags_here = {t for b in banks for t in b.summary.tags}
    tags = _as_list(spec.tags)
    for index, tag in enumerate(tags):
        if tag not in tags_here:
            problems.append(
                (
                    "tags",
                    index if isinstance(spec.tags, list) else None,
                    f"no question in these banks has the tag '{tag}'",
                    _tag_hint(tag, tags_here),
                )
            )
    if spec.speed_points and not spec.time_limit:
        problems.append(
            (
                "speed_points",
                None,
                "speed points need a time limit",
                "add time_limit (seconds per question), or set speed_points: false",
            )
        )
    if problems:
        raise DrillProblem(problems)
    settings = RoundSettings(
        banks=tuple(bank_ids),
        tags=tuple(sorted(set(tags))),
        difficulties=tuple(sorted(set(_as_list(spec.difficulty)))),
        count=None if spec.count == "all" else spec.count,
        seed=spec.seed,
        streak_bonus=spec.streak_bonus,
        speed_points=spec.speed_points,
        time_limit=float(spec.time_limit) if spec.time_limit else None,
    )
    drill = Drill(settings, spec.feedback, content_hash(banks), spec.title)
    if not draw_items(library, settings):
        raise DrillProblem([(None, None, "no question in these banks matches these tags and difficulties", None)])
    return drill


def _with_hint(problem: Diagnostic) -> Diagnostic:
    """A drill setting's own hint where the schema gave none."""
    key = next((k for k in _HINTS if f"`$.{k}`" in problem.message or problem.message.startswith(f"{k}:")), None)
    if key and problem.hint is None:
        return error(problem.path, problem.line, problem.col, problem.message, _HINTS[key])
    return problem


def load_drill_file(path: Path, library: Library) -> Drill:
    """A drill file, checked like a bank: every problem as a located diagnostic (DrillFileError)."""
    name = str(path)
    try:
        data, source = read_yaml(path)
    except yamlsafe.YamlRefused as refused:
        raise DrillFileError([refused.diagnostic]) from None
    if not isinstance(data, dict):
        raise DrillFileError([error(name, *source.root_mark, "a drill file must be a mapping (banks, count, seed, …)")])
    spec, bad = _convert(name, data, source, (), DrillFile, data)
    if bad:
        raise DrillFileError([_with_hint(d) for d in bad])
    try:
        return resolve(library, spec)
    except DrillProblem as problem:
        found = []
        for key, index, message, hint in problem.problems:
            if key is None:
                line, col = source.root_mark
            elif index is None:
                line, col = source.locate(data, (key,))
            else:
                line, col = source.locate(data, (key, index))
            found.append(error(name, line, col, message, hint))
        raise DrillFileError(found) from None


class DrillFileError(Exception):
    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics


def describe(drill: Drill, library: Library | None = None) -> str:
    """One line for people: what this drill is."""
    s = drill.settings
    count = len(draw_items(library, s)) if library is not None else s.count
    parts = [", ".join(s.banks), counted(count, "question") if count is not None else "every question"]
    if s.tags:
        parts.append("tags " + ", ".join(s.tags))
    if s.difficulties:
        parts.append("difficulty " + ", ".join(map(str, s.difficulties)))
    parts.append(f"seed {s.seed}")
    parts.append(f"{int(s.time_limit)} s per question" if s.time_limit else "no time limit")
    parts.append(f"feedback {FEEDBACK_WORDS[drill.feedback]}")
    parts.append(f"speed points {'on' if s.speed_points else 'off'}")
    parts.append(f"streak bonus {'on' if s.streak_bonus else 'off'}")
    return " · ".join(parts)


def _tag_hint(tag: str, known: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(tag, sorted(known), n=1)
    return f"did you mean '{close[0]}'?" if close else f"tags: {', '.join(sorted(known)) or 'none'}"
