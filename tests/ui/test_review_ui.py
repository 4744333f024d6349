"""Review in the app: the due count on Home, a review session, a leech's passage first,
nothing due with practice anyway, and the stats screen."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from conftest import FIXED_NOW
from reviewing import Moment, play_all, play_round
from ui_support import asking, feedback, right_keys, settled, shown_text

from quiz.core import scheduling
from quiz.play.game import Game
from quiz.ui.screens.home import HomeScreen
from quiz.ui.screens.results import ResultsScreen
from quiz.ui.screens.review import NothingDueScreen, PassageFirstScreen, ReviewStatsScreen


def text_of(screen) -> str:
    return shown_text(screen)


def played_days_ago(library, store, days: float, wrong=frozenset()) -> Moment:
    moment = Moment(FIXED_NOW - dt.timedelta(days=days))
    play_round(library, store, "ana", moment, wrong=set(wrong))
    return moment


@pytest.fixture
def utc(monkeypatch):
    """Local time is UTC, so times on screen are the same on every machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def test_home_on_a_cached_library_shows_every_bank_and_what_is_due_without_decoding_one(
    tmp_path, monkeypatch, store
):
    """A school library can be big: Home lists each bank (title, count), the tags and what
    is due for review from the bank cache's summaries; questions are decoded for a round."""
    import shutil

    from quiz import paths
    from quiz.library.cache import load_library_cached
    from quiz.ui.app import make_app

    banks = tmp_path / "banks"
    shutil.copytree(paths.shipped_questions_dir(), banks)
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path / "cache"))
    parsed = load_library_cached([banks])  # parsed, and the cache written
    played_days_ago(parsed, store, 3, wrong={parsed.banks[0].bank.questions[0].id})
    library = load_library_cached([banks])
    app = make_app(library, store, player="ana", round_options={"now": lambda: FIXED_NOW})
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, HomeScreen)
        listed = app.screen.query_one("#banks")
        labels = [str(listed.get_option_at_index(n).prompt) for n in range(listed.option_count)]
        for n, loaded in enumerate(parsed.banks):
            assert loaded.bank.title in labels[n] and f"{len(loaded.bank.questions)} questions" in labels[n]
        tags = str(app.screen.query_one("#tag-list").render())
        assert all(t in tags for b in parsed.banks for q in b.bank.questions for t in q.tags)
        total = sum(len(b.bank.questions) for b in parsed.banks)
        assert f"{total} questions due" in str(app.screen.query_one("#review-due").render())
        assert not any(b.is_decoded for b in library.banks)


async def test_home_shows_what_is_due_and_a_review_session_runs(make, kinds_library, store):
    played_days_ago(kinds_library, store, 3, wrong={"k-text"})
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "7 questions due" in str(app.screen.query_one("#review-due").render())
        await pilot.press("v")
        await pilot.pause()
        assert asking(app) is not None and app.game.kind == "review"
        assert app.game.round.total == 7
        assert "Review · " in str(app.screen.query_one("#status-line").render())
        await pilot.press(*right_keys(app.screen.item))
        await pilot.pause()
        assert feedback(app) is not None
        assert "Rated Good (right): next review" in str(app.screen.query_one("#scheduling").render())
        while feedback(app) is not None:
            await pilot.press("enter")
            await pilot.pause()
            if asking(app) is not None:
                await pilot.press(*right_keys(app.screen.item))
                await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "Nothing else due; the next review is" in str(app.screen.query_one("#review-next").render())
        assert "new personal best" not in text_of(app.screen)
        await pilot.press("escape")
        await settled(pilot)
        assert "nothing due · next" in str(app.screen.query_one("#review-due").render())
    assert len(store.review_log("ana")) == 14


async def test_a_leech_shows_its_passage_then_the_question(make, kinds_library, store):
    moment = played_days_ago(kinds_library, store, 3, wrong={"k-text"})
    start = moment.now
    for n in range(1, scheduling.LEECH_MISSES):
        moment.now = start + dt.timedelta(minutes=11 * n)
        session = Game.start_review(kinds_library, store, "ana", now=moment)
        play_all(session, lambda item: (item.question.id != "k-text", 1.0))
    app = make(review="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # k-text is the longest overdue, so it comes first: its passage before its question
        assert isinstance(app.screen, PassageFirstScreen)
        shown = text_of(app.screen)
        assert f"missed this question {scheduling.LEECH_MISSES} times" in shown
        assert "said Ana Ruiz, the city librarian" in shown
        assert "surname" not in shown  # the question comes after
        await pilot.press("enter")
        await pilot.pause()
        assert asking(app) is not None and app.screen.item.question.id == "k-text"
        await pilot.press(*right_keys(app.screen.item))
        await pilot.pause()
        assert "Rated Hard (right, after reading the passage first)" in text_of(app.screen)


async def test_nothing_due_offers_practice_that_leaves_the_schedule(make, kinds_library, store, utc):
    played_days_ago(kinds_library, store, 0.001)
    cards = store.cards("ana")
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, NothingDueScreen)
        assert "The next review is in 2 days (Wed 7 Jan)." in text_of(app.screen)
        await pilot.press("p")
        await pilot.pause()
        assert asking(app) is not None and app.game.kind == "practice"
        assert "Practice · " in str(app.screen.query_one("#status-line").render())
        await pilot.press(*right_keys(app.screen.item))
        await pilot.pause()
        assert "Practice: the schedule is unchanged." in text_of(app.screen)
    assert store.cards("ana") == cards


async def test_a_new_player_is_told_to_play_first(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert "nothing yet" in str(app.screen.query_one("#review-due").render())
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, NothingDueScreen)
        assert "Play a round first" in text_of(app.screen)
        assert not app.screen.query("#practice")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_stats_screen_charts_and_most_missed(make, kinds_library, store):
    played_days_ago(kinds_library, store, 3, wrong={"k-text", "k-number"})
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.show_review_stats()
        await pilot.pause()
        await app.workers.wait_for_complete()  # the statistics are read in a worker
        await pilot.pause()
        assert isinstance(app.screen, ReviewStatsScreen)
        shown = text_of(app.screen)
        assert "Due now 7" in str(app.screen.query_one("#due-line").render())
        assert str(app.screen.query_one("#due-chart").render()).startswith("today     7 " + "█" * 24)
        chart = str(app.screen.query_one("#reviews-chart").render()).splitlines()[0]
        assert chart.endswith("█ · · ·  most 7")  # 7 reviews 3 days ago, none since
        assert "✘ 1× What is the surname of the city librarian?" in shown
        assert "said Ana Ruiz, the city librarian" in shown


def _snapshot_history(library, store):
    played_days_ago(library, store, 3, wrong={"k-text", "k-number"})


def test_snapshot_home_with_reviews_due(make, kinds_library, store, snap_compare, utc):
    _snapshot_history(kinds_library, store)
    assert snap_compare(make(), terminal_size=(80, 24), run_before=settled)


def test_snapshot_review_stats(make, kinds_library, store, snap_compare, utc):
    _snapshot_history(kinds_library, store)

    async def open_stats(pilot):
        pilot.app.show_review_stats()
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()  # the statistics are read in a worker
        await pilot.pause()

    assert snap_compare(make(), terminal_size=(80, 24), run_before=open_stats)


def test_snapshot_nothing_due(make, kinds_library, store, snap_compare, utc):
    played_days_ago(kinds_library, store, 0.01)
    assert snap_compare(make(), terminal_size=(80, 24), press=["v"])


def test_snapshot_leech_passage_40x12(make, kinds_library, store, snap_compare, utc):
    moment = played_days_ago(kinds_library, store, 3, wrong={"k-text"})
    start = moment.now
    for n in range(1, scheduling.LEECH_MISSES):
        moment.now = start + dt.timedelta(minutes=11 * n)
        play_all(Game.start_review(kinds_library, store, "ana", now=moment), lambda item: (False, 1.0))
    assert snap_compare(make(review="review"), terminal_size=(40, 12))


async def test_quiz_review_for_someone_new_asks_the_name_then_goes_on(make, kinds_library, store):
    from quiz.ui.screens.modals import PlayerScreen

    app = make(player=None, review="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        await pilot.press(*"Bea", "enter")
        await pilot.pause()
        assert app.player == "Bea"
        assert isinstance(app.screen, NothingDueScreen)
        assert "Play a round first" in text_of(app.screen)
