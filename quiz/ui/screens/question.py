"""A question, then the feedback on its answer. The screen holds the game and shows it;
every decision (grading, points, what is saved) is the game's."""

from __future__ import annotations

import math

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static

from quiz.core import present
from quiz.core.round import Outcome
from quiz.play.game import Game
from quiz.store.interface import StoreError
from quiz.ui.screens.base import QuizScreen
from quiz.ui.widgets.action_label import ActionLabel
from quiz.ui.widgets.kinds import AnswerGiven, widget_class
from quiz.ui.widgets.passages import Passage
from quiz.ui.widgets.progress import RoundProgress


def status_line(game: Game, answered: Outcome | None = None) -> Content:
    """Bank, question n of N, score and streak; on feedback, n is the question answered."""
    r = game.round
    item = answered.item if answered else r.current
    bank = item.bank.bank.title if item else ""
    number = answered.position + 1 if answered else min(r.position + 1, r.total)
    session = {"review": "Review · ", "practice": "Practice · "}.get(game.kind, "")
    bank = session + bank
    if not game.shows_score_while_playing:  # a drill that tells right from wrong later (or never)
        return Content.assemble(f"question {number}/{r.total}\n", (bank, "bold"))
    # the numbers first: a short terminal shows only this first line
    return Content.assemble(
        f"question {number}/{r.total} · score ",
        (str(r.score), "bold"),
        " · streak ",
        (str(r.streak), "bold"),
        "\n",
        (bank, "bold"),
    )


class QuestionScreen(QuizScreen[None]):
    BINDINGS = [
        Binding("escape", "leave", "Home"),
        Binding("question_mark,f1", "app.help", "Help"),
        Binding("ctrl+q", "app.quit_app", "Quit", show=False, priority=True),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game
        self.item = game.round.current
        assert self.item is not None

    def compose(self) -> ComposeResult:
        item = self.item
        q = item.question
        with Vertical(id="status"):
            yield Static(status_line(self.game), id="status-line")
            yield RoundProgress(self.game.round.position, self.game.round.total, id="progress")
            if self.game.round.settings.time_limit:  # up here, so the countdown never scrolls away
                yield Static(id="timer", classes="timer")
        with VerticalScroll(id="question-body"):
            widget = widget_class(item)  # the kind's answer widget says how it is answered
            yield Static(Content.assemble((q.prompt, "bold")), id="prompt")
            yield Static(Content(f"{widget.HOW_TO_ANSWER} · difficulty {q.difficulty}"), id="how", classes="dim")
            yield from widget.extras(item)
            yield widget(item, id="answer")
            if widget.BUTTONS:
                with Horizontal(classes="buttons"):
                    for button in widget.BUTTONS:
                        yield ActionLabel(button.label, button.action, primary=button.primary, id=button.id)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#answer").focus(scroll_visible=False)  # the prompt stays in sight…
        self.call_after_refresh(self._answer_in_view)  # …as much as the answer box leaves room for
        self.game.begin_question()
        if self.game.round.settings.time_limit:
            self._tick()
            self.set_interval(0.25, self._tick)

    @on(OptionList.OptionHighlighted)
    @on(Input.Changed)
    def _answer_in_view(self) -> None:
        """The answer box, with its highlight, always in sight: on a short terminal the body
        scrolls as little as it takes to show it whole (quiz.tcss keeps it shorter than the
        body there, and an option list scrolls its own highlight into view)."""
        answer = self.query_one("#answer")
        self.query_one("#question-body", VerticalScroll).scroll_to_widget(answer, animate=False)

    def _tick(self) -> None:
        left = self.game.round.time_left()
        if left is None or self.game.round.current is not self.item:
            return
        limit = self.game.round.settings.time_limit
        self.query_one("#timer", Static).update(
            Content.assemble(("⏱ ", "bold"), (f"{math.ceil(left)}s", "bold"), f" left of {limit:g}s")
        )
        if left <= 0:
            self._show(self.game.time_out)

    @on(ActionLabel.Pressed)
    async def _clicked(self, event: ActionLabel.Pressed) -> None:
        await self.app.run_action(event.action, self.query_one("#answer"))  # the answer widget's

    @on(AnswerGiven)
    def _answered(self, event: AnswerGiven) -> None:
        self._show(lambda: self.game.answer(event.given))

    def _show(self, give) -> None:
        if self.game.round.current is not self.item:
            return  # already answered (a late timer tick or a double press)
        try:
            outcome = give()
        except StoreError as exc:
            self.app.notify(f"Your answer could not be saved: {exc}", severity="error", timeout=10)
            return
        if self.game.feedback_after_each:
            self.app.switch_screen(self.feedback_screen(outcome))
            return
        if outcome.timed_out:
            self.app.notify("Time's up: saved with no answer.")
        self.quiz.next_question(self.game)

    def feedback_screen(self, outcome: Outcome) -> Screen:
        return FeedbackScreen(self.game, outcome)

    def action_leave(self) -> None:
        self.quiz.leave_round(self.game)


class FeedbackScreen(QuizScreen[None]):
    """Right or wrong in words and a mark, the points and why, the explanation, and each
    quoted passage in its paragraph."""

    BINDINGS = [
        Binding("enter,n,space", "next", "Next"),
        Binding("a", "article", "Article"),
        Binding("escape", "leave", "Home"),
        Binding("question_mark,f1", "app.help", "Help"),
    ]

    def __init__(self, game: Game | None, outcome: Outcome, reviewing: bool = False) -> None:
        super().__init__()
        self.game = game
        self.outcome = outcome
        self.reviewing = reviewing  # opened from Results: Enter goes back

    def compose(self) -> ComposeResult:
        o = self.outcome
        item = o.item
        mark, words = present.verdict(o)
        css = "right" if o.grade.correct else ("partly" if o.grade.credit > 0 else "wrong")
        if self.game is not None and not self.reviewing:
            with Vertical(id="status"):
                yield Static(status_line(self.game, o), id="status-line")
                yield RoundProgress(self.game.round.position, self.game.round.total, id="progress")
        with VerticalScroll(id="feedback-body"):
            yield Static(
                Content.assemble(
                    (f"{mark} {words}", "bold"), f"   {o.points:+d} points  ", (f"({o.grade.detail})", "italic")
                ),
                id="verdict",
                classes=f"verdict {css}",
            )
            yield Static(Content.assemble(("Question: ", "bold"), item.question.prompt), classes="line")
            by_item = None if o.given is None else present.answer_item_by_item(item, o.given)
            if by_item is not None:  # several picks: one line each, marked, in the order shown
                yield Static(
                    Content("\n").join(
                        [
                            Content.styled("Your answer, item by item (✔ right · ✘ wrong · ○ missed):", "bold"),
                            *(Content.assemble((f"  {mark} ", "bold"), words) for mark, words in by_item),
                        ]
                    ),
                    id="by-item",
                    classes="line",
                )
            else:
                yield Static(
                    Content.assemble(("Your answer: ", "bold"), present.given_answer(item, o.given)), classes="line"
                )
                if not o.grade.correct:
                    yield Static(
                        Content.assemble(("Right answer: ", "bold"), present.right_answer(item)), classes="line"
                    )
            yield Static(Content("   ".join(f"{label} {points:+d}" for label, points in o.breakdown)), classes="dim")
            if self.game is not None and self.game.is_review and not self.reviewing:
                yield Static(
                    Content(present.scheduling_line(self.game.last_scheduling, self.game.now())),
                    id="scheduling",
                    classes="dim",
                )
            # why the player's own pick is wrong comes first: the most personal feedback there is
            articles = {a.id: a for a in item.bank.articles}
            for choice, reason, passage in present.why_not(o):
                yield Static(
                    Content.assemble(("Why not ", "bold"), (f"“{choice}”", "bold"), f": {reason}"),
                    classes="explanation why-not",
                )
                if passage and passage.article in articles:
                    yield Passage(present.in_paragraph(articles[passage.article], passage))
            yield Static(Content.assemble(("Why: ", "bold"), item.question.explanation), classes="explanation")
            for paragraph in present.marked_paragraphs(item):
                yield Passage(paragraph)
            more = (
                "Enter: back"
                if self.reviewing
                else ("Enter: see your results" if self.game and self.game.round.finished else "Enter: next question")
            )
            yield Static(Content(f"{more} · a: open the article at this passage"), classes="dim")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#feedback-body").focus()

    def action_next(self) -> None:
        if self.reviewing:
            self.dismiss()
            return
        self.quiz.next_question(self.game)

    def action_article(self) -> None:
        from quiz.ui.screens.article import ArticleScreen

        passages = self.outcome.item.passages
        if passages:
            articles = {a.id: a for a in self.outcome.item.bank.articles}
            self.app.push_screen(ArticleScreen(articles[passages[0].article], list(passages)))

    def action_leave(self) -> None:
        if self.reviewing:
            self.dismiss()
        elif self.game is not None and self.game.round.finished:
            self.quiz.next_question(self.game)
        else:
            self.quiz.leave_round(self.game)


class MissedFeedbackScreen(FeedbackScreen):
    """A missed question reopened from Results: its footer says what its keys do there."""

    BINDINGS = [
        Binding("enter,n,space", "next", "Back"),
        Binding("a", "article", "Article"),
        Binding("escape", "leave", "Back to results"),
        Binding("question_mark,f1", "app.help", "Help"),
    ]

    def __init__(self, game: Game | None, outcome: Outcome) -> None:
        super().__init__(game, outcome, reviewing=True)
