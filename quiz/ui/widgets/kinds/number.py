"""number: type, then Enter. A number that can't be read is refused here."""

from __future__ import annotations

from quiz.core.grading import parse_number
from quiz.core.round import PlayItem
from quiz.ui.widgets.kinds.text import TextAnswer


class NumberAnswer(TextAnswer):
    HOW_TO_ANSWER = "type a number, then Enter"

    def placeholder_for(self, item: PlayItem) -> str:
        unit = getattr(item.question, "unit", None)
        return "a number" + (f", in {unit}" if unit else "") + " — then Enter"

    def refused(self, text: str) -> str | None:
        if parse_number(text) is None:
            return "That isn't a number: type digits, e.g. 70 or 3.5."
        return None


WIDGET = NumberAnswer
