"""multi: all that apply, one or more of 2 to 10 choices are right. The given answer is the
list of chosen indices; credit is (right picks - wrong picks) / right choices, at least 0."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any

from msgspec import Meta

from quiz.core.grading import Grade
from quiz.core.kinds._choices import ChoicesKind
from quiz.core.kinds.base import BadAnswer, GiftWriter, Problem, wire_field, wire_int
from quiz.core.model import ChoiceItem, Question, choice_is_correct, choice_text
from quiz.core.wording import counted

_NUMBERS = re.compile(r"\d+")


class MultiQuestion(Question, tag="multi", frozen=True, kw_only=True):
    """All that apply: one or more choices are right."""

    choices: Annotated[list[ChoiceItem], Meta(min_length=2, max_length=10)]


class MultiKind(ChoicesKind[MultiQuestion]):
    tag = "multi"
    model = MultiQuestion
    rank = 2
    answer_seconds = (0.0, 2.0)  # a decision per choice, then Enter
    example_quotes = (1, 2)
    example = """  # ---- multi: all that apply; one or more choices are right, at least one is not
- id: {id}
  type: multi
  prompt: "TODO: which of these does the article say? (a question with several right answers)"
  choices:
    - {{text: "TODO: a right answer", correct: true}}
    - {{text: "TODO: another right answer", correct: true}}
    - text: "TODO: a wrong one"
      why_not: "TODO: why it is wrong"
{explanation}{quotes}{end}"""

    def grade(self, question: MultiQuestion, given: Any) -> Grade:
        picked = {i for i in given if isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(question.choices)}
        right = {i for i, c in enumerate(question.choices) if choice_is_correct(c)}
        hits, misses = len(picked & right), len(picked - right)
        credit = max(0.0, (hits - misses) / len(right))
        detail = f"{hits} of {len(right)} right choices picked"
        if misses:
            detail += f", {counted(misses, 'wrong one')} picked"
        return Grade(1.0 if picked == right else min(credit, 0.99), detail)

    def answer_in_words(self, question: MultiQuestion) -> str:
        return "; ".join(choice_text(c) for c in question.choices if choice_is_correct(c))

    def given_in_words(self, question: MultiQuestion, given: Any) -> str:
        picked = [choice_text(question.choices[i]) for i in sorted(given)]
        return "; ".join(picked) if picked else "(nothing picked)"

    def wrong_picks(self, question: MultiQuestion, given: Any) -> list[int]:
        return sorted(given)

    def picked_choices(self, given: Any, correct: Sequence[bool]) -> list[int] | None:
        if not isinstance(given, list):
            return None
        return [i for i in given if isinstance(i, int) and 0 <= i < len(correct) and not correct[i]]

    def plain_hint(self, question: MultiQuestion, order: Sequence[int]) -> str:
        return f"type the numbers of every choice that applies, e.g. 1 3 (1-{len(order)}); none: Enter twice"

    empty_confirmation = "Submit with nothing ticked? Enter again to confirm"

    def empty_answer(self, question: MultiQuestion) -> Any:
        return []

    def parse_typed(self, question: MultiQuestion, order: Sequence[int], text: str) -> Any:
        n = len(order)
        numbers = [int(x) for x in _NUMBERS.findall(text)]
        if not numbers or any(not 1 <= x <= n for x in numbers):
            raise BadAnswer(f"type one or more numbers from 1 to {n}")
        return sorted({order[x - 1] for x in numbers})

    def rule_problems(self, question: MultiQuestion) -> list[Problem]:
        right = [i for i, c in enumerate(question.choices) if choice_is_correct(c)]
        found: list[Problem] = []
        if not right:
            found.append(((), "choices", "a multi question needs at least one correct choice", None))
        if len(right) == len(question.choices):
            found.append(((), "choices", "a multi question needs at least one wrong choice", None))
        return found + super().rule_problems(question)

    def anki_front(self, question: MultiQuestion, html: Callable[[str], str]) -> str:
        return self.anki_choices(question, html) + "<div><i>All that apply.</i></div>"

    def gift_answers(self, question: MultiQuestion, gift: GiftWriter, meta: dict[str, Any]) -> list[str]:
        right = sum(1 for c in question.choices if choice_is_correct(c))
        return self.gift_choice_lines(
            question, gift, lambda c: f"~%{gift.weight((1 if choice_is_correct(c) else -1) / right)}%"
        )

    def wire_input(self, question: MultiQuestion, order: Sequence[int]) -> dict[str, Any]:
        # answer: {"choices": [display indices]} (none, some or all)
        return {"input": "choose_any", "options": self.options(question, order)}

    def answer_from_wire(self, question: MultiQuestion, order: Sequence[int], payload: dict[str, Any]) -> Any:
        value = wire_field(payload, "choices")
        if not isinstance(value, list) or len(value) > len(order):
            raise BadAnswer(f"'choices' must list up to {len(order)} display indices")
        picked = {wire_int(v, len(order), "each of 'choices'") for v in value}
        if len(picked) != len(value):
            raise BadAnswer("'choices' names a choice twice")
        return sorted(order[i] for i in picked)


KIND = MultiKind()
