"""number: a typed number, right within the tolerance. The given answer is the typed text
('70%', '1,000', 'forty-three', '$3.5bn', '3500 million' all read as numbers) or a number in
the question's unit.

A magnitude typed after the number (k, m, bn, thousand, million, billion, trillion and their
usual spellings) is converted into the question's unit: for a unit of "billion dollars",
'3500 million', '$3,500m' and '3.5bn' are all 3.5, '3.5 trillion' is 3500 and '3.5k' is
0.0000035. A number with no magnitude is read in the unit. One that would be absurd in it
(3,500,000,000 billion dollars) is ambiguous, and refused with a hint rather than guessed."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any

from msgspec import Meta

from quiz.core.grading import MAGNITUDES, Grade, TypedNumber, fold, read_number
from quiz.core.kinds.base import BadAnswer, GiftWriter, Kind, Problem, wire_field
from quiz.core.model import Question

MAX_TYPED = 100
_BARE_NUMBER = re.compile(r"[-+−]?[\d\s.,]*\d")


def unit_scale(unit: str | None) -> tuple[float, list[str]]:
    """The magnitude a unit begins with and its other words: 'billion dollars' -> (1e9, ['dollars'])."""
    words = fold(unit or "").split()
    factor = 1.0
    while words and words[0] in MAGNITUDES and (len(words[0]) > 2 or words[0] in ("bn", "mn", "tn")):
        factor *= MAGNITUDES[words.pop(0)]
    return factor, words


def in_unit(question: NumberQuestion, typed: TypedNumber) -> float:
    """What was typed, in the question's unit."""
    unit_factor, unit_words = unit_scale(question.unit)
    factor = typed.factor
    if typed.magnitude is not None and len(typed.magnitude) == 1 and any(w[0] == typed.magnitude for w in unit_words):
        factor = None  # '6m' for 6 months, '30m' for 30 metres: the unit's letter, not a million
    return typed.value if factor is None else typed.value * factor / unit_factor


def ambiguity(question: NumberQuestion, text: str) -> str | None:
    """Why a typed number can't be read safely in the question's unit, with a hint; or None."""
    typed = read_number(text)
    if typed is None:
        return "type a number" + (f", in {question.unit}" if question.unit else "")
    unit_factor, _ = unit_scale(question.unit)
    if typed.factor is None and unit_factor > 1 and abs(typed.value) >= unit_factor:
        return f"type it in {question.unit}, or add million, billion… ({text.strip()} {question.unit} can't be meant)"
    return None


class NumberQuestion(Question, tag="number", frozen=True, kw_only=True):
    answer: float
    tolerance: Annotated[float, Meta(ge=0)] = 0.0
    unit: str | None = None


class NumberKind(Kind[NumberQuestion]):
    tag = "number"
    model = NumberQuestion
    rank = 5
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
        note = ""
        if isinstance(given, (int, float)) and not isinstance(given, bool):
            value = float(given)
        else:
            typed = read_number(str(given))
            if typed is None:
                return Grade(0.0, "not a number")
            value = in_unit(question, typed)
            if value != typed.value:  # say how a magnitude was read: '3500 million = 3.5 billion dollars'
                note = f": {str(given).strip()} = {value:g}" + (f" {question.unit}" if question.unit else "")
        if not math.isfinite(value):
            return Grade(0.0, "not a number")
        if abs(value - question.answer) <= question.tolerance + 1e-9 * max(1.0, abs(question.answer)):
            return Grade(1.0, ("exact" if value == question.answer else f"within ±{question.tolerance:g}") + note)
        return Grade(0.0, f"off by {abs(value - question.answer):g}" + note)

    def answer_in_words(self, question: NumberQuestion) -> str:
        text = f"{question.answer:g}" + (f" {question.unit}" if question.unit else "")
        return text + (f" (±{question.tolerance:g})" if question.tolerance else "")

    def given_in_words(self, question: NumberQuestion, given: Any) -> str:
        """As typed, never rewritten; a bare number gets the unit it was read in."""
        if isinstance(given, (int, float)) and not isinstance(given, bool):
            given = f"{given:g}"
        text = str(given).strip()
        bare = _BARE_NUMBER.fullmatch(text) is not None
        return text + (f" {question.unit}" if question.unit and bare else "")

    def plain_hint(self, question: NumberQuestion, order: Sequence[int]) -> str:
        return "type a number" + (f" ({question.unit})" if question.unit else "")

    def parse_typed(self, question: NumberQuestion, order: Sequence[int], text: str) -> Any:
        problem = ambiguity(question, text)
        if problem:
            raise BadAnswer(problem)
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
        if not isinstance(value, str) or len(value) > MAX_TYPED or read_number(value) is None:
            raise BadAnswer("'text' must hold a number")
        problem = ambiguity(question, value)
        if problem:
            raise BadAnswer(problem)
        return value.strip()


KIND = NumberKind()
