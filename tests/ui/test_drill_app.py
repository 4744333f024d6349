"""The drill app as a student meets it (name asked on screen, countdown, time-out, feedback
modes, a finished drill refused) and the class report screen."""

from __future__ import annotations

import json

import pytest
from conftest import FIXED_NOW, FixedClock
from ui_support import asking, feedback, right_keys, shown_text

from quiz.play.drill.code import encode_code
from quiz.play.drill.definition import DrillFile, resolve
from quiz.play.drill.results import read_results
from quiz.reports.class_report import build
from quiz.ui.drill_app import DrillEndScreen, DrillIntroScreen, make_drill_app
from quiz.ui.report_app import make_report_app
from quiz.ui.screens.modals import ConfirmScreen, PlayerScreen
from quiz.ui.screens.question import MissedFeedbackScreen


@pytest.fixture
def drill_app(kinds_library, store, tmp_path):
    def build_app(student=None, **settings):
        settings.setdefault("banks", ["kinds"])
        settings.setdefault("count", 3)
        drill = resolve(kinds_library, DrillFile(seed=3, **settings))
        code = encode_code(drill, kinds_library)
        return make_drill_app(
            kinds_library,
            store,
            drill,
            code,
            student=student,
            out=tmp_path / "results",
            round_options={"clock": FixedClock(), "now": lambda: FIXED_NOW},
        )

    return build_app


def screen_text(app) -> str:
    return shown_text(app.screen)


async def answer_right(pilot) -> None:
    await pilot.press(*right_keys(pilot.app.screen.item))
    await pilot.pause()


async def test_without_a_name_the_drill_asks_for_it_then_plays_and_writes_results(drill_app, store, tmp_path):
    app = drill_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert not app.screen.query("#players")  # other students' names are not offered
        await pilot.press(*"Cleo", "enter")
        await pilot.pause()
        assert asking(app) is not None and app.player == "Cleo"
        for _ in range(3):
            await answer_right(pilot)
            assert feedback(app) is not None
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, DrillEndScreen)
        assert "Score:" in screen_text(app) and "Right: 3 of 3" in screen_text(app)
    results = read_results(tmp_path / "results.json")
    assert results.student == "Cleo" and results.finished and [a.correct for a in results.answers] == [True] * 3
    assert len(store.answers("Cleo")) == 3


async def test_the_countdown_shows_and_running_out_is_recorded(drill_app, store):
    app = drill_app(student="ana", time_limit=6)  # the fixed clock moves 2.5 s per reading
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert asking(app) is not None
        timer = str(app.screen.query_one("#timer").render())
        assert timer.startswith("⏱ ") and "left of 6s" in timer
        for _ in range(600):  # until time runs out (the clock is fixed; a loaded machine only slows the ticks)
            await pilot.pause(0.05)
            if feedback(app) is not None:
                break  # the feedback, drawn
        assert feedback(app) is not None
        assert str(app.screen.query_one("#verdict").render()).startswith("✘ Time's up")
    (saved,) = store.answers("ana")
    assert (saved.given, saved.correct, saved.points, saved.seconds) == (None, False, 0, 6.0)


async def test_feedback_never_shown_hides_right_wrong_and_score(drill_app):
    app = drill_app(student="ana", feedback="never")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "score" not in str(app.screen.query_one("#status-line").render())
        await pilot.press(*right_keys(app.screen.item))
        await pilot.pause()
        assert asking(app) is not None  # straight to the next question
        assert app.screen.game.round.position == 1
        await answer_right(pilot)
        await answer_right(pilot)
        assert isinstance(app.screen, DrillEndScreen)
        text = screen_text(app)
        assert "Score" not in text and "answers are saved" in text
        assert not app.screen.query("#answers")


async def test_feedback_at_the_end_lists_every_answer_to_open(drill_app):
    app = drill_app(student="ana", feedback="end")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(3):
            await answer_right(pilot)
        assert isinstance(app.screen, DrillEndScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MissedFeedbackScreen) and feedback(app) is app.screen.outcome
        assert str(app.screen.query_one("#verdict").render()).startswith("✔ Right")


async def test_stopping_asks_first_and_the_same_name_resumes(drill_app, store):
    app = drill_app(student="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer_right(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
    again = drill_app(student="ANA")  # the name in another case is the same student
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert asking(again) is not None and again.player == "ana"
        assert again.screen.game.round.position == 1
    assert len(store.rounds_of_kind("drill")) == 1


async def test_a_finished_drill_is_refused_on_screen(drill_app, tmp_path):
    first = drill_app(student="ana", count=1)
    async with first.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer_right(pilot)
    again = drill_app(student="ana", count=1)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, DrillIntroScreen)
        assert "already finished this drill" in screen_text(again)
        await pilot.press("q")
        await pilot.pause()
    assert again.return_code == 1
    assert json.loads((tmp_path / "results.json").read_text())["finished"]


async def test_the_report_screen(tmp_path):
    from test_report import CLASS

    app = make_report_app(build(CLASS))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#students-table").row_count == 5
        await pilot.press("2")
        await pilot.pause()
        assert app.focused.id == "questions-table"
        await pilot.press("down")  # q2
        await pilot.pause()
        detail = str(app.screen.query_one("#question-detail").render())
        assert "The mayor" in detail and "Why not: The mayor only announced it." in detail
        await pilot.press("3")
        await pilot.pause()
        assert "paragraph 2" in str(app.screen.query_one("#paragraph-detail").render())
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0


async def test_the_main_app_opens_the_report_of_a_drill_taken_here(drill_app, make):
    first = drill_app(student="ana", count=2)
    async with first.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer_right(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await answer_right(pilot)
    from quiz.ui.screens.report import DrillChoiceScreen, ReportScreen

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.show_drill_reports()
        await pilot.pause()
        await app.workers.wait_for_complete()  # the drills are read in a worker
        await pilot.pause()
        assert isinstance(app.screen, DrillChoiceScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        assert [(s.student, s.right) for s in app.screen.report.students] == [("ana", 2)]


async def test_a_name_without_its_accents_is_the_same_student_and_a_close_one_is_asked(drill_app, store):
    first = drill_app(student="José Núñez")
    async with first.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer_right(pilot)
        await pilot.press("enter", "escape", "y")
        await pilot.pause()
    again = drill_app(student="jose nunez")  # accents and case folded: one student
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.player == "José Núñez" and again.screen.game.round.position == 1
        await pilot.press("escape", "y")
        await pilot.pause()
    typo = drill_app()  # typed on screen, one letter off
    async with typo.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")  # type the name
        await pilot.pause()
        await pilot.press(*"Jose Nunes", "enter")
        await pilot.pause()
        assert isinstance(typo.screen, ConfirmScreen)
        assert "Did you mean José Núñez?" in str(typo.screen.query_one(".question").render())
        await pilot.press("y")
        await pilot.pause()
        assert typo.player == "José Núñez" and asking(typo) is not None
    assert len(store.rounds_of_kind("drill")) == 1


async def test_stopping_a_drill_counts_answers_in_words_and_asks_once(drill_app):
    app = drill_app(student="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        question = str(app.screen.query_one(".question").render())
        assert "Nothing is answered yet" in question and "(s)" not in question
        await pilot.press("ctrl+q")  # a second press does not stack a second question
        await pilot.pause()
        assert len([s for s in app.screen_stack if isinstance(s, ConfirmScreen)]) == 1
