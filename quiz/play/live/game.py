"""A live class game: the players, the PIN, the questions of a drill asked to everyone at
once, each answer graded, scored and committed to the store before it is acknowledged.

Plain Python with an injectable clock: the aiohttp server and the Textual host screen both
drive a LiveGame, and so do the tests. Each student's answers are one round of kind "live"
in the store (with the drill's settings and meta, so results files and `quiz report` read
them as a drill's); the game's own state (phase, question, players and their rejoin tokens,
hashed) is kept in the store too, so `quiz host --resume` carries on after a crash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quiz.core import present
from quiz.core.banks import Library
from quiz.core.grading import Grade
from quiz.core.kinds import grade
from quiz.core.kinds.choice import ChoiceQuestion
from quiz.core.kinds.multi import MultiQuestion
from quiz.core.kinds.truefalse import TrueFalseQuestion
from quiz.core.model import choice_text
from quiz.core.round import PlayItem, RoundSettings, points_for
from quiz.core.safe_text import name_key
from quiz.play.drill.definition import Drill, chosen_banks, content_hash, draw_items
from quiz.play.live import protocol as msg
from quiz.play.live.wire import answer_from_wire, wire_question
from quiz.store.interface import Store

if TYPE_CHECKING:
    from quiz.play.drill.results import ResultsFiles
    from quiz.reports.class_report import ClassReport

KIND = "live"  # the kind of round a student's part in a live game is stored as
STATE_KEY = "live.game"  # the store setting that holds the current game's state
STATE_VERSION = 1
LOBBY, QUESTION, REVEAL, LEADERBOARD, END = "lobby", "question", "reveal", "leaderboard", "end"
MAX_PLAYERS = 1000


class JoinRefused(Exception):
    """Why a join is refused: `code` for the protocol, the message for the student."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class AnswerRefused(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class ResumeProblem(Exception):
    """There is no game to resume, or it can't be resumed with these banks."""


def clean_name(raw: str) -> str:
    """A name as shown everywhere: NFC, no control or format characters, single spaces, at
    most 40 characters. Empty when nothing printable is left."""
    text = unicodedata.normalize("NFC", raw)
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in text)
    return " ".join(text.split())[: msg.MAX_NAME].strip()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class Given:
    """One player's answer to one question, as stored."""

    given: Any  # in the question's own terms; None for a time-out
    credit: float
    correct: bool
    points: int
    seconds: float
    timed_out: bool


@dataclass
class LivePlayer:
    name: str
    token_hash: str
    round_id: int
    removed: bool = False
    connected: bool = False  # not kept: after a resume everyone reconnects
    answers: dict[int, Given] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return name_key(self.name)

    @property
    def score(self) -> int:
        return sum(a.points for a in self.answers.values())

    def streak_before(self, position: int) -> int:
        streak = 0
        for p in sorted(self.answers):
            if p >= position:
                break
            streak = streak + 1 if self.answers[p].correct else 0
        return streak


@dataclass(frozen=True)
class AnswerTaken:
    question_no: int
    all_answered: bool


class LiveGame:
    """One live game. Front ends call join/start/answer/close_question/show_leaderboard/
    next_question/finish and render what the `*_message` methods say."""

    def __init__(
        self,
        store: Store,
        library: Library,
        drill: Drill,
        code: str,
        *,
        pin: str,
        game_id: str,
        results_dir: Path | None = None,
        clock: Callable[[], float] = time.time,
    ):
        self.store = store
        self.library = library
        self.drill = drill
        self.code = code
        self.pin = pin
        self.game_id = game_id
        self.results_dir = results_dir
        self.clock = clock
        self.items: list[PlayItem] = draw_items(library, drill.settings)
        self.players: dict[str, LivePlayer] = {}  # name_key -> player
        self.phase = LOBBY
        self.position = 0
        self.opened_at: float | None = None  # when the current question opened (clock time)
        self.paused_at: float | None = None
        self.previous_ranks: dict[str, int] = {}
        self.results_problem: str | None = None

    # ------------------------------------------------------------------ making and keeping
    @classmethod
    def new(
        cls,
        store: Store,
        library: Library,
        drill: Drill,
        code: str,
        results_dir: Path | None = None,
        clock: Callable[[], float] = time.time,
        pin: str | None = None,
    ) -> LiveGame:
        pin = pin or f"{secrets.randbelow(10**6):06d}"
        now = dt.datetime.fromtimestamp(clock(), dt.timezone.utc)
        game = cls(
            store,
            library,
            drill,
            code,
            pin=pin,
            game_id=f"{now:%Y%m%d-%H%M}-{pin}",
            results_dir=results_dir,
            clock=clock,
        )
        game.save()
        return game

    def state(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "game_id": self.game_id,
            "pin": self.pin,
            "code": self.code,
            "settings": self.drill.settings.to_dict(),
            "drill": {"feedback": self.drill.feedback, "content": self.drill.content, "title": self.drill.title},
            "results_dir": str(self.results_dir) if self.results_dir else None,
            "phase": self.phase,
            "position": self.position,
            "previous_ranks": self.previous_ranks,
            "players": [
                {"name": p.name, "token_hash": p.token_hash, "round_id": p.round_id, "removed": p.removed}
                for p in self.players.values()
            ],
        }

    def save(self) -> None:
        """The game's state, committed; answers are committed on their own as they come."""
        self.store.set_setting(STATE_KEY, json.dumps(self.state()))

    @classmethod
    def resume(cls, store: Store, library: Library, clock: Callable[[], float] = time.time) -> LiveGame:
        """The game the store was last hosting, at the question it was at, every answer kept.

        A question that was open reopens paused (students reconnect first), its clock at the
        latest answer given to it: the time the host was down is not counted against anyone."""
        raw = store.get_setting(STATE_KEY)
        if raw is None:
            raise ResumeProblem("no live game to resume in this database")
        state = json.loads(raw)
        if state.get("version") != STATE_VERSION:
            raise ResumeProblem("the live game in this database was hosted by another version of quiz")
        if state["phase"] == END:
            raise ResumeProblem(f"the last live game (PIN {state['pin']}) has ended; start a new one")
        settings = RoundSettings.from_dict(state["settings"])
        meta = state["drill"]
        drill = Drill(settings, meta["feedback"], meta["content"], meta.get("title"))
        if content_hash(chosen_banks(library, settings)) != drill.content:
            raise ResumeProblem("the banks have changed since this game began, so it can't be resumed")
        game = cls(
            store,
            library,
            drill,
            state["code"],
            pin=state["pin"],
            game_id=state["game_id"],
            results_dir=Path(state["results_dir"]) if state.get("results_dir") else None,
            clock=clock,
        )
        game.previous_ranks = dict(state.get("previous_ranks") or {})
        for p in state["players"]:
            player = LivePlayer(p["name"], p["token_hash"], p["round_id"], p["removed"])
            for a in store.round(player.round_id).answers:
                timed_out = a.given is None and not a.correct
                player.answers[a.position] = Given(a.given, a.credit, a.correct, a.points, a.seconds, timed_out)
            game.players[player.key] = player
        game.position = state["position"]
        game.phase = state["phase"]
        if game.phase == QUESTION:
            now = clock()
            already = max(
                (p.answers[game.position].seconds for p in game.active if game.position in p.answers), default=0.0
            )
            game.opened_at = now - already
            game.paused_at = now
        return game

    # ------------------------------------------------------------------ players
    @property
    def active(self) -> list[LivePlayer]:
        return [p for p in self.players.values() if not p.removed]

    def join(self, raw_name: str, token: str | None) -> tuple[LivePlayer, str]:
        """The player and the token to keep. A token gives back its player (same name, every
        point); a name already in the game can't be taken without it."""
        if token is not None:
            found = next((p for p in self.players.values() if secrets.compare_digest(p.token_hash, _hash(token))), None)
            if found is not None:
                if found.removed:
                    raise JoinRefused("removed", "the teacher has removed you from this game")
                return found, token
        if self.phase == END:
            raise JoinRefused("ended", "this game has ended")
        name = clean_name(raw_name)
        if not name:
            raise JoinRefused("bad-name", "type a name with letters or digits")
        key = name_key(name)
        if key in self.players:
            raise JoinRefused(
                "name-taken", f"{self.players[key].name} is already in this game; pick another name, or ask the teacher"
            )
        if len(self.players) >= MAX_PLAYERS:
            raise JoinRefused("full", "this game is full")
        token = secrets.token_urlsafe(24)
        meta = {"live": {"game": self.game_id, "pin": self.pin}}
        settings = {**self.drill.settings.to_dict(), **self.drill.meta(self.code), **meta}
        round_id = self.store.start_round(
            name,
            KIND,
            settings,
            [i.plan_entry() for i in self.items],
            list(self.drill.settings.banks),
            self._now(),
        )
        player = LivePlayer(name, _hash(token), round_id)
        self.players[key] = player
        self.save()
        return player, token

    def remove(self, name: str) -> LivePlayer | None:
        """The teacher's say: the name leaves the game (their answers so far are kept)."""
        player = self.players.get(name_key(name))
        if player is None or player.removed:
            return None
        player.removed = True
        self.save()
        return player

    def roster(self) -> list[str]:
        return [p.name for p in self.active]

    # ------------------------------------------------------------------ questions
    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def item(self) -> PlayItem:
        return self.items[self.position]

    @property
    def time_limit(self) -> float | None:
        return self.drill.settings.time_limit

    def _now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.clock(), dt.timezone.utc)

    def start(self) -> None:
        if self.phase != LOBBY:
            raise RuntimeError("the game has started already")
        self._open(0)

    def _open(self, position: int) -> None:
        self.position = position
        self.phase = QUESTION
        self.opened_at = self.clock()
        self.paused_at = None
        self.save()

    def elapsed(self) -> float:
        if self.opened_at is None:
            return 0.0
        return max(0.0, (self.paused_at or self.clock()) - self.opened_at)

    def time_left(self) -> float | None:
        if self.time_limit is None or self.phase != QUESTION:
            return None
        return max(0.0, self.time_limit - self.elapsed())

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def pause(self) -> bool:
        """Pause or go on (the clock stops while paused); returns whether paused now."""
        if self.paused_at is None:
            self.paused_at = self.clock()
        else:
            if self.opened_at is not None:
                self.opened_at += self.clock() - self.paused_at
            self.paused_at = None
        return self.paused

    def answered_count(self) -> int:
        return sum(1 for p in self.active if self.position in p.answers and not p.answers[self.position].timed_out)

    def waiting_for(self) -> list[LivePlayer]:
        """Players still expected to answer: in the game, connected, not answered yet."""
        return [p for p in self.active if p.connected and self.position not in p.answers]

    def answer(self, player: LivePlayer, question_no: int, payload: Any) -> AnswerTaken:
        """Grade, score and COMMIT one answer; only then may it be acknowledged.

        The same answer sent again (a client that reconnected before its ack) is taken once."""
        if player.removed:
            raise AnswerRefused("removed", "the teacher has removed you from this game")
        if question_no != self.position + 1 or self.phase != QUESTION:
            if question_no == self.position + 1 and self.position in player.answers:
                return AnswerTaken(question_no, not self.waiting_for())
            raise AnswerRefused("late", "that question has closed")
        if self.position in player.answers:
            return AnswerTaken(question_no, not self.waiting_for())
        if self.paused:
            raise AnswerRefused("paused", "the game is paused; answer when it goes on")
        seconds = self.elapsed()
        if self.time_limit is not None and seconds > self.time_limit:
            raise AnswerRefused("late", "time ran out")
        item = self.item
        try:
            given = answer_from_wire(item.question, item.order, payload)
        except ValueError as exc:
            raise AnswerRefused("bad-answer", f"not an answer to this question: {exc}") from None
        result = grade(item.question, given)
        self._record(player, given, result, seconds, timed_out=False)
        return AnswerTaken(question_no, not self.waiting_for())

    def _record(self, player: LivePlayer, given: Any, result: Grade, seconds: float, timed_out: bool) -> None:
        item = self.item
        points, _, _ = points_for(item, result, player.streak_before(self.position), self.drill.settings, seconds)
        self.store.record_answer(
            player.round_id,
            self.position,
            item.question.id,
            item.bank.id,
            given,
            result.correct,
            result.credit,
            points,
            seconds,
            self._now(),
        )
        player.answers[self.position] = Given(given, result.credit, result.correct, points, seconds, timed_out)

    def should_close(self) -> bool:
        """Time has run out, or every connected player has answered."""
        if self.phase != QUESTION or self.paused:
            return False
        left = self.time_left()
        return (left is not None and left <= 0) or (not self.waiting_for() and self.answered_count() > 0)

    def close_question(self) -> None:
        """Close the question (time, everyone answered, or the teacher skips): whoever has not
        answered is recorded as out of time, then the reveal."""
        if self.phase != QUESTION:
            return
        self.previous_ranks = self.ranks()
        seconds = min(self.elapsed(), self.time_limit or self.elapsed())
        item, now = self.item, self._now()
        late = [p for p in self.active if self.position not in p.answers]
        self.store.record_answers(
            [
                (p.round_id, self.position, item.question.id, item.bank.id, None, False, 0.0, 0, seconds, now)
                for p in late
            ]
        )
        for player in late:
            player.answers[self.position] = Given(None, 0.0, False, 0, seconds, True)
        self.phase = REVEAL
        self.opened_at = self.paused_at = None
        self.save()

    def show_leaderboard(self) -> None:
        if self.phase == REVEAL:
            self.phase = LEADERBOARD
            self.save()

    @property
    def last_question(self) -> bool:
        return self.position + 1 >= self.total

    def next_question(self) -> None:
        if self.phase not in (REVEAL, LEADERBOARD):
            return
        if self.last_question:
            self.finish()
        else:
            self._open(self.position + 1)

    def finish(self) -> None:
        """The end (or the teacher ends early): rounds finished, results files written."""
        if self.phase == QUESTION:
            self.close_question()
        now = self._now()
        for player in self.players.values():
            self.store.finish_round(player.round_id, now)
        self.phase = END
        self.save()
        self.write_results()

    # ------------------------------------------------------------------ standings
    def ranks(self) -> dict[str, int]:
        """name -> rank (ties share a rank), over the players in the game."""
        ordered = sorted(self.active, key=lambda p: (-p.score, p.key))
        ranks: dict[str, int] = {}
        last_score, last_rank = None, 0
        for n, p in enumerate(ordered, 1):
            if p.score != last_score:
                last_score, last_rank = p.score, n
            ranks[p.name] = last_rank
        return ranks

    def standings(self) -> list[msg.Standing]:
        ranks = self.ranks()
        return [
            msg.Standing(
                name=p.name,
                score=p.score,
                rank=ranks[p.name],
                moved=self.previous_ranks.get(p.name, ranks[p.name]) - ranks[p.name],
            )
            for p in sorted(self.active, key=lambda p: (ranks[p.name], p.key))
        ]

    # ------------------------------------------------------------------ what is shown
    def lobby_message(self) -> msg.Lobby:
        roster = self.roster()
        return msg.Lobby(players=roster[-msg.LOBBY_NAMES :], count=len(roster))

    def question_message(self, player: LivePlayer | None = None) -> msg.QuestionOpen:
        item = self.item
        return msg.QuestionOpen(
            no=self.position + 1,
            total=self.total,
            seconds=self.time_left(),
            question=wire_question(item.question, item.order),
            answered=player is not None and self.position in player.answers,
        )

    def distribution(self) -> list[msg.Bar]:
        """How the answers to the current question spread: per option in display order
        (choice, multi, true/false), else right, partly right, wrong. Time-outs not counted."""
        q = self.item.question
        given = [p.answers[self.position] for p in self.active if self.position in p.answers]
        given = [g for g in given if not g.timed_out]
        if isinstance(q, (ChoiceQuestion, MultiQuestion)):
            counts = [0] * len(q.choices)
            for g in given:
                for index in [g.given] if isinstance(q, ChoiceQuestion) else g.given:
                    counts[index] += 1
            return [
                msg.Bar(
                    label=choice_text(q.choices[i]), count=counts[i], correct=getattr(q.choices[i], "correct", False)
                )
                for i in self.item.order
            ]
        if isinstance(q, TrueFalseQuestion):
            return [
                msg.Bar(label=label, count=sum(1 for g in given if g.given is value), correct=q.answer is value)
                for label, value in (("True", True), ("False", False))
            ]
        right = sum(1 for g in given if g.correct)
        partly = sum(1 for g in given if 0 < g.credit < 1)
        return [
            msg.Bar(label="Right", count=right, correct=True),
            msg.Bar(label="Partly right", count=partly, correct=False),
            msg.Bar(label="Wrong", count=len(given) - right - partly, correct=False),
        ]

    def passages(self) -> list[msg.PassageText]:
        return [
            msg.PassageText(
                before=p.before, quote=p.quote, after=p.after, citation=p.cite, paragraph=p.passage.paragraph
            )
            for p in present.quoted_paragraphs(self.item)
        ]

    def reveal_message(
        self, player: LivePlayer | None, shared: dict[str, Any] | None = None, ranks: dict[str, int] | None = None
    ) -> msg.Reveal:
        """What a player sees after a question closes; `shared` (from `reveal_shared`) and
        `ranks` are the same for everyone, so a server computes them once per reveal."""
        shared = shared or self.reveal_shared()
        ranks = ranks if ranks is not None else self.ranks()
        mine = player.answers.get(self.position) if player else None
        if mine is None or mine.timed_out:
            verdict = "Time's up"
        elif mine.correct:
            verdict = "Right"
        else:
            verdict = "Partly right" if mine.credit > 0 else "Wrong"
        return msg.Reveal(
            question_no=self.position + 1,
            answered=mine is not None and not mine.timed_out,
            your_answer=present.given_answer(self.item, mine.given) if mine and not mine.timed_out else None,
            verdict=verdict,
            credit=mine.credit if mine else 0.0,
            points=mine.points if mine else 0,
            score=player.score if player else 0,
            rank=ranks.get(player.name, 0) if player else 0,
            **shared,
        )

    def reveal_shared(self) -> dict[str, Any]:
        return {
            "right_answer": present.right_answer(self.item),
            "explanation": self.item.question.explanation,
            "passages": self.passages(),
            "distribution": self.distribution(),
        }

    def leaderboard_message(self, player: LivePlayer | None = None) -> msg.Leaderboard:
        standings = self.standings()
        movers = sorted((s for s in standings if s.moved > 0), key=lambda s: -s.moved)[:3]
        you = next((s for s in standings if player and s.name == player.name), None)
        return msg.Leaderboard(top=standings[:5], movers=movers, you=you)

    def end_message(self, player: LivePlayer | None = None) -> msg.End:
        standings = self.standings()
        you = next((s for s in standings if player and s.name == player.name), None)
        return msg.End(podium=[s for s in standings if s.rank <= 3], you=you)

    # ------------------------------------------------------------------ results
    def results(self) -> list[tuple[str, Any]]:
        """Each player's results, as a drill's (quiz.play.drill.results.Results)."""
        from quiz.play.drill.results import results_from_record

        return [
            (p.name, results_from_record(self.store.round(p.round_id), self.library, self.drill, self.code, 1))
            for p in self.players.values()
            if p.answers
        ]

    def results_files(self, player: LivePlayer) -> ResultsFiles:
        from quiz.play.drill.results import ResultsFiles

        stem = f"live-{self.game_id}-" + (re.sub(r"[^\w.-]+", "-", player.name).strip("-.") or "student")
        base = (self.results_dir or Path(".")) / stem
        return ResultsFiles(Path(f"{base}.json"), Path(f"{base}.csv"), self.drill.fingerprint, player.name)

    def write_results(self) -> list[Path]:
        """A results file per student (JSON and CSV, as a drill's), for `quiz report`.

        The store is what counts; a file that can't be written is said in `results_problem`."""
        from quiz.play.drill.results import ResultsFileError

        written = []
        by_name = {p.name: p for p in self.players.values()}
        try:
            if self.results_dir is not None:
                self.results_dir.mkdir(parents=True, exist_ok=True)
            for name, results in self.results():
                files = self.results_files(by_name[name])
                files.write(results)
                written.append(files.json_path)
            self.results_problem = None
        except (OSError, ResultsFileError) as exc:
            self.results_problem = str(exc)
        return written

    def report(self) -> ClassReport | None:
        """The class report of this game (the drills' report), or None before any answer."""
        from quiz.reports import class_report

        found = self.results()
        return class_report.build(found) if found else None
