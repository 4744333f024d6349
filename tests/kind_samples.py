"""One sample question of every kind, with its right answer as a remote client and a typist
would give it, answers that must be refused, and a twin with another key that a player sees
exactly the same (so its wire form must be the same). tests/test_kinds.py fails until every
kind of quiz.core.kinds has one here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from quiz.core.kinds.choice import ChoiceQuestion
from quiz.core.kinds.match import MatchQuestion
from quiz.core.kinds.multi import MultiQuestion
from quiz.core.kinds.number import NumberQuestion
from quiz.core.kinds.order import OrderQuestion
from quiz.core.kinds.text import TextQuestion
from quiz.core.kinds.truefalse import TrueFalseQuestion
from quiz.core.model import Choice, Pair

COMMON = dict(
    prompt="Which is it?",
    explanation="SECRET-EXPLANATION because the article says so.",
    quotes=["SECRET-QUOTE the passage"],
    difficulty=2,
)

Order = tuple[int, ...]


@dataclass(frozen=True)
class Sample:
    question: Any
    order: Order  # a display order as a round would draw it
    right_wire: Callable[[Order], dict[str, Any]]  # the right answer, as a client sends it
    right_typed: Callable[[Order], str]  # the right answer, as plain mode reads it
    refused: list[Any] = field(default_factory=list)  # payloads that must be BadAnswer
    twin: tuple[Any, Order] | None = None  # another key, seen the same


def _at(order: Order, index: int) -> int:
    return order.index(index)


ORDER_ITEMS = ["first", "second", "third", "fourth"]
ORDER_TWIN_ITEMS = ["third", "first", "fourth", "second"]  # written in another (wrong) order
MATCH_PAIRS = [("Ana", "librarian"), ("Ben", "mayor"), ("Cleo", "critic")]
MATCH_TWIN_PAIRS = [("Ana", "mayor"), ("Ben", "critic"), ("Cleo", "librarian")]


def _twin_order(written: list[str], twin_written: list[str], order: Order) -> Order:
    """The display order that shows `twin_written` exactly as `order` shows `written`."""
    return tuple(twin_written.index(written[i]) for i in order)


SAMPLES: dict[str, Sample] = {
    "choice": Sample(
        ChoiceQuestion(
            id="s-choice",
            choices=["a", Choice(text="b", correct=True), Choice(text="c", why_not="SECRET-WHY-NOT")],
            **COMMON,
        ),
        (2, 0, 1),
        lambda order: {"choice": _at(order, 1)},
        lambda order: str(_at(order, 1) + 1),
        [{"choice": 3}, {"choice": -1}, {"choice": True}, {"choice": "1"}, {"choice": 1.0}, {"pick": 0}],
        (ChoiceQuestion(id="s-choice", choices=[Choice(text="a", correct=True), "b", "c"], **COMMON), (2, 0, 1)),
    ),
    "multi": Sample(
        MultiQuestion(
            id="s-multi",
            choices=[Choice(text="a", correct=True), "b", Choice(text="c", correct=True), "d"],
            **COMMON,
        ),
        (3, 1, 0, 2),
        lambda order: {"choices": [_at(order, 0), _at(order, 2)]},
        lambda order: f"{_at(order, 0) + 1} {_at(order, 2) + 1}",
        [{"choices": 1}, {"choices": [4]}, {"choices": [0, 0]}, {"choices": [True]}, {"choices": [0, 1, 2, 3, 0]}],
        (MultiQuestion(id="s-multi", choices=["a", Choice(text="b", correct=True), "c", "d"], **COMMON), (3, 1, 0, 2)),
    ),
    "truefalse": Sample(
        TrueFalseQuestion(id="s-truefalse", answer=False, **COMMON),
        (),
        lambda order: {"answer": False},
        lambda order: "f",
        [{"answer": 0}, {"answer": "false"}, {"answer": None}],
        (TrueFalseQuestion(id="s-truefalse", answer=True, **COMMON), ()),
    ),
    "text": Sample(
        TextQuestion(id="s-text", answer="SECRETANSWER Guzmán", accept=["SECRETACCEPT"], **COMMON),
        (),
        lambda order: {"text": "secretanswer guzman"},
        lambda order: "secretanswer guzman",
        [{"text": ""}, {"text": "   "}, {"text": 5}, {"text": ["a"]}, {"text": "x" * 5000}],
        (TextQuestion(id="s-text", answer="another", **COMMON), ()),
    ),
    "number": Sample(
        NumberQuestion(id="s-number", answer=3.5, tolerance=0.1, unit="billion dollars", **COMMON),
        (),
        lambda order: {"text": "$3.5bn"},
        lambda order: "3.5",
        [{"text": "many"}, {"text": 3.5}, {"number": "3.5"}, {"number": True}, {"number": float("nan")}],
        (NumberQuestion(id="s-number", answer=7.0, tolerance=0.1, unit="billion dollars", **COMMON), ()),
    ),
    "order": Sample(
        OrderQuestion(id="s-order", items=ORDER_ITEMS, **COMMON),
        (2, 0, 3, 1),
        lambda order: {"order": [_at(order, i) for i in range(4)]},
        lambda order: " ".join(str(_at(order, i) + 1) for i in range(4)),
        [
            {"order": [0, 1, 2]},
            {"order": [0, 0, 1, 2]},
            {"order": [0, 1, 2, 4]},
            {"order": "0123"},
            {"order": [0, 1, 2, True]},
        ],
        (
            OrderQuestion(id="s-order", items=ORDER_TWIN_ITEMS, **COMMON),
            _twin_order(ORDER_ITEMS, ORDER_TWIN_ITEMS, (2, 0, 3, 1)),
        ),
    ),
    "match": Sample(
        MatchQuestion(id="s-match", pairs=[Pair(left=a, right=b) for a, b in MATCH_PAIRS], **COMMON),
        (1, 2, 0),
        lambda order: {"matches": [_at(order, i) for i in range(3)]},
        lambda order: " ".join(str(_at(order, i) + 1) for i in range(3)),
        [{"matches": [0, 1]}, {"matches": [0, 0, 1]}, {"matches": [0, 1, 3]}, {"matches": None}],
        (
            MatchQuestion(id="s-match", pairs=[Pair(left=a, right=b) for a, b in MATCH_TWIN_PAIRS], **COMMON),
            _twin_order([b for _, b in MATCH_PAIRS], [b for _, b in MATCH_TWIN_PAIRS], (1, 2, 0)),
        ),
    ),
}
