"""The feedback on an answer: right or wrong in words and a mark, the points and why, the
player's answer and the right one, why their pick is wrong, the explanation, and each quoted
passage in its paragraph.

One widget for every place feedback is shown: under a question just answered and for a past
answer reopened from the results. Everything that doesn't depend on the answer (the
explanation, the passages, the slots the answer's own lines go in) is built with the widget,
so a question can build it, hidden, while the player reads; `fill` then only writes the
answer's lines into widgets already there, and a key shows the feedback in the next frame."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from quiz.core import present
from quiz.core.model import Choice
from quiz.core.round import Outcome, PlayItem
from quiz.ui.widgets.passages import Passage


class FeedbackBody(VerticalScroll):
    """The feedback's parts in reading order; those an answer leaves empty stay hidden."""

    def __init__(self, item: PlayItem, *, scheduling: bool = False, id: str = "feedback-body", **kwargs) -> None:
        """`scheduling`: a review's, with a line for when the question comes back."""
        super().__init__(id=id, **kwargs)
        self.item = item
        self.outcome: Outcome | None = None  # set by `fill`
        q = item.question
        self._verdict = Static(id="verdict", classes="verdict")
        self._question = Static(Content.assemble(("Question: ", "bold"), q.prompt), classes="line")
        self._by_item = Static(id="by-item", classes="line")
        self._given = Static(classes="line")
        self._right = Static(classes="line")
        self._breakdown = Static(classes="dim")
        self._scheduling = Static(id="scheduling", classes="dim") if scheduling else None
        # a slot for each choice that says why it is wrong (the player's picks fill them in order)
        wrong_with_reasons = sum(1 for c in getattr(q, "choices", ()) if isinstance(c, Choice) and c.why_not)
        self._why_nots = [self._why_not_slot() for _ in range(wrong_with_reasons)]
        self._explanation = Static(Content.assemble(("Why: ", "bold"), q.explanation), classes="explanation")
        self._passages = [Passage(paragraph) for paragraph in present.marked_paragraphs(item)]
        self._more = Static(classes="dim")
        for slot in (self._by_item, self._given, self._right):  # which of these shows depends on the answer
            slot.display = False

    @staticmethod
    def _why_not_slot() -> tuple[Static, Passage]:
        reason, passage = Static(classes="explanation why-not"), Passage()
        reason.display = passage.display = False
        return reason, passage

    def compose(self) -> ComposeResult:
        yield from (self._verdict, self._question, self._by_item, self._given, self._right)
        yield self._breakdown
        if self._scheduling is not None:
            yield self._scheduling
        # why the player's own pick is wrong comes first: the most personal feedback there is
        for reason, passage in self._why_nots:
            yield from (reason, passage)
        yield self._explanation
        yield from self._passages
        yield self._more

    def fill(self, outcome: Outcome, more: str, scheduling: str | None = None) -> None:
        """Write in what depends on the answer: `more` says what Enter does next, `scheduling`
        (in a review) when the question comes back."""
        o = self.outcome = outcome
        item = o.item
        mark, words = present.verdict(o)
        css = "right" if o.grade.correct else ("partly" if o.grade.credit > 0 else "wrong")
        self._verdict.set_classes(f"verdict {css}")
        self._verdict.update(
            Content.assemble(
                (f"{mark} {words}", "bold"), f"   {o.points:+d} points  ", (f"({o.grade.detail})", "italic")
            )
        )
        by_item = None if o.given is None else present.answer_item_by_item(item, o.given)
        if by_item is not None:  # several picks: one line each, marked, in the order shown
            _show(
                self._by_item,
                Content("\n").join(
                    [
                        Content.styled("Your answer, item by item (✔ right · ✘ wrong · ○ missed):", "bold"),
                        *(Content.assemble((f"  {mark} ", "bold"), words) for mark, words in by_item),
                    ]
                ),
            )
        else:
            _show(self._given, Content.assemble(("Your answer: ", "bold"), present.given_answer(item, o.given)))
            if not o.grade.correct:
                _show(self._right, Content.assemble(("Right answer: ", "bold"), present.right_answer(item)))
        self._breakdown.update(Content("   ".join(f"{label} {points:+d}" for label, points in o.breakdown)))
        if self._scheduling is not None and scheduling is not None:
            self._scheduling.update(Content(scheduling))
        articles = {a.id: a for a in item.bank.articles}
        for n, (choice, reason, passage) in enumerate(present.why_not(o)):
            if n == len(self._why_nots):  # more picks with reasons than slots: not expected, but shown
                self._why_nots.append(slot := self._why_not_slot())
                if self.is_mounted:  # else compose yields it
                    self.mount(*slot, before=self._explanation)
            reason_line, paragraph = self._why_nots[n]
            _show(reason_line, Content.assemble(("Why not ", "bold"), (f"“{choice}”", "bold"), f": {reason}"))
            if passage and passage.article in articles:
                paragraph.show(present.in_paragraph(articles[passage.article], passage))
                paragraph.display = True
        self._more.update(Content(f"{more} · a: open the article at this passage"))

    def shown(self) -> list[Widget]:
        """The parts on show, in order (the slots an answer left empty are hidden)."""
        return [w for w in self.children if w.display]


def _show(widget: Static, content: Content) -> None:
    widget.update(content)
    widget.display = True
