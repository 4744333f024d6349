"""multi: Space, a number key or a click ticks a choice, Enter submits. Enter with nothing
ticked asks for a confirmation first: one stray Enter must not cost a question."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.binding import Binding

from quiz.core import present
from quiz.core.kinds import kind_of
from quiz.core.round import PlayItem
from quiz.ui.widgets.checklist import CheckList
from quiz.ui.widgets.kinds.base import SUBMIT, AnswerGiven, AnswerWidget, label


class MultiAnswer(CheckList[int], AnswerWidget):
    HOW_TO_ANSWER = "all that apply: number keys or Space tick, Enter submits"
    BUTTONS = (SUBMIT,)
    BINDINGS = [Binding("enter", "submit", "Submit", show=True)]

    def __init__(self, item: PlayItem, **kwargs: Any) -> None:
        self.item = item
        labels = present.options(item)
        super().__init__([(label(n, t), i, False) for n, (i, t) in enumerate(zip(item.order, labels), 1)], **kwargs)
        self.confirming_empty = False  # Enter was pressed with nothing ticked; Enter again submits

    def toggle_index(self, index: int) -> None:
        super().toggle_index(index)
        self.confirming_empty = False

    def on_key(self, event: events.Key) -> None:
        if event.key.isdigit() and 1 <= int(event.key) <= self.option_count:
            event.stop()
            self.highlighted = int(event.key) - 1
            self.toggle_index(int(event.key) - 1)

    def action_submit(self) -> None:
        if not self.selected and not self.confirming_empty:
            self.confirming_empty = True
            self.notify(kind_of(self.item.question).empty_confirmation, severity="warning")
            return
        self.post_message(AnswerGiven(sorted(self.selected)))


WIDGET = MultiAnswer
