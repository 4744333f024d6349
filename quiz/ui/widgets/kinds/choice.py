"""choice: a number key answers at once; arrows + Enter, or a click."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events, on
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from quiz.core import present
from quiz.core.round import PlayItem
from quiz.ui.widgets.kinds.base import AnswerGiven, AnswerWidget, label


class ChoiceAnswer(OptionList, AnswerWidget):
    HOW_TO_ANSWER = "one answer: press its number (or ↑↓ and Enter)"
    LETTERS: ClassVar[dict[str, int]] = {}  # other keys that pick an option at once

    def __init__(self, item: PlayItem, **kwargs: Any) -> None:
        self.item = item
        labels = present.options(item)
        super().__init__(*[Option(label(n, t)) for n, t in enumerate(labels, 1)], markup=False, **kwargs)

    def given_for(self, index: int) -> Any:
        return self.item.order[index]

    def on_key(self, event: events.Key) -> None:
        key = event.key
        index = None
        if key.isdigit() and 1 <= int(key) <= self.option_count:
            index = int(key) - 1
        elif key in self.LETTERS:
            index = self.LETTERS[key]
        if index is not None:
            event.stop()
            self.highlighted = index
            self.post_message(AnswerGiven(self.given_for(index)))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(AnswerGiven(self.given_for(event.option_index)))


WIDGET = ChoiceAnswer
