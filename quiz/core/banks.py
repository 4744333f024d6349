"""A bank as written, and the banks once loaded: each bank with its articles and where its
quotes stand, and the library of all of them with what was wrong. Plain data; `quiz.library`
builds it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import msgspec
from msgspec import Meta

from quiz.core.kinds import AnyQuestion
from quiz.core.model import Article, Id, Passage, Text, _Strict

if TYPE_CHECKING:
    from quiz.library.diagnostics import Diagnostic
    from quiz.library.yamlsafe import SourceMap

Located = tuple[int, int]


class Bank(_Strict, frozen=True, kw_only=True):
    """A question bank, written from one article (or several, for cross-article banks)."""

    id: Id
    title: Text
    articles: Annotated[list[Id], Meta(min_length=1)]
    description: str | None = None
    questions: list[AnyQuestion] = []  # each decoded as the kind its `type` names


BankContents = tuple[Bank, dict[str, tuple[Passage, ...]], dict[tuple[str, int], Passage]]
_DECODING = threading.Lock()


class BankSummary(msgspec.Struct, frozen=True, gc=False):
    """What lists and counts need of a bank (Home, the tag list, what is due for review),
    kept in the bank cache so that they don't decode the bank."""

    title: str
    question_ids: tuple[str, ...]
    tags: tuple[str, ...]  # each once, sorted

    @classmethod
    def of(cls, bank: Bank) -> BankSummary:
        tags = sorted({t for q in bank.questions for t in q.tags})
        return cls(bank.title, tuple(q.id for q in bank.questions), tuple(tags))

    @property
    def count(self) -> int:
        return len(self.question_ids)


class LoadedBank:
    """A bank as loaded: its questions, its articles and where each quote stands. One object
    per bank, so equal only to itself.

    A bank read from the bank cache is decoded when it is first used (`deferred`): playing
    one bank of a big library doesn't decode, or hold, the others' questions."""

    __slots__ = ("id", "path", "articles", "source", "_contents", "_decode", "_summary")

    def __init__(
        self,
        bank: Bank,
        path: Path,
        articles: tuple[Article, ...],
        passages: dict[str, tuple[Passage, ...]],
        why_not_passages: dict[tuple[str, int], Passage],
        source: tuple[Any, SourceMap] | None = None,
    ) -> None:
        self.id: str = bank.id
        self.path = path
        self.articles = articles
        # (None, the positions) for located warnings: SourceMap needs no data (None from the cache)
        self.source = source
        self._contents: BankContents | None = (bank, passages, why_not_passages)
        self._decode: Callable[[], BankContents] | None = None
        self._summary: BankSummary | None = None

    @classmethod
    def deferred(
        cls,
        bank_id: str,
        path: Path,
        articles: tuple[Article, ...],
        decode: Callable[[], BankContents],
        summary: BankSummary,
    ) -> LoadedBank:
        """A bank whose contents `decode` gives, when first asked for; its summary now."""
        loaded = cls.__new__(cls)
        loaded.id, loaded.path, loaded.articles, loaded.source = bank_id, path, articles, None
        loaded._contents, loaded._decode, loaded._summary = None, decode, summary
        return loaded

    def _loaded(self) -> BankContents:
        if self._contents is None:
            with _DECODING:  # screens read in worker threads too: one decode, one set of objects
                if self._contents is None:
                    assert self._decode is not None
                    self._contents, self._decode = self._decode(), None
        return self._contents

    @property
    def bank(self) -> Bank:
        return self._loaded()[0]

    @property
    def passages(self) -> dict[str, tuple[Passage, ...]]:
        """question id -> where each of its quotes stands, in the order of `quotes`"""
        return self._loaded()[1]

    @property
    def why_not_passages(self) -> dict[tuple[str, int], Passage]:
        """(question id, choice index) -> where that choice's why_not_quote stands"""
        return self._loaded()[2]

    @property
    def summary(self) -> BankSummary:
        """Its title, question ids and tags, without decoding a bank read from the cache."""
        if self._summary is None:
            self._summary = BankSummary.of(self.bank)
        return self._summary

    @property
    def is_decoded(self) -> bool:
        return self._contents is not None

    def locate(self, path: tuple[Any, ...], key: str | None = None) -> Located:
        if self.source is None:
            return (1, 1)
        data, source = self.source
        return source.locate(data, path, key)


class Library(msgspec.Struct):
    """Everything loaded: the playable banks, their articles, and what was wrong."""

    banks: list[LoadedBank] = msgspec.field(default_factory=list)
    articles: dict[str, Article] = msgspec.field(default_factory=dict)
    article_paths: dict[str, Path] = msgspec.field(default_factory=dict)
    diagnostics: list[Diagnostic] = msgspec.field(default_factory=list)
    bank_files: list[Path] = msgspec.field(default_factory=list)
    broken_banks: list[Path] = msgspec.field(default_factory=list)
    # article id -> (line, col) of each paragraph in its file, for located coverage warnings
    paragraph_marks: dict[str, list[Located]] = msgspec.field(default_factory=dict)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    def bank(self, bank_id: str) -> LoadedBank | None:
        return next((b for b in self.banks if b.id == bank_id), None)

    def question_count(self) -> int:
        return sum(b.summary.count for b in self.banks)
