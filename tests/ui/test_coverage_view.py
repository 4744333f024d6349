"""The article view for authors: `c` shades each paragraph as quoted or not, with marks and
the ids of the questions that quote it; Home's `c` lists the articles with their coverage."""

from __future__ import annotations

from testdata import DATA
from ui_support import all_kinds, feedback, right_keys

from quiz.library.loader import load_library
from quiz.ui.app import make_app
from quiz.ui.screens.article import ArticleScreen, ArticlesScreen


def text_of(screen, selector: str) -> str:
    return " ".join(str(w.render()) for w in screen.query(selector))


async def test_c_shows_and_hides_coverage_in_the_article_view(make):
    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*right_keys(app.screen.item))
        await pilot.pause()
        assert feedback(app) is not None
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ArticleScreen) and not screen.has_class("-coverage")
        assert not any(w.display for w in screen.query(".coverage-line"))  # players don't see it
        await pilot.press("c")
        await pilot.pause()
        assert screen.has_class("-coverage")
        assert all(w.display for w in screen.query(".coverage-line"))
        # the kinds bank quotes all three paragraphs of the tiny article
        assert [w.has_class("covered") for w in screen.query(".paragraph")] == [True, True, True]
        line = str(screen.query_one("#q2").render())
        assert line.startswith("✔ quoted by ") and "k-choice" in line and "k-text" in line
        assert "Coverage: 3 of 3 paragraphs quoted" in str(screen.query_one("#coverage-head").render())
        await pilot.press("c")
        await pilot.pause()
        assert not screen.has_class("-coverage")


async def test_home_lists_articles_and_marks_uncovered_paragraphs(store, tmp_path):
    bank = tmp_path / "one.yaml"
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "tiny.yaml").write_bytes((DATA / "good" / "articles" / "tiny.yaml").read_bytes())
    bank.write_text(
        """\
id: one
title: "One question"
articles: [tiny-article]
questions:
  - id: one-ruiz
    type: truefalse
    prompt: "Ana Ruiz is the city librarian."
    answer: true
    explanation: "She is quoted as the librarian who praised the plan."
    quotes: ["said Ana Ruiz, the city librarian"]
    difficulty: 1
""",
        encoding="utf-8",
    )
    app = make_app(load_library([bank]), store, player="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ArticlesScreen)
        assert "1 of 3 paragraphs quoted (33%)" in text_of(
            app.screen, "OptionList"
        ) or "1 of 3 paragraphs quoted (33%)" in str(app.screen.query_one("#articles").get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ArticleScreen) and screen.has_class("-coverage")
        assert [w.has_class("covered") for w in screen.query(".paragraph")] == [False, True, False]
        assert str(screen.query_one("#q1").render()) == "✘ no question quotes this paragraph"
        assert str(screen.query_one("#q2").render()) == "✔ quoted by 1: one-ruiz"
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "HomeScreen"


def test_coverage_view_snapshot(make, snap_compare):
    async def open_coverage(pilot):
        from ui_support import answer_until

        await answer_until(pilot, "choice")
        await pilot.press(*right_keys(pilot.app.screen.item), "a", "c")
        await pilot.pause()

    assert snap_compare(make(settings=all_kinds(), start_now=True), terminal_size=(80, 24), run_before=open_coverage)
