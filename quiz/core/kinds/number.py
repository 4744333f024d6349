"""number: a typed number, right within the tolerance. The given answer is the typed text
('70%', '$3.5bn' and '1,000' all read as numbers) or a number."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from quiz.core.grading import Grade, parse_number
from quiz.core.kinds.base import BadAnswer, GiftWriter, Kind, Problem, wire_field
from quiz.core.model import NumberQuestion

MAX_TYPED = 100


class NumberKind(Kind[NumberQuestion]):
    tag = "number"
    model = NumberQuestion
    answer_seconds = (8.0, 0.0)  # recall a figure, type it
    example_quotes = (-1,)
    example = """  # ---- number: a typed number
- id: {id}
  type: number
  prompt: "TODO: a question whose answer is a number the article gives"
  answer: 0                     # TODO: the number, unquoted
  tolerance: 0                  # how far off still counts as right
  unit: "TODO: the unit, e.g. percent (optional)"
{explanation}{quotes}{end}"""

    def grade(self, question: NumberQuestion, given: Any) -> Grade:
        value = given if isinstance(given, (int, float)) and not isinstance(given, bool) else parse_number(str(given))
        if value is None or not math.isfinite(value):
            return Grade(0.0, "not a number")
        if abs(value - question.answer) <= question.tolerance + 1e-9 * max(1.0, abs(question.answer)):
            return Grade(1.0, "exact" if value == question.answer else f"within ±{question.tolerance:g}")
        return Grade(0.0, f"off by {abs(value - question.answer):g}")

    def answer_in_words(self, question: NumberQuestion) -> str:
        text = f"{question.answer:g}" + (f" {question.unit}" if question.unit else "")
        return text + (f" (±{question.tolerance:g})" if question.tolerance else "")

    def given_in_words(self, question: NumberQuestion, given: Any) -> str:
        value = parse_number(str(given))
        return str(given) if value is None else f"{value:g}" + (f" {question.unit}" if question.unit else "")

    def plain_hint(self, question: NumberQuestion, order: Sequence[int]) -> str:
        return "type a number" + (f" ({question.unit})" if question.unit else "")

    def parse_typed(self, question: NumberQuestion, order: Sequence[int], text: str) -> Any:
        if parse_number(text) is None:
            raise BadAnswer("type a number")
        return text

    def rule_problems(self, question: NumberQuestion) -> list[Problem]:
        if not (math.isfinite(question.answer) and math.isfinite(question.tolerance)):
            return [((), "answer", "the answer and tolerance must be finite numbers", None)]
        return []

    def answer_texts(self, question: NumberQuestion) -> list[str]:
        # a number may be worked out from the passages (a difference of two years), so the
        # quantity the prompt asks about counts as the answer's words too
        return [f"{question.answer:g}", question.unit or "", question.prompt]

    def json_fields(
        self, question: NumberQuestion, why_not_quote: Callable[[int, Any], dict[str, Any]]
    ) -> dict[str, Any]:
        return {"answer": question.answer, "tolerance": question.tolerance, "unit": question.unit}

    def anki_front(self, question: NumberQuestion, html: Callable[[str], str]) -> str:
        return f"<div><i>A number ({html(question.unit)}).</i></div>" if question.unit else ""

    def gift_answers(self, question: NumberQuestion, gift: GiftWriter, meta: dict[str, Any]) -> list[str]:
        if question.unit:
            meta["unit"] = question.unit  # GIFT has no unit; our comment carries it
        return [f"#{gift.number(question.answer)}:{gift.number(question.tolerance)}"]

    def gift_imported(self, data: dict[str, Any], meta: dict[str, Any]) -> None:
        if isinstance(meta.get("unit"), str):
            data["unit"] = meta["unit"]

    def tidy_written(self, data: dict[str, Any]) -> None:
        if data.get("tolerance") == 0:
            del data["tolerance"]

    def wire_input(self, question: NumberQuestion, order: Sequence[int]) -> dict[str, Any]:
        # answer: {"text": what was typed} or {"number": a number}
        return {"input": "number", "unit": question.unit}

    def answer_from_wire(self, question: NumberQuestion, order: Sequence[int], payload: dict[str, Any]) -> Any:
        if isinstance(payload, dict) and "number" in payload:
            value = payload["number"]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise BadAnswer("'number' must be a finite number")
            return value
        value = wire_field(payload, "text")
        if not isinstance(value, str) or len(value) > MAX_TYPED or parse_number(value) is None:
            raise BadAnswer("'text' must hold a number")
        return value.strip()


KIND = NumberKind()
