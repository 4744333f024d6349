"""A question, then the feedback on its answer, on one screen. The screen holds the game and
shows it; every decision (grading, points, what is saved) is the game's.

The feedback is built, hidden, while the player reads the question (after the question's
first frame), so the key that answers only writes in the answer's own lines and swaps
what is shown: the feedback comes in the next frame, not after a new screen is built."""

from __future__ import annotations

import math

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import AwaitMount
from textual.widgets import Footer, Input, OptionList, Static

from quiz.core import present
from quiz.core.round import Outcome
from quiz.play.game import Game
from quiz.store.interface import StoreError
from quiz.ui.screens.base import QuizScreen
from quiz.ui.widgets.action_label import ActionLabel
from quiz.ui.widgets.feedback import FeedbackBody
from quiz.ui.widgets.kinds import AnswerGiven, widget_class
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
        # the feedback's keys, live only while it shows (check_action)
        Binding("enter,n,space", "next", "Next"),
        Binding("a", "article", "Article"),
        Binding("escape", "leave", "Home"),
        Binding("question_mark,f1", "app.help", "Help"),
        Binding("ctrl+q", "app.quit_app", "Quit", show=False, priority=True),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game
        self.item = game.round.current
        assert self.item is not None
        self.outcome: Outcome | None = None  # the answer whose feedback is showing
        self._feedback: FeedbackBody | None = None
        self._feedback_mounted: AwaitMount | None = None

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

    async def on_mount(self) -> None:
        self.query_one("#answer").focus(scroll_visible=False)  # the prompt stays in sight…
        self.call_after_refresh(self._answer_in_view)  # …as much as the answer box leaves room for
        self.game.begin_question()
        if self.game.round.settings.time_limit:
            await self._tick()
            self.set_interval(0.25, self._tick)
        if self.game.feedback_after_each:  # once the question is drawn: its first frame doesn't wait for this
            self.call_after_refresh(self._build_feedback)

    def _build_feedback(self) -> FeedbackBody:
        """The feedback's widgets, hidden under the question until the answer fills them in."""
        if self._feedback is None:
            self._feedback = FeedbackBody(self.item, scheduling=self.game.is_review)
            self._feedback.display = False
            self._feedback_mounted = self.mount(self._feedback, after="#question-body")
        return self._feedback

    @property
    def feedback_ready(self) -> bool:
        """Is the feedback built, waiting for the answer?"""
        return self._feedback is not None and self._feedback.is_mounted

    @on(OptionList.OptionHighlighted)
    @on(Input.Changed)
    def _answer_in_view(self) -> None:
        """The answer box, with its highlight, always in sight: on a short terminal the body
        scrolls as little as it takes to show it whole (quiz.tcss keeps it shorter than the
        body there, and an option list scrolls its own highlight into view)."""
        if self.outcome is not None:
            return
        answer = self.query_one("#answer")
        self.query_one("#question-body", VerticalScroll).scroll_to_widget(answer, animate=False)

    async def _tick(self) -> None:
        left = self.game.round.time_left()
        if left is None or self.game.round.current is not self.item:
            return
        limit = self.game.round.settings.time_limit
        self.query_one("#timer", Static).update(
            Content.assemble(("⏱ ", "bold"), (f"{math.ceil(left)}s", "bold"), f" left of {limit:g}s")
        )
        if left <= 0:
            await self._show(self.game.time_out)

    @on(ActionLabel.Pressed)
    async def _clicked(self, event: ActionLabel.Pressed) -> None:
        await self.app.run_action(event.action, self.query_one("#answer"))  # the answer widget's

    @on(AnswerGiven)
    async def _answered(self, event: AnswerGiven) -> None:
        await self._show(lambda: self.game.answer(event.given))

    async def _show(self, give) -> None:
        if self.game.round.current is not self.item:
            return  # already answered (a late timer tick or a double press)
        try:
            outcome = give()
        except StoreError as exc:
            self.app.notify(f"Your answer could not be saved: {exc}", severity="error", timeout=10)
            return
        if not self.game.feedback_after_each:
            if outcome.timed_out:
                self.app.notify("Time's up: saved with no answer.")
            self.quiz.next_question(self.game)
            return
        body = self._build_feedback()  # built already, unless the answer came first
        if not body.is_mounted and self._feedback_mounted is not None:
            await self._feedback_mounted
        scheduling = None
        if self.game.is_review:
            scheduling = present.scheduling_line(self.game.last_scheduling, self.game.now())
        body.fill(
            outcome, "Enter: see your results" if self.game.round.finished else "Enter: next question", scheduling
        )
        self.outcome = outcome
        self.query_one("#status-line", Static).update(status_line(self.game, outcome))
        progress = self.query_one("#progress", RoundProgress)
        progress.done = self.game.round.position
        progress.refresh()
        for hidden in self.query("#timer, #question-body"):
            hidden.display = False
        body.display = True
        body.focus()
        self.refresh_bindings()  # the footer names the feedback's keys
        self.refresh(layout=True)  # the screen's next frame lays all of it out together
        self.call_after_refresh(self._drop_question)
        self.quiz.view_replaced()  # the collector waits until the feedback is drawn, then frees the question

    def _drop_question(self) -> None:
        """The answered question's widgets, no longer needed once the feedback is drawn."""
        for done in self.query("#question-body"):
            done.remove()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next", "article"):
            return self.outcome is not None
        return True

    def action_next(self) -> None:
        self.quiz.next_question(self.game)

    def action_article(self) -> None:
        if self.outcome is not None:
            open_article(self, self.outcome)

    def action_leave(self) -> None:
        if self.outcome is not None and self.game.round.finished:
            self.quiz.next_question(self.game)  # on to the results: nothing left to leave
        else:
            self.quiz.leave_round(self.game)


def open_article(screen: QuizScreen, outcome: Outcome) -> None:
    """The article at the answer's first passage."""
    from quiz.ui.screens.article import ArticleScreen

    passages = outcome.item.passages
    if passages:
        articles = {a.id: a for a in outcome.item.bank.articles}
        screen.app.push_screen(ArticleScreen(articles[passages[0].article], list(passages)))


class MissedFeedbackScreen(QuizScreen[None]):
    """The feedback on a past answer, reopened from the results (or a drill's end): its
    footer says what its keys do there."""

    BINDINGS = [
        Binding("enter,n,space", "next", "Back"),
        Binding("a", "article", "Article"),
        Binding("escape", "leave", "Back to results"),
        Binding("question_mark,f1", "app.help", "Help"),
    ]

    def __init__(self, game: Game | None, outcome: Outcome) -> None:
        super().__init__()
        self.game = game
        self.outcome = outcome

    def compose(self) -> ComposeResult:
        body = FeedbackBody(self.outcome.item)
        body.fill(self.outcome, "Enter: back")
        yield body
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(FeedbackBody).focus()

    def action_next(self) -> None:
        self.dismiss()

    def action_leave(self) -> None:
        self.dismiss()

    def action_article(self) -> None:
        open_article(self, self.outcome)
