"""A round: which questions, in what order (one seeded RNG), grading, points and streaks.

Plain Python with an injectable clock; the Textual app, the plain front end and the
tests all drive the same Round. Scoring rules (documented in the README):

- a question is worth 100 points per level of difficulty (100, 200, 300);
- partial credit earns that share of the points, rounded;
- a streak bonus: each fully right answer after the first in a row adds 10% of the
  question's points per answer already in the streak, up to +50%; anything less than
  fully right ends the streak;
- speed points (drills only, when the teacher turns them on and sets a time limit): a
  fully right answer adds up to 50% more, in proportion to the time left.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import msgspec

from quiz.core.banks import Library, LoadedBank
from quiz.core.grading import Grade
from quiz.core.kinds import grade, kind_of
from quiz.core.model import Passage, Question

POINTS_PER_LEVEL = 100
STREAK_STEP = 0.10
STREAK_CAP = 0.50
SPEED_SHARE = 0.50


class RoundSettings(msgspec.Struct, frozen=True):
    banks: tuple[str, ...] = ()  # empty: every bank
    tags: tuple[str, ...] = ()  # empty: any tag; else questions with at least one of them
    difficulties: tuple[int, ...] = ()  # empty: any
    count: int | None = 10  # None: every question that passes the filters
    seed: int | None = None  # None: a fresh seed is drawn and recorded
    streak_bonus: bool = True
    speed_points: bool = False
    time_limit: float | None = None  # seconds per question

    def to_dict(self) -> dict[str, Any]:
        return msgspec.structs.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RoundSettings:
        known = {k: v for k, v in data.items() if k in cls.__struct_fields__}
        for key in ("banks", "tags", "difficulties"):
            known[key] = tuple(known.get(key) or ())
        return cls(**known)


class PlayItem(msgspec.Struct, frozen=True):
    """A question as this round presents it."""

    question: Question
    bank: LoadedBank
    # display order, as indices into the question's choices (choice, multi), items
    # (order: the shuffled starting order) or right-hand sides (match); () otherwise
    order: tuple[int, ...] = ()

    @property
    def passages(self) -> tuple[Passage, ...]:
        return self.bank.passages.get(self.question.id, ())

    @property
    def kind(self) -> str:
        return kind_of(self.question).tag

    def plan_entry(self) -> dict[str, Any]:
        return {"question": self.question.id, "bank": self.bank.id, "order": list(self.order)}


class Outcome(msgspec.Struct, frozen=True):
    item: PlayItem
    position: int  # 0-based in the round
    given: Any
    grade: Grade
    points: int
    breakdown: tuple[tuple[str, int], ...]  # how the points were made, line by line
    streak: int  # after this answer
    seconds: float
    timed_out: bool = False


def matches_filters(question: Question, settings: RoundSettings) -> bool:
    if settings.difficulties and question.difficulty not in settings.difficulties:
        return False
    return not settings.tags or any(t in question.tags for t in settings.tags)


def draw(library: Library, settings: RoundSettings) -> tuple[RoundSettings, list[PlayItem]]:
    """The round's questions and their display orders, all from one seeded RNG.

    Returns the settings with the seed filled in, so the round can be replayed."""
    if settings.seed is None:
        settings = RoundSettings(**{**settings.to_dict(), "seed": random.SystemRandom().randrange(2**31)})
    rng = random.Random(settings.seed)
    pool = [
        (bank, question)
        for bank in library.banks
        if not settings.banks or bank.id in settings.banks
        for question in bank.bank.questions
        if matches_filters(question, settings)
    ]
    rng.shuffle(pool)
    if settings.count is not None:
        pool = pool[: settings.count]
    return settings, [PlayItem(q, bank, display_order(q, rng)) for bank, q in pool]


def display_order(question: Question, rng: random.Random) -> tuple[int, ...]:
    """What this question's kind shuffles (choices, items, right-hand sides), from the round's RNG."""
    return kind_of(question).display_order(question, rng)


def items_from_plan(library: Library, plan: Sequence[dict[str, Any]]) -> list[PlayItem | None]:
    """Rebuild a round's items from its stored plan; None where a question has gone."""
    banks = {b.id: b for b in library.banks}
    items: list[PlayItem | None] = []
    for entry in plan:
        bank = banks.get(entry.get("bank", ""))
        question = next((q for q in bank.bank.questions if q.id == entry.get("question")), None) if bank else None
        items.append(PlayItem(question, bank, tuple(entry.get("order", ()))) if question and bank else None)
    return items


def points_for(
    item: PlayItem, result: Grade, streak_before: int, settings: RoundSettings, seconds: float
) -> tuple[int, tuple[tuple[str, int], ...], int]:
    """(points, breakdown, streak after) for one graded answer."""
    full = POINTS_PER_LEVEL * item.question.difficulty
    base = round(full * result.credit)
    label = "right" if result.correct else ("partly right" if base else "wrong")
    lines: list[tuple[str, int]] = [(f"difficulty {item.question.difficulty}, {label}", base)]
    if not result.correct:
        return base, tuple(lines), 0
    streak = streak_before + 1
    if settings.streak_bonus and streak > 1:
        share = min(STREAK_STEP * (streak - 1), STREAK_CAP)
        lines.append((f"streak of {streak}: +{share:.0%}", round(full * share)))
    if settings.speed_points and settings.time_limit:
        left = max(0.0, 1.0 - seconds / settings.time_limit)
        if round(full * SPEED_SHARE * left):
            lines.append((f"speed: {left:.0%} of the time left", round(full * SPEED_SHARE * left)))
    return sum(p for _, p in lines), tuple(lines), streak


class Summary(msgspec.Struct):
    score: int
    possible: int  # the points of every question at full credit, before bonuses
    answered: int
    correct: int
    best_streak: int
    seconds: float
    by_tag: dict[str, tuple[int, int]]  # tag -> (right, asked)
    missed: list[Outcome]

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


class Round:
    """The state of one round. Front ends call `begin_question`, then `answer` or `time_out`."""

    def __init__(
        self, items: Sequence[PlayItem | None], settings: RoundSettings, clock: Callable[[], float] = time.monotonic
    ):
        self.items = list(items)
        self.settings = settings
        self.clock = clock
        self.outcomes: list[Outcome] = []
        self.position = 0
        self.streak = 0
        self.best_streak = 0
        self.score = 0
        self._asked_at: float | None = None
        self._skip_missing()

    def _skip_missing(self) -> None:
        while self.position < len(self.items) and self.items[self.position] is None:
            self.position += 1  # a question removed from the banks since the round began

    @property
    def current(self) -> PlayItem | None:
        return self.items[self.position] if self.position < len(self.items) else None

    @property
    def finished(self) -> bool:
        return self.current is None

    @property
    def total(self) -> int:
        return len(self.items)

    def begin_question(self, already: float = 0.0) -> None:
        """Start the clock for the current question (time taken is measured from here).

        `already`: seconds the question had been on screen before (a resumed timed round)."""
        self._asked_at = self.clock() - max(0.0, already)

    def elapsed(self) -> float:
        return 0.0 if self._asked_at is None else max(0.0, self.clock() - self._asked_at)

    def time_left(self) -> float | None:
        if not self.settings.time_limit:
            return None
        return max(0.0, self.settings.time_limit - self.elapsed())

    def answer(self, given: Any, seconds: float | None = None) -> Outcome:
        item = self.current
        if item is None:
            raise RuntimeError("the round is over")
        seconds = self.elapsed() if seconds is None else seconds
        if self.settings.time_limit and seconds > self.settings.time_limit:
            return self.time_out(seconds)
        return self._record(item, given, grade(item.question, given), seconds, timed_out=False)

    def time_out(self, seconds: float | None = None) -> Outcome:
        """Running out of time: wrong, 0 points, recorded as a time-out."""
        item = self.current
        if item is None:
            raise RuntimeError("the round is over")
        if seconds is None:
            seconds = self.settings.time_limit or self.elapsed()
        return self._record(item, None, Grade(0.0, "time ran out"), seconds, timed_out=True)

    def _record(self, item: PlayItem, given: Any, result: Grade, seconds: float, timed_out: bool) -> Outcome:
        points, breakdown, streak = points_for(item, result, self.streak, self.settings, seconds)
        outcome = Outcome(item, self.position, given, result, points, breakdown, streak, seconds, timed_out)
        self._apply(outcome)
        return outcome

    def _apply(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        self.streak = outcome.streak
        self.best_streak = max(self.best_streak, self.streak)
        self.score += outcome.points
        self.position += 1
        self._asked_at = None
        self._skip_missing()

    def undo_last(self) -> None:
        """Take back the last answer (it could not be saved), so it can be given again."""
        outcome = self.outcomes.pop()
        self.score -= outcome.points
        self.position = outcome.position
        self.streak = self.outcomes[-1].streak if self.outcomes else 0
        self.best_streak = max((o.streak for o in self.outcomes), default=0)
        self._asked_at = self.clock() - outcome.seconds

    def replay(self, position: int, given: Any, seconds: float, points: int, timed_out: bool) -> None:
        """Re-apply an answer stored earlier (resuming), keeping the points it earned then."""
        while self.position < position:
            self.position += 1
            self._skip_missing()
        item = self.current
        if item is None:
            return
        result = Grade(0.0, "time ran out") if timed_out else grade(item.question, given)
        _, breakdown, streak = points_for(item, result, self.streak, self.settings, seconds)
        self._apply(Outcome(item, self.position, given, result, points, breakdown, streak, seconds, timed_out))

    def summary(self) -> Summary:
        by_tag: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for o in self.outcomes:
            for tag in o.item.question.tags:
                by_tag[tag][0] += o.grade.correct
                by_tag[tag][1] += 1
        return Summary(
            score=self.score,
            possible=sum(POINTS_PER_LEVEL * i.question.difficulty for i in self.items if i),
            answered=len(self.outcomes),
            correct=sum(o.grade.correct for o in self.outcomes),
            best_streak=self.best_streak,
            seconds=sum(o.seconds for o in self.outcomes),
            by_tag={t: (r, n) for t, (r, n) in sorted(by_tag.items())},
            missed=[o for o in self.outcomes if not o.grade.correct],
        )
