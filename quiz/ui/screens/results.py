"""The end of a round: score, accuracy, streak, time, by tag, and the missed questions."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from quiz.core import present, wording
from quiz.play.game import Game
from quiz.ui.screens.base import QuizScreen


class ResultsScreen(QuizScreen[None]):
    BINDINGS = [
        Binding("m", "missed", "Play missed again"),
        Binding("h", "app.show_scores", "Scores"),
        Binding("escape", "home", "Home"),
        Binding("question_mark,f1", "app.help", "Help"),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game
        self.summary = game.round.summary()

    def compose(self) -> ComposeResult:
        s = self.summary
        with VerticalScroll(id="results-body"):
            yield Static(Content.assemble(("Round over", "bold")), classes="title")
            score = Content.assemble(("Score: ", "bold"), (str(s.score), "bold"), f" of {s.possible} possible")
            if self.game.is_new_best(s):
                score = Content.assemble(score, ("  ★ new personal best", "bold"))
            yield Static(score, id="score")
            yield Static(
                Content(
                    f"Right: {s.correct} of {s.answered} ({s.accuracy:.0%})  ·  best streak {s.best_streak}"
                    f"  ·  time {wording.duration(s.seconds)}"
                )
            )
            if self.game.is_review:
                yield Static(Content(self.services.review_line()), id="review-next", classes="dim")
            if s.by_tag:
                yield Label("By tag", classes="section")
                rows = [
                    f"{tag:<16} {right}/{asked} {'█' * round(8 * right / asked):<8}"
                    for tag, (right, asked) in s.by_tag.items()
                ]
                yield Static(Content("\n".join(rows)), id="by-tag")
            if s.missed:
                yield Label(f"Missed ({len(s.missed)}): Enter opens one", classes="section")
                yield OptionList(
                    *[Option(Content.assemble(f"{present.verdict(o)[0]} ", o.item.question.prompt)) for o in s.missed],
                    id="missed",
                    markup=False,
                )
            else:
                yield Static(Content("Nothing missed. ✔"), classes="section")
            with Horizontal(classes="buttons"):
                if s.missed:
                    yield Button("Play missed again (m)", id="again", variant="primary")
                yield Button("Scores (h)", id="scores")
                yield Button("Home (Esc)", id="home")
        yield Footer()

    def on_mount(self) -> None:
        missed = self.query("#missed")
        # the score comes first: focusing the list must not scroll it out of sight
        (missed.first() if missed else self.query_one("#home")).focus(scroll_visible=False)

    @on(OptionList.OptionSelected, "#missed")
    def _open(self, event: OptionList.OptionSelected) -> None:
        from quiz.ui.screens.question import MissedFeedbackScreen

        self.app.push_screen(MissedFeedbackScreen(self.game, self.summary.missed[event.option_index]))

    @on(Button.Pressed, "#again")
    def action_missed(self) -> None:
        if self.summary.missed:
            self.quiz.replay_missed(self.game)

    @on(Button.Pressed, "#scores")
    def _scores(self) -> None:
        self.quiz.show_scores()

    @on(Button.Pressed, "#home")
    def action_home(self) -> None:
        self.quiz.go_home()
