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
