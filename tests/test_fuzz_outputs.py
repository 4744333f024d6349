"""Random text with every class of control character, markup and formula prefix, pushed
through every output (terminal printers, CSV, JSON, HTML, the TUI's report screen; toasts:
tests/ui/test_text_is_text.py):
none of it acts as anything but text (issue 13)."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import html.parser
import io
import json
import re
import sqlite3
import tempfile
from argparse import Namespace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.core.safe_text import csv_cell, json_text, terminal_text
from quiz.frontends.plain import PlainOutput
from quiz.library.diagnostics import error
from quiz.play.drill.definition import RESULTS_FORMAT
from quiz.play.drill.results import (
    DrillInfo,
    ResultAnswer,
    ResultArticle,
    ResultChoice,
    ResultQuestion,
    ResultQuote,
    Results,
    ResultSettings,
    results_csv,
    results_json,
)
from quiz.reports import class_report

PIECES = [
    *(chr(c) for c in range(0x20)),  # C0, with ESC, BEL, BS, CR, LF, TAB
    "\x7f",
    *(chr(c) for c in range(0x80, 0xA0)),  # C1: CSI 0x9b, OSC 0x9d, ST 0x9c
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\u200f",
    "\u2028",
    "\u2029",  # bidi, line breaks
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x1b]52;c;cm0gLXJm\x07",
    "\x9b31m",
    "\x1bP+q\x1b\\",  # sequences
    "[/]",
    "[b]",
    "[/b]",
    "[@click=app.quit]",
    "[link=http://x]",
    "\\",
    "[",
    "]",  # markup
    "=",
    "+",
    "-",
    "@",
    '=HYPERLINK("http://x","y")',
    "=1+2",
    "@SUM(A1)",
    "-2+3",  # formulas
    "<script>",
    "</td>",
    "&amp;",
    '"',
    "'",
    "<",  # HTML
    "Ana",
    "María",
    " ",
    "é",
    "中",
    "🙂",
    "1",
    "0.5",
]
UNTRUSTED = st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join)
TERMINAL_ACTS_ON = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]")
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def inert(text: str) -> bool:
    """Nothing a terminal acts on but new lines and tabs (which only move to the next line or column)."""
    return TERMINAL_ACTS_ON.search(text) is None


def results_with(text: str) -> Results:
    """A results file in which every text a student (or an edited file) controls is `text`."""
    question = ResultQuestion(
        "q1",
        "b",
        "choice",
        text,
        1,
        100,
        text,
        [ResultQuote("art", [1], text)],
        [ResultChoice(text, True), ResultChoice(text + "x", False, text)],
    )
    typed = ResultQuestion("q2", "b", "text", text, 1, 100, text, [ResultQuote("art", [1], text)])
    info = DrillInfo(
        "fp",
        text,
        text,
        "c",
        ResultSettings([text], [], [], 2, 1, None, "each", False, False),
        [ResultArticle("art", text, text, "2024-05-01")],
        [question, typed],
    )
    answers = [
        ResultAnswer(1, "q1", 1, text, False, 0.0, 0, 3.0, False, text),
        ResultAnswer(2, "q2", text, text, False, 0.0, 0, 3.0, False, text),
    ]
    return Results(RESULTS_FORMAT, 1, info, text, 1, text, text, 0, 200, 0, answers)


def report_with(text: str) -> class_report.ClassReport:
    return class_report.build([("f.json", results_with(text)), ("g.json", results_with(text + "2"))])


def cells_are_text(document: str) -> None:
    for row in csv.reader(io.StringIO(document)):
        for cell in row:
            assert inert(cell.replace("\n", "")), cell
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                assert re.fullmatch(r"[-+]?\d+(\.\d+)?", cell), f"a formula reaches the spreadsheet: {cell!r}"


@FUZZ
@given(UNTRUSTED)
def test_the_terminal_gets_text(text):
    assert inert(terminal_text(text)) and "\n" not in terminal_text(text)
    assert inert(terminal_text(text, lines=True).replace("\n", ""))
    out = io.StringIO()
    PlainOutput(out)(text)
    assert inert(out.getvalue().replace("\n", ""))
    assert inert(str(error(text, 1, 1, text, text)))
    assert inert(class_report.as_table(report_with(text)).replace("\n", ""))


@FUZZ
@given(UNTRUSTED)
def test_spreadsheets_get_text(text):
    cells_are_text(class_report.as_csv(report_with(text)))
    cells_are_text(results_csv(results_with(text)))
    cell = csv_cell(text)
    assert cell == text or cell == "'" + text


@FUZZ
@given(UNTRUSTED)
def test_json_readers_and_terminals_get_text(text):
    document = class_report.as_json(report_with(text))
    assert inert(document.replace("\n", ""))
    assert json.loads(document)["students"][0]["student"] in (text, text + "2")
    assert json.loads(results_json(results_with(text)))["student"] == text
    assert json.loads(json_text({"k": text}))["k"] == text and inert(json_text({"k": text}).replace("\n", ""))


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)


def tags(page: str) -> list[str]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


PLAIN_PAGE_TAGS = tags(class_report.as_html(report_with("Ana")))


@FUZZ
@given(UNTRUSTED)
def test_browsers_get_text(text):
    page = class_report.as_html(report_with(text))
    assert tags(page) == PLAIN_PAGE_TAGS  # not one element more or less: nothing became markup
    assert inert(page.replace("\n", ""))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(UNTRUSTED)
def test_history_from_an_older_database_gets_text(text):
    """Names written before names were checked, printed by `quiz history` in each format."""
    from quiz.cli.play import cmd_history
    from quiz.store.sqlite import Store

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "q.db"
        with Store.open(db) as store:
            import datetime as dt

            now = dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)
            round_id = store.start_round("ana", "play", {}, [{}], ["b"], now)
            store.record_answer(round_id, 0, "q", "b", text, False, 0.0, 0, 1.0, now)
        with sqlite3.connect(db) as con:
            con.execute("UPDATE players SET name = ?", (text,))
        for fmt in ("table", "csv", "json"):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                cmd_history(Namespace(db=db, player=None, format=fmt))
            printed = out.getvalue()
            assert inert(printed.replace("\r\n", "\n").replace("\n", "")), (fmt, printed)
            if fmt == "csv":
                cells_are_text(printed)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(UNTRUSTED)
def test_the_report_screen_draws_text(text):
    from quiz.ui.report_app import make_report_app

    async def run() -> None:
        app = make_report_app(report_with(text))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            for key in ("2", "down", "3"):
                await pilot.press(key)
            await pilot.pause()
            screen = app.export_screenshot()
            assert app.is_running
            shown = re.sub(r"<[^>]*>", "", screen)  # the SVG's own markup aside, the drawn text
            assert "\x1b" not in shown and "\x9b" not in shown and "\x9d" not in shown

    asyncio.run(run())
