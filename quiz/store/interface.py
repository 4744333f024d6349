"""The store's interface: what the layers above use, whichever database holds the data.

Two back ends implement it: quiz.store.sqlite (a file, the default) and quiz.store.postgres
(a school's server, by URL); quiz.store.open_store picks one. Both keep the same promises:
every answer is committed before the call that records it returns; the schema is versioned
and migrated in one transaction; a database that isn't ours, or is from a newer quiz, is
refused untouched; concurrent writers never lose an answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import msgspec

from quiz.core.scheduling import CardRecord


class StoreError(Exception):
    """The database can't be used or written; the message names it and says what to do."""


class AnsweredElsewhere(StoreError):
    """Another answer already stands in this place of the round: the same round is being
    played in two places (windows, terminals, tabs). The first answer stands."""


ANSWERED_ELSEWHERE = (
    "this question was already answered in another window or terminal playing the same "
    "round; this answer was not saved. Stop here and resume the round to carry on from "
    "where it stands"
)


class AnswerRecord(msgspec.Struct, frozen=True):
    round_id: int
    position: int
    player: str
    question_id: str
    bank_id: str
    given: Any
    correct: bool
    credit: float
    points: int
    seconds: float
    answered_at: dt.datetime
    kind: str


class ReviewRecord(msgspec.Struct, frozen=True):
    """One line of the review log: an answer, the rating it earned and the due time it set."""

    question_id: str
    rating: int  # fsrs's Rating number: 1 Again, 2 Hard, 3 Good, 4 Easy
    state_before: int  # the card's state before the answer; 0 for a card made by it
    reviewed_at: dt.datetime
    due: dt.datetime


class Scheduled(Protocol):
    @property
    def card(self) -> CardRecord: ...
    @property
    def rating(self) -> int: ...


class RoundRecord(msgspec.Struct, frozen=True):
    id: int
    player: str
    kind: str
    started: dt.datetime
    finished: dt.datetime | None
    settings: dict[str, Any]
    plan: list[Any]
    banks: list[str]
    answers: list[AnswerRecord]

    @property
    def score(self) -> int:
        return sum(a.points for a in self.answers)

    @property
    def correct_count(self) -> int:
        return sum(a.correct for a in self.answers)


# ---------------------------------------------------------------------- whole histories, for `quiz db copy`
class CopiedAnswer(msgspec.Struct, frozen=True):
    """An answer as `quiz db copy` moves it: keyed by its round and position, with the
    review-log line it wrote (if it was scheduled)."""

    position: int
    question_id: str
    bank_id: str
    given: Any
    correct: bool
    credit: float
    points: int
    seconds: float
    answered_at: dt.datetime
    review: ReviewRecord | None = None


class CopiedRound(msgspec.Struct, frozen=True):
    """A round with everything that hangs off it. Its natural key, the same in every
    database, is (player, kind, started)."""

    player: str
    player_created: dt.datetime
    kind: str
    started: dt.datetime
    finished: dt.datetime | None
    abandoned: bool
    settings: dict[str, Any]
    plan: list[Any]
    banks: list[str]
    answers: list[CopiedAnswer] = msgspec.field(default_factory=list)
    shown: list[tuple[int, dt.datetime]] = msgspec.field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, dt.datetime]:
        return (self.player, self.kind, self.started)


class HistoryCounts(msgspec.Struct, frozen=True):
    players: int = 0
    rounds: int = 0
    answers: int = 0
    review_log: int = 0
    cards: int = 0

    def __add__(self, other: HistoryCounts) -> HistoryCounts:
        return HistoryCounts(
            self.players + other.players,
            self.rounds + other.rounds,
            self.answers + other.answers,
            self.review_log + other.review_log,
            self.cards + other.cards,
        )


class Store(Protocol):
    """Every method the layers above call. Writes commit before they return; reads see
    only committed data. Failures raise StoreError with a message for a person."""

    @property
    def location(self) -> str:
        """Where the data lives, fit to print (a path, or a URL without a password)."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...

    # players and settings
    def ensure_player(self, name: str) -> None: ...

    def players(self) -> list[str]: ...

    def get_setting(self, key: str, default: str | None = None) -> str | None: ...

    def set_setting(self, key: str, value: str) -> None: ...

    # rounds and answers
    def start_round(
        self,
        player: str,
        kind: str,
        settings: dict[str, Any],
        plan: list[Any],
        banks: list[str],
        started: dt.datetime,
    ) -> int: ...

    def record_answer(
        self,
        round_id: int,
        position: int,
        question_id: str,
        bank_id: str,
        given: Any,
        correct: bool,
        credit: float,
        points: int,
        seconds: float,
        answered_at: dt.datetime,
        schedule: Callable[[CardRecord | None], Scheduled] | None = None,
    ) -> Scheduled | None: ...

    def record_answers(
        self, answers: list[tuple[int, int, str, str, Any, bool, float, int, float, dt.datetime]]
    ) -> None:
        """Many answers (round, position, question, bank, given, correct, credit, points,
        seconds, answered at) committed in ONE transaction, all or none."""
        ...

    def finish_round(self, round_id: int, finished: dt.datetime) -> None: ...

    def abandon_round(self, round_id: int) -> None: ...

    def round(self, round_id: int) -> RoundRecord: ...

    def unfinished_round(self, player: str, kind: str = "play") -> RoundRecord | None: ...

    def rounds_of_kind(self, kind: str, player: str | None = None) -> list[RoundRecord]: ...

    def mark_shown(self, round_id: int, position: int, at: dt.datetime) -> dt.datetime: ...

    def rounds(self, player: str | None = None, limit: int = 20) -> list[RoundRecord]: ...

    def best_score(self, player: str, banks: list[str], among_latest: int = 1000) -> int | None: ...

    def answers(self, player: str | None = None) -> list[AnswerRecord]: ...

    def best_by_bank(self, player: str) -> dict[str, tuple[int, float]]: ...

    # review cards
    def card(self, player: str, question_id: str) -> CardRecord | None: ...

    def cards(self, player: str) -> list[CardRecord]: ...

    def review_log(self, player: str) -> list[ReviewRecord]: ...

    # whole histories (quiz db copy)
    def history(self) -> Iterator[CopiedRound]:
        """Every round with its answers, oldest first."""
        ...

    def all_cards(self) -> Iterator[tuple[str, CardRecord]]:
        """(player, card) for every review card."""
        ...

    def counts(self) -> HistoryCounts: ...

    def add_rounds(self, rounds: list[CopiedRound]) -> HistoryCounts:
        """Add rounds from another database, with their answers, in one transaction. A round
        with the same key already here gets only the answers it lacks (by position), so
        copying twice writes nothing the second time. Returns what was added."""
        ...

    def merge_cards(self, cards: list[tuple[str, CardRecord]]) -> int:
        """(player, card) pairs, in one transaction: each kept unless this database has a
        card for the same player and question reviewed as late or later. Returns how many
        were written."""
        ...
