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

import csv
import hashlib
import io
import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, Struct

from quiz import present, yamlsafe
from quiz.banks import Library, LoadedBank, _convert, read_yaml
from quiz.diagnostics import Diagnostic, error
from quiz.engine import POINTS_PER_LEVEL, PlayItem, RoundSettings, draw, items_from_plan
from quiz.game import Game
from quiz.model import (
    ChoiceQuestion,
    Difficulty,
    Id,
    MultiQuestion,
    Tag,
    choice_is_correct,
    choice_text,
)
from quiz.store import RoundRecord, Store, StoreError
from quiz.wording import counted

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


def _as_list(value: Any) -> list:
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
    tags_here = {t for b in banks for q in b.bank.questions for t in q.tags}
    tags = _as_list(spec.tags)
    for index, tag in enumerate(tags):
        if tag not in tags_here:
            problems.append(
                (
                    "tags",
                    index if isinstance(spec.tags, list) else None,
                    f"no question in these banks has the tag '{tag}'",
                    f"tags: {', '.join(sorted(tags_here)) or 'none'}",
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


# ---------------------------------------------------------------------------- the code

# Crockford's base 32: no I, L, O or U, so nothing on a board is read two ways; when a
# code is read back, I and L are taken as 1 and O as 0, case and dashes don't matter.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ = {c: i for i, c in enumerate(_ALPHABET)} | {"I": 1, "L": 1, "O": 0}
CONTENT_BITS = 25
CHECK_BITS = 10
CHECK_MODULUS = 1021  # the largest prime below 2**CHECK_BITS


class CodeError(Exception):
    """The code can't start a drill here; the message says why and what to do."""


class _Bits:
    def __init__(self, value: int = 0, length: int = 0) -> None:
        self.value, self.length, self.read_at = value, length, 0

    def put(self, value: int, width: int) -> None:
        self.value = (self.value << width) | (value & ((1 << width) - 1))
        self.length += width

    def put_number(self, n: int) -> None:
        """Small numbers in few bits: groups of 3 bits, each after a 'more follows' bit."""
        groups = []
        while True:
            groups.append(n & 7)
            n >>= 3
            if not n:
                break
        for i, group in enumerate(groups):
            self.put(int(i < len(groups) - 1), 1)
            self.put(group, 3)

    def take(self, width: int) -> int:
        if self.read_at + width > self.length:
            raise ValueError("code too short")
        self.read_at += width
        return (self.value >> (self.length - self.read_at)) & ((1 << width) - 1)

    def take_number(self) -> int:
        n, shift = 0, 0
        while True:
            more = self.take(1)
            n |= self.take(3) << shift
            shift += 3
            if not more:
                return n
            if shift > 40:
                raise ValueError("number too long")


def _check(payload: str) -> int:
    """Σ (i+1)·symbol_i mod 1021. 1021 is prime and above every weight and symbol difference,
    so ANY one wrong symbol, or any two symbols swapped, always changes it; other slips go
    unnoticed about once in a thousand."""
    return sum((i + 1) * _READ[c] for i, c in enumerate(payload)) % CHECK_MODULUS


def _to_chars(value: int, length: int) -> str:
    return "".join(_ALPHABET[(value >> (length - 5 * (i + 1))) & 31] for i in range(length // 5))


def encode_code(drill: Drill, library: Library) -> str:
    """The drill's code, e.g. `0A3K-7QMX-2B9R-F4`, for the banks of this library."""
    s = drill.settings
    ids = sorted(b.id for b in library.banks)
    bits = _Bits()
    bits.put(CODE_VERSION, 3)
    bits.put(FEEDBACK.index(drill.feedback), 2)
    bits.put(int(s.speed_points), 1)
    bits.put(int(s.streak_bonus), 1)
    bits.put(sum(1 << (d - 1) for d in s.difficulties), 3)
    bits.put_number(s.count or 0)
    bits.put_number(s.seed or 0)
    bits.put_number(int(s.time_limit) if s.time_limit else 0)
    bits.put_number(sum(1 << ids.index(b) for b in s.banks))
    tags = _tags_of(chosen_banks(library, s))
    bits.put_number(len(s.tags))
    for tag in s.tags:
        bits.put_number(tags.index(tag))
    bits.put(int(drill.content[:8], 16) >> (32 - CONTENT_BITS), CONTENT_BITS)
    bits.put(0, -bits.length % 5)
    payload = _to_chars(bits.value, bits.length)
    text = payload + _to_chars(_check(payload), CHECK_BITS)
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def _tags_of(banks: Sequence[LoadedBank]) -> list[str]:
    return sorted({t for b in banks for q in b.bank.questions for t in q.tags})


def normal_code(text: str) -> str:
    """The code as we write it, from what someone typed (case, dashes, spaces, O/I/L)."""
    chars = [c for c in text.upper() if c not in "- \t"]
    if not chars or any(c not in _READ for c in chars):
        raise CodeError(f"'{text}' is not a drill code: a code is letters and digits like 0A3K-7QMX-2B9R-F4")
    clean = "".join(_ALPHABET[_READ[c]] for c in chars)
    return "-".join(clean[i : i + 4] for i in range(0, len(clean), 4))


def decode_code(text: str, library: Library) -> tuple[Drill, str]:
    """(the drill, the code written normally) for a code a student typed.

    CodeError when it is mistyped, from a newer quiz, or made from banks that differ from
    this library's (then no drill is started, rather than another one)."""
    code = normal_code(text)
    chars = code.replace("-", "")
    if len(chars) < 4:
        raise CodeError(f"'{text}' is too short for a drill code; check it letter by letter")
    payload, check = chars[:-2], chars[-2:]
    if _to_chars(_check(payload), CHECK_BITS) != check:
        raise CodeError(f"the code {code} is mistyped (its check letters don't match); check it letter by letter")
    bits = _Bits(sum(_READ[c] << (5 * (len(payload) - 1 - i)) for i, c in enumerate(payload)), 5 * len(payload))
    try:
        version = bits.take(3)
        if version != CODE_VERSION:
            raise CodeError(
                f"the code {code} was made by another version of quiz "
                f"(code version {version}, this quiz reads {CODE_VERSION}); use the same quiz as your teacher"
            )
        feedback = bits.take(2)
        speed, streak, difficulties = bits.take(1), bits.take(1), bits.take(3)
        count, seed, time_limit, bank_mask = (bits.take_number() for _ in range(4))
        tag_indices = [bits.take_number() for _ in range(bits.take_number())]
        content_bits = bits.take(CONTENT_BITS)
        padding = bits.take(bits.length - bits.read_at)
    except ValueError:
        raise CodeError(f"the code {code} is mistyped; check it letter by letter") from None
    if padding or feedback >= len(FEEDBACK) or count > MAX_COUNT or seed > MAX_SEED or time_limit > MAX_TIME_LIMIT:
        raise CodeError(f"the code {code} is mistyped; check it letter by letter")
    banks = _banks_for(library, bank_mask, content_bits)
    if banks is None:
        raise CodeError(
            f"the drill {code} was made from banks that differ from yours, so you would get another "
            "drill; ask your teacher which banks (and which version of quiz) to use"
        )
    tags = _tags_of(banks)
    if any(i >= len(tags) for i in tag_indices):
        raise CodeError(f"the code {code} does not fit your banks; check it letter by letter")
    settings = RoundSettings(
        banks=tuple(b.id for b in banks),
        tags=tuple(sorted(tags[i] for i in tag_indices)),
        difficulties=tuple(d for d in (1, 2, 3) if difficulties & (1 << (d - 1))),
        count=count or None,
        seed=seed,
        streak_bonus=bool(streak),
        speed_points=bool(speed),
        time_limit=float(time_limit) if time_limit else None,
    )
    return Drill(settings, FEEDBACK[feedback], content_hash(banks)), code


def _banks_for(library: Library, mask: int, content_bits: int) -> list[LoadedBank] | None:
    """The banks the code names, checked against its content hash. If this library has other
    banks as well (so the positions differ), the set of the same size whose content matches."""
    ordered = sorted(library.banks, key=lambda b: b.id)
    digests = {b.id: bank_digest(b) for b in ordered}

    def matches(banks: Sequence[LoadedBank]) -> bool:
        return int(content_hash(banks, digests)[:8], 16) >> (32 - CONTENT_BITS) == content_bits

    if mask < (1 << len(ordered)):
        named = [b for i, b in enumerate(ordered) if mask & (1 << i)]
        if named and matches(named):
            return named
    size = bin(mask).count("1")
    if not 0 < size <= len(ordered):
        return None
    for tries, group in enumerate(itertools.combinations(ordered, size)):
        if tries > 20_000:  # far more banks than a class has; don't hang on a wrong code
            return None
        if matches(group):
            return list(group)
    return None


# ---------------------------------------------------------------------------- playing


class DrillGame(Game):
    """A drill being played: a Game that also rewrites the results file after every answer.

    The database is what counts (every answer committed first); a results file that can't be
    written is reported in `results_problem` and doesn't stop the drill."""

    drill: Drill
    code: str
    attempt: int
    library: Library
    results: ResultsFiles | None = None
    results_problem: str | None = None

    def _commit(self, outcome):
        outcome = super()._commit(outcome)
        self.save_results()
        return outcome

    def save_results(self) -> None:
        if self.results is None:
            return
        try:
            record = self.store.round(self.round_id)
            self.results.write(results_from_record(record, self.library, self.drill, self.code, self.attempt))
            self.results_problem = None
        except (OSError, ResultsFileError, StoreError) as exc:
            self.results_problem = _os_message(exc)


def _os_message(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename or ''}: {exc.strerror}".lstrip(": ")
    return str(exc)


@dataclass(frozen=True)
class Attempt:
    """Where a student stands with a drill: the attempt to play now (`number`, resuming
    `unfinished` if set), or `blocked` by a finished attempt (a retake must be asked for)."""

    number: int
    unfinished: RoundRecord | None = None
    blocked: RoundRecord | None = None


def drill_rounds(store: Store, drill: Drill, student: str) -> list[RoundRecord]:
    """The student's attempts at this drill, oldest first."""
    return [
        r
        for r in store.rounds_of_kind(KIND, student)
        if (r.settings.get("drill") or {}).get("fingerprint") == drill.fingerprint
    ]


def next_attempt(store: Store, drill: Drill, student: str, retake: bool = False) -> Attempt:
    attempts = drill_rounds(store, drill, student)
    for number, record in enumerate(attempts, 1):
        if record.finished is None:
            return Attempt(number, unfinished=record)
    if attempts and not retake:
        return Attempt(len(attempts) + 1, blocked=attempts[-1])
    return Attempt(len(attempts) + 1)


def known_name(store: Store, name: str) -> str:
    """The student's name as first written, when they type it again in another case."""
    name = " ".join(name.split())
    return next((p for p in store.players() if p.casefold() == name.casefold()), name)


def play_attempt(
    library: Library,
    store: Store,
    drill: Drill,
    code: str,
    student: str,
    attempt: Attempt,
    results: ResultsFiles | None,
    **game_options: Any,
) -> DrillGame:
    """The game for this attempt: the unfinished one resumed, or a new one started. The
    results file is written at once, so a problem with it shows before the first question.
    Raises StoreError, or NothingToPlay."""
    if attempt.blocked is not None:
        raise ValueError("a finished attempt blocks this one; ask for a retake")
    if attempt.unfinished is not None:
        game = DrillGame.resume(library, store, attempt.unfinished, **game_options)
    else:
        game = DrillGame.start_items(
            store,
            student,
            drill.settings,
            draw_items(library, drill.settings),
            kind=KIND,
            meta=drill.meta(code),
            **game_options,
        )
    assert isinstance(game, DrillGame)
    game.drill, game.code, game.library, game.attempt = drill, code, library, attempt.number
    game.feedback = drill.feedback
    game.results = results
    if game.round.finished and attempt.unfinished is not None:
        store.finish_round(game.round_id, game.now())  # its questions were all answered already
    game.save_results()
    return game


# ---------------------------------------------------------------------------- results


class ResultArticle(Struct, frozen=True):
    id: str
    title: str
    publisher: str
    date: str


class ResultQuote(Struct, frozen=True):
    article: str
    paragraphs: list[int]
    text: str


class ResultChoice(Struct, frozen=True):
    text: str
    correct: bool
    why_not: str | None = None


class ResultQuestion(Struct, frozen=True):
    id: str
    bank: str
    type: str
    prompt: str
    difficulty: int
    marks: int  # what the question is worth, bonuses aside: the weight in the item statistics
    right_answer: str
    quotes: list[ResultQuote] = []
    choices: list[ResultChoice] = []


class ResultSettings(Struct, frozen=True):
    banks: list[str]
    tags: list[str]
    difficulties: list[int]
    count: int | None
    seed: int
    time_limit: int | None
    feedback: str
    speed_points: bool
    streak_bonus: bool


class DrillInfo(Struct, frozen=True):
    fingerprint: str
    code: str
    title: str | None
    banks_fingerprint: str
    settings: ResultSettings
    articles: list[ResultArticle]
    questions: list[ResultQuestion]


class ResultAnswer(Struct, frozen=True):
    position: int  # 1-based
    question: str
    given: Any  # as stored: indices into the question's own choices/items, the text, …
    answer: str  # the answer in words
    correct: bool
    credit: float
    points: int
    seconds: float
    timed_out: bool
    answered_at: str


class Results(Struct, frozen=True):
    """One student's attempt at one drill (the results file)."""

    format: str
    version: int
    drill: DrillInfo
    student: str
    attempt: int
    started: str
    finished: str | None
    score: int
    possible: int
    right: int
    answers: list[ResultAnswer]


def question_info(item: PlayItem) -> ResultQuestion:
    q = item.question
    quotes = [
        ResultQuote(p.article, list(range(p.paragraph, p.last_paragraph + 1)), quoted.quote)
        for p, quoted in zip(item.passages, present.quoted_paragraphs(item))
    ]
    choices = []
    if isinstance(q, (ChoiceQuestion, MultiQuestion)):
        choices = [ResultChoice(choice_text(c), choice_is_correct(c), getattr(c, "why_not", None)) for c in q.choices]
    return ResultQuestion(
        q.id,
        item.bank.id,
        item.kind,
        q.prompt,
        q.difficulty,
        POINTS_PER_LEVEL * q.difficulty,
        present.right_answer(item),
        quotes,
        choices,
    )


def results_from_record(
    record: RoundRecord, library: Library, drill: Drill, code: str, attempt: int | None = None
) -> Results:
    """The results of one attempt, from the database (the source of truth)."""
    items = items_from_plan(library, record.plan)
    by_position = dict(enumerate(items))
    answers = []
    for a in sorted(record.answers, key=lambda a: a.position):
        item = by_position.get(a.position)
        timed_out = a.given is None and not a.correct
        words = "(time ran out)" if timed_out else (present.given_answer(item, a.given) if item else str(a.given))
        answers.append(
            ResultAnswer(
                a.position + 1,
                a.question_id,
                a.given,
                words,
                a.correct,
                round(a.credit, 4),
                a.points,
                round(a.seconds, 2),
                timed_out,
                a.answered_at.isoformat(),
            )
        )
    present_items = [i for i in items if i is not None]
    articles = {a.id: a for i in present_items for a in i.bank.articles}
    s = drill.canonical()
    info = DrillInfo(
        drill.fingerprint,
        code,
        (record.settings.get("drill") or {}).get("title") or drill.title,
        drill.content[:16],
        ResultSettings(**s),
        [ResultArticle(a.id, a.title, a.publisher, a.date) for a in sorted(articles.values(), key=lambda a: a.id)],
        [question_info(i) for i in present_items],
    )
    if attempt is None:
        attempt = 1
    return Results(
        RESULTS_FORMAT,
        RESULTS_VERSION,
        info,
        record.player,
        attempt,
        record.started.isoformat(),
        record.finished.isoformat() if record.finished else None,
        record.score,
        sum(q.marks for q in info.questions),
        record.correct_count,
        answers,
    )


CSV_FIELDS = [
    "drill",
    "code",
    "student",
    "attempt",
    "started",
    "finished",
    "position",
    "question",
    "answer",
    "given",
    "correct",
    "credit",
    "points",
    "seconds",
    "timed_out",
    "answered_at",
]


def results_csv(results: Results) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for a in results.answers:
        writer.writerow(
            [
                results.drill.fingerprint,
                results.drill.code,
                results.student,
                results.attempt,
                results.started,
                results.finished or "",
                a.position,
                a.question,
                a.answer,
                json.dumps(a.given, ensure_ascii=False),
                "yes" if a.correct else "no",
                a.credit,
                a.points,
                a.seconds,
                "yes" if a.timed_out else "no",
                a.answered_at,
            ]
        )
    return out.getvalue()


def results_json(results: Results) -> str:
    return msgspec.json.format(msgspec.json.encode(results), indent=2).decode() + "\n"


class ResultsFileError(Exception):
    """A results file can't be read, or may not be written over; the message says which and why."""


_decoder = msgspec.json.Decoder(Results)
MAX_RESULTS_BYTES = 16 * 1024 * 1024


def read_results(path: Path) -> Results:
    """A results file; ResultsFileError (`path:line:col: error: …`) when it isn't one."""
    name = str(path)
    try:
        if path.stat().st_size > MAX_RESULTS_BYTES:
            raise ResultsFileError(
                f"{name}:1:1: error: larger than {MAX_RESULTS_BYTES // 2**20} MiB; not a results file"
            )
        data = path.read_bytes()
    except IsADirectoryError:
        raise ResultsFileError(f"{name}:1:1: error: is a folder; give the results files (*.json)") from None
    except OSError as exc:
        raise ResultsFileError(f"{name}:1:1: error: cannot read: {exc.strerror}") from None
    if data[: len(CSV_FIELDS[0])] == CSV_FIELDS[0].encode():
        raise ResultsFileError(
            f"{name}:1:1: error: this is the CSV copy of a results file; give quiz report the .json file beside it"
        )
    try:  # the syntax first, to say where it breaks; then the shape, to say which field
        raw = msgspec.json.decode(data)
    except msgspec.DecodeError as exc:
        text = str(exc)
        found = re.search(r"\(byte (\d+)\)", text)
        line, col = _line_col(data, int(found[1])) if found else (1, 1)
        raise ResultsFileError(f"{name}:{line}:{col}: error: not a quiz results file: {_lower(text)}") from None
    if not isinstance(raw, dict) or raw.get("format") != RESULTS_FORMAT:
        raise ResultsFileError(f'{name}:1:1: error: not a quiz results file (no "format": "{RESULTS_FORMAT}")')
    if isinstance(raw.get("version"), int) and raw["version"] > RESULTS_VERSION:
        raise ResultsFileError(
            f"{name}:1:1: error: written by a newer quiz (results version {raw['version']}); upgrade quiz to read it"
        )
    try:
        results = msgspec.convert(raw, Results)
    except msgspec.ValidationError as exc:
        raise ResultsFileError(f"{name}:1:1: error: not a quiz results file: {_lower(str(exc))}") from None
    return results


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    return before.count(b"\n") + 1, len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1


def _slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text).strip("-.") or "student"


@dataclass(frozen=True)
class ResultsFiles:
    """Where one attempt's results go: a JSON file and a CSV copy beside it."""

    json_path: Path
    csv_path: Path
    fingerprint: str
    student: str

    @classmethod
    def choose(cls, out: Path | None, drill: Drill, code: str, student: str, attempt: int) -> ResultsFiles:
        """`--out PATH`: PATH.json and PATH.csv (either suffix may be given); a folder or
        nothing: drill-CODE-STUDENT[-ATTEMPT].json and .csv there (or here)."""
        stem = f"drill-{code}-{_slug(student)}" + (f"-{attempt}" if attempt > 1 else "")
        if out is None or out.is_dir():
            base = (out or Path(".")) / stem
        elif out.suffix.lower() in (".json", ".csv"):
            base = out.with_suffix("")
        else:
            base = out
        return cls(Path(f"{base}.json"), Path(f"{base}.csv"), drill.fingerprint, student)

    def check(self) -> None:
        """Refuse (ResultsFileError) to write over a file that isn't this student's results
        for this drill: another student's, another drill's, or something else entirely."""
        for path in (self.json_path, self.csv_path):
            if not path.exists() and not path.is_symlink():
                continue
            if not self._ours(path):
                raise ResultsFileError(
                    f"{path} already exists and is not {self.student}'s results for this drill; it was "
                    "left untouched. Pick another file with --out, or move it away."
                )

    def _ours(self, path: Path) -> bool:
        try:
            if not path.is_file() or path.stat().st_size > MAX_RESULTS_BYTES:
                return False
            data = path.read_bytes()
        except OSError:
            return False
        if path == self.json_path:
            try:
                results = _decoder.decode(data)
            except msgspec.DecodeError:
                return False
            return (
                results.format == RESULTS_FORMAT
                and results.drill.fingerprint == self.fingerprint
                and results.student == self.student
            )
        try:
            rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        except (UnicodeDecodeError, csv.Error):
            return False
        return (
            bool(rows)
            and rows[0] == CSV_FIELDS
            and all(len(r) == len(CSV_FIELDS) and r[0] == self.fingerprint and r[2] == self.student for r in rows[1:])
        )

    def write(self, results: Results) -> None:
        from quiz.files import write_atomic

        self.check()  # again: someone may have put a file there since the drill began
        write_atomic(self.json_path, results_json(results))
        write_atomic(self.csv_path, results_csv(results))


@dataclass(frozen=True)
class StoredDrill:
    """A drill taken with this database: who took it, from its rounds."""

    fingerprint: str
    code: str
    title: str | None
    students: tuple[str, ...]
    finished: int  # finished attempts
    first_started: Any  # datetime of the first attempt
    drill: Drill


def stored_drills(store: Store) -> list[StoredDrill]:
    """Every drill taken with this database, the most recent first."""
    found: dict[str, list[RoundRecord]] = {}
    for record in store.rounds_of_kind(KIND):
        meta = record.settings.get("drill")
        if isinstance(meta, dict) and meta.get("fingerprint"):
            found.setdefault(str(meta["fingerprint"]), []).append(record)
    drills = []
    for fingerprint, records in found.items():
        meta = records[0].settings["drill"]
        drill = Drill(
            RoundSettings.from_dict(records[0].settings),
            str(meta.get("feedback", "each")),
            str(meta.get("content", "")),
            meta.get("title"),
        )
        drills.append(
            StoredDrill(
                fingerprint,
                str(meta.get("code", "")),
                meta.get("title"),
                tuple(sorted({r.player for r in records}, key=str.casefold)),
                sum(r.finished is not None for r in records),
                records[0].started,
                drill,
            )
        )
    return sorted(drills, key=lambda d: d.first_started, reverse=True)


def stored_results(store: Store, library: Library, drill: Drill, code: str) -> list[tuple[str, Results]]:
    """Every attempt at this drill in the database, as results (labelled for messages).

    CodeError when the banks have changed since, so the questions can't be described as they were."""
    if content_hash(chosen_banks(library, drill.settings)) != drill.content:
        raise CodeError(
            f"the banks have changed since the drill {code} was taken; report it from its results files instead"
        )
    attempts: dict[str, int] = {}
    found = []
    for record in store.rounds_of_kind(KIND):
        if (record.settings.get("drill") or {}).get("fingerprint") != drill.fingerprint:
            continue
        attempts[record.player] = attempts.get(record.player, 0) + 1
        found.append(
            (f"{record.player} (database)", results_from_record(record, library, drill, code, attempts[record.player]))
        )
    return found
