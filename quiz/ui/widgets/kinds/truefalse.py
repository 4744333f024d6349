"""truefalse: t or f (or 1 or 2) answers at once; arrows + Enter, or a click."""

from __future__ import annotations

from typing import Any

from quiz.ui.widgets.kinds.choice import ChoiceAnswer


class TrueFalseAnswer(ChoiceAnswer):
    HOW_TO_ANSWER = "true or false: press t or f"
    LETTERS = {"t": 0, "f": 1}

    def given_for(self, index: int) -> Any:
        return index == 0


WIDGET = TrueFalseAnswer
