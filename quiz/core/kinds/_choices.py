"""What the two kinds with choices (choice, multi) share: their choices are read, shown,
checked and exported the same way; only how many are right differs."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from quiz.core.kinds.base import AuthoredText, GiftWriter, Kind, Problem, repeats, shuffled
from quiz.core.model import Choice, choice_is_correct, choice_text

if TYPE_CHECKING:  # the two kinds' modules import this one
    from quiz.core.kinds.choice import ChoiceQuestion
    from quiz.core.kinds.multi import MultiQuestion

NEAR_SAME_CHOICE = 95  # rapidfuzz ratio at or above this (same digits) is "the same choice"

C = TypeVar("C", "ChoiceQuestion", "MultiQuestion")


def fold(text: str) -> str:
    """Text as a reader compares it: no case, accents, punctuation or extra spaces."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch if ch.isalnum() else " " for ch in folded if not unicodedata.combining(ch))
    return " ".join(folded.split())


class ChoicesKind(Kind[C]):
    def display_order(self, question: C, rng: random.Random) -> tuple[int, ...]:
        return shuffled(len(question.choices), rng, may_be_identity=True)

    def options(self, question: C, order: Sequence[int]) -> list[str]:
        return [choice_text(question.choices[i]) for i in order]

    def reading_texts(self, question: C) -> list[str]:
        return [choice_text(c) for c in question.choices]

    def option_count(self, question: C) -> int:
        return len(question.choices)

    def choice_list(self, question: C) -> list[Any]:
        return list(question.choices)

    def answer_texts(self, question: C) -> list[str]:
        return [choice_text(c) for c in question.choices if choice_is_correct(c)]

    def rule_problems(self, question: C) -> list[Problem]:
        found: list[Problem] = []
        for i in repeats([choice_text(c) for c in question.choices]):
            found.append((("choices", i), None, "this choice repeats an earlier one", None))
        for i, c in enumerate(question.choices):
            if isinstance(c, Choice) and c.correct and (c.why_not or c.why_not_quote):
                found.append((("choices", i), "why_not", "'why_not' belongs on wrong choices only", None))
        return found

    def authored_texts(self, question: C) -> Iterable[AuthoredText]:
        for i, choice in enumerate(question.choices):
            yield ("choices", i), None, f"choice {i + 1}", choice_text(choice)
            if isinstance(choice, Choice) and choice.why_not:
                yield ("choices", i), "why_not", f"the why_not of choice {i + 1}", choice.why_not

    def lint_choices(self, question: C, difficulty: int) -> Iterable[Problem]:
        if difficulty < 2:
            return
        for i, c in enumerate(question.choices):
            if not choice_is_correct(c) and not (isinstance(c, Choice) and c.why_not):
                yield (
                    ("choices", i),
                    None,
                    "wrong choice of a difficulty 2–3 question has no 'why_not'",
                    "say why it is wrong, with 'why_not_quote' where the article rules it out",
                )

    def lint_question(self, question: C) -> Iterable[Problem]:
        """A distractor that reads the same as the answer or as another choice (exact repeats are
        already errors): differing only in case, accents, punctuation, or a letter or two."""
        from rapidfuzz import fuzz

        folded = [fold(choice_text(c)) for c in question.choices]
        for i, text in enumerate(folded):
            for j in range(i):
                other = folded[j]
                same = text == other or (
                    fuzz.ratio(text, other) >= NEAR_SAME_CHOICE
                    and re.findall(r"\d+", text) == re.findall(r"\d+", other)
                )
                if not same:
                    continue
                right_i, right_j = (choice_is_correct(question.choices[k]) for k in (i, j))
                what = f"choice {j + 1}" if right_i == right_j else "the right answer"
                yield (
                    ("choices", i),
                    None,
                    f"choice {i + 1} reads the same as {what}",
                    "make every choice say something clearly different",
                )
                break

    def json_fields(self, question: C, why_not_quote: Callable[[int, Any], dict[str, Any]]) -> dict[str, Any]:
        choices = []
        for i, item in enumerate(question.choices):
            entry: dict[str, Any] = {"text": choice_text(item), "correct": choice_is_correct(item)}
            if isinstance(item, Choice) and item.why_not:
                entry["why_not"] = item.why_not
            if isinstance(item, Choice) and item.why_not_quote is not None:
                entry["why_not_quote"] = why_not_quote(i, item.why_not_quote)
            choices.append(entry)
        return {"choices": choices}

    def csv_options(self, question: C) -> str:
        return "\n".join(choice_text(c) for c in question.choices)

    def anki_choices(self, question: C, html: Callable[[str], str]) -> str:
        items = "".join(f"<li>{html(choice_text(c))}</li>" for c in question.choices)
        return f"<ol type=A>{items}</ol>"

    def gift_choice_lines(self, question: C, gift: GiftWriter, mark: Callable[[Any], str]) -> list[str]:
        lines = []
        for i, c in enumerate(question.choices):
            line = mark(c) + gift.escape(choice_text(c))
            feedback = gift.why_not(i)
            if feedback:
                line += "#" + feedback
            lines.append(line)
        return lines
