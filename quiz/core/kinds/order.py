"""order: items written in their right order; the game shuffles them (never into the right
order). The given answer is the item indices in the order given; credit is the share of item
pairs in the right relative order."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from itertools import combinations
from typing import Annotated, Any

from msgspec import Meta

from quiz.core.grading import Grade
from quiz.core.kinds.base import (
    AuthoredText,
    GiftWriter,
    Kind,
    Problem,
    repeats,
    shuffled,
    typed_permutation,
    wire_permutation,
)
from quiz.core.model import Question, Text


class OrderQuestion(Question, tag="order", frozen=True, kw_only=True):
    """Items written in their right order; the game shuffles them."""

    items: Annotated[list[Text], Meta(min_length=2, max_length=8)]


class OrderKind(Kind[OrderQuestion]):
    tag = "order"
    model = OrderQuestion
    rank = 6
    answer_seconds = (0.0, 3.0)  # moving items takes several keys each
    example_quotes = (0, 1, 2)
    example = """  # ---- order: items written in their right order; the game shuffles them
- id: {id}
  type: order
  prompt: "TODO: put these in the order the article tells them, earliest first"
  items:
    - "TODO: the first"
    - "TODO: the second"
    - "TODO: the third"
{explanation}{quotes}{end}"""

    def grade(self, question: OrderQuestion, given: Any) -> Grade:
        order = [int(i) for i in given]
        if sorted(order) != list(range(len(question.items))):
            return Grade(0.0, "not an ordering of the items")
        position = {item: at for at, item in enumerate(order)}
        pairs = list(combinations(range(len(question.items)), 2))
        right = sum(1 for a, b in pairs if position[a] < position[b])
        if right == len(pairs):
            return Grade(1.0, "all in the right order")
        return Grade(right / len(pairs), f"{right} of {len(pairs)} pairs in the right order")

    def display_order(self, question: OrderQuestion, rng: random.Random) -> tuple[int, ...]:
        return shuffled(len(question.items), rng, may_be_identity=False)

    def answer_in_words(self, question: OrderQuestion) -> str:
        return " → ".join(question.items)

    def given_in_words(self, question: OrderQuestion, given: Any) -> str:
        return " → ".join(question.items[i] for i in given)

    def plain_hint(self, question: OrderQuestion, order: Sequence[int]) -> str:
        n = len(order)
        return f"type the item numbers in the right order, e.g. {' '.join(str(i) for i in range(n, 0, -1))}"

    def plain_lines(self, question: OrderQuestion, order: Sequence[int]) -> list[str]:
        return [f"  {n}) {question.items[index]}" for n, index in enumerate(order, 1)]

    def parse_typed(self, question: OrderQuestion, order: Sequence[int], text: str) -> Any:
        return typed_permutation(text, order)

    def reading_texts(self, question: OrderQuestion) -> list[str]:
        return list(question.items)

    def option_count(self, question: OrderQuestion) -> int:
        return len(question.items)

    def rule_problems(self, question: OrderQuestion) -> list[Problem]:
        return [(("items", i), None, "this item repeats an earlier one", None) for i in repeats(question.items)]

    def answer_texts(self, question: OrderQuestion) -> list[str]:
        return list(question.items)

    def authored_texts(self, question: OrderQuestion) -> Iterable[AuthoredText]:
        for i, item in enumerate(question.items):
            yield ("items", i), None, f"item {i + 1}", item

    def json_fields(
        self, question: OrderQuestion, why_not_quote: Callable[[int, Any], dict[str, Any]]
    ) -> dict[str, Any]:
        return {"items": list(question.items)}

    def anki_front(self, question: OrderQuestion, html: Callable[[str], str]) -> str:
        items = "".join(f"<li>{html(i)}</li>" for i in sorted(question.items, key=str.casefold))
        return f"<div><i>Put in order:</i></div><ul>{items}</ul>"

    def csv_options(self, question: OrderQuestion) -> str:
        return "\n".join(sorted(question.items, key=str.casefold))

    def gift_left_out(self, question: OrderQuestion) -> str | None:
        return (
            "Moodle's ordering questions import from GIFT without any feedback, so the "
            "explanation and quoted passage would be lost"
        )

    def gift_answers(self, question: OrderQuestion, gift: GiftWriter, meta: dict[str, Any]) -> list[str]:
        return []  # never asked: gift_left_out leaves every order question out

    def wire_input(self, question: OrderQuestion, order: Sequence[int]) -> dict[str, Any]:
        # answer: {"order": [display indices, first to last]}
        return {"input": "order", "items": [question.items[i] for i in order]}

    def answer_from_wire(self, question: OrderQuestion, order: Sequence[int], payload: dict[str, Any]) -> Any:
        return wire_permutation(payload, "order", order)


KIND = OrderKind()
