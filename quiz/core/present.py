"""Words for what happened: answers, citations and quoted passages, as plain text.

Shared by every front end (Textual, plain text, reports), so they all say the same thing.
Nothing here knows how it will be drawn.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from quiz.core import wording
from quiz.core.grading import parse_number
from quiz.core.model import (
    Article,
    Choice,
    ChoiceQuestion,
    MatchQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Passage,
    Question,
    TextQuestion,
    TrueFalseQuestion,
    choice_is_correct,
    choice_text,
)
from quiz.core.round import Outcome, PlayItem
from quiz.core.wording import abridge, counted, duration, long_date  # noqa: F401 (the words front ends use, in one place)

RIGHT_MARK, PARTLY_MARK, WRONG_MARK = "✔", "◐", "✘"
ASCII_MARKS = {"✔": "+", "◐": "~", "✘": "x"}


def citation(article: Article, passage: Passage) -> str:
    return wording.citation(article.publisher, article.date, passage.paragraph, passage.last_paragraph)


def article_line(article: Article) -> str:
    return f"{article.title} ({article.publisher}, {long_date(article.date)})"


def verdict(outcome: Outcome) -> tuple[str, str]:
    """(mark, words): never colour alone."""
    if outcome.timed_out:
        return WRONG_MARK, "Time's up"
    if outcome.grade.correct:
        return RIGHT_MARK, "Right"
    if outcome.grade.credit > 0:
        return PARTLY_MARK, "Partly right"
    return WRONG_MARK, "Wrong"


def options(item: PlayItem) -> list[str]:
    """What the player picks from, in display order (choice, multi, truefalse)."""
    q = item.question
    if isinstance(q, (ChoiceQuestion, MultiQuestion)):
        return [choice_text(q.choices[i]) for i in item.order]
    if isinstance(q, TrueFalseQuestion):
        return ["True", "False"]
    return []


def right_answer(item: PlayItem) -> str:
    return answer_in_words(item.question)


def answer_in_words(q: Question) -> str:
    """The right answer as a player reads it (feedback, exports)."""
    if isinstance(q, ChoiceQuestion):
        return next(choice_text(c) for c in q.choices if choice_is_correct(c))
    if isinstance(q, MultiQuestion):
        return "; ".join(choice_text(c) for c in q.choices if choice_is_correct(c))
    if isinstance(q, TrueFalseQuestion):
        return "True" if q.answer else "False"
    if isinstance(q, TextQuestion):
        return q.answer
    if isinstance(q, NumberQuestion):
        text = f"{q.answer:g}" + (f" {q.unit}" if q.unit else "")
        return text + (f" (±{q.tolerance:g})" if q.tolerance else "")
    if isinstance(q, OrderQuestion):
        return " → ".join(q.items)
    assert isinstance(q, MatchQuestion)
    return "; ".join(f"{p.left} → {p.right}" for p in q.pairs)


def given_answer(item: PlayItem, given: Any) -> str:
    """The player's answer in words (given is in the question's own indices)."""
    q = item.question
    if given is None:
        return "(no answer)"
    try:
        if isinstance(q, ChoiceQuestion):
            return choice_text(q.choices[given])
        if isinstance(q, MultiQuestion):
            picked = [choice_text(q.choices[i]) for i in sorted(given)]
            return "; ".join(picked) if picked else "(nothing picked)"
        if isinstance(q, TrueFalseQuestion):
            return "True" if given else "False"
        if isinstance(q, NumberQuestion):
            value = parse_number(str(given))
            return str(given) if value is None else f"{value:g}" + (f" {q.unit}" if q.unit else "")
        if isinstance(q, OrderQuestion):
            return " → ".join(q.items[i] for i in given)
        if isinstance(q, MatchQuestion):
            return "; ".join(f"{q.pairs[left].left} → {q.pairs[right].right}" for left, right in enumerate(given))
    except (IndexError, TypeError, KeyError):
        return str(given)
    return str(given)


def why_not(outcome: Outcome) -> list[tuple[str, str, Passage | None]]:
    """For each wrong choice the player picked: (choice, why it is wrong, its passage)."""
    q = outcome.item.question
    if not isinstance(q, (ChoiceQuestion, MultiQuestion)) or outcome.given is None:
        return []
    picked = [outcome.given] if isinstance(q, ChoiceQuestion) else sorted(outcome.given)
    found = []
    for index in picked:
        choice = q.choices[index] if isinstance(index, int) and 0 <= index < len(q.choices) else None
        if isinstance(choice, Choice) and not choice.correct and choice.why_not:
            found.append((choice.text, choice.why_not, outcome.item.bank.why_not_passages.get((q.id, index))))
    return found


@dataclass(frozen=True)
class QuotedParagraph:
    """A paragraph split around a quoted passage: before, the quote, after."""

    article: Article
    passage: Passage
    before: str
    quote: str
    after: str

    @property
    def cite(self) -> str:
        return citation(self.article, self.passage)


def in_paragraph(article: Article, passage: Passage) -> QuotedParagraph:
    first = article.paragraphs[passage.paragraph - 1]
    if passage.last_paragraph == passage.paragraph:
        return QuotedParagraph(
            article, passage, first[: passage.start], first[passage.start : passage.end], first[passage.end :]
        )
    last = article.paragraphs[passage.last_paragraph - 1]
    middle = article.paragraphs[passage.paragraph : passage.last_paragraph - 1]
    quote = "\n\n".join([first[passage.start :], *middle, last[: passage.end]])
    return QuotedParagraph(article, passage, first[: passage.start], quote, last[passage.end :])


def quoted_paragraphs(item: PlayItem) -> list[QuotedParagraph]:
    articles = {a.id: a for a in item.bank.articles}
    return [in_paragraph(articles[p.article], p) for p in item.passages if p.article in articles]


# ---------------------------------------------------------------------------- review


def when(moment: dt.datetime, now: dt.datetime | None = None) -> str:
    """'in 10 minutes (09:40)', 'in 3 hours (14:05)', 'tomorrow at 09:00', 'in 4 days (Fri 9 Jan)':
    local time, as a player would say it."""
    now = now or dt.datetime.now(dt.timezone.utc)
    local, today = moment.astimezone(), now.astimezone()
    seconds = (moment - now).total_seconds()
    if seconds <= 0:
        return "now"
    if seconds < 60:
        return "in under a minute"
    days = (local.date() - today.date()).days
    if seconds < 3600:
        minutes = round(seconds / 60)
        return f"in {counted(minutes, 'minute')} ({local:%H:%M})"
    if days == 0:
        hours = round(seconds / 3600)
        return f"in {counted(hours, 'hour')} ({local:%H:%M})"
    if days == 1:
        return f"tomorrow at {local:%H:%M}"
    return f"in {days} days ({local:%a} {local.day} {local:%b})"


def nothing_due(summary, now: dt.datetime) -> str:
    """What Review says when nothing is due (summary: a quiz.review.DueSummary)."""
    if not summary.cards:
        return (
            "Nothing to review yet: every question you answer, in any round, comes back here "
            "when it is due. Play a round first."
        )
    text = "Nothing is due for review."
    if summary.next_due is not None:
        text += f" The next review is {when(summary.next_due, now)}."
    return text + " You can practise the most-forgotten questions anyway; the schedule stays as it is."


def session_intro(kind: str, count: int, summary) -> str:
    if kind == "practice":
        return f"Practice: {counted(count, 'question')}, the most forgotten first; the schedule stays as it is."
    more = summary.now - count
    return (
        f"Review: {counted(count, 'question')} due"
        + (f" ({more} more after this session)" if more > 0 else "")
        + "; your answers set when each comes back."
    )


def scheduling_line(scheduling, now: dt.datetime) -> str:
    """What an answer did to the schedule (scheduling: a quiz.review.Scheduling, or None in practice)."""
    if scheduling is None:
        return "Practice: the schedule is unchanged."
    return f"Rated {scheduling.rating_name} ({scheduling.reason}): next review {when(scheduling.card.due, now)}."


def leech_note(card) -> str:
    """Before a leech's question (card: its quiz.store.sqlite.CardRecord)."""
    misses = card.misses if card else 0
    return f"You have missed this question {misses} times: read its passage first, then answer it."
