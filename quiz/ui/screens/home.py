"""Home: pick banks, count, difficulty and tags; start, resume, review what is due, see scores,
switch player."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Footer, Input, Label, Select, Static

from quiz.core import present
from quiz.core.round import RoundSettings
from quiz.core.wording import counted
from quiz.play.services import HomeView
from quiz.ui.screens.base import QuizScreen
from quiz.ui.widgets.checklist import CheckList

if TYPE_CHECKING:
    from quiz.play.review import DueSummary


class HomeScreen(QuizScreen[None]):
    BINDINGS = [
        Binding("s", "start", "Start"),
        Binding("r", "resume", "Resume"),
        Binding("h", "scores", "Scores"),
        Binding("v", "review", "Review"),
        Binding("t", "review_stats", "Review stats", show=False),
        Binding("p", "player", "Player"),
        Binding("c", "articles", "Coverage", show=False),
        Binding("question_mark,f1", "app.help", "Help"),
        Binding("q", "app.quit_app", "Quit"),
        Binding("escape", "leave_field", "Leave field", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="home-title")
        with VerticalScroll(id="home-body"):
            yield Label("Banks (Space ticks; none ticked = all)", id="banks-label", classes="section")
            yield CheckList[str](id="banks")
            with Horizontal(id="filters"):
                with Vertical(classes="field"):
                    yield Label("Questions")
                    yield Input("10", id="count", type="integer", max_length=4, compact=True)
                with Vertical(classes="field"):
                    yield Label("Difficulty")
                    yield Select(
                        [("1 · stated facts", 1), ("2 · connecting", 2), ("3 · inference", 3)],
                        prompt="any",
                        id="difficulty",
                        compact=True,
                    )
                with Vertical(classes="field wide"):
                    yield Label("Tags (comma-separated)")
                    yield Input(placeholder="any", id="tags", compact=True)
            with Horizontal(id="review-row"):
                yield Button("Review (v)", id="review", compact=True)
                yield Static(id="review-due")
            with Horizontal(id="actions"):
                yield Button("Start (s)", id="start", variant="primary")
                yield Button("Resume (r)", id="resume")
                yield Button("Scores (h)", id="scores")
                yield Button("Player (p)", id="player")
            yield Static(id="tag-list", classes="dim")
        yield Footer()

    class Loaded(Message):
        """What Home shows from the database, read in a worker."""

        def __init__(self, view: HomeView) -> None:
            super().__init__()
            self.view = view

    def on_mount(self) -> None:
        self.query_one("#resume", Button).display = False  # until we know there is a round to resume
        self.refresh_view()
        self.query_one("#banks").focus(scroll_visible=False)  # the "Banks" heading stays in sight
        self.set_interval(30, self._load)  # questions fall due while Home is open

    def on_screen_resume(self) -> None:
        self.refresh_view()
        if isinstance(self.focused, Input):  # back from a round: Home's keys (r resumes) must work
            self.query_one("#banks").focus()

    def action_leave_field(self) -> None:
        """Esc out of a box (count, tags, difficulty) so Home's letter keys work again."""
        if isinstance(self.focused, (Input, Select)):
            self.query_one("#banks").focus()

    def on_resize(self) -> None:
        self._show_banks()  # only the wrapping changes: no need to ask the database again
        self.call_after_refresh(self._show_fold)

    def _show_fold(self) -> None:
        """Say when banks or the tag list are out of sight (at 80x24 the third bank and the
        tags are): a count and an arrow, so nobody takes what shows for all there is."""
        banks = self.query_one("#banks", CheckList)
        count = counted(banks.option_count, "bank")
        more = " · ↓ more in the list" if banks.max_scroll_y > 0 else ""
        self.query_one("#banks-label", Label).update(f"Banks ({count}; Space ticks; none ticked = all){more}")
        body = self.query_one("#home-body", VerticalScroll)
        below = body.max_scroll_y > body.scroll_y
        self.query_one("#tags", Input).placeholder = "any (tags listed below ↓)" if below else "any"

    def refresh_view(self) -> None:
        """Show who is playing now; their scores, review and round to resume once read."""
        player = self.services.player or "(no player)"
        self.query_one("#home-title", Static).update(
            Content.assemble(
                ("quiz", "bold"), " — questions from the news, answers from the text · player: ", (player, "bold")
            )
        )
        self._show_banks()
        self.query_one("#tag-list", Static).update(Content("Tags: " + ", ".join(sorted(self._known_tags()))))
        self._load()

    @work(thread=True, exclusive=True, group="home")
    def _load(self) -> None:
        self.post_message(self.Loaded(self.services.home()))

    @on(Loaded)
    def _loaded(self, loaded: Loaded) -> None:
        view = loaded.view
        self._best = view.best
        self._read = True
        self._show_banks()
        self._show_due(view.due)
        resume = self.query_one("#resume", Button)
        resume.display = view.unfinished is not None
        if view.unfinished is not None:
            resume.label = f"Resume ({view.unfinished.answered}/{view.unfinished.questions}) (r)"
        self.call_after_refresh(self._show_fold)

    _read = False  # the player's scores have been read (until then, none are shown)
    _best: dict[str, tuple[int, float]] = {}  # bank id -> the player's (best score, accuracy)

    def _show_banks(self) -> None:
        app = self.quiz
        banks = self.query_one("#banks", CheckList)
        ticked = set(banks.selected) if banks.option_count else set(app.settings.banks)
        width = max(20, self.size.width - 12)  # less the list's border, scrollbar and "[ ] " box

        def indented(text: str, first: str = "    ") -> str:
            # wrapped here, with a hanging indent, so each part stays readable under its box
            return textwrap.fill(text, width, initial_indent=first, subsequent_indent="    ")

        entries = []
        for loaded in app.library.banks:
            record = self._best.get(loaded.id)
            score = f"best {record[0]} · {record[1]:.0%} right" if record else "not played yet"
            label = Content.assemble(
                (indented(loaded.summary.title, first=""), "bold"),
                "\n",
                indented(f"{loaded.summary.count} questions" + (f" · {score}" if self._read else "")),
                "\n",
                ("\n".join(indented(present.article_line(a)) for a in loaded.articles), "italic"),
            )
            entries.append((label, loaded.id, loaded.id in ticked))
        banks.set_entries(entries)

    def _known_tags(self) -> set[str]:
        return self.services.known_tags()

    def _show_due(self, due: DueSummary | None) -> None:
        """The Review entry: how many questions are due now, and when the next one is."""
        if due is None or not due.cards:
            text = Content("nothing yet: what you answer comes back here when it is due")
        elif due.now:
            text = Content.assemble(
                (f"{counted(due.now, 'question')} due", "bold"), f" · {due.next_7_days} more in the next 7 days"
            )
        else:
            text = Content(
                "nothing due · next " + (present.when(due.next_due, self.services.now()) if due.next_due else "—")
            )
        self.query_one("#review-due", Static).update(text)

    def chosen_settings(self) -> RoundSettings | None:
        count_text = self.query_one("#count", Input).value.strip()
        count = int(count_text) if count_text.isdigit() and int(count_text) > 0 else None
        if count_text and count is None:
            self.notify("Questions: type a whole number above 0.", severity="warning")
            return None
        difficulty = self.query_one("#difficulty", Select).value
        tags = tuple(t.strip().lower() for t in self.query_one("#tags", Input).value.split(",") if t.strip())
        known = self._known_tags()
        unknown = [t for t in tags if t not in known]
        if unknown:
            self.notify(f"No question has the tag {', '.join(unknown)}.", severity="warning")
            return None
        return RoundSettings(
            banks=tuple(self.query_one("#banks", CheckList).selected),
            tags=tags,
            difficulties=(difficulty,) if isinstance(difficulty, int) else (),
            count=count,
            seed=None,
        )

    @on(Input.Submitted, "#count, #tags")
    def _enter_starts(self) -> None:
        self.action_start()

    @on(Button.Pressed)
    async def _button(self, event: Button.Pressed) -> None:
        await self.run_action(event.button.id or "")

    def action_start(self) -> None:
        settings = self.chosen_settings()
        if settings is not None:
            self.quiz.start_round(settings)

    def action_resume(self) -> None:
        self.quiz.resume_round()

    def action_review(self) -> None:
        self.quiz.start_review()

    def action_review_stats(self) -> None:
        self.quiz.show_review_stats()

    def action_scores(self) -> None:
        self.quiz.show_scores()

    def action_articles(self) -> None:
        self.quiz.show_articles()

    def action_player(self) -> None:
        self.quiz.ask_player(first_time=False)
