"""One answer widget per question type. Each posts `AnswerGiven` with the answer in the
question's own indices (the round's display order is translated here), and nothing else:
grading belongs to the engine."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from quiz.core import present
from quiz.core.grading import parse_number
from quiz.core.model import MatchQuestion, MultiQuestion, NumberQuestion, OrderQuestion, TextQuestion
from quiz.core.round import PlayItem
from quiz.ui.widgets.checklist import CheckList


class AnswerGiven(Message):
    def __init__(self, given: Any) -> None:
        super().__init__()
        self.given = given


def _label(n: int, text: str) -> Content:
    return Content.assemble((f"{n}) ", "bold"), text)


class ChoiceAnswer(OptionList):
    """choice and truefalse: a number key (or t/f) answers at once; arrows + Enter, or a click."""

    def __init__(self, item: PlayItem, **kwargs: Any) -> None:
        self.item = item
        self.truefalse = item.kind == "truefalse"
        labels = present.options(item)
        super().__init__(*[Option(_label(n, t)) for n, t in enumerate(labels, 1)], markup=False, **kwargs)

    def given_for(self, index: int) -> Any:
        if self.truefalse:
            return index == 0
        return self.item.order[index]

    def on_key(self, event) -> None:
        key = event.key
        index = None
        if key.isdigit() and 1 <= int(key) <= self.option_count:
            index = int(key) - 1
        elif self.truefalse and key in ("t", "f"):
            index = 0 if key == "t" else 1
        if index is not None:
            event.stop()
            self.highlighted = index
            self.post_message(AnswerGiven(self.given_for(index)))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(AnswerGiven(self.given_for(event.option_index)))


class MultiAnswer(CheckList[int]):
    """multi: Space, a number key or a click ticks a choice, Enter submits."""

    BINDINGS = [Binding("enter", "submit", "Submit", show=True)]

    def __init__(self, item: PlayItem, **kwargs: Any) -> None:
        self.item = item
        assert isinstance(item.question, MultiQuestion)
        labels = present.options(item)
        super().__init__([(_label(n, t), i, False) for n, (i, t) in enumerate(zip(item.order, labels), 1)], **kwargs)

    def on_key(self, event) -> None:
        if event.key.isdigit() and 1 <= int(event.key) <= self.option_count:
            event.stop()
            self.highlighted = int(event.key) - 1
            self.toggle_index(int(event.key) - 1)

    def action_submit(self) -> None:
        self.post_message(AnswerGiven(sorted(self.selected)))


class TypedAnswer(Input):
    """text and number: type, then Enter. A number that can't be read is refused here."""

    def __init__(self, item: PlayItem, **kwargs: Any) -> None:
        self.item = item
        q = item.question
        if isinstance(q, NumberQuestion):
            placeholder = "a number" + (f", in {q.unit}" if q.unit else "") + " — then Enter"
        else:
            assert isinstance(q, TextQuestion)
            placeholder = "your answer — then Enter"
        super().__init__(placeholder=placeholder, **kwargs)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.notify("Type an answer first.", severity="warning")
            return
        if isinstance(self.item.question, NumberQuestion) and parse_number(text) is None:
            self.notify("That isn't a number: type digits, e.g. 70 or 3.5.", severity="warning")
            return
        self.post_message(AnswerGiven(text))


class OrderAnswer(OptionList):
    """order: arrows pick an item, Shift+↑/↓ (or u/d) move it, Enter submits."""

    BINDINGS = [
        Binding("shift+up,u,ctrl+up", "move(-1)", "Move up", show=True),
        Binding("shift+down,d,ctrl+down", "move(1)", "Move down", show=True),
        Binding("enter", "submit", "Submit", show=True),
    ]

    def __init__(self, item: PlayItem, **kwargs: Any) -> None:
        self.item = item
        assert isinstance(item.question, OrderQuestion)
        self.current = list(item.order)
        super().__init__(markup=False, **kwargs)
        self._render_items()

    def _render_items(self) -> None:
        q = self.item.question
        highlighted = self.highlighted
        self.set_options([Option(_label(n, q.items[i])) for n, i in enumerate(self.current, 1)])
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


class MatchAnswer(OptionList):
    """match: ↑/↓ pick a left item, a number key (or ←/→, or a click) sets its match, Enter submits."""

    BINDINGS = [
        Binding("right", "cycle(1)", "Next match", show=True),
        Binding("left", "cycle(-1)", "Previous match", show=False),
        Binding("enter", "submit", "Submit", show=True),
    ]

    def __init__(self, item: PlayItem, **kwargs: Any) -> None:
        self.item = item
        assert isinstance(item.question, MatchQuestion)
        # chosen[left] = display number (0-based) of the right side picked, or None
        self.chosen: list[int | None] = [None] * len(item.question.pairs)
        super().__init__(markup=False, **kwargs)
        self._render_rows()

    def _render_rows(self) -> None:
        q = self.item.question
        highlighted = self.highlighted
        rows = []
        for left, pick in enumerate(self.chosen):
            right = "?" if pick is None else f"{pick + 1}) {q.pairs[self.item.order[pick]].right}"
            rows.append(
                Option(Content.assemble((f"{chr(65 + left)}. ", "bold"), q.pairs[left].left, ("  →  ", "bold"), right))
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

    def on_key(self, event) -> None:
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
        self.post_message(AnswerGiven([self.item.order[p] for p in self.chosen]))


def answer_widget(item: PlayItem) -> Any:
    kind = item.kind
    if kind in ("choice", "truefalse"):
        return ChoiceAnswer(item, id="answer")
    if kind == "multi":
        return MultiAnswer(item, id="answer")
    if kind in ("text", "number"):
        return TypedAnswer(item, id="answer")
    if kind == "order":
        return OrderAnswer(item, id="answer")
    return MatchAnswer(item, id="answer")
