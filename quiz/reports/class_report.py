"""The class report of one drill: per student, per question (item analysis) and per
paragraph of the article (the passages the class misread). Plain Python over results
(`quiz.play.drill.results.Results`), whether read from files or built from the database.

Item statistics follow Moodle's quiz statistics report:

- facility: the question's average mark divided by its maximum mark, i.e. the share right
  when a question is right or wrong (partial credit counts as its share);
- discrimination index: the correlation of the marks for this question with the marks for
  the REST of the drill (the total without this question), as a percentage:
      DI = 100 · Cov(x, X−x) / √(V(x) · V(X−x)),
  the n−1 denominators cancelling; none when either variance is 0 (everyone scored the same).
  This is `secondary_question_walker()` in Moodle's
  question/classes/statistics/questions/calculator.php, described in MoodleDocs' "Quiz
  statistics calculations". Like Moodle, they use each student's first attempt, and only
  attempts that were finished (an unanswered question is not a wrong one).

Marks are the points a question is worth without bonuses (100 per level of difficulty,
times the credit earned): streak and speed bonuses reward order and speed, not knowledge.
"""

from __future__ import annotations

import csv
import html
import io
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from quiz.core.kinds import kind_named
from quiz.core.safe_text import csv_row, json_text, name_key, terminal_text
from quiz.core.wording import abridge, citation, counted, duration
from quiz.play.drill.definition import FEEDBACK_WORDS
from quiz.play.drill.results import ResultQuestion, Results

TOO_EASY = 0.90  # facility at or above: nearly everyone right, the question tells you little
TOO_HARD = 0.20  # facility at or below: check it is clear, fair and keyed right


class DifferentDrills(Exception):
    """Results of more than one drill were given together; the message lists which is which."""


@dataclass(frozen=True)
class StudentLine:
    student: str
    attempt: int
    score: int  # points, bonuses included
    possible: int
    right: int
    answered: int
    questions: int
    seconds: float
    timed_out: int
    finished: bool

    @property
    def share_right(self) -> float:
        return self.right / self.questions if self.questions else 0.0


@dataclass(frozen=True)
class QuestionLine:
    position: int  # 1-based, in the drill's order
    id: str
    prompt: str
    type: str
    answered: int  # answers given (first attempts)
    right: int
    timed_out: int
    finished_answers: int  # the answers the item statistics are computed on
    facility: float | None  # 0..1
    discrimination: float | None  # -100..100, Moodle's percentage
    wrong_answer: str | None  # the most chosen wrong answer
    wrong_count: int
    why_not: str | None  # what the bank says about that wrong answer
    flags: tuple[str, ...]


@dataclass(frozen=True)
class ParagraphLine:
    article: str
    paragraph: int
    cite: str
    asked: int  # answers to questions quoting this paragraph
    missed: int  # of which not fully right
    questions: tuple[str, ...]
    quote: str

    @property
    def share_missed(self) -> float:
        return self.missed / self.asked if self.asked else 0.0


@dataclass(frozen=True)
class ClassReport:
    fingerprint: str
    code: str
    title: str | None
    description: str
    students: list[StudentLine]
    questions: list[QuestionLine]
    paragraphs: list[ParagraphLine]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for line, student in zip(data["students"], self.students):
            line["share_right"] = round(student.share_right, 4)
        for line, paragraph in zip(data["paragraphs"], self.paragraphs):
            line["share_missed"] = round(paragraph.share_missed, 4)
        return {"format": "quiz-class-report", "version": 1, **data}


def for_terminal(report: ClassReport) -> ClassReport:
    """The report with every text shown as text (control characters made visible): what a
    screen shows. Names, answers and bank text in a results file are the student's to write."""

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return terminal_text(value, lines=True)
        if isinstance(value, (list, tuple)):
            return type(value)(clean(v) for v in value)
        if hasattr(value, "__dataclass_fields__"):
            return replace(value, **{f: clean(getattr(value, f)) for f in value.__dataclass_fields__})
        return value

    return clean(report)


def discrimination_index(item_marks: Sequence[float], rest_marks: Sequence[float]) -> float | None:
    """Moodle's discrimination index: 100 × the correlation of the item's marks with the marks
    on the rest of the test; None with fewer than 2 students or when a variance is 0."""
    n = len(item_marks)
    if n < 2:
        return None
    mean_x = sum(item_marks) / n
    mean_r = sum(rest_marks) / n
    covariance = sum((x - mean_x) * (r - mean_r) for x, r in zip(item_marks, rest_marks)) / (n - 1)
    variance_x = sum((x - mean_x) ** 2 for x in item_marks) / (n - 1)
    variance_r = sum((r - mean_r) ** 2 for r in rest_marks) / (n - 1)
    if variance_x * variance_r <= 1e-12:
        return None
    return 100 * covariance / math.sqrt(variance_x * variance_r)


def first_attempts(results: Sequence[tuple[str, Results]]) -> tuple[list[Results], list[str]]:
    """Each student's first attempt (as Moodle's report does by default), and notes on the rest."""
    drills: dict[str, list[str]] = defaultdict(list)
    for name, r in results:
        drills[r.drill.fingerprint].append(name)
    if len(drills) > 1:
        codes = {r.drill.fingerprint: r.drill.code for _, r in results}
        groups = "; ".join(f"{', '.join(names)}: drill {codes[fp]} (fingerprint {fp})" for fp, names in drills.items())
        raise DifferentDrills(
            f"these results are from {len(drills)} different drills and can't be "
            f"reported together ({groups}); report each drill on its own"
        )
    best: dict[str, Results] = {}
    notes = []

    for _name, r in results:
        kept = best.get(name_key(r.student))
        if kept is not None:
            later = r if r.attempt >= kept.attempt else kept
            notes.append(f"{r.student}: attempt {later.attempt} left out; the report uses each student's first attempt")
            if r.attempt >= kept.attempt:
                continue
        best[name_key(r.student)] = r
    return sorted(best.values(), key=lambda r: r.student.casefold()), notes


def build(results: Sequence[tuple[str, Results]], description: str = "") -> ClassReport:
    """The report of one drill's results, given as (where each came from, results)."""
    if not results:
        raise ValueError("no results")
    attempts, notes = first_attempts(results)
    info = attempts[0].drill
    questions = info.questions
    students = [_student_line(r, len(questions)) for r in attempts]
    finished = [r for r in attempts if r.finished]
    unfinished = len(attempts) - len(finished)
    if unfinished:
        notes.append(
            f"{counted(unfinished, 'unfinished attempt')}: counted per student, per "
            "paragraph and in the wrong answers, left out of facility and discrimination (as Moodle does)"
        )
    marks = {
        r.student: {a.question: a.credit * q.marks for q in questions for a in r.answers if a.question == q.id}
        for r in finished
    }
    totals = {student: sum(m.values()) for student, m in marks.items()}
    lines = [_question_line(n, q, attempts, finished, marks, totals) for n, q in enumerate(questions, 1)]
    return ClassReport(
        info.fingerprint,
        info.code,
        # students who joined by code elsewhere have no title: any attempt that knows it says it
        next((a.drill.title for a in attempts if a.drill.title), None),
        description or _describe(info),
        students,
        lines,
        _paragraphs(info, attempts),
        notes,
    )


def _describe(info) -> str:
    s = info.settings
    parts = [
        ", ".join(s.banks),
        f"{len(info.questions)} questions",
        f"{s.time_limit} s per question" if s.time_limit else "no time limit",
        f"feedback {FEEDBACK_WORDS.get(s.feedback, s.feedback)}",
        f"speed points {'on' if s.speed_points else 'off'}",
        f"streak bonus {'on' if s.streak_bonus else 'off'}",
    ]
    return " · ".join(parts)


def _student_line(r: Results, questions: int) -> StudentLine:
    return StudentLine(
        r.student,
        r.attempt,
        sum(a.points for a in r.answers),
        r.possible,
        sum(a.correct for a in r.answers),
        len(r.answers),
        questions,
        round(sum(a.seconds for a in r.answers), 2),
        sum(a.timed_out for a in r.answers),
        r.finished is not None,
    )


def _question_line(
    position: int,
    q: ResultQuestion,
    attempts: list[Results],
    finished: list[Results],
    marks: dict[str, dict[str, float]],
    totals: dict[str, float],
) -> QuestionLine:
    answers = [a for r in attempts for a in r.answers if a.question == q.id]
    scored = [r.student for r in finished if q.id in marks[r.student]]
    item = [marks[s][q.id] for s in scored]
    rest = [totals[s] - marks[s][q.id] for s in scored]
    facility = sum(x / q.marks for x in item) / len(item) if item and q.marks else None
    discrimination = discrimination_index(item, rest)
    wrong, count, why = _most_chosen_wrong(q, answers)
    flags = []
    if facility is not None and facility >= TOO_EASY:
        flags.append("too easy")
    if facility is not None and facility <= TOO_HARD:
        flags.append("too hard")
    if discrimination is not None and discrimination < 0:
        flags.append("negative discrimination")
    return QuestionLine(
        position,
        q.id,
        q.prompt,
        q.type,
        len(answers),
        sum(a.correct for a in answers),
        sum(a.timed_out for a in answers),
        len(item),
        facility,
        None if discrimination is None else round(discrimination, 2),
        wrong,
        count,
        why,
        tuple(flags),
    )


def _most_chosen_wrong(q: ResultQuestion, answers) -> tuple[str | None, int, str | None]:
    """The wrong answer given most often (time-outs aside), with the bank's "why not" if any."""
    counts: Counter = Counter()
    shown: dict[Any, str] = {}
    for a in answers:
        if a.correct or a.timed_out:
            continue
        picked = kind_named(q.type).picked_choices(a.given, [c.correct for c in q.choices])
        if picked is not None:
            keys = list(picked)
        else:
            keys = [" ".join(a.answer.casefold().split())]
            shown.setdefault(keys[0], a.answer)
        counts.update(keys)
    if not counts:
        return None, 0, None
    key, count = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[0]
    if isinstance(key, int):
        choice = q.choices[key]
        return choice.text, count, choice.why_not
    return shown[key], count, None


def _paragraphs(info, attempts: list[Results]) -> list[ParagraphLine]:
    articles = {a.id: a for a in info.articles}
    quoting: dict[tuple[str, int], list[ResultQuestion]] = defaultdict(list)
    quotes: dict[tuple[str, int], str] = {}
    for q in info.questions:
        for quote in q.quotes:
            for paragraph in quote.paragraphs:
                key = (quote.article, paragraph)
                if q not in quoting[key]:
                    quoting[key].append(q)
                quotes.setdefault(key, quote.text)
    lines = []
    for (article_id, paragraph), qs in quoting.items():
        ids = {q.id for q in qs}
        answers = [a for r in attempts for a in r.answers if a.question in ids]
        article = articles.get(article_id)
        cite = (
            citation(article.publisher, article.date, paragraph) if article else f"{article_id}, paragraph {paragraph}"
        )
        lines.append(
            ParagraphLine(
                article_id,
                paragraph,
                cite,
                len(answers),
                sum(not a.correct for a in answers),
                tuple(q.id for q in qs),
                quotes[(article_id, paragraph)],
            )
        )
    return sorted(lines, key=lambda p: (-p.share_missed, -p.missed, p.article, p.paragraph))


# ---------------------------------------------------------------------------- formats


def percent(value: float | None, signed: bool = False) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    return f"{value:+.0f}%" if signed else f"{100 * value:.0f}%"


def as_table(report: ClassReport) -> str:
    """For a terminal: every value from the results (names, answers, bank text) shown as text."""
    t = terminal_text
    lines = [
        f"Drill {t(report.code)}" + (f" · {t(report.title)}" if report.title else ""),
        t(report.description),
        f"fingerprint {t(report.fingerprint)}",
        "",
    ]
    finished = sum(s.finished for s in report.students)
    lines.append(f"Students ({len(report.students)}, {finished} finished)")
    lines.append(f"  {'student':<24} {'score':>6} {'right':>9} {'%':>5} {'time':>6}  state")
    for s in report.students:
        state = "finished" if s.finished else f"{s.answered}/{s.questions} answered"
        if s.timed_out:
            state += f", {s.timed_out} timed out"
        lines.append(
            f"  {t(abridge(s.student, 24)):<24} {s.score:>6} {f'{s.right} of {s.questions}':>9} "
            f"{percent(s.share_right):>5} {duration(s.seconds):>6}  {state}"
        )
    lines += [
        "",
        "Questions (facility and discrimination: finished attempts, as Moodle computes them)",
        f"  {'#':>2} {'question':<34} {'right':>7} {'facility':>8} {'discr.':>7}  needs checking",
    ]
    for q in report.questions:
        lines.append(
            f"  {q.position:>2} {t(abridge(q.id, 34)):<34} {f'{q.right}/{q.answered}':>7} "
            f"{percent(q.facility):>8} {percent(q.discrimination, signed=True):>7}  "
            + (t(", ".join(q.flags)) if q.flags else "")
        )
        lines.append(f"     {t(abridge(q.prompt, 74))}")
        if q.wrong_answer is not None:
            lines.append(f"     most chosen wrong answer ({q.wrong_count}): {t(abridge(q.wrong_answer, 50))}")
            if q.why_not:
                lines.append(f"     why not: {t(abridge(q.why_not, 66))}")
        if q.timed_out:
            lines.append(f"     timed out: {q.timed_out}")
    lines += ["", "Paragraphs: how often the class missed the questions quoting them (most missed first)"]
    for p in report.paragraphs:
        lines.append(f"  {f'{p.missed} of {p.asked}':>8} missed {percent(p.share_missed):>5}  {t(p.cite)}")
        lines.append(f"     > {t(abridge(p.quote, 72))}")
        lines.append(f"     quoted by {t(', '.join(p.questions))}")
    if report.notes:
        lines.append("")
        lines += [f"note: {t(n)}" for n in report.notes]
    return "\n".join(lines) + "\n"


class _SafeWriter:
    """A csv writer whose every cell is shown as text in a terminal and never run as a formula."""

    def __init__(self, out: io.StringIO):
        self._writer = csv.writer(out, lineterminator="\r\n")

    def writerow(self, row: list[Any]) -> None:
        self._writer.writerow(csv_row([terminal_text(c, lines=True) if isinstance(c, str) else c for c in row]))


def as_csv(report: ClassReport) -> str:
    """Three tables one after another, each with its header row, a blank line between."""
    out = io.StringIO()
    w = _SafeWriter(out)
    w.writerow(
        [
            "student",
            "attempt",
            "score",
            "possible",
            "right",
            "questions",
            "share_right",
            "seconds",
            "timed_out",
            "finished",
        ]
    )
    for s in report.students:
        w.writerow(
            [
                s.student,
                s.attempt,
                s.score,
                s.possible,
                s.right,
                s.questions,
                round(s.share_right, 4),
                s.seconds,
                s.timed_out,
                "yes" if s.finished else "no",
            ]
        )
    w.writerow([])
    w.writerow(
        [
            "position",
            "question",
            "prompt",
            "answered",
            "right",
            "facility",
            "discrimination_index",
            "most_chosen_wrong_answer",
            "chosen",
            "why_not",
            "timed_out",
            "needs_checking",
        ]
    )
    for q in report.questions:
        w.writerow(
            [
                q.position,
                q.id,
                q.prompt,
                q.answered,
                q.right,
                "" if q.facility is None else round(q.facility, 4),
                "" if q.discrimination is None else q.discrimination,
                q.wrong_answer or "",
                q.wrong_count,
                q.why_not or "",
                q.timed_out,
                "; ".join(q.flags),
            ]
        )
    w.writerow([])
    w.writerow(["article", "paragraph", "asked", "missed", "share_missed", "questions", "quote"])
    for p in report.paragraphs:
        w.writerow(
            [p.article, p.paragraph, p.asked, p.missed, round(p.share_missed, 4), " ".join(p.questions), p.quote]
        )
    return out.getvalue()


def as_json(report: ClassReport) -> str:
    return json_text(report.to_dict()) + "\n"


def as_html(report: ClassReport) -> str:
    """One self-contained page: no script, nothing fetched; every value escaped (and shown as
    text should the page be printed to a terminal)."""

    def e(value: str) -> str:
        return html.escape(terminal_text(value, lines=True))

    def table(head: list[str], rows: list[list[str]]) -> str:
        cells = "".join(f"<th>{e(h)}</th>" for h in head)
        body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows)
        return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"

    students = table(
        ["student", "score", "right", "%", "time", "state"],
        [
            [
                s.student,
                str(s.score),
                f"{s.right} of {s.questions}",
                percent(s.share_right),
                duration(s.seconds),
                "finished" if s.finished else f"{s.answered}/{s.questions} answered",
            ]
            for s in report.students
        ],
    )
    questions = table(
        [
            "#",
            "question",
            "right",
            "facility",
            "discrimination",
            "most chosen wrong answer",
            "why not",
            "needs checking",
        ],
        [
            [
                str(q.position),
                f"{q.id}: {q.prompt}",
                f"{q.right}/{q.answered}",
                percent(q.facility),
                percent(q.discrimination, signed=True),
                f"{q.wrong_answer} ({q.wrong_count})" if q.wrong_answer is not None else "",
                q.why_not or "",
                ", ".join(q.flags),
            ]
            for q in report.questions
        ],
    )
    paragraphs = table(
        ["missed", "%", "paragraph", "quoted passage", "questions"],
        [
            [f"{p.missed} of {p.asked}", percent(p.share_missed), p.cite, p.quote, ", ".join(p.questions)]
            for p in report.paragraphs
        ],
    )
    notes = "".join(f"<p class=note>{e(n)}</p>" for n in report.notes)
    title = f"Drill {report.code}" + (f" · {report.title}" if report.title else "")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:75em}}table{{border-collapse:collapse;margin:1em 0}}
td,th{{border:1px solid #999;padding:.3em .6em;text-align:left;vertical-align:top}}.note{{color:#555}}</style>
</head><body>
<h1>{e(title)}</h1><p>{e(report.description)}<br>fingerprint {e(report.fingerprint)}</p>
<h2>Students</h2>{students}
<h2>Questions</h2><p>Facility and discrimination index as Moodle computes them, on finished attempts.</p>{questions}
<h2>Paragraphs the class missed</h2>{paragraphs}
{notes}</body></html>
"""


FORMATS = {"table": as_table, "csv": as_csv, "json": as_json, "html": as_html}
