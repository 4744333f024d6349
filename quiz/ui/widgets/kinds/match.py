"""match: ↑/↓ pick a left item, a number key (or ←/→, or a click) sets its match, Enter submits.
The right-hand sides are listed above it, numbered."""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quiz.core.kinds.match import MatchQuestion
from quiz.core.round import PlayItem
from quiz.ui.widgets.kinds.base import SUBMIT, AnswerGiven, AnswerWidget


class MatchAnswer(OptionList, AnswerWidget):
    HOW_TO_ANSWER = "match the pairs: ↑↓ pick, a number sets its match, Enter submits"
    BUTTONS = (SUBMIT,)
    BINDINGS = [
        Binding("right", "cycle(1)", "Next match", show=True),
        Binding("left", "cycle(-1)", "Previous match", show=False),
        Binding("enter", "submit", "Submit", show=True),
    ]

    @classmethod
    def extras(cls, item: PlayItem) -> list[Widget]:
        q = item.question
        assert isinstance(q, MatchQuestion)
        rights = [Content.assemble((f"{n}) ", "bold"), q.pairs[i].right) for n, i in enumerate(item.order, 1)]
        return [Static(Content("\n").join([Content.styled("Matches:", "bold"), *rights]), id="match-options")]

    def __init__(self, item: PlayItem, **kwargs: Any) -> None:
        assert isinstance(item.question, MatchQuestion)  # the registry gives this widget match questions only
        self.item = item
        self.question = item.question
        # chosen[left] = display number (0-based) of the right side picked, or None
        self.chosen: list[int | None] = [None] * len(item.question.pairs)
        super().__init__(markup=False, **kwargs)
        self._render_rows()

    def _render_rows(self) -> None:
        pairs = self.question.pairs
        highlighted = self.highlighted
        rows = []
        for left, pick in enumerate(self.chosen):
            right = "?" if pick is None else f"{pick + 1}) {pairs[self.item.order[pick]].right}"
            rows.append(
                Option(Content.assemble((f"{chr(65 + left)}. ", "bold"), pairs[left].left, ("  →  ", "bold"), right))
            )
        self.set_options(rows)
        self.highlighted = 0 if highlighted is None else highlighted

    def _set(self, pick: int) -> None:
        at = self.highlighted
        if at is None:
            return
        # each match is used once: an item that had this match takes this item's old one
        for other, chosen in enumerate(self.chosen):
            if chosen == pick and other != at:
                self.chosen[other] = self.chosen[at]
        self.chosen[at] = pick
        self._render_rows()
        if at + 1 < len(self.chosen) and self.chosen[at + 1] is None:
            self.highlighted = at + 1

    def on_key(self, event: events.Key) -> None:
        if event.key.isdigit() and 1 <= int(event.key) <= len(self.chosen):
            event.stop()
            self._set(int(event.key) - 1)

    def action_cycle(self, step: int) -> None:
        at = self.highlighted
        if at is None:
            return
        current = self.chosen[at]
        self._set(((-1 if current is None else current) + step) % len(self.chosen))
        self.highlighted = at

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_cycle(1)

    def action_submit(self) -> None:
        if None in self.chosen:
            self.notify("Give every item a match first.", severity="warning")
            return
        self.post_message(AnswerGiven([self.item.order[p] for p in self.chosen if p is not None]))


WIDGET = MatchAnswer
