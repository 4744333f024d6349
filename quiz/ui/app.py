"""The Textual app: screens in, calls on the game out. `make_app` is the one front door,
used by the command line and by the tests."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from quiz.core.banks import Library
from quiz.core.round import RoundSettings
from quiz.core.safe_text import terminal_text
from quiz.core.wording import counted
from quiz.play import players
from quiz.play.game import Game, NothingToPlay, NothingToResume
from quiz.play.services import PlayerServices
from quiz.store.interface import Store, StoreError
from quiz.tuning import MemoryTuning

if TYPE_CHECKING:
    from quiz.ui.screens.modals import TooSmallScreen

MIN_WIDTH, MIN_HEIGHT = 40, 12
SHORT_HEIGHT = 20  # below this, headers shrink to one line so the question keeps the room


# Home, help and the modal screens are imported when first shown, not before the first
# question: `quiz play --bank …` starts straight into the round.
def _showing(screen: Screen, module: str, name: str) -> bool:
    """Is `screen` the screen class `name` of quiz.ui.screens.`module`? (False while that
    module is not yet imported: no such screen has been made.)"""
    loaded = sys.modules.get(f"quiz.ui.screens.{module}")
    return loaded is not None and isinstance(screen, getattr(loaded, name))


def _is_home(screen: Screen) -> bool:
    return _showing(screen, "home", "HomeScreen")


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class QuizApp(App[None]):
    CSS_PATH = Path(__file__).with_name("quiz.tcss")
    TITLE = "quiz"
    BINDINGS = [
        Binding("f1", "help", "Help", show=False),
        Binding("ctrl+q", "quit_app", "Quit", show=False, priority=True),
        # Ctrl+C is the key a terminal user tries first: it quits too (asking first mid-round).
        Binding("ctrl+c", "quit_app", "Quit", show=False, priority=True),
        # q quits wherever no screen gives it a meaning of its own (an input types it as a
        # letter; pages opened over a screen take it as "back").
        Binding("q", "quit_app", "Quit", show=False),
    ]

    def __init__(
        self,
        library: Library,
        store: Store,
        player: str | None = None,
        settings: RoundSettings | None = None,
        start_now: bool = False,
        resume: bool = False,
        round_options: dict | None = None,
        review: str | None = None,
        review_count: int | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.store = store
        # A browser session shares its database with a whole class: it asks who is playing
        # instead of taking the name remembered last, and remembers no name or theme for the next.
        self.in_browser = _is_web_driver(self.driver_class)
        # clock and now for rounds (tests fix them so screens are the same every run)
        self.round_options: dict[str, Any] = round_options or {}
        # what the screens may read and write (they never reach the store themselves)
        self.services = PlayerServices(
            library,
            store,
            player or (None if self.in_browser else players.remembered(store)),
            now=self.round_options.get("now", _utc_now),
            remember=not self.in_browser,
        )
        self.settings = settings or RoundSettings()
        self.start_now = start_now
        self.resume_now = resume
        self.game: Game | None = None
        self._too_small: TooSmallScreen | None = None
        self._memory = MemoryTuning()
        self._screens_up = False  # the first screens are up; resizes before that wait for on_mount
        self.review_now = review  # "review" or "practice": straight into a review session
        self.review_count = review_count
        self.leaving = False  # quit was confirmed: keys typed from now on must not act

    @property
    def player(self) -> str | None:
        """Who is playing (None until someone is named)."""
        return self.services.player

    @player.setter
    def player(self, name: str | None) -> None:
        self.services.player = name

    # ------------------------------------------------------------------ start-up
    def get_driver_class(self):
        driver_class = super().get_driver_class()
        web = sys.modules.get("textual.drivers.web_driver")
        if web is not None and driver_class is web.WebDriver:  # sizes from a browser: guard them
            from quiz.ui.web import GuardedWebDriver

            return GuardedWebDriver
        return driver_class

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Toasts are text, never markup (whatever a widget's notify passes on): a message may
        quote a tag, a name or an error."""
        super().notify(
            terminal_text(message, lines=True), title=title, severity=severity, timeout=timeout, markup=False
        )

    def on_mount(self) -> None:
        saved = None if self.in_browser else self.services.remembered_theme()
        if saved and saved in self.available_themes:
            self.theme = saved
        # Straight into a round: Home is built only when the player goes there, so the
        # first question is on screen sooner.
        if self.player is not None and self.resume_now:
            self.resume_round()
        elif self.player is not None and self.start_now:
            self.start_round(self.settings)
        elif self.player is not None and self.review_now:
            self.start_review(practice=self.review_now == "practice")
        if len(self.screen_stack) == 1:
            from quiz.ui.screens.home import HomeScreen

            self.push_screen(HomeScreen())
            if self.player is None:
                self.ask_player(first_time=True)
        self._screens_up = True
        self._check_size()

    # ------------------------------------------------------------------ memory (see quiz.tuning)
    @on(events.Mount)
    def _watch_screens(self) -> None:  # runs before on_mount, so it sees the first screen
        self._memory.app_started()
        self.screen_change_signal.subscribe(self, self._screen_changed)

    def _screen_changed(self, _screen: Screen) -> None:
        self._memory.screen_changed()
        self.call_after_refresh(self._memory.screen_drawn)

    def view_replaced(self) -> None:
        """A screen swapped what it shows for something else (a question for its feedback):
        the same care as a change of screen."""
        self._screen_changed(self.screen)

    @on(events.Unmount)
    def _thaw(self) -> None:
        self._memory.app_gone()

    def watch_theme(self, theme: str) -> None:
        try:
            self.services.remember_theme(theme)
        except StoreError:
            pass  # a theme not remembered is no reason to stop

    # ------------------------------------------------------------------ size
    def on_resize(self, event) -> None:
        self._check_size(event.size)

    def _check_size(self, size=None) -> None:
        if not self._screens_up:
            return
        size = size or self.size  # during a resize event, self.size is still the old one
        self.set_class(size.height < SHORT_HEIGHT, "-short")
        small = size.width < MIN_WIDTH or size.height < MIN_HEIGHT
        if small and self._too_small is None:
            from quiz.ui.screens.modals import TooSmallScreen

            self._too_small = TooSmallScreen()
            self.push_screen(self._too_small)
        elif not small and self._too_small is not None:
            screen, self._too_small = self._too_small, None
            if screen in self.screen_stack:
                screen.dismiss()

    # ------------------------------------------------------------------ players
    def ask_player(self, first_time: bool, then: Callable[[], None] | None = None) -> None:
        """Who is playing; once named, `then` (what the player asked for before being asked)."""
        if self.in_browser and self.player is not None:
            # A served session is one student's: no switching to another's scores and rounds.
            self.notify(f"You are playing as {self.player}. To play as someone else, open a new session.")
            return

        def chosen(name: str | None) -> None:
            if name:
                try:
                    self.services.name_player(name)
                except StoreError as exc:
                    self.notify(str(exc), severity="error")
                    return
                if then is not None:
                    self.start_now = False
                    then()
                elif self.start_now:
                    self.start_now = False
                    self.start_round(self.settings)
                elif self.review_now:  # `quiz review` for someone new: on into review once named
                    practice, self.review_now = self.review_now == "practice", None
                    self.start_review(practice=practice)
            elif self.player is None:
                self.notify("Pick a name to keep your scores (p).", severity="warning")
            self._refresh_home()

        known = [] if self.in_browser else self.services.players()  # served students don't see the class list
        from quiz.ui.screens.modals import PlayerScreen

        self.push_screen(PlayerScreen(known, self.player, first_time), chosen)

    def _refresh_home(self) -> None:
        if _is_home(self.screen) and self.screen.is_mounted:
            self.screen.refresh_view()

    # ------------------------------------------------------------------ rounds
    def start_round(self, settings: RoundSettings, over_unfinished: bool = False) -> None:
        if not self._ready_to_play(lambda: self.start_round(settings)):
            return
        unfinished = None if over_unfinished else self.services.unfinished()
        if unfinished is not None:  # a new round would hide it: ask, and "no" keeps it
            from quiz.ui.screens.modals import ConfirmScreen

            if not _is_home(self.screen):
                self.go_home()  # started from the command line: Home (and its r) goes under the question
            self.push_screen(
                ConfirmScreen(
                    f"You have an unfinished round ({unfinished.answered} of {unfinished.questions} answered). "
                    "Start a new one? The unfinished one can't be resumed until the new one is "
                    "finished. (No keeps it: r on Home resumes it.)",
                    yes="Start new",
                    no="Keep it",
                ),
                lambda confirmed: self.start_round(settings, over_unfinished=True) if confirmed else None,
            )
            return
        try:
            game = Game.start(self.library, self.store, self.player, settings, **self.round_options)
        except NothingToPlay:
            self.notify("No question matches those choices.", severity="warning")
            return
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self._play(game)

    def replay_missed(self, game: Game) -> None:
        """The questions `game` missed, again, their choices shuffled anew."""
        if not self._ready_to_play(lambda: self.replay_missed(game)):
            return
        try:
            again = game.missed_again()
        except NothingToPlay:
            return
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self._play(again)

    def resume_round(self) -> None:
        if not self._ready_to_play(self.resume_round):
            return
        try:
            game = Game.resume_unfinished(self.library, self.store, self.player, **self.round_options)
        except NothingToResume as nothing:
            self.notify(
                "That round has nothing left to answer." if nothing.nothing_left else "No unfinished round to resume."
            )
            return
        self._play(game)

    # ------------------------------------------------------------------ review
    def start_review(self, practice: bool = False) -> None:
        """A review session of what is due; if nothing is, say when and offer practice."""
        from quiz.ui.screens.review import NothingDueScreen

        if not self._ready_to_play(lambda: self.start_review(practice)):
            return
        try:
            game = Game.start_review(
                self.library, self.store, self.player, practice=practice, count=self.review_count, **self.round_options
            )
        except NothingToPlay:
            if len(self.screen_stack) == 1:  # started straight into review: Home goes under it
                from quiz.ui.screens.home import HomeScreen

                self.push_screen(HomeScreen())
            if not isinstance(self.screen, NothingDueScreen):
                self.push_screen(NothingDueScreen(self.services.due_summary(), self.services.now()))
            return
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self._play(game)

    def show_review_stats(self) -> None:
        from quiz.ui.screens.review import ReviewStatsScreen

        self.push_screen(ReviewStatsScreen())

    def question_screen(self, game: Game) -> Screen:
        """The current question's screen; a leech in review shows its passage first."""
        from quiz.ui.screens.question import QuestionScreen

        item = game.round.current
        if item is not None and game.passage_first(item):
            from quiz.ui.screens.review import PassageFirstScreen

            return PassageFirstScreen(game)
        return QuestionScreen(game)

    def _ready_to_play(self, then: Callable[[], None]) -> bool:
        """Is someone named? If not, ask, and once named go on with `then`."""
        if self.player is None:
            self.ask_player(first_time=True, then=then)
            return False
        return True

    def _play(self, game: Game) -> None:
        self.game = game
        while len(self.screen_stack) > 1 and not _is_home(self.screen):
            self.pop_screen()  # a new round starts from Home (or from nothing, at start-up)
        self.push_screen(self.question_screen(game))

    def next_question(self, game: Game) -> None:
        from quiz.ui.screens.results import ResultsScreen

        if game.round.finished:
            self.game = None
            self.switch_screen(ResultsScreen(game))
        else:
            self.switch_screen(self.question_screen(game))

    def leave_round(self, game: Game | None) -> None:
        reviewing = game is not None and not game.resumable  # the rest stays due

        def leave() -> None:
            self.game = None
            self.go_home()
            if answered and reviewing:
                self.notify(f"Review stopped: {counted(answered, 'answer')} saved; what you didn't answer stays due.")
            elif answered:
                self.notify(f"Round paused: {counted(answered, 'answer')} saved. Resume it from Home (r).")

        answered = len(game.round.outcomes) if game else 0
        if reviewing:
            self._confirm_mid_round(game, "Leave this review?", "what you didn't answer stays due.", "Leave", leave)
        else:
            self._confirm_mid_round(game, "Leave this round?", "you can resume it from Home.", "Leave", leave)

    def _confirm_mid_round(self, game: Game | None, question: str, after: str, yes: str, then) -> None:
        """Ask before leaving a round part-played (every answer is saved anyway); else just go."""
        if game is None or game.round.finished:
            then()
            return
        from quiz.ui.screens.modals import ConfirmScreen

        answered = len(game.round.outcomes)
        self.push_screen(
            ConfirmScreen(f"{question} {saved(answered)} {after}", yes=yes, no="Keep playing"),
            lambda confirmed: then() if confirmed else None,
        )

    def go_home(self) -> None:
        """Back to Home, built now if the app started straight into a round."""
        while len(self.screen_stack) > 1 and not _is_home(self.screen):
            self.pop_screen()
        if not _is_home(self.screen):
            from quiz.ui.screens.home import HomeScreen

            self.push_screen(HomeScreen())
        self._refresh_home()

    def show_scores(self) -> None:
        from quiz.ui.screens.scores import ScoresScreen

        self.push_screen(ScoresScreen())

    def show_drill_reports(self) -> None:
        if self.in_browser:  # every student's marks: the teacher's, on the server (quiz report)
            self.notify("Drill reports are for the teacher: run 'quiz report' on the server.", severity="warning")
            return
        from quiz.ui.screens.report import DrillChoiceScreen

        self.push_screen(DrillChoiceScreen())

    def show_articles(self) -> None:
        from quiz.ui.screens.article import ArticlesScreen

        self.push_screen(ArticlesScreen())

    # ------------------------------------------------------------------ app-wide actions
    def action_help(self) -> None:
        if not _showing(self.screen, "help", "HelpScreen"):
            from quiz.ui.screens.help import HelpScreen

            self.push_screen(HelpScreen())

    def action_show_scores(self) -> None:
        self.show_scores()

    def action_quit_app(self) -> None:
        from quiz.ui.screens.modals import ConfirmScreen

        if self.leaving or isinstance(self.screen, ConfirmScreen):
            return  # already asking (or going): a second q must not stack another question
        later = (
            "what you didn't answer stays due."
            if self.game is not None and not self.game.resumable
            else "you can resume the round from Home next time."
        )
        self._confirm_mid_round(self.game, "Quit in the middle of a round?", later, "Quit", self._leave_app)

    def _leave_app(self) -> None:
        self.leaving = True
        self.exit()

    async def on_event(self, event: events.Event) -> None:
        if self.leaving and isinstance(event, events.Key):
            return  # typed after quitting: it would act on a screen that is going away
        await super().on_event(event)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Start a round", "Start a round with the choices on Home", lambda: self.start_round(self.settings)
        )
        yield SystemCommand("Resume round", "Carry on the unfinished round", self.resume_round)
        yield SystemCommand("Scores and history", "Personal bests and recent rounds", self.show_scores)
        yield SystemCommand("Review", "The questions due for review", self.start_review)
        yield SystemCommand(
            "Practice anyway",
            "The most-forgotten questions; the review schedule stays as it is",
            lambda: self.start_review(practice=True),
        )
        yield SystemCommand(
            "Review stats", "Due counts, reviews per day, retention, most missed", self.show_review_stats
        )
        yield SystemCommand("Switch player", "Play as someone else", lambda: self.ask_player(first_time=False))
        yield SystemCommand(
            "Drill reports", "Class reports of the drills taken with this database", self.show_drill_reports
        )
        yield SystemCommand(
            "Articles and coverage", "Which paragraphs of each article the questions quote", self.show_articles
        )
        yield SystemCommand("Help: keys", "Every key the game uses", self.action_help)


def saved(answered: int) -> str:
    if answered == 0:
        return "Nothing is answered yet;"
    return f"Your {counted(answered, 'answer')} {'is' if answered == 1 else 'are'} saved;"


def _is_web_driver(driver_class: type) -> bool:
    """Is this Textual's web driver (the app is played in a browser)? Its module is imported
    only when TEXTUAL_DRIVER chose it, so a terminal session never pays for the check."""
    web = sys.modules.get("textual.drivers.web_driver")
    return web is not None and issubclass(driver_class, web.WebDriver)


def make_app(library: Library, store: Store, **options) -> QuizApp:
    return QuizApp(library, store, **options)
