"""choice: one right answer among 2 to 8 choices. The given answer is the chosen choice's index."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any

from msgspec import Meta

from quiz.core.grading import Grade
from quiz.core.kinds._choices import ChoicesKind
from quiz.core.kinds.base import BadAnswer, GiftWriter, Problem, wire_field, wire_int
from quiz.core.model import ChoiceItem, Question, choice_is_correct, choice_text

_NUMBERS = re.compile(r"\d+")


class ChoiceQuestion(Question, tag="choice", frozen=True, kw_only=True):
    """One right answer among the choices."""

    choices: Annotated[list[ChoiceItem], Meta(min_length=2, max_length=8)]


class ChoiceKind(ChoicesKind[ChoiceQuestion]):
    tag = "choice"
    model = ChoiceQuestion
    rank = 1
    answer_seconds = (3.0, 0.0)  # one key, after weighing the choices (their words are read too)
    example_quotes = (0,)
    example = """  # ---- choice: one right answer among 2 to 8 choices
- id: {id}          # unique across all banks; keep it when you reword
  type: choice
  prompt: "TODO: a question about the passage quoted below, in your own words"
  choices:
    - text: "TODO: the right answer"
      correct: true
    - text: "TODO: a wrong answer a careless reader might pick"
      why_not: "TODO: why it is wrong (needed at difficulty 2 and 3)"
    - "TODO: another wrong answer (a plain string: no feedback)"
{explanation}{quotes}{end}"""

    def grade(self, question: ChoiceQuestion, given: Any) -> Grade:
        if isinstance(given, bool) or not isinstance(given, int) or not 0 <= given < len(question.choices):
            return Grade(0.0, "no choice given")
        if choice_is_correct(question.choices[given]):
            return Grade(1.0, "right choice")
        return Grade(0.0, "wrong choice")

    def answer_in_words(self, question: ChoiceQuestion) -> str:
        return next(choice_text(c) for c in question.choices if choice_is_correct(c))

    def given_in_words(self, question: ChoiceQuestion, given: Any) -> str:
        return choice_text(question.choices[given])

    def wrong_picks(self, question: ChoiceQuestion, given: Any) -> list[int]:
        return [given]

    def picked_choices(self, given: Any, correct: Sequence[bool]) -> list[int] | None:
        return [given] if isinstance(given, int) and 0 <= given < len(correct) else None

    def plain_hint(self, question: ChoiceQuestion, order: Sequence[int]) -> str:
        return f"type the number of your choice (1-{len(order)})"

    def parse_typed(self, question: ChoiceQuestion, order: Sequence[int], text: str) -> Any:
        n = len(order)
        letter = text.lower()
        if len(letter) == 1 and "a" <= letter < chr(ord("a") + n):
            return order[ord(letter) - ord("a")]
        numbers = [int(x) for x in _NUMBERS.findall(text)]
        if len(numbers) != 1 or not 1 <= numbers[0] <= n:
            raise BadAnswer(f"type one number from 1 to {n}")
        return order[numbers[0] - 1]

    def rule_problems(self, question: ChoiceQuestion) -> list[Problem]:
        right = [i for i, c in enumerate(question.choices) if choice_is_correct(c)]
        found: list[Problem] = []
        if not right:
            found.append(
                (
                    (),
                    "choices",
                    "a choice question needs exactly one correct choice, found 0",
                    "mark the right answer with 'correct: true'",
                )
            )
        elif len(right) > 1:  # located at the second: the first is most likely the one meant
            found.append(
                (
                    ("choices", right[1]),
                    "correct",
                    f"a choice question needs exactly one correct choice, found {len(right)}",
                    "keep 'correct: true' on the one right answer; for several right answers use 'type: multi'",
                )
            )
        return found + super().rule_problems(question)

    def bias_sample(self, question: ChoiceQuestion) -> tuple[int, bool] | None:
        texts = [choice_text(c) for c in question.choices]
        right = next(i for i, c in enumerate(question.choices) if choice_is_correct(c))
        return right, all(len(texts[right]) > len(t) for i, t in enumerate(texts) if i != right)

    def aiken(self, question: ChoiceQuestion) -> tuple[list[str], int] | None:
        right = next(i for i, c in enumerate(question.choices) if choice_is_correct(c))
        return [choice_text(c) for c in question.choices], right

    def anki_front(self, question: ChoiceQuestion, html: Callable[[str], str]) -> str:
        return self.anki_choices(question, html)

    def gift_answers(self, question: ChoiceQuestion, gift: GiftWriter, meta: dict[str, Any]) -> list[str]:
        return self.gift_choice_lines(question, gift, lambda c: "=" if choice_is_correct(c) else "~")

    def wire_input(self, question: ChoiceQuestion, order: Sequence[int]) -> dict[str, Any]:
        # answer: {"choice": display index}
        return {"input": "choose_one", "options": self.options(question, order)}

    def answer_from_wire(self, question: ChoiceQuestion, order: Sequence[int], payload: dict[str, Any]) -> Any:
        return order[wire_int(wire_field(payload, "choice"), len(order), "'choice'")]


KIND = ChoiceKind()
