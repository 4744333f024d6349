"""The neutral wire form of a question for remote clients, and answers read back from it.

A remote client sees what a player sees (the prompt and the options in display order) and
what kind of input is expected — never the key. It answers in display positions; the server
turns that back into the question's own indices (what `quiz.core.grading.grade` takes).

One module on purpose: the kinds registry (quiz/core/kinds/) will carry `wire_question` and
`answer_from_wire` per kind; these two functions keep the same names and shapes so the
lead can route them there.

| kind | options | expects | payload (display positions) |
| --- | --- | --- | --- |
| choice | the choices | "one" | the position picked |
| multi | the choices | "some" | the positions picked |
| truefalse | True, False | "truefalse" | true or false |
| text | — | "text" | the typed text |
| number | — | "number" | the typed text (unit in `unit`) |
| order | the items, shuffled | "order" | the positions, in the order the player puts them |
| match | the right-hand sides, shuffled; `left` the left-hand ones | "match" | for each left, the position of its match |
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from msgspec import Struct

from quiz.core.model import (
    ChoiceQuestion,
    MatchQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Question,
    TextQuestion,
    TrueFalseQuestion,
    choice_text,
)

MAX_TYPED = 200  # characters of a typed answer


class WireQuestion(Struct, frozen=True, kw_only=True):
    kind: str
    prompt: str
    expects: str  # one, some, truefalse, text, number, order, match
    options: list[str] = []
    left: list[str] = []
    unit: str | None = None


class WireAnswerError(ValueError):
    """A payload that can't be an answer to this question (the client is told, nothing stored)."""


def wire_question(question: Question, display_order: Sequence[int]) -> WireQuestion:
    q, order = question, list(display_order)
    if isinstance(q, ChoiceQuestion):
        return WireQuestion(
            kind="choice", prompt=q.prompt, expects="one", options=[choice_text(q.choices[i]) for i in order]
        )
    if isinstance(q, MultiQuestion):
        return WireQuestion(
            kind="multi", prompt=q.prompt, expects="some", options=[choice_text(q.choices[i]) for i in order]
        )
    if isinstance(q, TrueFalseQuestion):
        return WireQuestion(kind="truefalse", prompt=q.prompt, expects="truefalse", options=["True", "False"])
    if isinstance(q, TextQuestion):
        return WireQuestion(kind="text", prompt=q.prompt, expects="text")
    if isinstance(q, NumberQuestion):
        return WireQuestion(kind="number", prompt=q.prompt, expects="number", unit=q.unit)
    if isinstance(q, OrderQuestion):
        return WireQuestion(kind="order", prompt=q.prompt, expects="order", options=[q.items[i] for i in order])
    if isinstance(q, MatchQuestion):
        return WireQuestion(
            kind="match",
            prompt=q.prompt,
            expects="match",
            options=[q.pairs[i].right for i in order],
            left=[p.left for p in q.pairs],
        )
    raise TypeError(f"no wire form for {type(q).__name__}")  # an unknown kind is an error, never a fallback


def _position(value: Any, n: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < n:
        raise WireAnswerError(f"expected a position from 0 to {n - 1}")
    return value


def _positions(value: Any, n: int) -> list[int]:
    if not isinstance(value, list) or len(value) > n:
        raise WireAnswerError(f"expected a list of at most {n} positions")
    return [_position(v, n) for v in value]


def _typed(value: Any) -> str:
    if not isinstance(value, str) or len(value) > MAX_TYPED:
        raise WireAnswerError(f"expected text of at most {MAX_TYPED} characters")
    return value


def answer_from_wire(question: Question, display_order: Sequence[int], payload: Any) -> Any:
    """The answer in the question's own terms, as `grade` takes it; WireAnswerError if it is none."""
    q, order = question, list(display_order)
    if isinstance(q, ChoiceQuestion):
        return order[_position(payload, len(order))]
    if isinstance(q, MultiQuestion):
        return sorted({order[p] for p in _positions(payload, len(order))})
    if isinstance(q, TrueFalseQuestion):
        if not isinstance(payload, bool):
            raise WireAnswerError("expected true or false")
        return payload
    if isinstance(q, (TextQuestion, NumberQuestion)):
        return _typed(payload)
    if isinstance(q, OrderQuestion):
        picked = _positions(payload, len(order))
        if sorted(picked) != list(range(len(order))):
            raise WireAnswerError("expected every item once")
        return [order[p] for p in picked]
    if isinstance(q, MatchQuestion):
        picked = _positions(payload, len(order))
        if len(picked) != len(q.pairs):
            raise WireAnswerError("expected a match for every item")
        return [order[p] for p in picked]
    raise TypeError(f"no wire form for {type(q).__name__}")
