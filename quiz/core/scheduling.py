"""Spaced review: every question is a card for each player, scheduled by FSRS (the `fsrs`
package, the scheduler Anki uses), never by a scheduler of our own.

Anki asks learners to grade themselves; we grade them from the answer (README, "Review"):

- wrong, partly right or timed out: Again;
- right, but slower than twice the time expected for the question: Hard;
- right after the passage was shown first (a leech, below): Hard;
- right and faster than half the expected time, on a card already in review: Easy;
- right otherwise: Good.

The time expected for a question is the time to read it (prompt and options, at
READING_WORDS_PER_SECOND) plus the time to answer its type (ANSWER_SECONDS).

A question missed LEECH_MISSES times is a leech: until it is answered right
LEECH_CURED_AFTER times in a row, review shows its quoted passage before asking it.

Every round (play, drill, review) updates the player's cards, in the same transaction as
the answer; practice rounds ("practice anyway" when nothing is due) leave them alone.
Plain Python: it reads the store and the banks and knows nothing of any screen. `fsrs` is
imported only where a card is scheduled, so start-up (Home's due count) doesn't pay for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

import msgspec

from quiz.core.kinds import KINDS, kind_of
from quiz.core.model import Question

if TYPE_CHECKING:
    import fsrs


class CardRecord(msgspec.Struct, frozen=True):
    """A player's review card for one question: the `fsrs` Card's fields, plus counts.

    `state` is fsrs's State number (1 learning, 2 review, 3 relearning)."""

    question_id: str
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: dt.datetime
    last_review: dt.datetime | None
    reviews: int  # answers that updated this card
    misses: int  # of them, rated Again
    right_streak: int  # right answers in a row, up to the last one


# fsrs's Rating and State numbers (a test checks they agree with the package); NEW is ours:
# a question never answered has no card.
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}
NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3
STATE_NAMES = {NEW: "new", LEARNING: "learning", REVIEW: "review", RELEARNING: "relearning"}

# The scheduler. One learning step, not fsrs's default two (1 and 10 minutes): a question
# answered right the first time goes straight to days, so Review isn't flooded with what
# the player already knew; a missed one comes back after 10 minutes. No fuzz: the same
# answers always give the same schedule, so it can be checked and replayed.
DESIRED_RETENTION = 0.9
LEARNING_STEPS = (dt.timedelta(minutes=10),)
RELEARNING_STEPS = (dt.timedelta(minutes=10),)
MAXIMUM_INTERVAL_DAYS = 365 * 5

# The time a reader who knows the answer needs: reading plus answering.
READING_WORDS_PER_SECOND = 4.0  # 240 words a minute, an ordinary silent-reading pace
# each kind's (seconds for the answer, plus seconds per choice / item / pair): see its module
ANSWER_SECONDS: dict[str, tuple[float, float]] = {tag: kind.answer_seconds for tag, kind in KINDS.items()}
SLOW_FACTOR = 2.0  # right, but slower than twice the expected time: Hard
FAST_FACTOR = 0.5  # right within half the expected time, on a card in review: Easy

LEECH_MISSES = 4
LEECH_CURED_AFTER = 2

SESSION_SIZE = 20  # questions in one review session; Review again for the rest
SESSION_KINDS = ("review", "practice")  # review sessions, where a leech shows its passage first
UNSCHEDULED_KINDS = ("practice",)  # rounds that leave the schedule alone


# ---------------------------------------------------------------------------- rating


def _words(text: str) -> int:
    return len(text.split())


def reading_words(question: Question) -> int:
    """The words a player reads before answering: the prompt and every option."""
    return _words(question.prompt) + sum(_words(text) for text in kind_of(question).reading_texts(question))


def expected_seconds(question: Question) -> float:
    """How long a player who knows the answer takes to read and answer this question."""
    kind = kind_of(question)
    base, per_option = kind.answer_seconds
    return reading_words(question) / READING_WORDS_PER_SECOND + base + per_option * kind.option_count(question)


def is_leech(card: CardRecord | None) -> bool:
    return card is not None and card.misses >= LEECH_MISSES and card.right_streak < LEECH_CURED_AFTER


def rate(
    question: Question | None,
    correct: bool,
    seconds: float,
    timed_out: bool,
    state_before: int,
    passage_first: bool,
    credit: float = 0.0,
) -> tuple[int, str]:
    """The rating an answer earns, and why in a few words. `question` None: a question no
    longer in the banks (replaying old answers), whose expected time is unknown."""
    if timed_out:
        return AGAIN, "time ran out"
    if not correct:
        return AGAIN, "only partly right" if credit > 0 else "not right"
    if passage_first:
        return HARD, "right, after reading the passage first"
    if question is None:
        return GOOD, "right"
    expected = expected_seconds(question)
    if seconds > SLOW_FACTOR * expected:
        return HARD, f"right, but slower than {SLOW_FACTOR * expected:.0f}s"
    if state_before == REVIEW and seconds <= FAST_FACTOR * expected:
        return EASY, f"right within {FAST_FACTOR * expected:.0f}s"
    return GOOD, "right"


# ---------------------------------------------------------------------------- scheduling


@lru_cache(maxsize=1)
def scheduler() -> fsrs.Scheduler:
    import fsrs

    return fsrs.Scheduler(
        desired_retention=DESIRED_RETENTION,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        maximum_interval=MAXIMUM_INTERVAL_DAYS,
        enable_fuzzing=False,
    )


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def to_fsrs(card: CardRecord | None) -> fsrs.Card:
    import fsrs

    if card is None:  # card_id is fsrs's own label, unused here; given so it doesn't sleep to make one
        return fsrs.Card(card_id=1)
    return fsrs.Card(
        card_id=1,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_utc(card.due),
        last_review=_utc(card.last_review) if card.last_review else None,
    )


class Scheduling(msgspec.Struct, frozen=True):
    """What one answer did to its card."""

    card: CardRecord
    rating: int
    reason: str
    state_before: int

    @property
    def rating_name(self) -> str:
        return RATING_NAMES[self.rating]


def schedule(
    before: CardRecord | None,
    question_id: str,
    question: Question | None,
    correct: bool,
    seconds: float,
    timed_out: bool,
    at: dt.datetime,
    passage_first: bool,
    credit: float = 0.0,
) -> Scheduling:
    """The card after this answer, as fsrs schedules it for the rating the answer earns."""
    import fsrs

    state_before = before.state if before else NEW
    rating, reason = rate(question, correct, seconds, timed_out, state_before, passage_first, credit)
    card, _ = scheduler().review_card(to_fsrs(before), fsrs.Rating(rating), _utc(at))
    missed = rating == AGAIN
    after = CardRecord(
        question_id=question_id,
        state=int(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        reviews=(before.reviews if before else 0) + 1,
        misses=(before.misses if before else 0) + missed,
        right_streak=0 if missed else (before.right_streak if before else 0) + 1,
    )
    return Scheduling(after, rating, reason, state_before)


def answer_scheduler(
    question: Question,
    correct: bool,
    credit: float,
    seconds: float,
    timed_out: bool,
    at: dt.datetime,
    shows_leech_passages: bool,
) -> Callable[[CardRecord | None], Scheduling]:
    """The function the store calls, inside the answer's transaction, with the card as it
    stands then. The passage was shown first if the card was a leech in a review round."""
    scheduler()  # made (and fsrs imported) now, not while the write transaction is open

    def scheduled(before: CardRecord | None) -> Scheduling:
        return schedule(
            before,
            question.id,
            question,
            correct,
            seconds,
            timed_out,
            at,
            passage_first=shows_leech_passages and is_leech(before),
            credit=credit,
        )

    return scheduled


def replay(before: CardRecord | None, question_id: str, correct: bool, seconds: float, at: dt.datetime) -> Scheduling:
    """An answer given before cards existed (the store's migration): the banks aren't at hand,
    so right is Good and wrong is Again, with no Hard or Easy from timing."""
    return schedule(before, question_id, None, correct, seconds, False, at, passage_first=False)


def retrievability(card: CardRecord, now: dt.datetime) -> float:
    """fsrs's estimate of the chance the player still remembers it now (0 to 1)."""
    return scheduler().get_card_retrievability(to_fsrs(card), _utc(now))
