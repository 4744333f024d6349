"""text: type, then Enter."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.widgets import Input

from quiz.core.round import PlayItem
from quiz.ui.widgets.kinds.base import AnswerGiven, AnswerWidget


class TextAnswer(Input, AnswerWidget):
    HOW_TO_ANSWER = "type the answer, then Enter"

    def __init__(self, item: PlayItem, **kwargs: Any) -> None:
        self.item = item
        super().__init__(placeholder=self.placeholder_for(item), **kwargs)

    def placeholder_for(self, item: PlayItem) -> str:
        return "your answer — then Enter"

    def refused(self, text: str) -> str | None:
        """Why this typed text is no answer (said to the player), or None."""
        return None

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.notify("Type an answer first.", severity="warning")
            return
        problem = self.refused(text)
        if problem:
            self.notify(problem, severity="warning")
            return
        self.post_message(AnswerGiven(text))


WIDGET = TextAnswer
