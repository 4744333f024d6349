"""The Textual app: screens in, calls on the game out. `make_app` is the one front door,
used by the command line and by the tests."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from quiz.banks import Library
from quiz.engine import PlayItem, RoundSettings
from quiz.game import Game, NothingToPlay
from quiz.present import counted
from quiz.store import Store, StoreError
from quiz.ui.screens.help import HelpScreen
from quiz.ui.screens.home import HomeScreen
from quiz.ui.screens.modals import ConfirmScreen, PlayerScreen, TooSmallScreen

MIN_WIDTH, MIN_HEIGHT = 40, 12
SHORT_HEIGHT = 20  # below this, headers shrink to one line so the question keeps the room


class QuizApp(App):
    CSS_PATH = Path(__file__).with_name("quiz.tcss")
    TITLE = "quiz"
    BINDINGS = [
        Binding("f1", "help", "Help", show=False),
        Binding("ctrl+q", "quit_app", "Quit", show=False, priority=True),
    ]

    def __init__(self, library: Library, store: Store, player: str | None = None,
                 settings: RoundSettings | None = None, start_now: bool = False,
                 resume: bool = False, round_options: dict | None = None) -> None:
        super().__init__()
        self.library = library
        self.store = store
        self.player = player or store.get_setting("player")
        self.settings = settings or RoundSettings()
        self.start_now = start_now
        self.resume_now = resume
        self.game: Game | None = None
        self.previous_best: int | None = None
        self._too_small: TooSmallScreen | None = None
        self._screens_up = False  # the first screens are up; resizes before that wait for on_mount
        # clock and now for rounds (tests fix them so screens are the same every run)
        self.round_options = round_options or {}

    # ------------------------------------------------------------------ start-up
    def on_mount(self) -> None:
        saved = self.store.get_setting("theme")
        if saved and saved in self.available_themes:
            self.theme = saved
        # Straight into a round: Home is built only when the player goes there, so the
        # first question is on screen sooner.
        if self.player is not None and self.resume_now:
            self.resume_round()
        elif self.player is not None and self.start_now:
            self.start_round(self.settings)
        if len(self.screen_stack) == 1:
            self.push_screen(HomeScreen())
            if self.player is None:
                self.ask_player(first_time=True)
        self._screens_up = True
        self._check_size()

    # ------------------------------------------------------------------ memory
    _memory_settled = False  # True once the first screen is drawn: see _collect_garbage

    @on(events.Mount)
    def _watch_screens(self) -> None:  # runs before on_mount, so it sees the first screen
        self.screen_change_signal.subscribe(self, self._screen_changed)

    def _screen_changed(self, _screen: Screen) -> None:
        forget_removed_widgets_styles()
        self.call_after_refresh(self._collect_garbage)

    def _collect_garbage(self) -> None:
        """Once a new screen is drawn. A removed screen is a knot of reference cycles that only
        the collector's rare full passes reach: free it now, before the next piles on."""
        import gc

        gc.collect()
        if not self._memory_settled:
            # The first screen is up. What is left (modules, the library, the stylesheet) lives
            # as long as the app: frozen out of the collector's way, each pass is ~1 ms, not ~10.
            # The command line paused the collector to start sooner (start-up frees little).
            self._memory_settled = True
            gc.freeze()
            gc.enable()

    @on(events.Unmount)
    def _thaw(self) -> None:
        import gc

        gc.unfreeze()  # the app is gone: what it froze may be collected again (tests run many)

    def watch_theme(self, theme: str) -> None:
        try:
            self.store.set_setting("theme", theme)
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
            self._too_small = TooSmallScreen()
            self.push_screen(self._too_small)
        elif not small and self._too_small is not None:
            screen, self._too_small = self._too_small, None
            if screen in self.screen_stack:
                screen.dismiss()

    # ------------------------------------------------------------------ players
    def ask_player(self, first_time: bool) -> None:
        def chosen(name: str | None) -> None:
            if name:
                try:
                    self.store.ensure_player(name)
                    self.store.set_setting("player", name)
                except StoreError as exc:
                    self.notify(str(exc), severity="error")
                    return
                self.player = name
                if self.start_now:
                    self.start_now = False
                    self.start_round(self.settings)
            elif self.player is None:
                self.notify("Pick a name to keep your scores (p).", severity="warning")
            self._refresh_home()

        self.push_screen(PlayerScreen(self.store.players(), self.player, first_time), chosen)

    def _refresh_home(self) -> None:
        if isinstance(self.screen, HomeScreen) and self.screen.is_mounted:
            self.screen.refresh_view()

    # ------------------------------------------------------------------ rounds
    def start_round(self, settings: RoundSettings) -> None:
        if not self._ready_to_play():
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

    def replay_missed(self, items: list[PlayItem]) -> None:
        if not self._ready_to_play():
            return
        settings = RoundSettings(banks=tuple(sorted({i.bank.id for i in items})), count=len(items), seed=0)
        try:
            game = Game.start_items(self.store, self.player, settings, items, **self.round_options)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self._play(game)

    def resume_round(self) -> None:
        if not self._ready_to_play():
            return
        record = self.store.unfinished_round(self.player)
        if record is None:
            self.notify("No unfinished round to resume.")
            return
        game = Game.resume(self.library, self.store, record, **self.round_options)
        if game.round.finished:  # every question left has gone from the banks
            self.store.finish_round(record.id, game.now())
            self.notify("That round has nothing left to answer.")
            return
        self._play(game)

    def _ready_to_play(self) -> bool:
        if self.player is None:
            self.ask_player(first_time=True)
            return False
        return True

    def _play(self, game: Game) -> None:
        from quiz.ui.screens.question import QuestionScreen

        self.game = game
        self.previous_best = self.store.best_score(self.player, sorted({i.bank.id for i in game.round.items if i}))
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()  # a new round starts from Home (or from nothing, at start-up)
        self.push_screen(QuestionScreen(game))

    def next_question(self, game: Game) -> None:
        from quiz.ui.screens.question import QuestionScreen
        from quiz.ui.screens.results import ResultsScreen

        if game.round.finished:
            self.game = None
            self.switch_screen(ResultsScreen(game, self.previous_best))
        else:
            self.switch_screen(QuestionScreen(game))

    def leave_round(self, game: Game | None) -> None:
        if game is None or game.round.finished:
            self.go_home()
            return
        answered = len(game.round.outcomes)

        def decided(leave: bool | None) -> None:
            if leave:
                self.game = None
                self.go_home()
                self.notify(f"Round paused: {counted(answered, 'answer')} saved. Resume it from Home (r).")

        self.push_screen(ConfirmScreen(
            f"Leave this round? {saved(answered)} you can resume it from Home.",
            yes="Leave", no="Keep playing"), decided)

    def go_home(self) -> None:
        """Back to Home, built now if the app started straight into a round."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.push_screen(HomeScreen())
        self._refresh_home()

    def show_scores(self) -> None:
        from quiz.ui.screens.scores import ScoresScreen

        self.push_screen(ScoresScreen())

    # ------------------------------------------------------------------ app-wide actions
    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_show_scores(self) -> None:
        self.show_scores()

    def action_quit_app(self) -> None:
        game = self.game
        if game is None or game.round.finished:
            self.exit()
            return
        answered = len(game.round.outcomes)

        def decided(quit_: bool | None) -> None:
            if quit_:
                self.exit()

        self.push_screen(ConfirmScreen(
            f"Quit in the middle of a round? {saved(answered)} "
            "you can resume the round from Home next time.", yes="Quit", no="Keep playing"), decided)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Start a round", "Start a round with the choices on Home",
                            lambda: self.start_round(self.settings))
        yield SystemCommand("Resume round", "Carry on the unfinished round", self.resume_round)
        yield SystemCommand("Scores and history", "Personal bests and recent rounds", self.show_scores)
        yield SystemCommand("Switch player", "Play as someone else", lambda: self.ask_player(first_time=False))
        yield SystemCommand("Help: keys", "Every key the game uses", self.action_help)


def saved(answered: int) -> str:
    if answered == 0:
        return "Nothing is answered yet;"
    return f"Your {counted(answered, 'answer')} {'is' if answered == 1 else 'are'} saved;"


def forget_removed_widgets_styles() -> None:
    """Work around Textual issue #6665: an lru_cache on StylesCache.get_inner_outer keeps
    the styles cache (with every line it rendered) of up to 1,024 widgets long removed,
    ~17 MB after one 20-question round. Clearing that memo on each change of screen is
    safe (it is recomputed on demand); it is private to Textual, so if it moves this
    quietly does nothing."""
    try:
        from textual._styles_cache import StylesCache

        StylesCache.get_inner_outer.cache_clear()
    except (ImportError, AttributeError):
        pass


def make_app(library: Library, store: Store, **options) -> QuizApp:
    return QuizApp(library, store, **options)
