"""Feedback that teaches (issue 16): the player's own "why not" first, a paragraph shown once
with every quote marked, several picks item by item, and a reading width on wide terminals."""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXED_NOW, FixedClock
from testdata import DATA
from ui_support import all_kinds, answer_until, asking, feedback

from quiz.core import present
from quiz.core.model import choice_is_correct
from quiz.core.round import PlayItem, RoundSettings
from quiz.library.loader import load_library
from quiz.store.sqlite import Store
from quiz.ui.app import make_app
from quiz.ui.screens.question import QuestionScreen
from quiz.ui.widgets.feedback import FeedbackBody
from quiz.ui.widgets.passages import Passage

TWO_QUOTES = """\
id: twoquotes
title: "Two quotes"
articles: [tiny-article]
questions:
  - id: t-two
    type: choice
    prompt: "What did the critics say?"
    choices:
      - {text: "It costs $40m and nobody said who pays", correct: true}
      - text: "It opens 12 libraries"
        why_not: "That is the plan itself, not the critics."
        why_not_quote: "would open 12 new libraries by 2026"
    explanation: "Both halves of the critics' sentence."
    quotes: ["would cost $40m", "asked who would pay"]
    difficulty: 1
"""


@pytest.fixture
def two_quotes(tmp_path):
    shutil.copytree(DATA / "kinds" / "articles", tmp_path / "articles")
    (tmp_path / "two.yaml").write_text(TWO_QUOTES, encoding="utf-8")
    library = load_library([tmp_path])
    assert library.banks, library.diagnostics
    return library


def test_two_quotes_from_one_paragraph_mark_one_paragraph(two_quotes):
    (bank,) = two_quotes.banks
    (paragraph,) = present.marked_paragraphs(PlayItem(bank.bank.questions[0], bank))
    quotes = [text for text, is_quote in paragraph.pieces if is_quote]
    assert quotes == ["would cost $40m", "asked who would pay"]
    assert "".join(text for text, _ in paragraph.pieces) == bank.articles[0].paragraphs[2]
    assert paragraph.cite.endswith("paragraph 3")


async def test_the_players_why_not_comes_first_and_the_paragraph_once(two_quotes, store):
    app = make_app(
        two_quotes,
        store,
        player="ana",
        settings=RoundSettings(count=None, seed=1),
        start_now=True,
        round_options={"clock": FixedClock(), "now": lambda: FIXED_NOW},
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        item = app.screen.item
        wrong = next(n for n, i in enumerate(item.order, 1) if i == 1)
        await pilot.press(str(wrong))
        await pilot.pause()
        assert feedback(app) is not None
        body = app.screen.query_one("#feedback-body", FeedbackBody).shown()
        texts = [str(w.render()) for w in body]
        why_not = next(i for i, t in enumerate(texts) if t.startswith("Why not"))
        why = next(i for i, t in enumerate(texts) if t.startswith("Why:"))
        assert why_not < why
        after_why = [w for w in body[why:] if isinstance(w, Passage)]
        assert len(after_why) == 1  # paragraph 3 once, both quotes marked in it
        shown = str(after_why[0].render())
        assert shown.count("▶") == 2 and shown.count("Critics said") == 1


async def test_multi_feedback_shows_each_choice_marked(make):
    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, "multi")
        item = app.screen.item
        right = [n for n, i in enumerate(item.order, 1) if choice_is_correct(item.question.choices[i])]
        wrong = [n for n, i in enumerate(item.order, 1) if not choice_is_correct(item.question.choices[i])]
        await pilot.press(str(right[0]), str(wrong[0]), "enter")
        await pilot.pause()
        lines = str(app.screen.query_one("#by-item").render()).splitlines()
        assert [line.split()[0] for line in lines[1:]].count("✔") == 1
        assert any(line.strip().startswith("✘ The plan was cancelled") for line in lines)
        assert any(line.strip().startswith("○ ") and "not picked" in line for line in lines)


async def test_match_feedback_shows_each_row_marked(make):
    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, "match")
        item = app.screen.item
        # A and B swapped, C right
        keys = ["home"]
        for left in (1, 0, 2):
            keys += [str(item.order.index(left) + 1), "down"]
        await pilot.press(*keys, "enter")
        await pilot.pause()
        lines = str(app.screen.query_one("#by-item").render()).splitlines()[1:]
        assert [line.split()[0] for line in lines] == ["✘", "✘", "✔"]
        assert "The mayor → praised the plan (right: announced a plan)" in lines[0]


async def test_feedback_prose_is_capped_at_a_reading_width(make):
    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(160, 50)) as pilot:
        await answer_until(pilot, "choice")
        await pilot.press("1")
        await pilot.pause()
        widest = max(w.region.width for w in app.screen.query_one("#feedback-body", FeedbackBody).shown())
        assert widest <= 92
        await pilot.press("a")  # the article reads at the same width
        await pilot.pause()
        assert max(w.region.width for w in app.screen.query_one("#article-body").children) <= 92


async def _wrong_choice_feedback(library, db, prebuilt: bool) -> list[tuple]:
    """Answer the first question (a choice) with a pick that has a why-not; the feedback as
    drawn: each part shown, its id, classes and text, and the status line."""
    with Store.open(db) as store:
        app = make_app(
            library,
            store,
            player="ana",
            settings=all_kinds(),
            start_now=True,
            round_options={"clock": FixedClock(), "now": lambda: FIXED_NOW},
        )
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = app.screen
            for _ in range(100 if prebuilt else 0):  # built once the question is drawn
                if screen.feedback_ready:
                    break
                await pilot.pause()
            assert screen.feedback_ready is prebuilt
            item = asking(app)
            mayor = next(n for n, i in enumerate(item.order, 1) if item.question.choices[i].text == "The mayor")
            await pilot.press(str(mayor))
            await pilot.pause()
            assert feedback(app) is not None
            body = screen.query_one("#feedback-body", FeedbackBody)
            return [(str(screen.query_one("#status-line").render()),)] + [
                (type(w).__name__, w.id, sorted(w.classes), str(w.render())) for w in body.shown()
            ]


async def test_feedback_built_on_the_answer_is_the_one_built_ahead(kinds_library, tmp_path, monkeypatch):
    ahead = await _wrong_choice_feedback(kinds_library, tmp_path / "ahead.db", prebuilt=True)
    assert any(text.startswith("Why not “The mayor”") for *_, text in ahead[1:])

    # an answer that comes before the question had time to build its feedback (a fast key)
    build_later = QuestionScreen.call_after_refresh

    def no_prebuild(self, callback, *args, **kwargs):
        if getattr(callback, "__name__", "") == "_build_feedback":
            return True
        return build_later(self, callback, *args, **kwargs)

    monkeypatch.setattr(QuestionScreen, "call_after_refresh", no_prebuild)
    on_the_answer = await _wrong_choice_feedback(kinds_library, tmp_path / "later.db", prebuilt=False)
    assert on_the_answer == ahead
