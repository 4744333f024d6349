"""Helpers for the review tests: right and wrong answers to any question, and a player who
answers a whole round at a given moment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from quiz.core.kinds.choice import ChoiceQuestion
from quiz.core.kinds.match import MatchQuestion
from quiz.core.kinds.multi import MultiQuestion
from quiz.core.kinds.number import NumberQuestion
from quiz.core.kinds.order import OrderQuestion
from quiz.core.kinds.text import TextQuestion
from quiz.core.kinds.truefalse import TrueFalseQuestion
from quiz.core.model import Question, choice_is_correct
from quiz.core.round import PlayItem, RoundSettings
from quiz.core.scheduling import expected_seconds
from quiz.play.game import Game

DAY0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)


def right_answer(q: Question) -> Any:
    if isinstance(q, ChoiceQuestion):
        return next(i for i, c in enumerate(q.choices) if choice_is_correct(c))
    if isinstance(q, MultiQuestion):
        return [i for i, c in enumerate(q.choices) if choice_is_correct(c)]
    if isinstance(q, TrueFalseQuestion):
        return q.answer
    if isinstance(q, TextQuestion):
        return q.answer
    if isinstance(q, NumberQuestion):
        return f"{q.answer:g}"
    if isinstance(q, OrderQuestion):
        return list(range(len(q.items)))
    assert isinstance(q, MatchQuestion)
    return list(range(len(q.pairs)))


def wrong_answer(q: Question) -> Any:
    if isinstance(q, ChoiceQuestion):
        return next(i for i, c in enumerate(q.choices) if not choice_is_correct(c))
    if isinstance(q, MultiQuestion):
        return [next(i for i, c in enumerate(q.choices) if not choice_is_correct(c))]
    if isinstance(q, TrueFalseQuestion):
        return not q.answer
    if isinstance(q, TextQuestion):
        return "Zebedee Quackenbush"
    if isinstance(q, NumberQuestion):
        return "987654"
    n = len(q.items) if isinstance(q, OrderQuestion) else len(q.pairs)
    return list(range(n))[::-1] if isinstance(q, OrderQuestion) else [(i + 1) % n for i in range(n)]


class Moment:
    """An injected wall clock the test moves by hand."""

    def __init__(self, start: dt.datetime = DAY0) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def at(self, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
        self.now = DAY0 + dt.timedelta(days=day, hours=hour - 9, minutes=minute)
        return self.now


def play_all(game: Game, answer: Callable[[PlayItem], tuple[bool, float]]) -> list[tuple[PlayItem, bool]]:
    """Answer every question: `answer(item)` says (right?, seconds as a share of the expected time)."""
    done = []
    while not game.round.finished:
        item = game.round.current
        right, share = answer(item)
        q = item.question
        game.answer(right_answer(q) if right else wrong_answer(q), seconds=share * expected_seconds(q))
        done.append((item, right))
    return done


def play_round(library, store, player: str, moment: Moment, wrong: set[str] = frozenset(), seed: int = 1) -> Game:
    """A play round of every question, answered at normal speed, `wrong` ones wrong."""
    game = Game.start(library, store, player, RoundSettings(count=None, seed=seed), now=moment)
    play_all(game, lambda item: (item.question.id not in wrong, 1.0))
    return game
