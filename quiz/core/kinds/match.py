"""match: pairs written matched; the game shuffles the right-hand sides (never into the
right order). The given answer is, for each left side, the index of the right side chosen;
credit is the share of pairs matched right."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
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
from quiz.core.model import Pair, Question

MIN_MOODLE_MATCH_PAIRS = 3  # Moodle's matching type wants three answers at least


class MatchQuestion(Question, tag="match", frozen=True, kw_only=True):
    """Pairs written matched; the game shuffles the right-hand sides."""

    pairs: Annotated[list[Pair], Meta(min_length=2, max_length=8)]


class MatchKind(Kind[MatchQuestion]):
    tag = "match"
    model = MatchQuestion
    rank = 7
    answer_seconds = (0.0, 3.0)  # a key per pair
    example_quotes = (3, 4, 5)
    example = """  # ---- match: pairs written matched; the game shuffles the right-hand sides
- id: {id}
  type: match
  prompt: "TODO: match each person to what the article says about them"
  pairs:
    - {{left: "TODO: a person", right: "TODO: the first person's post"}}
    - {{left: "TODO: another person", right: "TODO: the second person's post"}}
    - {{left: "TODO: a third person", right: "TODO: the third person's post"}}
{explanation}{quotes}{end}"""

    def grade(self, question: MatchQuestion, given: Any) -> Grade:
        chosen = list(given)
        if len(chosen) != len(question.pairs):
            return Grade(0.0, "not every item matched")
        right = sum(1 for left, r in enumerate(chosen) if r == left)
        if right == len(question.pairs):
            return Grade(1.0, "all pairs right")
        return Grade(right / len(question.pairs), f"{right} of {len(question.pairs)} pairs right")

    def display_order(self, question: MatchQuestion, rng: random.Random) -> tuple[int, ...]:
        return shuffled(len(question.pairs), rng, may_be_identity=False)

    def options(self, question: MatchQuestion, order: Sequence[int]) -> list[str]:
        """The right-hand sides, in display order (the left sides stay as written)."""
        return [question.pairs[i].right for i in order]

    def answer_in_words(self, question: MatchQuestion) -> str:
        return "; ".join(f"{p.left} → {p.right}" for p in question.pairs)

    def given_in_words(self, question: MatchQuestion, given: Any) -> str:
        pairs = question.pairs
        return "; ".join(f"{pairs[left].left} → {pairs[right].right}" for left, right in enumerate(given))

    def plain_hint(self, question: MatchQuestion, order: Sequence[int]) -> str:
        n = len(order)
        return f"for each of A, B, …, type the number of its match, e.g. {' '.join(str(i) for i in range(1, n + 1))}"

    def plain_lines(self, question: MatchQuestion, order: Sequence[int]) -> list[str]:
        lefts = [f"  {chr(ord('A') + n)}. {pair.left}" for n, pair in enumerate(question.pairs)]
        return lefts + [f"  {n}) {right}" for n, right in enumerate(self.options(question, order), 1)]

    def parse_typed(self, question: MatchQuestion, order: Sequence[int], text: str) -> Any:
        return typed_permutation(text, order)

    def reading_texts(self, question: MatchQuestion) -> list[str]:
        return [text for p in question.pairs for text in (p.left, p.right)]

    def option_count(self, question: MatchQuestion) -> int:
        return len(question.pairs)

    def rule_problems(self, question: MatchQuestion) -> list[Problem]:
        found: list[Problem] = []
        for side in ("left", "right"):
            for i in repeats([getattr(p, side) for p in question.pairs]):
                found.append((("pairs", i), side, f"this {side} side repeats an earlier one", None))
        return found

    def answer_texts(self, question: MatchQuestion) -> list[str]:
        return [f"{p.left} {p.right}" for p in question.pairs]

    def authored_texts(self, question: MatchQuestion) -> Iterable[AuthoredText]:
        for i, pair in enumerate(question.pairs):
            yield ("pairs", i), None, f"pair {i + 1}", f"{pair.left} {pair.right}"

    def json_fields(
        self, question: MatchQuestion, why_not_quote: Callable[[int, Any], dict[str, Any]]
    ) -> dict[str, Any]:
        return {"pairs": [{"left": p.left, "right": p.right} for p in question.pairs]}

    def anki_front(self, question: MatchQuestion, html: Callable[[str], str]) -> str:
        lefts = "".join(f"<li>{html(p.left)}</li>" for p in question.pairs)
        rights = "".join(f"<li>{html(r)}</li>" for r in sorted((p.right for p in question.pairs), key=str.casefold))
        return f"<div><i>Match each of</i></div><ul>{lefts}</ul><div><i>with one of</i></div><ul>{rights}</ul>"

    def csv_options(self, question: MatchQuestion) -> str:
        return "\n".join(p.left for p in question.pairs)

    def gift_left_out(self, question: MatchQuestion) -> str | None:
        if len(question.pairs) < MIN_MOODLE_MATCH_PAIRS:
            return f"Moodle's matching questions need at least {MIN_MOODLE_MATCH_PAIRS} pairs"
        if any("->" in p.left for p in question.pairs):
            return "a left-hand item holds '->', which GIFT reads as the arrow of a pair"
        return None

    def gift_answers(self, question: MatchQuestion, gift: GiftWriter, meta: dict[str, Any]) -> list[str]:
        return [f"={gift.escape(p.left)} -> {gift.escape(p.right)}" for p in question.pairs]

    def wire_input(self, question: MatchQuestion, order: Sequence[int]) -> dict[str, Any]:
        # answer: {"matches": [for each left side, the display index of its right side]}
        return {"input": "match", "left": [p.left for p in question.pairs], "options": self.options(question, order)}

    def answer_from_wire(self, question: MatchQuestion, order: Sequence[int], payload: dict[str, Any]) -> Any:
        return wire_permutation(payload, "matches", order)


KIND = MatchKind()
