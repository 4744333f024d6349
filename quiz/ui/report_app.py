"""`quiz report ... --app`: the class report on its own, full screen."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from quiz.reports.class_report import ClassReport
from quiz.ui.screens.report import ReportScreen


class ReportApp(App):
    CSS_PATH = Path(__file__).with_name("quiz.tcss")
    TITLE = "quiz report"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    def __init__(self, report: ClassReport) -> None:
        super().__init__()
        self.report = report

    def on_mount(self) -> None:
        self.push_screen(ReportScreen(self.report, closes_app=True))

    def action_help(self) -> None:
        from quiz.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def make_report_app(report: ClassReport) -> ReportApp:
    return ReportApp(report)
