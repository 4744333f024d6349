"""The plain front end: questions printed as text, answers read line by line.

For screen readers, ssh sessions without a full terminal, and scripts. Quoted passages
are printed on lines beginning with "> ", each followed by its citation. At the end of
input it stops cleanly: every answer given is already saved.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TextIO

from quiz.core import present
from quiz.core.kinds import BadAnswer, kind_of
from quiz.core.round import Outcome, PlayItem
from quiz.core.safe_text import terminal_text
from quiz.core.wording import counted
from quiz.play.game import Game
from quiz.store.interface import StoreError


def how_to_answer(item: PlayItem) -> str:
    return kind_of(item.question).plain_hint(item.question, item.order)


class ConfirmEmpty(BadAnswer):
    """An empty line where choosing nothing is an answer: it is taken only when confirmed."""


def parse_answer(item: PlayItem, line: str, empty_confirmed: bool = False) -> Any:
    """Turn a typed line into an answer in the question's own indices (BadAnswer says how, if not).
    An empty line is an answer only where the kind takes nothing, and only once confirmed."""
    kind = kind_of(item.question)
    text = line.strip()
    if not text:
        nothing = kind.empty_answer(item.question)
        if nothing is None:
            raise BadAnswer("nothing typed")
        if not empty_confirmed:
            raise ConfirmEmpty(kind.empty_confirmation)
        return nothing
    return kind.parse_typed(item.question, item.order, text)


class PlainOutput:
    def __init__(self, stream: TextIO):
        self.stream = stream
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower()
        self.unicode = encoding.replace("-", "").startswith("utf")

    def __call__(self, text: str = "") -> None:
        text = terminal_text(text, lines=True)  # bank text and typed answers are shown as text
        if not self.unicode:
            for mark, plain in present.ASCII_MARKS.items():
                text = text.replace(mark, plain)
            text = text.replace("→", "->").replace("—", "-").replace("–", "-")
        self.stream.write(text + "\n")
        self.stream.flush()


def show_question(out: Callable[[str], None], game: Game, item: PlayItem) -> None:
    r = game.round
    q = item.question
    out()
    if game.passage_first(item):
        show_passage_first(out, game, item)
    head = f"Question {r.position + 1} of {r.total} · {item.bank.bank.title} · difficulty {q.difficulty}"
    if game.shows_score_while_playing:
        head += f" · score {r.score} · streak {r.streak}"
    out(head)
    out(q.prompt)
    for line in kind_of(q).plain_lines(q, item.order):
        out(line)
    left = r.time_left()
    if left is not None:
        out(
            f"(time limit: {r.settings.time_limit:g} seconds"
            + (f"; {left:.0f} left)" if left < r.settings.time_limit - 0.5 else ")")
        )
    out(f"[{how_to_answer(item)}]")


def show_passage_first(out: Callable[[str], None], game: Game, item: PlayItem) -> None:
    """A leech: its passage before the question, then the question."""
    out(game.leech_note(item))
    for quoted in present.quoted_paragraphs(item):
        show_quote(out, quoted.quote, quoted.cite)
    out()


def show_feedback(out: Callable[[str], None], outcome: Outcome) -> None:
    item = outcome.item
    mark, words = present.verdict(outcome)
    out(f"{mark} {words}: {outcome.points:+d} points ({outcome.grade.detail})")
    for label, points in outcome.breakdown:
        out(f"    {label}: {points:+d}")
    by_item = None if outcome.given is None else present.answer_item_by_item(item, outcome.given)
    if by_item is not None:  # several picks: one line each (✔ right · ✘ wrong · ○ missed)
        out("Your answer, item by item:")
        for item_mark, item_words in by_item:
            out(f"  {item_mark} {item_words}")
    else:
        out(f"Your answer: {present.given_answer(item, outcome.given)}")
        if not outcome.grade.correct:
            out(f"Right answer: {present.right_answer(item)}")
    # why the player's own pick is wrong first: the most personal feedback there is
    articles = {a.id: a for a in item.bank.articles}
    for choice, reason, passage in present.why_not(outcome):
        out(f'Why not "{choice}": {reason}')
        if passage and passage.article in articles:
            quoted = present.in_paragraph(articles[passage.article], passage)
            show_quote(out, quoted.quote, quoted.cite)
    out(f"Why: {item.question.explanation}")
    for quoted in present.quoted_paragraphs(item):
        show_quote(out, quoted.quote, quoted.cite)


def show_quote(out: Callable[[str], None], quote: str, cite: str) -> None:
    for line in quote.split("\n"):
        out(f"> {line}" if line else ">")
    out(f"  — {cite}")


def show_results(out: Callable[[str], None], game: Game) -> None:
    s = game.round.summary()
    out()
    what = "Drill" if game.kind == "drill" else "Round"
    out(
        f"{what} over: {s.score} points · {s.correct} of {s.answered} right ({s.accuracy:.0%})"
        f" · best streak {s.best_streak} · {present.duration(s.seconds)}"
    )
    for tag, (right, asked) in s.by_tag.items():
        out(f"    {tag}: {right}/{asked}")
    if s.missed:
        out("Missed: " + ", ".join(o.item.question.id for o in s.missed))


_TIMED_OUT = object()


def _read_answer(stdin: TextIO, game: Game) -> str | object:
    """A line of input; _TIMED_OUT when a person at a terminal lets the time run out.

    Only a terminal is waited on with a timeout: piped input is read ahead into Python's
    buffer, where select() can't see it (a late piped answer is still judged a time-out by
    the round, from the time it took)."""
    left = game.round.time_left()
    if left is not None and stdin.isatty():
        import select

        ready, _, _ = select.select([stdin], [], [], left)
        if not ready:
            try:  # what was typed too late must not become the answer to the next question
                import termios

                termios.tcflush(stdin.fileno(), termios.TCIFLUSH)
            except (ImportError, OSError, ValueError):
                pass
            return _TIMED_OUT
    return stdin.readline()


def play(game: Game, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Play the round from lines of input. Returns the exit status.

    Feedback follows `game.feedback`: after each answer, all at the end, or never."""
    out = PlainOutput(stdout)
    while not game.round.finished:
        item = game.round.current
        assert item is not None
        game.begin_question()
        show_question(out, game, item)
        try:
            outcome = _answer_one(out, game, item, stdin)
        except StoreError as exc:
            out(f"! could not save this answer: {exc}")
            return 1
        if outcome is None:  # end of input: stop, keeping what was answered
            out()
            out(f"Stopped after {counted(len(game.round.outcomes), 'answer')}; every answer given is saved.")
            return 0
        if game.feedback_after_each:
            show_feedback(out, outcome)
            if game.is_review:
                out(present.scheduling_line(game.last_scheduling, game.now()))
        else:
            out("Time's up; saved." if outcome.timed_out else "Saved.")
        if game.results_problem:
            out(f"! the results file could not be written: {game.results_problem}")
    if game.feedback_at_end:
        out()
        out("Your answers:")
        for outcome in game.round.outcomes:
            out()
            out(f"Question {outcome.position + 1}: {outcome.item.question.prompt}")
            show_feedback(out, outcome)
    if game.shows_results:
        show_results(out, game)
    return 0


def _answer_one(out: Callable[[str], None], game: Game, item: PlayItem, stdin: TextIO) -> Outcome | None:
    if game.round.time_left() == 0:  # resumed after its time had already run out
        return game.time_out()
    confirming = False  # the last line was empty where nothing is an answer: another confirms it
    while True:
        line = _read_answer(stdin, game)
        if line is _TIMED_OUT:
            out()  # off the line the student may have begun typing on
            return game.time_out()
        if not line:
            return None
        try:
            given = parse_answer(item, str(line), empty_confirmed=confirming)
        except BadAnswer as bad:
            out(f"? {bad}")
            confirming = isinstance(bad, ConfirmEmpty)
            continue
        return game.answer(given)
