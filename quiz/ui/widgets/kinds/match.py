"""match: ↑/↓ pick a row, a number key sets its match (the highlight stays: ↓ moves on), ←/→ or
a click cycle through the matches no other row has, Enter submits. A number another row had is
taken from it, and that row shows "?" again (said in a notice): nothing is swapped unseen.
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
    HOW_TO_ANSWER = "match the pairs: ↑↓ pick a row, a number or ←→ sets its match, Enter submits"
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

    def _set(self, pick: int | None) -> None:
        at = self.highlighted
        if at is None:
            return
        # each match is used once: a row that had this match loses it, visibly
        for other, chosen in enumerate(self.chosen):
            if pick is not None and chosen == pick and other != at:
                self.chosen[other] = None
                self.notify(f"{pick + 1} was {chr(65 + other)}'s match: {chr(65 + other)} has none now.")
        self.chosen[at] = pick
        self._render_rows()
        self.highlighted = at

    def on_key(self, event: events.Key) -> None:
        if event.key.isdigit() and 1 <= int(event.key) <= len(self.chosen):
            event.stop()
            self._set(int(event.key) - 1)

    def action_cycle(self, step: int) -> None:
        at = self.highlighted
        if at is None:
            return
        # through the matches no other row has (and back to none), so nothing is taken
        taken = {c for i, c in enumerate(self.chosen) if c is not None and i != at}
        free: list[int | None] = [None, *[n for n in range(len(self.chosen)) if n not in taken]]
        self._set(free[(free.index(self.chosen[at]) + step) % len(free)])

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
