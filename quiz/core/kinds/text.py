"""text: a typed short answer; `accept` lists other spellings that are also right. Case,
accents, punctuation, a leading article or title, dots in abbreviations, British or American
spelling and a small slip in a long word are forgiven (quiz.core.grading.text_matches)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from quiz.core.grading import Grade, text_matches
from quiz.core.kinds.base import AuthoredText, BadAnswer, GiftWriter, Kind, wire_field
from quiz.core.model import Question, Text

MAX_TYPED = 4000  # a remote answer longer than any answer an author may write is refused


class TextQuestion(Question, tag="text", frozen=True, kw_only=True):
    """A typed short answer; `accept` lists other spellings that are also right."""

    answer: Text
    accept: list[Text] = []


class TextKind(Kind[TextQuestion]):
    tag = "text"
    model = TextQuestion
    rank = 4
    answer_seconds = (10.0, 0.0)  # recall a name or phrase, type it
    example_quotes = (3,)
    example = """  # ---- text: a typed short answer (case, accents and small typos are forgiven)
- id: {id}
  type: text
  prompt: "TODO: a question answered by a name or a few words"
  answer: "TODO: the answer"
  accept: ["TODO: another way to write it"]   # optional
{explanation}{quotes}{end}"""

    def grade(self, question: TextQuestion, given: Any) -> Grade:
        typed = str(given)
        judged = [(expected, *text_matches(typed, expected)) for expected in (question.answer, *question.accept)]
        # an exact match with any accepted answer beats a near miss of the first
        for expected, ok, how in sorted(judged, key=lambda j: j[2] != "matches"):
            if ok:
                return Grade(1.0, how if expected == question.answer else f"{how} (an accepted answer)")
        return Grade(0.0, "does not match")

    def answer_in_words(self, question: TextQuestion) -> str:
        return question.answer

    def given_in_words(self, question: TextQuestion, given: Any) -> str:
        return str(given)

    def plain_hint(self, question: TextQuestion, order: Sequence[int]) -> str:
        return "type your answer"

    def parse_typed(self, question: TextQuestion, order: Sequence[int], text: str) -> Any:
        return text

    def answer_texts(self, question: TextQuestion) -> list[str]:
        return [question.answer, *question.accept]

    def authored_texts(self, question: TextQuestion) -> Iterable[AuthoredText]:
        yield (), "answer", "the answer", question.answer
        for i, text in enumerate(question.accept):
            yield ("accept", i), None, f"accept {i + 1}", text

    def json_fields(
        self, question: TextQuestion, why_not_quote: Callable[[int, Any], dict[str, Any]]
    ) -> dict[str, Any]:
        return {"answer": question.answer, "accept": list(question.accept)}

    def gift_left_out(self, question: TextQuestion) -> str | None:
        if any("->" in a for a in [question.answer, *question.accept]):
            return "an answer holds '->', which makes Moodle read the question as matching"
        return None

    def gift_answers(self, question: TextQuestion, gift: GiftWriter, meta: dict[str, Any]) -> list[str]:
        return ["=" + gift.escape(a) for a in [question.answer, *question.accept]]

    def tidy_written(self, data: dict[str, Any]) -> None:
        if not data["accept"]:
            del data["accept"]

    def wire_input(self, question: TextQuestion, order: Sequence[int]) -> dict[str, Any]:
        # answer: {"text": what was typed}
        return {"input": "text"}

    def answer_from_wire(self, question: TextQuestion, order: Sequence[int], payload: dict[str, Any]) -> Any:
        value = wire_field(payload, "text")
        if not isinstance(value, str) or not value.strip() or len(value) > MAX_TYPED:
            raise BadAnswer(f"'text' must be the typed answer, 1 to {MAX_TYPED} characters")
        return value.strip()


KIND = TextKind()
