"""Words for what happened: answers, citations and quoted passages, as plain text.

Shared by every front end (Textual, plain text, reports), so they all say the same thing.
Nothing here knows how it will be drawn.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Protocol

import msgspec

from quiz.core import wording
from quiz.core.kinds import kind_of
from quiz.core.model import Article, Choice, Passage, Question
from quiz.core.round import Outcome, PlayItem
from quiz.core.wording import abridge, counted, duration, long_date  # noqa: F401 (the words front ends use, in one place)

if TYPE_CHECKING:
    from quiz.core.scheduling import CardRecord, Scheduling


class DueCounts(Protocol):
    """What the review words need of a due summary (quiz.play.review.DueSummary)."""

    @property
    def now(self) -> int: ...
    @property
    def next_due(self) -> dt.datetime | None: ...
    @property
    def cards(self) -> int: ...


RIGHT_MARK, PARTLY_MARK, WRONG_MARK = "✔", "◐", "✘"
ASCII_MARKS = {"✔": "+", "◐": "~", "✘": "x", "○": "o"}


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
    """What the player picks from, in display order (choices, true/false, match's right-hand
    sides); [] when the answer is typed or arranged."""
    return kind_of(item.question).options(item.question, item.order)


def right_answer(item: PlayItem) -> str:
    return answer_in_words(item.question)


def answer_in_words(q: Question) -> str:
    """The right answer as a player reads it (feedback, exports)."""
    return kind_of(q).answer_in_words(q)


def given_answer(item: PlayItem, given: Any) -> str:
    """The player's answer in words (given is in the question's own indices)."""
    if given is None:
        return "(no answer)"
    kind = kind_of(item.question)
    try:
        return kind.given_in_words(item.question, given)
    except (IndexError, TypeError, KeyError, ValueError):
        return str(given)


def why_not(outcome: Outcome) -> list[tuple[str, str, Passage | None]]:
    """For each wrong choice the player picked: (choice, why it is wrong, its passage)."""
    q = outcome.item.question
    kind = kind_of(q)
    if outcome.given is None:
        return []
    choices = kind.choice_list(q)
    found = []
    for index in kind.wrong_picks(q, outcome.given):
        choice = choices[index] if isinstance(index, int) and 0 <= index < len(choices) else None
        if isinstance(choice, Choice) and not choice.correct and choice.why_not:
            found.append((choice.text, choice.why_not, outcome.item.bank.why_not_passages.get((q.id, index))))
    return found


class QuotedParagraph(msgspec.Struct, frozen=True):
    """A paragraph split around a quoted passage: before, the quote, after."""

    article: Article
    passage: Passage
    before: str
    quote: str
    after: str

    @property
    def cite(self) -> str:
        return citation(self.article, self.passage)


GAP_MARK = "[…]"


def with_gaps(article: Article, paragraph: int, text: str, start: int = 0) -> str:
    """`text`, which stands at `start` in paragraph `paragraph`, with the source's own gaps
    marked: "Even a Mexican  would" reads "Even a Mexican […] would"."""
    for offset in sorted(article.gap_offsets(paragraph), reverse=True):
        at = offset - start
        if 0 <= at <= len(text):
            head, tail = text[:at].rstrip(" "), text[at:].lstrip(" ")
            text = f"{head} {GAP_MARK}" + (f" {tail}" if tail else " ")
    return text


def in_paragraph(article: Article, passage: Passage) -> QuotedParagraph:
    first = article.paragraphs[passage.paragraph - 1]
    if passage.last_paragraph == passage.paragraph:
        n = passage.paragraph
        return QuotedParagraph(
            article,
            passage,
            with_gaps(article, n, first[: passage.start]),
            with_gaps(article, n, first[passage.start : passage.end], passage.start),
            with_gaps(article, n, first[passage.end :], passage.end),
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


def nothing_due(summary: DueCounts, now: dt.datetime) -> str:
    """What Review says when nothing is due (summary: a quiz.play.review.DueSummary)."""
    if not summary.cards:
        return (
            "Nothing to review yet: every question you answer, in any round, comes back here "
            "when it is due. Play a round first."
        )
    text = "Nothing is due for review."
    if summary.next_due is not None:
        text += f" The next review is {when(summary.next_due, now)}."
    return text + " You can practise the most-forgotten questions anyway; the schedule stays as it is."


def session_intro(kind: str, count: int, summary: DueCounts) -> str:
    if kind == "practice":
        return f"Practice: {counted(count, 'question')}, the most forgotten first; the schedule stays as it is."
    more = summary.now - count
    return (
        f"Review: {counted(count, 'question')} due"
        + (f" ({more} more after this session)" if more > 0 else "")
        + "; your answers set when each comes back."
    )


def scheduling_line(scheduling: Scheduling | None, now: dt.datetime) -> str:
    """What an answer did to the schedule (scheduling: a quiz.core.scheduling.Scheduling, or None in practice)."""
    if scheduling is None:
        return "Practice: the schedule is unchanged."
    return f"Rated {scheduling.rating_name} ({scheduling.reason}): next review {when(scheduling.card.due, now)}."


def leech_note(card: CardRecord | None) -> str:
    """Before a leech's question (card: its quiz.store.sqlite.CardRecord)."""
    misses = card.misses if card else 0
    return f"You have missed this question {misses} times: read its passage first, then answer it."


# ---------------------------------------------------------------------------- feedback, item by item

MISSED_MARK = "○"


def answer_item_by_item(item: PlayItem, given: Any) -> list[tuple[str, str]] | None:
    """For an answer made of several picks (all that apply, match): each item as (mark, words),
    in the order the player saw them: ✔ picked right, ✘ picked wrong, ○ missed (a right choice
    not picked, a row left without its match). None for the other kinds."""
    from quiz.core.kinds.match import MatchQuestion
    from quiz.core.kinds.multi import MultiQuestion
    from quiz.core.model import choice_is_correct, choice_text

    q = item.question
    if isinstance(q, MultiQuestion):
        picked = set(given) if isinstance(given, list) else set()
        rows = []
        for index in item.order:
            choice, right = q.choices[index], choice_is_correct(q.choices[index])
            if index in picked:
                rows.append((RIGHT_MARK if right else WRONG_MARK, choice_text(choice)))
            elif right:
                rows.append((MISSED_MARK, f"{choice_text(choice)} (not picked)"))
        return rows
    if isinstance(q, MatchQuestion):
        chosen = list(given) if isinstance(given, list) else []
        rows = []
        for left, pair in enumerate(q.pairs):
            pick = chosen[left] if left < len(chosen) else None
            if not isinstance(pick, int) or not 0 <= pick < len(q.pairs):
                rows.append((MISSED_MARK, f"{pair.left} → (no match; right: {pair.right})"))
            elif pick == left:
                rows.append((RIGHT_MARK, f"{pair.left} → {pair.right}"))
            else:
                rows.append((WRONG_MARK, f"{pair.left} → {q.pairs[pick].right} (right: {pair.right})"))
        return rows
    return None


class MarkedParagraph(msgspec.Struct, frozen=True):
    """One paragraph (or the run of paragraphs a long quote spans) with every quote from it
    marked: pieces of (text, is_quote) in reading order, and the citation."""

    article: Article
    passage: Passage  # the first quote from it: its citation names the paragraph
    pieces: tuple[tuple[str, bool], ...]

    @property
    def cite(self) -> str:
        return citation(self.article, self.passage)


def marked(quoted: QuotedParagraph) -> MarkedParagraph:
    """One quote in its paragraph, as a MarkedParagraph."""
    pieces = ((quoted.before, False), (quoted.quote, True), (quoted.after, False))
    return MarkedParagraph(quoted.article, quoted.passage, tuple(p for p in pieces if p[0]))


def marked_paragraphs(item: PlayItem) -> list[MarkedParagraph]:
    """The question's quotes in their paragraphs, each paragraph once however many quotes come
    from it (all of them marked), in the order the quotes are given."""
    articles = {a.id: a for a in item.bank.articles}
    order: list[tuple[str, int] | int] = []
    together: dict[tuple[str, int], list[Passage]] = {}
    spanning: list[Passage] = []
    for p in item.passages:
        if p.article not in articles:
            continue
        if p.last_paragraph != p.paragraph:  # a quote over several paragraphs stands alone
            order.append(len(spanning))
            spanning.append(p)
            continue
        key = (p.article, p.paragraph)
        if key not in together:
            together[key] = []
            order.append(key)
        together[key].append(p)
    found = []
    for entry in order:
        if isinstance(entry, int):
            passage = spanning[entry]
            found.append(marked(in_paragraph(articles[passage.article], passage)))
            continue
        passages = together[entry]
        article, n = articles[entry[0]], entry[1]
        text = article.paragraphs[n - 1]
        spans: list[list[int]] = []
        for p in sorted(passages, key=lambda p: p.start):  # overlapping quotes mark one stretch
            if spans and p.start <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], p.end)
            else:
                spans.append([p.start, p.end])
        pieces, at = [], 0
        for start, end in spans:
            if start > at:
                pieces.append((with_gaps(article, n, text[at:start], at), False))
            pieces.append((with_gaps(article, n, text[start:end], start), True))
            at = end
        if at < len(text):
            pieces.append((with_gaps(article, n, text[at:], at), False))
        found.append(MarkedParagraph(article, passages[0], tuple(pieces)))
    return found
