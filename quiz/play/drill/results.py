"""results."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import msgspec
from msgspec import Struct

from quiz.core import present
from quiz.core.banks import Library
from quiz.core.kinds import KINDS, AnyQuestion, kind_of
from quiz.core.kinds.choice import ChoiceQuestion
from quiz.core.kinds.multi import MultiQuestion
from quiz.core.kinds.truefalse import TrueFalseQuestion
from quiz.core.model import Choice, Question, choice_is_correct, choice_text
from quiz.core.round import (
    POINTS_PER_LEVEL,
    SPEED_SHARE,
    STREAK_CAP,
    PlayItem,
    RoundSettings,
    items_from_plan,
    points_for,
)
from quiz.core.safe_text import csv_row, json_bytes_safe, terminal_text
from quiz.play.drill.code import CodeError
from quiz.play.drill.definition import KIND, RESULTS_FORMAT, RESULTS_VERSION, Drill, chosen_banks, content_hash
from quiz.store.interface import RoundRecord, Store

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
    # The question as its bank has it (the grader's key), so a report can grade each answer
    # again instead of believing the marks stored beside it. Files written before it: None.
    key: Any = None


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
    choices = [
        ResultChoice(choice_text(c), choice_is_correct(c), getattr(c, "why_not", None))
        for c in kind_of(q).choice_list(q)
    ]
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
        msgspec.to_builtins(q),
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
            _csv_cells(
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
        )
    return out.getvalue()


def _csv_cells(row: list[Any]) -> list[Any]:
    """What a student typed, shown as text in a terminal and never run as a formula by a spreadsheet."""
    return csv_row([terminal_text(c, lines=True) if isinstance(c, str) else c for c in row])


def results_json(results: Results) -> str:
    return json_bytes_safe(msgspec.json.format(msgspec.json.encode(results), indent=2)).decode() + "\n"


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
    for question in results.drill.questions:
        if question.type not in KINDS:  # a report reads each kind its own way: no guessing
            raise ResultsFileError(f"{name}:1:1: error: unknown question type {question.type!r}")
    impossible = impossible_values(results)
    if impossible:
        where = _locate(data, impossible[0][0])
        raise ResultsFileError(
            f"{name}:{where[0]}:{where[1]}: error: impossible values, so not a results file quiz wrote: "
            + "; ".join(problem for _, problem in impossible[:5])
            + (f"; and {len(impossible) - 5} more" if len(impossible) > 5 else "")
        )
    return results


def _locate(data: bytes, needle: str) -> tuple[int, int]:
    """Where a problem's value is in the file (its n-th answer's key), or the top."""
    found = re.fullmatch(r"answers\[(\d+)\]\.(\w+)", needle)
    if not found:
        return 1, 1
    offset = -1
    for _ in range(int(found[1]) + 1):
        offset = data.find(f'"{found[2]}"'.encode(), offset + 1)
        if offset < 0:
            return 1, 1
    return _line_col(data, offset)


def max_points(marks: int, settings: ResultSettings) -> int:
    """The most one answer can earn: full marks plus the largest streak and speed bonuses."""
    share = 1.0 + (STREAK_CAP if settings.streak_bonus else 0.0)
    share += SPEED_SHARE if settings.speed_points and settings.time_limit else 0.0
    return round(marks * share) + 2  # each bonus is rounded on its own


def impossible_values(results: Results) -> list[tuple[str, str]]:
    """Values no run of quiz can have written: (where, what) for each. A file that has them was
    edited, or damaged; either way its marks can't be used."""
    problems: list[tuple[str, str]] = []
    questions = {q.id: q for q in results.drill.questions}
    if len(questions) != len(results.drill.questions):
        problems.append(("", "the same question is listed twice"))
    keyed = [q.key is not None for q in results.drill.questions]
    if any(keyed) and not all(keyed):  # a key taken out, so that answer can't be graded again
        problems.append(("", "some questions carry their key and some don't"))
    for q in results.drill.questions:
        if q.key is not None and _question_from(q) is None:
            problems.append(("", f"the key of question {q.id} is not a question of its type"))
        if q.difficulty not in (1, 2, 3) or q.marks != POINTS_PER_LEVEL * q.difficulty:
            problems.append(("", f"question {q.id} is worth {q.marks}, not {POINTS_PER_LEVEL} per level of difficulty"))
    if results.possible != sum(q.marks for q in results.drill.questions):
        problems.append(("", f"{results.possible} points possible, but the questions add up to another total"))
    if results.attempt < 1:
        problems.append(("", f"attempt {results.attempt}"))
    seen: set[int] = set()
    for n, a in enumerate(results.answers):
        where = f"answers[{n}]"
        asked = questions.get(a.question)
        if asked is None:
            problems.append(
                (f"{where}.question", f"answer {a.position} is to {a.question!r}, not a question of this drill")
            )
            continue
        if a.position in seen or not 1 <= a.position <= len(results.drill.questions):
            problems.append((f"{where}.position", f"answer position {a.position} repeated or out of range"))
        seen.add(a.position)
        if not math.isfinite(a.credit) or not 0.0 <= a.credit <= 1.0:
            problems.append((f"{where}.credit", f"answer {a.position}: a credit of {a.credit} (from 0 to 1)"))
        top = max_points(asked.marks, results.drill.settings)
        if not 0 <= a.points <= top:
            problems.append(
                (f"{where}.points", f"answer {a.position}: {a.points} points (at most {top} for {asked.id})")
            )
        if not math.isfinite(a.seconds) or a.seconds < 0:
            problems.append((f"{where}.seconds", f"answer {a.position}: {a.seconds} seconds"))
    if len(results.answers) > len(results.drill.questions):
        problems.append(("", f"{len(results.answers)} answers to {len(results.drill.questions)} questions"))
    return problems


@dataclass(frozen=True)
class Regraded:
    """A results file's answers graded again from the questions it carries."""

    results: Results  # with the marks the grader gives
    disagreements: list[str]  # where the stored marks said otherwise
    not_regraded: int  # answers whose question the file carries no key for (older files)


def _question_from(q: ResultQuestion) -> Question | None:
    """The grader's question: the key the file carries; for files without one, what the
    choices and the right answer say (choice, multi, true/false); otherwise None."""
    if q.key is not None:
        try:
            question: Question = msgspec.convert(q.key, AnyQuestion)
        except msgspec.ValidationError:
            return None
        if question.id != q.id or type(question).__struct_config__.tag != q.type or question.difficulty != q.difficulty:
            return None
        return question
    common: dict[str, Any] = {
        "id": q.id,
        "prompt": "-",
        "explanation": "-",
        "quotes": ["-"],
        "difficulty": q.difficulty,
    }
    if q.type in ("choice", "multi") and q.choices:
        kind = ChoiceQuestion if q.type == "choice" else MultiQuestion
        return kind(choices=[Choice(text=c.text or "-", correct=c.correct) for c in q.choices], **common)
    if q.type == "truefalse" and q.right_answer in ("True", "False"):
        return TrueFalseQuestion(answer=q.right_answer == "True", **common)
    return None


def regrade(results: Results) -> Regraded:
    """Grade every answer again with the real grader and score it with the real points rule,
    from the questions and keys the file carries; say where the stored marks disagree."""
    from quiz.core.grading import Grade
    from quiz.core.kinds import grade

    settings = RoundSettings(
        streak_bonus=results.drill.settings.streak_bonus,
        speed_points=results.drill.settings.speed_points,
        time_limit=results.drill.settings.time_limit,
    )
    questions = {q.id: q for q in results.drill.questions}
    disagreements: list[str] = []
    answers: list[ResultAnswer] = []
    streak = 0
    not_regraded = 0
    for a in sorted(results.answers, key=lambda a: a.position):
        q = questions[a.question]
        question = _question_from(q)
        if question is None:
            not_regraded += 1
            answers.append(a)
            streak = streak + 1 if a.correct else 0
            continue
        late = bool(settings.time_limit) and a.seconds > (settings.time_limit or 0)
        timed_out = a.timed_out or late or a.given is None
        result = Grade(0.0, "time ran out") if timed_out else grade(question, a.given)
        item = PlayItem(question, cast(Any, None))
        points, _, streak = points_for(item, result, streak, settings, a.seconds)
        again = msgspec.structs.replace(
            a, correct=result.correct, credit=round(result.credit, 4), points=points, timed_out=timed_out
        )
        if (a.correct, a.points, a.timed_out) != (again.correct, again.points, again.timed_out) or abs(
            a.credit - again.credit
        ) > 1e-3:
            disagreements.append(
                f"answer {a.position} ({a.question}): stored {_marks(a)}, graded again {_marks(again)}"
            )
        answers.append(again)
    stored_total = (results.score, results.right)
    graded = msgspec.structs.replace(
        results,
        answers=answers,
        score=sum(a.points for a in answers),
        right=sum(a.correct for a in answers),
    )
    if stored_total != (graded.score, graded.right) and not disagreements:
        disagreements.append(
            f"stored total {results.score} points, {results.right} right; the answers add up to "
            f"{graded.score} points, {graded.right} right"
        )
    return Regraded(graded, disagreements, not_regraded)


def _marks(a: ResultAnswer) -> str:
    if a.timed_out:
        return "timed out, 0 points"
    return f"{'right' if a.correct else 'wrong'} ({a.credit:g}), {a.points} points"


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    return before.count(b"\n") + 1, len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1


def _slug(text: str) -> str:
    """A file name part for a student's name: readable, short enough for any file system, and
    distinct for distinct names (a short hash of the name when the slug alone would lose a difference)."""
    slug = re.sub(r"[^\w.-]+", "-", text).strip("-.")[:60].strip("-.")
    if slug != text:
        slug = f"{slug or 'student'}-{hashlib.sha256(text.encode()).hexdigest()[:6]}"
    return slug


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
        student = _csv_cells([self.student])[0]  # as the CSV writes it
        return (
            bool(rows)
            and rows[0] == CSV_FIELDS
            and all(len(r) == len(CSV_FIELDS) and r[0] == self.fingerprint and r[2] == student for r in rows[1:])
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
