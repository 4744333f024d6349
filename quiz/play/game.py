"""A round being played by a player, with every answer committed to the store as it is
given. The one place the engine and the store meet; every front end plays through it."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from quiz.core.banks import Library
from quiz.core.round import Outcome, PlayItem, Round, RoundSettings, draw, items_from_plan
from quiz.store.sqlite import RoundRecord, Store, StoreError


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class NothingToPlay(Exception):
    """No question passes the chosen filters."""


class Game:
    # When the player is told right or wrong: after "each" answer, at the "end", or "never"
    # (drills choose; a round of play always says so at once).
    feedback = "each"

    def __init__(
        self,
        store: Store,
        player: str,
        round_: Round,
        round_id: int,
        kind: str = "play",
        now: Callable[[], dt.datetime] = _now,
    ):
        self.store = store
        self.player = player
        self.round = round_
        self.round_id = round_id
        self.kind = kind
        self.now = now
        self.last_scheduling = None  # what the last answer did to its review card (quiz.review.Scheduling)

    @classmethod
    def start(
        cls,
        library: Library,
        store: Store,
        player: str,
        settings: RoundSettings,
        kind: str = "play",
        now: Callable[[], dt.datetime] = _now,
        meta: dict | None = None,
        **round_options: Any,
    ) -> Game:
        settings, items = draw(library, settings)
        return cls.start_items(store, player, settings, items, kind, now, meta=meta, **round_options)

    @classmethod
    def start_items(
        cls,
        store: Store,
        player: str,
        settings: RoundSettings,
        items: list[PlayItem],
        kind: str = "play",
        now: Callable[[], dt.datetime] = _now,
        meta: dict | None = None,
        **round_options: Any,
    ) -> Game:
        """A round of exactly these items (e.g. the missed ones again), in this order.

        `meta`: more to keep with the round's settings (a drill keeps its identity there)."""
        if not items:
            raise NothingToPlay("no question matches those choices")
        store.ensure_player(player)
        round_id = store.start_round(
            player,
            kind,
            {**settings.to_dict(), **(meta or {})},
            [i.plan_entry() for i in items],
            sorted({i.bank.id for i in items}),
            now(),
        )
        return cls(store, player, Round(items, settings, **round_options), round_id, kind, now)

    @classmethod
    def start_review(
        cls,
        library: Library,
        store: Store,
        player: str,
        practice: bool = False,
        count: int | None = None,
        seed: int | None = None,
        now: Callable[[], dt.datetime] = _now,
        **round_options: Any,
    ) -> Game:
        """A review session: the questions due now (or, practising, the most forgotten ones).
        An unfinished session is dropped: its answers are saved and scheduled already."""
        from quiz.core import scheduling
        from quiz.play import review

        kind = "practice" if practice else "review"
        seed = random.SystemRandom().randrange(2**31) if seed is None else seed
        pick = review.practice_items if practice else review.due_items
        items = pick(library, store, player, now(), count or scheduling.SESSION_SIZE, seed)
        if not items:
            raise NothingToPlay("nothing is due for review")
        for old_kind in scheduling.SESSION_KINDS:
            old = store.unfinished_round(player, old_kind)
            if old is not None:
                store.abandon_round(old.id)
        return cls.start_items(store, player, review.session_settings(items, seed), items, kind, now, **round_options)

    @classmethod
    def resume(
        cls,
        library: Library,
        store: Store,
        record: RoundRecord,
        now: Callable[[], dt.datetime] = _now,
        **round_options: Any,
    ) -> Game:
        """Carry on an unfinished round: the same questions, choice orders and answers so far."""
        settings = RoundSettings.from_dict(record.settings)
        round_ = Round(items_from_plan(library, record.plan), settings, **round_options)
        for answer in sorted(record.answers, key=lambda a: a.position):
            round_.replay(
                answer.position,
                answer.given,
                answer.seconds,
                answer.points,
                timed_out=answer.given is None and not answer.correct,
            )
        return cls(store, record.player, round_, record.id, record.kind, now)

    def begin_question(self) -> None:
        """Start the current question's clock. In a timed round the moment it is first shown is
        saved, so quitting and resuming does not give the question a fresh clock."""
        already = 0.0
        if self.round.settings.time_limit and self.round.current is not None:
            try:
                moment = self.now()
                if moment.tzinfo is None:
                    moment = moment.replace(tzinfo=dt.timezone.utc)
                first = self.store.mark_shown(self.round_id, self.round.position, moment)
                already = max(0.0, (moment - first).total_seconds())
            except StoreError:
                pass  # not saved: the clock starts now, and the answer itself will say if saving fails
        self.round.begin_question(already)

    def answer(self, given: Any, seconds: float | None = None) -> Outcome:
        return self._commit(self.round.answer(given, seconds))

    def time_out(self) -> Outcome:
        return self._commit(self.round.time_out())

    @property
    def is_review(self) -> bool:
        """A review session (or practice): front ends show what each answer did to the schedule."""
        from quiz.core import scheduling

        return self.kind in scheduling.SESSION_KINDS

    def passage_first(self, item: PlayItem) -> bool:
        """Show this question's passage before asking it? (a leech, in a review round).
        Front ends that ask a review round must do so: the rating counts on it."""
        from quiz.core import scheduling

        return self.is_review and scheduling.is_leech(self.store.card(self.player, item.question.id))

    def _commit(self, outcome: Outcome) -> Outcome:
        # Committed before the player sees the verdict: a crash after this loses nothing.
        # If it can't be saved (disk full…), the answer is taken back so it can be retried.
        # The player's review card is updated in the same transaction (not in practice).
        from quiz.core import scheduling

        at = self.now()
        schedule = None
        if self.kind not in scheduling.UNSCHEDULED_KINDS:
            schedule = scheduling.answer_scheduler(
                outcome.item.question,
                outcome.grade.correct,
                outcome.grade.credit,
                outcome.seconds,
                outcome.timed_out,
                at,
                shows_leech_passages=self.is_review,
            )
        try:
            self.last_scheduling = self.store.record_answer(
                self.round_id,
                outcome.position,
                outcome.item.question.id,
                outcome.item.bank.id,
                outcome.given,
                outcome.grade.correct,
                outcome.grade.credit,
                outcome.points,
                outcome.seconds,
                at,
                schedule=schedule,
            )
        except StoreError:
            self.round.undo_last()
            raise
        if self.round.finished:
            self.store.finish_round(self.round_id, self.now())
        return outcome
