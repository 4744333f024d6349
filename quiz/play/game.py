"""A round being played by a player, with every answer committed to the store as it is
given. The one place the engine and the store meet; every front end plays through it, and
every rule a player meets lives here (or in review, or in drill.attempt for drills): the
personal best, playing the missed questions again, resuming, leeches, who is playing, and
what feedback to show when. Front ends only show what a Game says and ask for answers."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any, Literal

from quiz.core.banks import Library
from quiz.core.round import Outcome, PlayItem, Round, RoundSettings, Summary, display_order, draw, items_from_plan
from quiz.core.scheduling import Scheduling
from quiz.store.interface import RoundRecord, Store, StoreError

# When the player is told right or wrong: after "each" answer, at the "end", or "never"
# (drills choose; a round of play always says so at once).
Feedback = Literal["each", "end", "never"]
FEEDBACK: tuple[Feedback, ...] = ("each", "end", "never")


def as_feedback(text: str) -> Feedback:
    """A feedback setting read from a drill; ValueError for anything else."""
    for feedback in FEEDBACK:
        if text == feedback:
            return feedback
    raise ValueError(f"feedback must be one of {', '.join(FEEDBACK)}, not {text!r}")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class NothingToPlay(Exception):
    """No question passes the chosen filters."""


def open_round(
    store: Store,
    player: str,
    settings: RoundSettings,
    items: list[PlayItem],
    kind: str,
    now: Callable[[], dt.datetime],
    meta: dict[str, Any] | None = None,
) -> int:
    """Save a new round of these items before its first question is asked; its id.
    NothingToPlay if there are none."""
    if not items:
        raise NothingToPlay("no question matches those choices")
    store.ensure_player(player)
    return store.start_round(
        player,
        kind,
        {**settings.to_dict(), **(meta or {})},
        [i.plan_entry() for i in items],
        sorted({i.bank.id for i in items}),
        now(),
    )


def resumed_round(library: Library, record: RoundRecord, **round_options: Any) -> Round:
    """An unfinished round as it was left: the same questions, choice orders and answers so far."""
    round_ = Round(items_from_plan(library, record.plan), RoundSettings.from_dict(record.settings), **round_options)
    for answer in sorted(record.answers, key=lambda a: a.position):
        round_.replay(
            answer.position,
            answer.given,
            answer.seconds,
            answer.points,
            timed_out=answer.given is None and not answer.correct,
        )
    return round_


class NothingToResume(Exception):
    """The player has no unfinished round, or (`nothing_left`) the one they had has no question
    left to answer: every question left has gone from the banks (it is now finished)."""

    def __init__(self, message: str, nothing_left: bool = False) -> None:
        super().__init__(message)
        self.nothing_left = nothing_left


class Game:
    def __init__(
        self,
        store: Store,
        player: str,
        round_: Round,
        round_id: int,
        kind: str = "play",
        now: Callable[[], dt.datetime] = _now,
        feedback: Feedback = "each",
    ):
        self.store = store
        self.player = player
        self.round = round_
        self.round_id = round_id
        self.kind = kind
        self.now = now
        self.feedback: Feedback = feedback
        self.last_scheduling: Scheduling | None = None  # what the last answer did to its review card
        # A problem to tell the player of after an answer without stopping the round (a drill's
        # results file that could not be written): every answer is in the database anyway.
        self.results_problem: str | None = None
        # The best score of the player's finished rounds over the same banks, before this one:
        # the round to beat (a review session has none: its questions are whatever was due).
        self.previous_best: int | None = (
            None if self.is_review else store.best_score(player, sorted({i.bank.id for i in round_.items if i}))
        )

    @classmethod
    def start(
        cls,
        library: Library,
        store: Store,
        player: str,
        settings: RoundSettings,
        kind: str = "play",
        now: Callable[[], dt.datetime] = _now,
        meta: dict[str, Any] | None = None,
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
        meta: dict[str, Any] | None = None,
        **round_options: Any,
    ) -> Game:
        """A round of exactly these items (e.g. the missed ones again), in this order.

        `meta`: more to keep with the round's settings (a drill keeps its identity there)."""
        round_id = open_round(store, player, settings, items, kind, now, meta)
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

    def missed_again(self, seed: int | None = None) -> Game:
        """A new round of the questions this one missed, in the same order, their choices
        shuffled again (so the answer is not remembered by its place). NothingToPlay if none."""
        missed = [o.item for o in self.round.summary().missed]
        if not missed:
            raise NothingToPlay("nothing was missed")
        seed = random.SystemRandom().randrange(2**31) if seed is None else seed
        rng = random.Random(seed)
        items = [PlayItem(i.question, i.bank, display_order(i.question, rng)) for i in missed]
        settings = RoundSettings(banks=tuple(sorted({i.bank.id for i in items})), count=len(items), seed=seed)
        return Game.start_items(self.store, self.player, settings, items, now=self.now, clock=self.round.clock)

    @classmethod
    def resume_unfinished(
        cls,
        library: Library,
        store: Store,
        player: str,
        now: Callable[[], dt.datetime] = _now,
        **round_options: Any,
    ) -> Game:
        """The player's unfinished round of play, carried on. NothingToResume when there is
        none, or when it has nothing left to answer (then it is marked finished)."""
        record = store.unfinished_round(player)
        if record is None:
            raise NothingToResume(f"{player} has no unfinished round")
        game = cls.resume(library, store, record, now, **round_options)
        if game.round.finished:  # every question left has gone from the banks
            store.finish_round(record.id, game.now())
            raise NothingToResume("that round has nothing left to answer", nothing_left=True)
        return game

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
        round_ = resumed_round(library, record, **round_options)
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

    # ------------------------------------------------------------------ what to show when
    @property
    def feedback_after_each(self) -> bool:
        """Right or wrong (and the verdict's screen) after every answer."""
        return self.feedback == "each"

    @property
    def shows_score_while_playing(self) -> bool:
        """Score and streak while playing would tell right from wrong: hidden unless the
        feedback comes after each answer."""
        return self.feedback == "each"

    @property
    def feedback_at_end(self) -> bool:
        """Every answer's feedback together, once the round is over."""
        return self.feedback == "end"

    @property
    def shows_results(self) -> bool:
        """The score and the answers at the end (never, when feedback is never shown)."""
        return self.feedback != "never"

    def is_new_best(self, summary: Summary | None = None) -> bool:
        """Did this round beat the player's best over the same banks? A score of 0 is no best
        to celebrate, even on a first round."""
        s = summary or self.round.summary()
        return (
            s.score > 0
            and bool(s.answered)
            and not self.is_review
            and (self.previous_best is None or s.score > self.previous_best)
        )

    def leech_note(self, item: PlayItem) -> str:
        """What to say before a leech's passage (see passage_first)."""
        from quiz.core import present

        return present.leech_note(self.store.card(self.player, item.question.id))

    @property
    def resumable(self) -> bool:
        """Can the player leave and carry on later? A review session can't: what was not
        answered simply stays due (and a new session is drawn next time)."""
        return not self.is_review

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
            scheduled = self.store.record_answer(
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
        self.last_scheduling = scheduled if isinstance(scheduled, Scheduling) else None
        if self.round.finished:
            self.store.finish_round(self.round_id, self.now())
        return outcome
