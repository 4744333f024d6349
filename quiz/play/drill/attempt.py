"""attempt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quiz.core.banks import Library
from quiz.play.drill.definition import KIND, Drill, draw_items
from quiz.play.drill.results import ResultsFileError, ResultsFiles, results_from_record
from quiz.play.game import Game
from quiz.store.sqlite import RoundRecord, Store, StoreError

# ---------------------------------------------------------------------------- playing


class DrillGame(Game):
    """A drill being played: a Game that also rewrites the results file after every answer.

    The database is what counts (every answer committed first); a results file that can't be
    written is reported in `results_problem` and doesn't stop the drill."""

    drill: Drill
    code: str
    attempt: int
    library: Library
    results: ResultsFiles | None = None
    results_problem: str | None = None

    def _commit(self, outcome):
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


def known_name(store: Store, name: str) -> str:
    """The student's name as first written, when they type it again in another case."""
    name = " ".join(name.split())
    return next((p for p in store.players() if p.casefold() == name.casefold()), name)


def play_attempt(
    library: Library,
    store: Store,
    drill: Drill,
    code: str,
    student: str,
    attempt: Attempt,
    results: ResultsFiles | None,
    **game_options: Any,
) -> DrillGame:
    """The game for this attempt: the unfinished one resumed, or a new one started. The
    results file is written at once, so a problem with it shows before the first question.
    Raises StoreError, or NothingToPlay."""
    if attempt.blocked is not None:
        raise ValueError("a finished attempt blocks this one; ask for a retake")
    if attempt.unfinished is not None:
        game = DrillGame.resume(library, store, attempt.unfinished, **game_options)
    else:
        game = DrillGame.start_items(
            store,
            student,
            drill.settings,
            draw_items(library, drill.settings),
            kind=KIND,
            meta=drill.meta(code),
            **game_options,
        )
    assert isinstance(game, DrillGame)
    game.drill, game.code, game.library, game.attempt = drill, code, library, attempt.number
    game.feedback = drill.feedback
    game.results = results
    if game.round.finished and attempt.unfinished is not None:
        store.finish_round(game.round_id, game.now())  # its questions were all answered already
    game.save_results()
    return game
