"""Personal bests per bank and recent rounds, for the current player (read in a worker)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Footer, Label, Static

from quiz.play.services import Scores
from quiz.ui.screens.base import QuizScreen


class ScoresScreen(QuizScreen[None]):
    BINDINGS = [Binding("escape,h,q", "dismiss", "Back")]

    class Loaded(Message):
        def __init__(self, scores: Scores) -> None:
            super().__init__()
            self.scores = scores

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="scores-body"):
            yield Static(
                Content.assemble(("Scores", "bold"), f" · {self.services.player or 'no player'}"), classes="title"
            )
            yield Label("Personal bests", classes="section")
            yield DataTable(id="bests", cursor_type="row", zebra_stripes=True)
            yield Static("No finished round yet: finish one to set a best.", id="no-bests", classes="dim")
            yield Label("Recent rounds", classes="section")
            yield DataTable(id="recent", cursor_type="row", zebra_stripes=True)
            yield Static("No rounds played yet.", id="no-rounds", classes="dim")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#bests", DataTable).add_columns("Bank", "Best", "Right")
        self.query_one("#recent", DataTable).add_columns("When", "Banks", "Score", "Right", "State")
        for waiting in (*self.query(DataTable), *self.query("#no-bests, #no-rounds")):
            waiting.display = False  # until the scores are read: no table, and no "nothing yet"
        self._load()

    @work(thread=True, exclusive=True)
    def _load(self) -> None:
        self.post_message(self.Loaded(self.services.scores()))

    @on(Loaded)
    def _show(self, loaded: Loaded) -> None:
        bests = self.query_one("#bests", DataTable)
        for best in loaded.scores.bests:
            bests.add_row(Text(best.title), str(best.best), f"{best.accuracy:.0%}")
        recent = self.query_one("#recent", DataTable)
        for r in loaded.scores.recent:
            state = "finished" if r.finished else f"{r.answered}/{r.questions} answered"
            recent.add_row(
                r.started.astimezone().strftime("%Y-%m-%d %H:%M"),
                Text(", ".join(r.banks)),
                str(r.score),
                f"{r.right}/{r.answered}",
                state,
            )
        # an empty table says nothing: say why it is empty instead
        bests.display = bool(bests.row_count)
        recent.display = bool(recent.row_count)
        self.query_one("#no-bests", Static).display = not bests.row_count
        self.query_one("#no-rounds", Static).display = not recent.row_count
        (bests if bests.row_count else recent).focus()
