"""order: arrows pick an item, Shift+↑/↓ (or u/d) move it, Enter submits."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from quiz.core.kinds.order import OrderQuestion
from quiz.core.round import PlayItem
from quiz.ui.widgets.kinds.base import AnswerButton, AnswerGiven, AnswerWidget, label


class OrderAnswer(OptionList, AnswerWidget):
    HOW_TO_ANSWER = "put in order: ↑↓ pick, Shift+↑↓ (or u/d) move, Enter submits"
    BUTTONS = (
        AnswerButton("▲ Move up", "move-up", "move(-1)"),
        AnswerButton("▼ Move down", "move-down", "move(1)"),
        AnswerButton("Submit", "submit", "submit", primary=True),
    )
    BINDINGS = [
        Binding("shift+up,u,ctrl+up", "move(-1)", "Move up", show=True),
        Binding("shift+down,d,ctrl+down", "move(1)", "Move down", show=True),
        Binding("enter", "submit", "Submit", show=True),
    ]

    def __init__(self, item: PlayItem, **kwargs: Any) -> None:
        assert isinstance(item.question, OrderQuestion)  # the registry gives this widget order questions only
        self.item = item
        self.question = item.question
        self.current = list(item.order)
        super().__init__(markup=False, **kwargs)
        self._render_items()

    def _render_items(self) -> None:
        highlighted = self.highlighted
        self.set_options([Option(label(n, self.question.items[i])) for n, i in enumerate(self.current, 1)])
        self.highlighted = 0 if highlighted is None else highlighted

    def action_move(self, step: int) -> None:
        at = self.highlighted
        if at is None or not 0 <= at + step < len(self.current):
            return
        self.current[at], self.current[at + step] = self.current[at + step], self.current[at]
        self._render_items()
        self.highlighted = at + step

    def action_submit(self) -> None:
        self.post_message(AnswerGiven(list(self.current)))

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click only picks the item; the buttons or keys move it


WIDGET = OrderAnswer
