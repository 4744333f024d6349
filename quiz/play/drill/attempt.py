"""A student's attempt at a drill: which attempt it is, refusing or allowing a retake of a
finished one, and the session that plays it (writing the results file after every answer).
Every front end starts a drill through `begin`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quiz.core.banks import Library
from quiz.core.round import Outcome, Round
from quiz.play.drill.definition import KIND, Drill, draw_items
from quiz.play.drill.results import ResultsFileError, ResultsFiles, results_from_record
from quiz.play.game import Game, _now, as_feedback, open_round, resumed_round
from quiz.play.players import known_name
from quiz.store.interface import RoundRecord, Store, StoreError

__all__ = ["Attempt", "DrillRefused", "DrillSession", "Refusal", "begin", "known_name", "next_attempt", "play_attempt"]

# ---------------------------------------------------------------------------- playing


class DrillSession(Game):
    """A drill being played: a Game that also rewrites the results file after every answer,
    built complete by `open` (or `begin`).

    The database is what counts (every answer committed first); a results file that can't be
    written is reported in `results_problem` and doesn't stop the drill."""

    def __init__(
        self,
        store: Store,
        player: str,
        round_: Round,
        round_id: int,
        now: Callable[[], dt.datetime],
        *,
        library: Library,
        drill: Drill,
        code: str,
        attempt: Attempt,
        results: ResultsFiles | None,
    ) -> None:
        super().__init__(store, player, round_, round_id, KIND, now, feedback=as_feedback(drill.feedback))
        self.library = library
        self.drill = drill
        self.code = code
        self.attempt = attempt.number
        self.resumed = attempt.unfinished is not None  # carrying on an attempt begun before
        self.results = results

    @classmethod
    def open(
        cls,
        library: Library,
        store: Store,
        drill: Drill,
        code: str,
        student: str,
        attempt: Attempt,
        results: ResultsFiles | None,
        now: Callable[[], dt.datetime] = _now,
        **round_options: Any,
    ) -> DrillSession:
        """The session for this attempt: the unfinished one resumed, or a new one started. The
        results file is written at once, so a problem with it shows before the first question.
        Raises StoreError, or NothingToPlay."""
        if attempt.blocked is not None:
            raise ValueError("a finished attempt blocks this one; ask for a retake")
        record = attempt.unfinished
        if record is None:
            items = draw_items(library, drill.settings)
            round_id = open_round(store, student, drill.settings, items, KIND, now, drill.meta(code))
            round_ = Round(items, drill.settings, **round_options)
        else:
            round_id, round_ = record.id, resumed_round(library, record, **round_options)
        session = cls(
            store,
            student,
            round_,
            round_id,
            now,
            library=library,
            drill=drill,
            code=code,
            attempt=attempt,
            results=results,
        )
        if round_.finished and record is not None:
            store.finish_round(round_id, now())  # its questions were all answered already
        session.save_results()
        return session

    def _commit(self, outcome: Outcome) -> Outcome:
        outcome = super()._commit(outcome)
        self.save_results()
        return outcome

    def save_results(self) -> None:
        if self.results is None:
            return
        try:
            record = self.store.round(self.round_id)
            self.results.write(results_from_record(record, self.library, self.drill, self.code, self.attempt))
            self.results_problem = None
        except (OSError, ResultsFileError, StoreError) as exc:
            self.results_problem = _os_message(exc)


def _os_message(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename or ''}: {exc.strerror}".lstrip(": ")
    return str(exc)


@dataclass(frozen=True)
class Attempt:
    """Where a student stands with a drill: the attempt to play now (`number`, resuming
    `unfinished` if set), or `blocked` by a finished attempt (a retake must be asked for)."""

    number: int
    unfinished: RoundRecord | None = None
    blocked: RoundRecord | None = None


def drill_rounds(store: Store, drill: Drill, student: str) -> list[RoundRecord]:
    """The student's attempts at this drill, oldest first."""
    return [
        r
        for r in store.rounds_of_kind(KIND, student)
        if (r.settings.get("drill") or {}).get("fingerprint") == drill.fingerprint
    ]


def next_attempt(store: Store, drill: Drill, student: str, retake: bool = False) -> Attempt:
    attempts = drill_rounds(store, drill, student)
    for number, record in enumerate(attempts, 1):
        if record.finished is None:
            return Attempt(number, unfinished=record)
    if attempts and not retake:
        return Attempt(len(attempts) + 1, blocked=attempts[-1])
    return Attempt(len(attempts) + 1)


def play_attempt(
    library: Library,
    store: Store,
    drill: Drill,
    code: str,
    student: str,
    attempt: Attempt,
    results: ResultsFiles | None,
    **game_options: Any,
) -> DrillSession:
    """DrillSession.open (kept for scripts and tests)."""
    return DrillSession.open(library, store, drill, code, student, attempt, results, **game_options)


# ---------------------------------------------------------------------------- starting, or refusing


@dataclass(frozen=True)
class Refusal:
    """A finished drill, not to be taken again without a retake: what to tell the student."""

    student: str
    finished: dt.datetime | None
    score: int
    right: int
    questions: int
    results_path: Path | None  # the results file, written again from the database (None: could not be)

    @property
    def finished_text(self) -> str:
        return self.finished.astimezone().strftime("%Y-%m-%d %H:%M") if self.finished else "?"


class DrillRefused(Exception):
    def __init__(self, refusal: Refusal) -> None:
        super().__init__(f"{refusal.student} already finished this drill")
        self.refusal = refusal


def begin(
    library: Library,
    store: Store,
    drill: Drill,
    code: str,
    student: str,
    out: Path | None,
    retake: bool = False,
    **game_options: Any,
) -> DrillSession:
    """The one way every front end starts a drill: resume the student's unfinished attempt,
    refuse a finished one (DrillRefused; its results file is written again, in case it was
    lost), or start a new attempt (a retake, when asked for). Raises DrillRefused,
    ResultsFileError, StoreError or NothingToPlay."""
    student = known_name(store, student)
    attempt = next_attempt(store, drill, student, retake)
    record = attempt.blocked
    if record is not None:
        files = ResultsFiles.choose(out, drill, code, student, attempt.number - 1)
        path: Path | None = None
        try:  # the file may have been lost: write it again from the database
            files.write(results_from_record(record, library, drill, code, attempt.number - 1))
            path = files.json_path
        except (OSError, ResultsFileError):
            pass
        raise DrillRefused(
            Refusal(student, record.finished, record.score, record.correct_count, len(record.plan), path)
        )
    files = ResultsFiles.choose(out, drill, code, student, attempt.number)
    files.check()
    return DrillSession.open(library, store, drill, code, student, attempt, files, **game_options)
