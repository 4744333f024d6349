"""The app for a drill: the student's name (asked on screen when not given, so a browser
session can start with only the code), then the questions, then the end of the drill.

Every decision (which attempt, resume or refuse a retake, the results file) is
quiz.play.drill.attempt's; this only shows and asks."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from quiz.core import present, wording
from quiz.core.banks import Library
from quiz.play.drill import attempt as drills_attempt
from quiz.play.drill import definition as drills_definition
from quiz.play.drill import results as drills_results
from quiz.play.game import Game, NothingToPlay
from quiz.play.players import close_name, known_name
from quiz.store.interface import Store, StoreError
from quiz.ui.app import QuizApp, saved
from quiz.ui.screens.modals import ConfirmScreen, PlayerScreen
from quiz.ui.screens.question import MissedFeedbackScreen, QuestionScreen


class DrillIntroScreen(Screen):
    """What the drill is, under the name dialog; also where a drill that can't start says why."""

    BINDINGS = [
        Binding("n", "name", "Name"),
        Binding("q", "app.quit_app", "Quit"),
        Binding("question_mark,f1", "app.help", "Help"),
    ]

    def __init__(self, heading: str, text: str) -> None:
        super().__init__()
        self.heading, self.text = heading, text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="drill-body"):
            yield Static(Content.assemble((self.heading, "bold")), classes="title", id="drill-heading")
            yield Static(Content(self.text), id="drill-text")
        yield Footer()

    def say(self, heading: str, text: str) -> None:
        self.heading, self.text = heading, text
        if self.is_mounted:
            self.query_one("#drill-heading", Static).update(Content.assemble((heading, "bold")))
            self.query_one("#drill-text", Static).update(Content(text))

    def action_name(self) -> None:
        app = self.app
        if isinstance(app, DrillApp) and app.game is None and not app.ended:
            app.ask_student()


class DrillEndScreen(Screen):
    """The end of the drill: the score (unless feedback is never shown), where the results
    file is, and (feedback at the end or after each) every answer, to open one by one."""

    BINDINGS = [
        Binding("q,escape", "app.quit_app", "Quit"),
        Binding("question_mark,f1", "app.help", "Help"),
    ]

    def __init__(self, game: drills_attempt.DrillSession) -> None:
        super().__init__()
        self.game = game
        self.summary = game.round.summary()

    def compose(self) -> ComposeResult:
        g, s = self.game, self.summary
        with VerticalScroll(id="drill-body"):
            yield Static(
                Content.assemble(("Drill finished", "bold"), f" · {g.player} · drill {g.code}"), classes="title"
            )
            if not g.shows_results:
                yield Static(Content(f"Your {s.answered} answers are saved. Your teacher has the results."))
            else:
                yield Static(
                    Content.assemble(("Score: ", "bold"), (str(s.score), "bold"), f" of {s.possible} possible"),
                    id="score",
                )
                yield Static(
                    Content(
                        f"Right: {s.correct} of {s.answered} ({s.accuracy:.0%})  ·  time {wording.duration(s.seconds)}"
                    )
                )
            if g.results_problem:
                yield Static(
                    Content(
                        f"! The results file could not be written: {g.results_problem}. "
                        "Every answer is saved in the database."
                    ),
                    classes="section",
                )
            elif g.results is not None:
                yield Static(Content(f"Results: {g.results.json_path} and {g.results.csv_path.name}"), classes="dim")
            if g.shows_results:
                yield Label("Your answers: Enter opens one", classes="section")
                yield OptionList(
                    *[
                        Option(Content.assemble(f"{present.verdict(o)[0]} ", o.item.question.prompt))
                        for o in g.round.outcomes
                    ],
                    id="answers",
                    markup=False,
                )
            with Horizontal(classes="buttons"):
                yield Button("Quit (q)", id="quit", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        answers = self.query("#answers")
        (answers.first() if answers else self.query_one("#quit")).focus()

    @on(OptionList.OptionSelected, "#answers")
    def _open(self, event: OptionList.OptionSelected) -> None:
        self.app.push_screen(MissedFeedbackScreen(self.game, self.game.round.outcomes[event.option_index]))

    @on(Button.Pressed, "#quit")
    def _quit(self) -> None:
        self.app.exit()


class DrillQuestionScreen(QuestionScreen):
    BINDINGS = [Binding("escape", "leave", "Stop")]  # a drill has no Home: Escape stops (asks first)


class DrillApp(QuizApp):
    def __init__(
        self,
        library: Library,
        store: Store,
        drill: drills_definition.Drill,
        code: str,
        student: str | None = None,
        out: Path | None = None,
        retake: bool = False,
        round_options: dict | None = None,
    ) -> None:
        super().__init__(library, store, round_options=round_options)
        # Not the remembered player: on a shared classroom machine that is whoever came before.
        self.player = student
        self.services.remember = False
        self.drill, self.code, self.out, self.retake = drill, code, out, retake
        self.ended = False  # the drill can't (or won't) go on: nothing left but to quit
        self.exit_status = 0  # 1 when the drill could not start or was refused

    def on_mount(self) -> None:
        saved = self.services.remembered_theme()
        if saved and saved in self.available_themes:
            self.theme = saved
        self.intro = DrillIntroScreen(
            f"Drill {self.code}" + (f" · {self.drill.title}" if self.drill.title else ""),
            drills_definition.describe(self.drill, self.library)
            + "\n\nType your name to start (n opens the name box again).",
        )
        self.push_screen(self.intro)
        self._screens_up = True
        if self.player is None:
            self.ask_student()
        else:
            self.call_after_refresh(self.begin_drill)
        self._check_size()

    def watch_theme(self, theme: str) -> None:
        pass  # a student's theme in a classroom drill is not remembered for the next person

    def ask_student(self) -> None:
        def named(name: str | None) -> None:
            if not name:
                self.notify("Type your name to start the drill (n), or q to quit.", severity="warning")
                return
            try:
                name = known_name(self.store, name)
                similar = close_name(self.store, name, self.drill.fingerprint)
            except StoreError as exc:
                self.notify(str(exc), severity="error", timeout=10)
                return
            if similar is None:
                self.player = name
                self.begin_drill()
                return

            def decided(same: bool | None) -> None:
                self.player = similar if same else name
                self.begin_drill()

            self.push_screen(
                ConfirmScreen(f"Did you mean {similar}? (n: start as {name})", yes=f"I am {similar}", no="No"),
                decided,
            )

        self.push_screen(PlayerScreen([], None, first_time=True), named)

    def begin_drill(self) -> None:
        """Resume the student's unfinished attempt, refuse a finished one, or start (the
        rules are drill.attempt.begin's: this shows what it says)."""
        assert self.player is not None
        try:
            game = drills_attempt.begin(
                self.library,
                self.store,
                self.drill,
                self.code,
                self.player,
                self.out,
                self.retake,
                **self.round_options,
            )
        except drills_attempt.DrillRefused as refused:
            self._already_finished(refused.refusal)
            return
        except (drills_results.ResultsFileError, StoreError) as exc:
            self._stop("The drill can't start", str(exc))
            return
        except NothingToPlay:
            self._stop("The drill can't start", "No question matches this drill.")
            return
        self.player = game.player
        self.game = game
        if game.resumed:
            self.notify(
                f"Welcome back, {self.player}: {len(game.round.outcomes)} of {game.round.total} answered; carrying on."
            )
        if game.round.finished:
            self.next_question(game)
            return
        self.push_screen(DrillQuestionScreen(game))

    def _already_finished(self, refusal: drills_attempt.Refusal) -> None:
        where = f"\nResults: {refusal.results_path}" if refusal.results_path else ""
        self._stop(
            f"{refusal.student}, you have already finished this drill",
            f"You finished it on {refusal.finished_text}.{where}\n\nTo take it again as a new attempt, ask your teacher: "
            f"quiz drill --code {self.code} --student NAME --retake",
        )

    def _stop(self, heading: str, text: str) -> None:
        self.ended = True
        self.exit_status = 1
        self.intro.say(heading, text + "\n\nq: quit")
        while self.screen is not self.intro and len(self.screen_stack) > 2:
            self.pop_screen()

    # ------------------------------------------------------------------ the drill's course
    def next_question(self, game: Game) -> None:
        problem = game.results_problem
        if problem:
            self.notify(
                f"The results file could not be written: {problem}. Your answers are saved.",
                severity="error",
                timeout=10,
            )
        if game.round.finished:
            self.game = None
            self.ended = True
            assert isinstance(game, drills_attempt.DrillSession)
            if self.screen is self.intro:  # resumed with nothing left to answer
                self.push_screen(DrillEndScreen(game))
            else:
                self.switch_screen(DrillEndScreen(game))
        else:
            self.switch_screen(DrillQuestionScreen(game))

    def leave_round(self, game: Game | None) -> None:
        if game is None or game.round.finished:
            self.exit()
            return
        self.action_quit_app()

    def go_home(self) -> None:
        self.exit()

    def action_quit_app(self) -> None:
        if self.leaving or isinstance(self.screen, ConfirmScreen):
            return  # already asking (or going): a second q must not stack another question
        game = self.game
        if game is None or game.round.finished:
            self.leaving = True
            self.exit(return_code=self.exit_status)
            return
        answered = len(game.round.outcomes)

        def decided(quit_: bool | None) -> None:
            if quit_:
                self.leaving = True
                self.exit()

        self.push_screen(
            ConfirmScreen(
                f"Stop the drill here? {saved(answered)} to carry on later, start the "
                "drill again with the same code and the same name.",
                yes="Stop",
                no="Keep going",
            ),
            decided,
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # The app's own (theme, keys, quit), not Home's: a drill has no Home.
        yield from super(QuizApp, self).get_system_commands(screen)
        yield SystemCommand("Help: keys", "Every key the game uses", self.action_help)


def make_drill_app(library: Library, store: Store, drill: drills_definition.Drill, code: str, **options) -> DrillApp:
    return DrillApp(library, store, drill, code, **options)
