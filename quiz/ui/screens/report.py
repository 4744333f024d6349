"""The class report of a drill: students, questions and paragraphs, one tab each; the
highlighted row's details below its table. Every figure comes from quiz.reports.class_report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from quiz.core.wording import duration
from quiz.reports.class_report import ClassReport, for_terminal, percent
from quiz.store.interface import StoreError
from quiz.ui.screens.base import QuizScreen

if TYPE_CHECKING:
    from quiz.play.drill.results import StoredDrill


def _cells(*values: object) -> list[Text]:
    return [Text(str(v)) for v in values]  # Text, not str: a name is never read as markup


class ReportScreen(Screen):
    BINDINGS = [
        Binding("1", "tab('students')", "Students"),
        Binding("2", "tab('questions')", "Questions"),
        Binding("3", "tab('paragraphs')", "Paragraphs"),
        Binding("escape,q", "close", "Close"),
        Binding("question_mark,f1", "app.help", "Help", show=False),
    ]

    def __init__(self, report: ClassReport, closes_app: bool = False) -> None:
        super().__init__()
        self.report = for_terminal(report)  # a results file's text is the student's to write
        self.closes_app = closes_app

    def compose(self) -> ComposeResult:
        r = self.report
        finished = sum(s.finished for s in r.students)
        with Vertical(id="status"):
            yield Static(
                Content.assemble(
                    (f"Drill {r.code}", "bold"),
                    f" · {r.title}" if r.title else "",
                    f" · {len(r.students)} students, {finished} finished",
                )
            )
        with TabbedContent(id="report-tabs", initial="students"):
            with TabPane("Students (1)", id="students"):
                yield DataTable(id="students-table", cursor_type="row", zebra_stripes=True)
            with TabPane("Questions (2)", id="questions"):
                yield DataTable(id="questions-table", cursor_type="row", zebra_stripes=True)
                yield Static(id="question-detail", classes="detail")
            with TabPane("Paragraphs (3)", id="paragraphs"):
                yield DataTable(id="paragraphs-table", cursor_type="row", zebra_stripes=True)
                yield Static(id="paragraph-detail", classes="detail")
        yield Footer()

    def on_mount(self) -> None:
        r = self.report
        students = self.query_one("#students-table", DataTable)
        students.add_columns("Student", "Score", "Right", "%", "Time", "State")
        for s in r.students:
            state = "finished" if s.finished else f"{s.answered}/{s.questions} answered"
            students.add_row(
                *_cells(
                    s.student,
                    s.score,
                    f"{s.right} of {s.questions}",
                    percent(s.share_right),
                    duration(s.seconds),
                    state,
                )
            )
        questions = self.query_one("#questions-table", DataTable)
        questions.add_columns("#", "Question", "Right", "Facility", "Discr.", "Check")
        for q in r.questions:
            questions.add_row(
                *_cells(
                    q.position,
                    q.id,
                    f"{q.right}/{q.answered}",
                    percent(q.facility),
                    percent(q.discrimination, signed=True),
                    "⚑ " + ", ".join(q.flags) if q.flags else "",
                )
            )
        paragraphs = self.query_one("#paragraphs-table", DataTable)
        paragraphs.add_columns("Missed", "%", "Paragraph")
        for p in r.paragraphs:
            paragraphs.add_row(*_cells(f"{p.missed} of {p.asked}", percent(p.share_missed), p.cite))
        self._question_detail(0)
        self._paragraph_detail(0)
        students.focus()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one(f"#{tab}-table", DataTable).focus()

    @on(TabbedContent.TabActivated)
    def _focus_table(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane.id
        if pane:
            self.query_one(f"#{pane}-table", DataTable).focus()

    @on(DataTable.RowHighlighted, "#questions-table")
    def _question(self, event: DataTable.RowHighlighted) -> None:
        self._question_detail(event.cursor_row)

    @on(DataTable.RowHighlighted, "#paragraphs-table")
    def _paragraph(self, event: DataTable.RowHighlighted) -> None:
        self._paragraph_detail(event.cursor_row)

    def _question_detail(self, row: int) -> None:
        if not 0 <= row < len(self.report.questions):
            return
        q = self.report.questions[row]
        parts: list = [
            (q.prompt, "bold"),
            f"\nfacility {percent(q.facility)} · discrimination "
            f"{percent(q.discrimination, signed=True)} · on {q.finished_answers} finished attempts",
        ]
        if q.flags:
            parts.append(f"\n⚑ needs checking: {', '.join(q.flags)}")
        if q.wrong_answer is not None:
            parts += ["\n", ("Most chosen wrong answer", "bold"), f" ({q.wrong_count}): {q.wrong_answer}"]
            if q.why_not:
                parts += ["\n", ("Why not: ", "bold"), q.why_not]
        if q.timed_out:
            parts.append(f"\ntimed out: {q.timed_out}")
        self.query_one("#question-detail", Static).update(Content.assemble(*parts))

    def _paragraph_detail(self, row: int) -> None:
        if not 0 <= row < len(self.report.paragraphs):
            return
        p = self.report.paragraphs[row]
        self.query_one("#paragraph-detail", Static).update(
            Content.assemble(
                (p.cite, "bold"),
                f" · missed {p.missed} of {p.asked} ({percent(p.share_missed)})\n",
                ("> ", "bold"),
                (p.quote, "italic"),
                f"\nquoted by {', '.join(p.questions)}",
            )
        )

    def action_close(self) -> None:
        if self.closes_app:
            self.app.exit()
        else:
            self.dismiss()


class DrillChoiceScreen(QuizScreen[None]):
    """The drills taken with this database (read in a worker), to open one's class report."""

    BINDINGS = [Binding("escape,q", "dismiss", "Back")]

    class Loaded(Message):
        def __init__(self, drills: list[StoredDrill] | None, problem: str | None = None) -> None:
            super().__init__()
            self.drills = drills
            self.problem = problem

    def __init__(self) -> None:
        super().__init__()
        self.drills: list[StoredDrill] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="report-body"):
            yield Static(Content.assemble(("Drill reports", "bold"), " · Enter opens one"), classes="title")
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True)
    def _load(self) -> None:
        try:
            self.post_message(self.Loaded(self.services.drill_reports()))
        except StoreError as exc:
            self.post_message(self.Loaded(None, str(exc)))

    @on(Loaded)
    async def _show(self, loaded: Loaded) -> None:
        if loaded.drills is None:
            self.notify(loaded.problem or "", severity="error", timeout=10)
            self.dismiss()
            return
        self.drills = loaded.drills
        body = self.query_one("#report-body")
        if not self.drills:
            await body.mount(Static(Content("No drill has been taken with this database yet.")))
            return
        choices = OptionList(
            *[
                Option(
                    Content(
                        f"{d.code}  {d.first_started.astimezone():%Y-%m-%d %H:%M}  {len(d.students)} student(s), "
                        f"{d.finished} finished" + (f"  {d.title}" if d.title else "")
                    )
                )
                for d in self.drills
            ],
            id="drills",
            markup=False,
        )
        await body.mount(choices)
        choices.focus()

    @on(OptionList.OptionSelected, "#drills")
    def _open(self, event: OptionList.OptionSelected) -> None:
        from quiz.play.drill.code import CodeError

        chosen = self.drills[event.option_index]
        try:
            report = self.services.drill_report(chosen)
        except CodeError as exc:
            self.notify(str(exc), severity="warning", timeout=10)
            return
        self.app.push_screen(ReportScreen(report))
