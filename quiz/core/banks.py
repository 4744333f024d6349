"""A bank as written, and the banks once loaded: each bank with its articles and where its
quotes stand, and the library of all of them with what was wrong. Plain data; `quiz.library`
builds it."""

from __future__ import annotations

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


class LoadedBank(msgspec.Struct, frozen=True, eq=False):
    """A bank as loaded: one object per bank, so equal only to itself."""

    bank: Bank
    path: Path
    articles: tuple[Article, ...]
    # question id -> where each of its quotes stands, in the order of `quotes`
    passages: dict[str, tuple[Passage, ...]]
    # (question id, choice index) -> where that choice's why_not_quote stands
    why_not_passages: dict[tuple[str, int], Passage]
    # (None, the positions) for located warnings: SourceMap needs no data (None when loaded from cache)
    source: tuple[Any, SourceMap] | None = None

    @property
    def id(self) -> str:
        return self.bank.id

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
        return sum(len(b.bank.questions) for b in self.banks)
