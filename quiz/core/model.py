"""The bank format: articles, banks and the seven question kinds.

These structs are the one definition of what an author may write. The loader
validates YAML against them, `quiz schema` publishes them as JSON Schema, and
every other layer reads them. They know nothing of YAML, files or the UI.
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


class _Question(_Strict, tag_field="type", frozen=True, kw_only=True):
    id: Id
    prompt: Text
    explanation: Text
    quotes: Annotated[list[Quote], Meta(min_length=1)]
    difficulty: Difficulty
    tags: list[Tag] = []


class ChoiceQuestion(_Question, tag="choice", frozen=True, kw_only=True):
    """One right answer among the choices."""

    choices: Annotated[list[ChoiceItem], Meta(min_length=2, max_length=8)]


class MultiQuestion(_Question, tag="multi", frozen=True, kw_only=True):
    """All that apply: one or more choices are right."""

    choices: Annotated[list[ChoiceItem], Meta(min_length=2, max_length=10)]


class TrueFalseQuestion(_Question, tag="truefalse", frozen=True, kw_only=True):
    answer: bool


class TextQuestion(_Question, tag="text", frozen=True, kw_only=True):
    """A typed short answer; `accept` lists other spellings that are also right."""

    answer: Text
    accept: list[Text] = []


class NumberQuestion(_Question, tag="number", frozen=True, kw_only=True):
    answer: float
    tolerance: Annotated[float, Meta(ge=0)] = 0.0
    unit: str | None = None


class OrderQuestion(_Question, tag="order", frozen=True, kw_only=True):
    """Items written in their right order; the game shuffles them."""

    items: Annotated[list[Text], Meta(min_length=2, max_length=8)]


class Pair(_Strict, frozen=True, kw_only=True):
    left: Text
    right: Text


class MatchQuestion(_Question, tag="match", frozen=True, kw_only=True):
    """Pairs written matched; the game shuffles the right-hand sides."""

    pairs: Annotated[list[Pair], Meta(min_length=2, max_length=8)]


Question = Union[
    ChoiceQuestion,
    MultiQuestion,
    TrueFalseQuestion,
    TextQuestion,
    NumberQuestion,
    OrderQuestion,
    MatchQuestion,
]

QUESTION_TYPES: dict[str, type] = {
    cls.__struct_config__.tag: cls
    for cls in Question.__args__  # type: ignore[attr-defined]
}


class Bank(_Strict, frozen=True, kw_only=True):
    """A question bank, written from one article (or several, for cross-article banks)."""

    id: Id
    title: Text
    articles: Annotated[list[Id], Meta(min_length=1)]
    description: str | None = None
    questions: list[Question] = []


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
