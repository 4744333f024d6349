"""Quote matching forgives only what doesn't change the words."""

from __future__ import annotations

import pytest

from quiz.core.model import Article
from quiz.library.quotes import ArticleText

ARTICLE = Article(
    id="a",
    title="T",
    publisher="P",
    date="2020-01-01",
    paragraphs=[
        "The mayor’s plan,  announced on Monday, would open 12 libraries.",
        "“It is the biggest expansion in decades,” said Ana Ruiz.",
    ],
)


@pytest.fixture
def text():
    return ArticleText(ARTICLE)


def test_straight_quotes_match_typographic(text):
    found = text.find('"It is the biggest expansion in decades," said Ana Ruiz.')
    assert found is not None and (found.paragraph, found.start) == (2, 0)
    assert text.find("The mayor's plan") is not None


def test_white_space_and_line_breaks_are_forgiven(text):
    found = text.find("The mayor’s plan,\n   announced on Monday")
    assert found is not None
    assert ARTICLE.paragraphs[0][found.start : found.end] == "The mayor’s plan,  announced on Monday"


def test_a_quote_may_cross_a_paragraph_break(text):
    found = text.find("would open 12 libraries. “It is the biggest")
    assert found is not None
    assert (found.paragraph, found.last_paragraph) == (1, 2)
    assert ARTICLE.paragraphs[1][: found.end] == "“It is the biggest"


@pytest.mark.parametrize(
    "changed",
    [
        "would open 13 libraries",  # a different number
        "the Mayor’s plan",  # case is part of the words
        "would open 12 libraries!",  # punctuation too
        "said Ana Ruiz",  # fine
    ],
)
def test_anything_else_is_a_difference(text, changed):
    assert (text.find(changed) is not None) == (changed == "said Ana Ruiz")


def test_near_miss_points_to_the_closest_passage(text):
    near = text.closest("the biggest expansion in a decade")
    assert near is not None and near.paragraph == 2
    assert "biggest expansion in decades" in near.text


def test_a_quote_not_found_costs_time_linear_in_the_article():
    """Looking for the closest passage to a quote that isn't there is bounded work: each of the
    article's paragraphs is compared through word pairs, and only one bounded piece of one of
    them character by character (it was ~1.3 s of CPU per paragraph, issue 13)."""
    import random
    import time

    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(3000)]
    paragraphs = [" ".join(rng.choice(vocabulary) for _ in range(170)) for _ in range(400)]  # ~400 KB
    article = Article(id="big", title="T", publisher="P", date="2020-01-01", paragraphs=paragraphs)
    text = ArticleText(article)
    quote = " ".join(rng.choice(vocabulary) for _ in range(600))  # ~3.6 KB, in no paragraph
    started = time.process_time()
    assert text.find(quote) is None
    near = text.closest(quote)
    spent = time.process_time() - started
    assert near is not None and 1 <= near.paragraph <= 400
    assert spent < 2.0, f"{spent:.1f} s of CPU for one quote"  # a generous bound; it was minutes
    hidden = paragraphs[321].split()
    near = text.closest(" ".join(hidden[40:90]).replace("w", "W", 1) + " extra")
    assert near is not None and near.paragraph == 322
