"""Review screens: nothing due (practice anyway), a leech's passage before its question,
and the review statistics. The scheduling itself is quiz.play.review's (and quiz.core.scheduling's); these only show it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Footer, Label, Static

from quiz.core import present
from quiz.core.present import QuotedParagraph
from quiz.core.wording import counted
from quiz.play import review
from quiz.play.game import Game
from quiz.play.review import ReviewStats
from quiz.ui.screens.base import QuizScreen
from quiz.ui.widgets.passages import Passage

BLOCKS = "▁▂▃▄▅▆▇█"


def bar(value: int, most: int, width: int = 24) -> str:
    """A horizontal bar; every non-zero value gets at least one block."""
    if not value or not most:
        return ""
    return "█" * max(1, round(width * value / most))


def column_chart(values: list[int]) -> str:
    """One character per value: ▁ to █ scaled to the largest, · for none (never colour alone)."""
    most = max(values, default=0)
    return "".join("·" if not v else BLOCKS[min(len(BLOCKS) - 1, (v * len(BLOCKS) - 1) // most)] for v in values)


class NothingDueScreen(QuizScreen[None]):
    """Nothing is due: when the next review is, and practice anyway."""

    BINDINGS = [
        Binding("p", "practice", "Practice anyway"),
        Binding("t", "stats", "Review stats"),
        Binding("escape,q", "home", "Home"),
        Binding("question_mark,f1", "app.help", "Help"),
    ]

    def __init__(self, summary, now: dt.datetime) -> None:
        super().__init__()
        self.summary = summary
        self.now = now

    def compose(self) -> ComposeResult:
        s = self.summary
        with VerticalScroll(id="review-body"):
            yield Static(Content.assemble(("Review", "bold"), f" · {self.services.player}"), classes="title")
            yield Static(Content(present.nothing_due(s, self.now)), id="nothing-due")
            if s.cards:
                yield Static(
                    Content(
                        f"Due later today: {s.today} · in the next 7 days: {s.next_7_days} · questions met: {s.cards}"
                    ),
                    classes="dim",
                )
            with Horizontal(classes="buttons"):
                if s.cards:
                    yield Button("Practice anyway (p)", id="practice", variant="primary")
                    yield Button("Stats (t)", id="stats")
                yield Button("Home (Esc)", id="home")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#practice" if self.summary.cards else "#home").focus()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        await self.run_action(event.button.id or "")

    def action_practice(self) -> None:
        if self.summary.cards:
            self.quiz.start_review(practice=True)

    def action_stats(self) -> None:
        self.quiz.show_review_stats()

    def action_home(self) -> None:
        self.quiz.go_home()


class PassageFirstScreen(QuizScreen[None]):
    """A leech (missed many times): its passage first, then the question."""

    BINDINGS = [
        Binding("enter,n,space", "ask", "On to the question"),
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
        from quiz.ui.screens.question import status_line

        with Vertical(id="status"):
            yield Static(status_line(self.game), id="status-line")
        with VerticalScroll(id="review-body"):
            yield Static(
                Content.styled(self.game.leech_note(self.item), "bold"), id="leech-note", classes="explanation"
            )
            for quoted in present.quoted_paragraphs(self.item):
                yield Passage(quoted)
            yield Static(Content("Enter: on to the question"), classes="dim")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#review-body").focus()

    def action_ask(self) -> None:
        from quiz.ui.screens.question import QuestionScreen

        self.app.switch_screen(QuestionScreen(self.game))

    def action_leave(self) -> None:
        self.quiz.leave_round(self.game)


class ReviewStatsScreen(QuizScreen[None]):
    """Due counts, a chart of what is due by day and of reviews per day, retention, and the
    most-missed questions with their passages. Read in a worker; drawn when they come back."""

    BINDINGS = [
        Binding("escape,t,q", "dismiss", "Back"),
        Binding("v", "review", "Review"),
    ]

    class Loaded(Message):
        """The statistics, read off the UI thread (None: no one is playing)."""

        def __init__(self, stats: ReviewStats | None, quoted: dict[str, list[QuotedParagraph]]) -> None:
            super().__init__()
            self.stats = stats
            self.quoted = quoted

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="review-body"):
            yield Static(
                Content.assemble(("Review stats", "bold"), f" · {self.services.player or 'no player'}"), classes="title"
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#review-body").focus()
        self._load()

    @work(thread=True, exclusive=True)
    def _load(self) -> None:
        services = self.services
        stats = services.review_stats()
        quoted = {m.question: services.quoted_passages(m.question) for m in stats.most_missed[:5]} if stats else {}
        self.post_message(self.Loaded(stats, quoted))

    @on(Loaded)
    async def _show(self, loaded: Loaded) -> None:
        await self.query_one("#review-body").mount_all(self._widgets(loaded.stats, loaded.quoted))

    def _widgets(self, data: ReviewStats | None, quoted: dict[str, list[QuotedParagraph]]) -> Iterator[Widget]:
        now = self.services.now()
        if data is None or not data.cards.total:
            yield Static(Content(present.nothing_due(self.services.nothing_met(), now)))
            return
        due, cards, kept = data.due, data.cards, data.retention
        yield Static(
            Content.assemble(
                ("Due now ", "bold"),
                str(due.now),
                ("  ·  today ", "bold"),
                str(due.today),
                ("  ·  next 7 days ", "bold"),
                str(due.next_7_days),
            ),
            id="due-line",
        )
        leeches = f" · {counted(cards.leeches, 'leech', 'leeches')}" if cards.leeches else ""
        yield Static(
            Content(
                f"{cards.total} questions met: {cards.learning + cards.relearning} "
                f"learning, {cards.review} in review{leeches}"
            ),
            classes="dim",
        )
        if kept.reviews:
            yield Static(
                Content.assemble(
                    ("Retention: ", "bold"),
                    f"{kept.share:.0%} right on review ({kept.right} of {kept.reviews})",
                )
            )
        else:
            yield Static(Content("Retention: no question has come back for review yet."), classes="dim")

        yield Label("Due by day", classes="section")
        most = max((n for _, n in due.by_day), default=0)
        rows = []
        for n, (date, count) in enumerate(due.by_day):
            name = "today" if n == 0 else f"{date:%a} {date.day}"
            rows.append(f"{name:<7} {count:>3} {bar(count, most)}")
        yield Static(Content("\n".join(rows)), id="due-chart")

        days = review.last_days(data, now)
        counts = [n for _, n in days]
        yield Label(f"Reviews per day, last {len(days)} days", classes="section")
        yield Static(
            Content(
                "\n".join(
                    [
                        " ".join(column_chart(counts)) + f"  most {max(counts)}",
                        " ".join(f"{d:%a}"[0] for d, _ in days),
                    ]
                )
            ),
            id="reviews-chart",
        )

        if data.most_missed:
            yield Label("Most missed", classes="section")
            for missed in data.most_missed[:5]:
                leech = "  (leech: passage shown first)" if missed.leech else ""
                yield Static(Content.assemble((f"✘ {missed.misses}× ", "bold"), missed.prompt, leech), classes="line")
                for passage in quoted.get(missed.question, []):
                    yield Passage(passage)

    def action_review(self) -> None:
        self.quiz.start_review()
