"""The bank format: articles, and what every question has whatever its kind.

These structs, with each kind's own model class (in its module in quiz.core.kinds) and the
Bank (quiz.core.banks), are the one definition of what an author may write. The loader
validates YAML against them, `quiz schema` publishes them as JSON Schema, and every other
layer reads them. They know nothing of YAML, files or the UI.
"""

from __future__ import annotations

from typing import Annotated, Union

import msgspec
from msgspec import Meta, Struct

Id = Annotated[
    str,
    Meta(
        pattern=r"^[a-z0-9][a-z0-9._-]*$",
        max_length=80,
        description="Stable identifier: lower-case letters, digits, '.', '_' or '-'.",
    ),
]
Text = Annotated[str, Meta(min_length=1, max_length=4000)]
Tag = Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9 _-]*$", max_length=40)]
IsoDate = Annotated[str, Meta(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")]
Difficulty = Annotated[int, Meta(ge=1, le=3, description="1: stated fact; 2: connects two statements; 3: inference")]


class _Strict(Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """Base: unknown keys are errors, so a misspelt key never passes silently."""


class Gap(_Strict, frozen=True, kw_only=True):
    """A place where the source itself lost words. The text stays as the source has it (quotes
    must match it); where the article is shown, the gap is marked […]."""

    paragraph: Annotated[int, Meta(ge=1)]
    after: Text  # the words just before the gap, as they read in that paragraph
    note: str | None = None


class Article(_Strict, frozen=True, kw_only=True):
    """A source article: metadata and its body as numbered paragraphs (1-based)."""

    id: Id
    title: Text
    publisher: Text
    date: IsoDate
    url: str | None = None
    rubric: str | None = None
    standfirst: str | None = None
    paragraphs: Annotated[list[Text], Meta(min_length=1)]
    gaps: list[Gap] = msgspec.field(default_factory=list)

    def gap_offsets(self, paragraph: int) -> list[int]:
        """Where in paragraph `paragraph` (1-based) each gap stands, after its `after` words."""
        text = self.paragraphs[paragraph - 1]
        return [text.index(g.after) + len(g.after) for g in self.gaps if g.paragraph == paragraph and g.after in text]


class QuoteRef(_Strict, frozen=True, kw_only=True):
    """A quote naming its article explicitly (needed only when a bank has several)."""

    text: Text
    article: Id | None = None


# A quote is the passage as it reads in the article, verbatim.
Quote = Union[Text, QuoteRef]


class Choice(_Strict, frozen=True, kw_only=True):
    text: Text
    correct: bool = False
    why_not: str | None = msgspec.field(default=None)
    why_not_quote: Quote | None = None


ChoiceItem = Union[Text, Choice]


class Question(_Strict, tag_field="type", frozen=True, kw_only=True):
    """What every question has, whatever its kind; the static type of any question.

    Each kind's module in quiz.core.kinds subclasses it with its tag and its own fields;
    the tagged union that decodes a question is assembled from those (quiz.core.kinds.AnyQuestion).
    Code that needs a kind's own fields narrows with isinstance."""

    id: Id
    prompt: Text
    explanation: Text
    quotes: Annotated[list[Quote], Meta(min_length=1)]
    difficulty: Difficulty
    tags: list[Tag] = []


class Pair(_Strict, frozen=True, kw_only=True):
    left: Text
    right: Text


def choice_text(item: ChoiceItem) -> str:
    return item if isinstance(item, str) else item.text


def choice_is_correct(item: ChoiceItem) -> bool:
    return not isinstance(item, str) and item.correct


def quote_text(quote: Quote) -> str:
    return quote if isinstance(quote, str) else quote.text


def quote_article(quote: Quote) -> str | None:
    return None if isinstance(quote, str) else quote.article


class Passage(Struct, frozen=True):
    """Where a quote stands in its article: from `start` in `paragraph` (1-based) to
    `end` (exclusive) in `last_paragraph`, the same paragraph unless the quote spans a break."""

    article: str
    paragraph: int
    start: int
    last_paragraph: int
    end: int
