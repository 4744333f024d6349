"""What the screens of a front end may ask for, in one typed object: the library, the store
and who is playing behind methods that return plain records. Screens never build SQL or reach
into the store; the reads that may take a while are called from workers (quiz.ui.screens).

Plain Python: nothing here knows of Textual, so the live host or a script can use it too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import msgspec

from quiz.core.banks import Library
from quiz.play import players
from quiz.store.interface import Store

if TYPE_CHECKING:  # imported when called: start-up stays lean
    from quiz.core.present import QuotedParagraph
    from quiz.play.drill.results import StoredDrill
    from quiz.play.review import DueSummary, ReviewStats
    from quiz.reports.class_report import ClassReport


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class BankBest(msgspec.Struct, frozen=True):
    bank: str
    title: str
    best: int
    accuracy: float  # share right over every answer from the bank


class PastRound(msgspec.Struct, frozen=True):
    started: dt.datetime
    banks: tuple[str, ...]
    score: int
    right: int
    answered: int
    questions: int
    finished: bool


class Scores(msgspec.Struct, frozen=True):
    bests: tuple[BankBest, ...]  # by bank id
    recent: tuple[PastRound, ...]  # the latest first


class Unfinished(msgspec.Struct, frozen=True):
    """The round Resume would carry on."""

    answered: int
    questions: int


class HomeView(msgspec.Struct, frozen=True):
    """What Home shows from the database."""

    best: dict[str, tuple[int, float]]  # bank id -> (best score, accuracy)
    unfinished: Unfinished | None
    due: DueSummary | None


class PlayerServices:
    """Reads and writes for the player at the screen (`player`: None until someone is named)."""

    def __init__(
        self,
        library: Library,
        store: Store,
        player: str | None,
        now: Callable[[], dt.datetime] = _utc_now,
        remember: bool = True,
    ) -> None:
        self.library = library
        self.store = store
        self.player = player
        self.now = now
        self.remember = remember  # a browser or drill session remembers no name or theme

    # ------------------------------------------------------------------ who is playing
    def players(self) -> list[str]:
        return self.store.players()

    def name_player(self, name: str) -> None:
        """Play as `name` from now on. StoreError."""
        players.take_name(self.store, name, remember=self.remember)
        self.player = name

    def remembered_theme(self) -> str | None:
        return self.store.get_setting("theme")

    def remember_theme(self, theme: str) -> None:
        if self.remember:
            self.store.set_setting("theme", theme)

    # ------------------------------------------------------------------ Home
    def best_by_bank(self) -> dict[str, tuple[int, float]]:
        """bank id -> (best score, accuracy)."""
        return self.store.best_by_bank(self.player) if self.player else {}

    def unfinished(self) -> Unfinished | None:
        record = self.store.unfinished_round(self.player) if self.player else None
        return None if record is None else Unfinished(len(record.answers), len(record.plan))

    def home(self) -> HomeView:
        return HomeView(self.best_by_bank(), self.unfinished(), self.due_summary())

    def known_tags(self) -> set[str]:
        return {t for b in self.library.banks for t in b.summary.tags}

    # ------------------------------------------------------------------ review
    def due_summary(self) -> DueSummary | None:
        from quiz.play.review import due_summary

        if self.player is None:
            return None
        return due_summary(self.library, self.store.cards(self.player), self.now())

    def review_line(self) -> str:
        """Where review stands, in a line: due now, or when the next one is."""
        from quiz.core import present

        due = self.due_summary()
        if due is None or not due.cards:
            return "Nothing to review yet."
        if due.now:
            return f"Still due for review: {due.now} (v on Home)."
        if due.next_due is None:
            return "Nothing else due."
        return f"Nothing else due; the next review is {present.when(due.next_due, self.now())}."

    def review_stats(self) -> ReviewStats | None:
        from quiz.play.review import stats

        return stats(self.library, self.store, self.player, self.now()) if self.player else None

    def quoted_passages(self, question_id: str) -> list[QuotedParagraph]:
        """A question's passages, each in its paragraph."""
        from quiz.core import present
        from quiz.core.round import PlayItem
        from quiz.play.review import question_index

        bank, question = question_index(self.library, [question_id])[question_id]
        return present.quoted_paragraphs(PlayItem(question, bank))

    def nothing_met(self) -> DueSummary:
        """The due summary of someone who has met no question yet."""
        from quiz.play.review import due_summary

        return due_summary(self.library, [], self.now())

    # ------------------------------------------------------------------ scores
    def scores(self) -> Scores:
        if self.player is None:
            return Scores((), ())
        titles = {b.id: b.summary.title for b in self.library.banks}
        bests = tuple(
            BankBest(bank, titles.get(bank, bank), best, accuracy)
            for bank, (best, accuracy) in sorted(self.store.best_by_bank(self.player).items())
        )
        recent = tuple(
            PastRound(
                r.started,
                tuple(r.banks),
                r.score,
                sum(a.correct for a in r.answers),
                len(r.answers),
                len(r.plan),
                r.finished is not None,
            )
            for r in self.store.rounds(self.player, limit=20)
        )
        return Scores(bests, recent)

    # ------------------------------------------------------------------ drills and articles
    def drill_reports(self) -> list[StoredDrill]:
        """The drills taken with this database. StoreError."""
        from quiz.play.drill.results import stored_drills

        return stored_drills(self.store)

    def drill_report(self, chosen: StoredDrill) -> ClassReport:
        """The class report of a drill taken here. CodeError when the banks have changed."""
        from quiz.play.drill.results import stored_results
        from quiz.reports import class_report

        return class_report.build(stored_results(self.store, self.library, chosen.drill, chosen.code))
