"""Pilot tests: a round of every question type played with the keyboard, feedback, results,
leaving and resuming, help, and small terminals."""

from __future__ import annotations

from ui_support import all_kinds, asking, feedback, right_keys

from quiz.ui.screens.home import HomeScreen
from quiz.ui.screens.modals import ConfirmScreen, PlayerScreen, TooSmallScreen
from quiz.ui.screens.results import ResultsScreen
from quiz.ui.widgets.feedback import FeedbackBody


async def test_a_round_of_every_type_right(make, store):
    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        seen = []
        while asking(app) is not None:
            item = app.screen.item
            seen.append(item.kind)
            await pilot.press(*right_keys(item))
            await pilot.pause()
            assert feedback(app) is not None, item.kind
            verdict = str(app.screen.query_one("#verdict").render())
            assert verdict.startswith("✔ Right"), (item.kind, verdict)
            await pilot.press("enter")
            await pilot.pause()
        assert sorted(seen) == sorted(["choice", "multi", "truefalse", "text", "number", "order", "match"])
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.summary.correct == 7
    answers = store.answers("ana")
    assert len(answers) == 7 and all(a.correct for a in answers)
    assert store.rounds("ana")[0].finished is not None


async def test_wrong_answer_shows_why_not_and_the_right_answer(make):
    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        while app.screen.item.kind != "choice":
            await pilot.press(*right_keys(app.screen.item))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        item = app.screen.item
        mayor = next(
            n
            for n, i in enumerate(item.order, 1)
            if item.question.choices[i] in ("The mayor",)
            or getattr(item.question.choices[i], "text", "") == "The mayor"
        )
        await pilot.press(str(mayor))
        await pilot.pause()
        assert feedback(app) is not None
        text = " ".join(str(w.render()) for w in app.screen.query_one("#feedback-body", FeedbackBody).shown())
        assert "✘ Wrong" in text
        assert "Right answer: The city librarian" in text
        assert "Why not “The mayor”" in text
        assert "The Test Gazette, 1 May 2024, paragraph 2" in text


async def test_article_opens_at_the_passage(make):
    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*right_keys(app.screen.item))
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ArticleScreen"
        assert app.screen.query(".paragraph.quoted")
        await pilot.press("escape")
        await pilot.pause()
        assert feedback(app) is not None


async def test_leaving_asks_first_and_the_round_can_be_resumed(make, store):
    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*right_keys(app.screen.item))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # the safe default keeps playing
        await pilot.pause()
        assert asking(app) is not None
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert len(store.answers("ana")) == 1
    resumed = make(resume=True)
    async with resumed.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert asking(resumed) is not None
        assert resumed.screen.game.round.position == 1
        assert resumed.screen.game.round.score == store.answers("ana")[0].points


async def test_quit_mid_round_asks_to_confirm(make):
    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert asking(app) is not None


async def test_first_launch_asks_a_name_and_remembers_it(make, store):
    app = make(player=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        await pilot.press(*"Bea", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.player == "Bea"
    assert store.get_setting("player") == "Bea"


async def test_help_lists_keys(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_too_small_shows_a_notice_and_recovers(make):
    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for size in [(30, 10), (1, 1), (10, 3), (40, 12), (39, 24), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            small = size[0] < 40 or size[1] < 12
            assert isinstance(app.screen, TooSmallScreen) is small, size
        assert asking(app) is not None


async def test_theme_is_remembered(make, store):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
    assert store.get_setting("theme") == "nord"
    again = make()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_a_match_is_given_to_one_item_only(make):
    """Giving row B the match row A has takes it from A, visibly (A shows "?" again): nothing
    is swapped unseen, and a number never moves the highlight (so "2 ↓ 3 ↓ 1" skips no row)."""
    from ui_support import answer_until

    from quiz.ui.widgets.kinds.match import MatchAnswer

    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, "match")
        widget = app.screen.query_one(MatchAnswer)
        await pilot.press("home", "1")
        assert widget.highlighted == 0 and widget.chosen[0] == 0
        await pilot.press("down", "2")
        assert widget.chosen[:2] == [0, 1]
        await pilot.press("up", "2")  # A takes 2: B had it and has none now
        assert widget.chosen[:2] == [1, None]
        assert "?" in str(widget.get_option_at_index(1).prompt)
        await pilot.press("home", "2", "down", "3", "down", "1")
        assert widget.chosen == [1, 2, 0]
        await pilot.press("home", "right")  # ← → cycle through the free matches only
        assert len({c for c in widget.chosen if c is not None}) == len([c for c in widget.chosen if c is not None])


async def test_scores_are_read_in_a_worker_and_shown(make):
    from quiz.ui.screens.scores import ScoresScreen

    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        while asking(app) is not None:
            await pilot.press(*right_keys(app.screen.item))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, ScoresScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        bests = app.screen.query_one("#bests")
        recent = app.screen.query_one("#recent")
        assert bests.row_count == 1 and recent.row_count == 1
        assert [str(c) for c in recent.get_row_at(0)][2:] == [
            str(app.screen_stack[-2].summary.score),
            "7/7",
            "finished",
        ]
