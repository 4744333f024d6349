"""truefalse: a statement that is true or false. The given answer is True or False."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from quiz.core.grading import Grade
from quiz.core.kinds.base import BadAnswer, GiftWriter, Kind, wire_field
from quiz.core.model import Question

OPTIONS = ["True", "False"]


class TrueFalseQuestion(Question, tag="truefalse", frozen=True, kw_only=True):
    answer: bool


class TrueFalseKind(Kind[TrueFalseQuestion]):
    tag = "truefalse"
    model = TrueFalseQuestion
    rank = 3
    answer_seconds = (2.0, 0.0)  # one key
    example_quotes = (2,)
    example = """  # ---- truefalse: a statement that is true or false
- id: {id}
  type: truefalse
  prompt: "TODO: a statement about the passage below"
  answer: true                  # true or false, unquoted
{explanation}{quotes}{end}"""

    def grade(self, question: TrueFalseQuestion, given: Any) -> Grade:
        if not isinstance(given, bool):
            return Grade(0.0, "no answer given")
        right = given == question.answer
        return Grade(1.0 if right else 0.0, "right" if right else "wrong")

    def options(self, question: TrueFalseQuestion, order: Sequence[int]) -> list[str]:
        return list(OPTIONS)

    def answer_in_words(self, question: TrueFalseQuestion) -> str:
        return "True" if question.answer else "False"

    def given_in_words(self, question: TrueFalseQuestion, given: Any) -> str:
        return "True" if given else "False"

    def plain_hint(self, question: TrueFalseQuestion, order: Sequence[int]) -> str:
        return "type t for true or f for false"

    def parse_typed(self, question: TrueFalseQuestion, order: Sequence[int], text: str) -> Any:
        word = text.lower()
        if word in ("t", "true", "1", "yes", "y"):
            return True
        if word in ("f", "false", "2", "no", "n"):
            return False
        raise BadAnswer("type t (true) or f (false)")

    def answer_texts(self, question: TrueFalseQuestion) -> list[str]:
        return [question.prompt]  # the statement is what the quote must bear on

    def json_fields(
        self, question: TrueFalseQuestion, why_not_quote: Callable[[int, Any], dict[str, Any]]
    ) -> dict[str, Any]:
        return {"answer": question.answer}

    def aiken(self, question: TrueFalseQuestion) -> tuple[list[str], int] | None:
        return list(OPTIONS), 0 if question.answer else 1

    def anki_front(self, question: TrueFalseQuestion, html: Callable[[str], str]) -> str:
        return "<div><i>True or false?</i></div>"

    def gift_answers(self, question: TrueFalseQuestion, gift: GiftWriter, meta: dict[str, Any]) -> list[str]:
        return ["TRUE" if question.answer else "FALSE"]

    def wire_input(self, question: TrueFalseQuestion, order: Sequence[int]) -> dict[str, Any]:
        # answer: {"answer": true or false}
        return {"input": "true_or_false", "options": list(OPTIONS)}

    def answer_from_wire(self, question: TrueFalseQuestion, order: Sequence[int], payload: dict[str, Any]) -> Any:
        value = wire_field(payload, "answer")
        if not isinstance(value, bool):
            raise BadAnswer("'answer' must be true or false")
        return value


KIND = TrueFalseKind()
