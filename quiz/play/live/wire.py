"""The neutral wire form of a question for remote clients, and answers read back from it.

A remote client sees what a player sees (the prompt and the options in display order) and
what kind of input is expected — never the key. It answers in display positions; the server
turns that back into the question's own indices (what `quiz.core.kinds.grade` takes).

The kinds registry (quiz/core/kinds) owns each kind's wire form and reads its answers back
(validation, display order); this module only puts them in the live protocol's version-1
shape below, so a client sees one flat question and answers with a bare value.

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

from quiz.core import kinds
from quiz.core.model import Question

MAX_TYPED = 200  # characters of a typed answer in protocol 1 (its messages are small)

# the kinds' input names, as protocol 1 calls them, and the key each kind's answer object uses
EXPECTS = {
    "choose_one": "one",
    "choose_any": "some",
    "true_or_false": "truefalse",
    "text": "text",
    "number": "number",
    "order": "order",
    "match": "match",
}
ANSWER_KEY = {
    "choice": "choice",
    "multi": "choices",
    "truefalse": "answer",
    "text": "text",
    "number": "text",
    "order": "order",
    "match": "matches",
}


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
    form = kinds.wire_question(question, list(display_order))
    return WireQuestion(
        kind=form["kind"],
        prompt=form["prompt"],
        expects=EXPECTS[form["input"]],
        options=form.get("options") or form.get("items") or [],
        left=form.get("left", []),
        unit=form.get("unit"),
    )


def answer_from_wire(question: Question, display_order: Sequence[int], payload: Any) -> Any:
    """The answer in the question's own terms, as `grade` takes it; WireAnswerError if it is none."""
    tag = kinds.kind_of(question).tag
    try:
        return kinds.answer_from_wire(question, list(display_order), {ANSWER_KEY[tag]: payload})
    except kinds.BadAnswer as exc:
        raise WireAnswerError(str(exc)) from None
