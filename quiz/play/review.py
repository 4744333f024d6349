"""Spaced review: what is due, the questions of a session, and the statistics (as typed
records; `ReviewStats.to_json` is the JSON form)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from quiz.core.banks import Library, LoadedBank
from quiz.core.model import (
    Question,
)
from quiz.core.round import PlayItem, RoundSettings, display_order
from quiz.core.scheduling import (
    AGAIN,
    REVIEW,
    SESSION_SIZE,
    STATE_NAMES,
    CardRecord,
    _utc,
    is_leech,
    retrievability,
)
from quiz.store.interface import Store

# ---------------------------------------------------------------------------- what is due


def question_index(library: Library, wanted: Iterable[str] | None = None) -> dict[str, tuple[LoadedBank, Question]]:
    """question id -> (its bank, the question). With `wanted`, only the banks that hold one of
    those questions are read: a big library's other banks stay undecoded."""
    banks = library.banks
    if wanted is not None:
        ids = set(wanted)
        banks = [b for b in banks if not ids.isdisjoint(b.summary.question_ids)]
    return {q.id: (bank, q) for bank in banks for q in bank.bank.questions}


def live_cards(library: Library, cards: Iterable[CardRecord]) -> list[CardRecord]:
    """The cards whose question is still in the banks; the others keep their history but
    are never asked or counted."""
    live = {q for bank in library.banks for q in bank.summary.question_ids}  # no bank decoded for this
    return [c for c in cards if c.question_id in live]


def _local(tz: dt.tzinfo | None, now: dt.datetime) -> dt.tzinfo:
    return tz or now.astimezone().tzinfo or dt.timezone.utc


def _day_start(now: dt.datetime, tz: dt.tzinfo, days: int = 0) -> dt.datetime:
    local = now.astimezone(tz)
    return dt.datetime.combine(local.date() + dt.timedelta(days=days), dt.time(), tzinfo=tz)


@dataclass(frozen=True)
class DueSummary:
    now: int  # due now (overdue included)
    today: int  # due by the end of today (local time), now included
    next_7_days: int  # due after today, within the next 7 days
    by_day: list[tuple[dt.date, int]]  # today (with what is overdue), then each of the next 7 days
    next_due: dt.datetime | None  # the first due time after now
    cards: int  # cards whose question is still in the banks


def due_summary(
    library: Library, cards: Iterable[CardRecord], now: dt.datetime, tz: dt.tzinfo | None = None
) -> DueSummary:
    tz = _local(tz, now)
    live = live_cards(library, cards)
    now = _utc(now)
    by_day = []
    for day in range(8):
        end = _day_start(now, tz, day + 1)
        start = _day_start(now, tz, day)
        count = sum(1 for c in live if c.due < end and (day == 0 or c.due >= start))
        by_day.append((start.date(), count))
    later = [c.due for c in live if c.due > now]
    return DueSummary(
        now=sum(1 for c in live if c.due <= now),
        today=by_day[0][1],
        next_7_days=sum(n for _, n in by_day[1:]),
        by_day=by_day,
        next_due=min(later) if later else None,
        cards=len(live),
    )


def _items(library: Library, cards: list[CardRecord], seed: int) -> list[PlayItem]:
    index = question_index(library, (c.question_id for c in cards))
    rng = random.Random(seed)
    return [PlayItem(q, bank, display_order(q, rng)) for bank, q in (index[c.question_id] for c in cards)]


def due_items(
    library: Library, store: Store, player: str, now: dt.datetime, count: int = SESSION_SIZE, seed: int = 0
) -> list[PlayItem]:
    """The questions due now, the longest overdue first, at most `count`."""
    now = _utc(now)
    due = sorted(
        (c for c in live_cards(library, store.cards(player)) if c.due <= now), key=lambda c: (c.due, c.question_id)
    )
    return _items(library, due[:count], seed)


def practice_items(
    library: Library, store: Store, player: str, now: dt.datetime, count: int = 10, seed: int = 0
) -> list[PlayItem]:
    """Questions the player has met, the most forgotten first (lowest chance of recall by
    fsrs's estimate, then the most missed), whether due or not."""
    cards = live_cards(library, store.cards(player))
    cards.sort(key=lambda c: (retrievability(c, now), -c.misses, c.stability or 0.0, c.question_id))
    return _items(library, cards[:count], seed)


def session_settings(items: list[PlayItem], seed: int) -> RoundSettings:
    return RoundSettings(banks=tuple(sorted({i.bank.id for i in items})), count=len(items), seed=seed)


# ---------------------------------------------------------------------------- stats


@dataclass(frozen=True)
class CardCounts:
    total: int  # questions met that are still in the banks
    learning: int
    review: int
    relearning: int
    leeches: int


@dataclass(frozen=True)
class DayReviews:
    date: dt.date
    reviews: int
    right: int


@dataclass(frozen=True)
class Retention:
    right: int  # answered right when it came back for review
    reviews: int
    share: float | None  # None: nothing has come back for review yet


@dataclass(frozen=True)
class QuotedPassage:
    text: str
    cite: str
    article: str


@dataclass(frozen=True)
class MissedQuestion:
    question: str
    bank: str
    prompt: str
    misses: int
    answers: int
    leech: bool
    passages: tuple[QuotedPassage, ...]


@dataclass(frozen=True)
class ReviewStats:
    """Everything `quiz review --stats` and the stats screen report."""

    player: str
    now: dt.datetime
    cards: CardCounts
    due: DueSummary
    reviews_per_day: tuple[DayReviews, ...]  # the days with reviews, oldest first
    retention: Retention
    most_missed: tuple[MissedQuestion, ...]

    def to_json(self) -> dict[str, Any]:
        """As `quiz review --stats --format json` prints it."""
        due = self.due
        return {
            "player": self.player,
            "now": _utc(self.now).isoformat(),
            "cards": asdict(self.cards),
            "due": {
                "now": due.now,
                "today": due.today,
                "next_7_days": due.next_7_days,
                "next": due.next_due.isoformat() if due.next_due else None,
                "by_day": [{"date": d.isoformat(), "due": n} for d, n in due.by_day],
            },
            "reviews_per_day": [
                {"date": d.date.isoformat(), "reviews": d.reviews, "right": d.right} for d in self.reviews_per_day
            ],
            "retention": asdict(self.retention),
            "most_missed": [asdict(m) | {"passages": [asdict(p) for p in m.passages]} for m in self.most_missed],
        }


def _passages(bank: LoadedBank, question: Question) -> tuple[QuotedPassage, ...]:
    from quiz.core import present

    item = PlayItem(question, bank)
    return tuple(QuotedPassage(q.quote, q.cite, q.article.id) for q in present.quoted_paragraphs(item))


def stats(
    library: Library, store: Store, player: str, now: dt.datetime, tz: dt.tzinfo | None = None, most_missed: int = 10
) -> ReviewStats:
    """Due counts, reviews per day, retention and the most-missed questions."""
    tz = _local(tz, now)
    cards = store.cards(player)
    live = live_cards(library, cards)
    due = due_summary(library, cards, now, tz)
    log = store.review_log(player)
    per_day: dict[dt.date, list[int]] = {}
    for entry in log:
        day = per_day.setdefault(entry.reviewed_at.astimezone(tz).date(), [0, 0])
        day[0] += 1
        day[1] += entry.rating != AGAIN
    on_review = [e for e in log if e.state_before == REVIEW]
    kept = sum(e.rating != AGAIN for e in on_review)
    missed = sorted((c for c in live if c.misses), key=lambda c: (-c.misses, c.question_id))[:most_missed]
    index = question_index(library, (c.question_id for c in missed))
    states = Counter(STATE_NAMES[c.state] for c in live)
    return ReviewStats(
        player=player,
        now=now,
        cards=CardCounts(
            total=len(live),
            learning=states["learning"],
            review=states["review"],
            relearning=states["relearning"],
            leeches=sum(is_leech(c) for c in live),
        ),
        due=due,
        reviews_per_day=tuple(DayReviews(d, n, r) for d, (n, r) in sorted(per_day.items())),
        retention=Retention(kept, len(on_review), round(kept / len(on_review), 4) if on_review else None),
        most_missed=tuple(
            MissedQuestion(
                question=c.question_id,
                bank=index[c.question_id][0].id,
                prompt=index[c.question_id][1].prompt,
                misses=c.misses,
                answers=c.reviews,
                leech=is_leech(c),
                passages=_passages(*index[c.question_id]),
            )
            for c in missed
        ),
    )


def last_days(
    stats: ReviewStats, now: dt.datetime, days: int = 14, tz: dt.tzinfo | None = None
) -> list[tuple[dt.date, int]]:
    """Reviews per day over the last `days` days, days without reviews included (for a chart)."""
    tz = _local(tz, now)
    counts = {d.date: d.reviews for d in stats.reviews_per_day}
    today = now.astimezone(tz).date()
    return [(day, counts.get(day, 0)) for day in (today - dt.timedelta(days=n) for n in range(days - 1, -1, -1))]
