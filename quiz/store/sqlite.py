"""SQLite storage: players, rounds and every answer, committed as it is given, and each
player's review cards, updated in the same transaction as the answer that moves them.

WAL with synchronous=FULL, so an answer that has been committed survives a crash, a
`kill -9` or a power cut; write transactions begin IMMEDIATE (a deferred one that reads
then writes can fail at once in WAL mode with SQLITE_BUSY_SNAPSHOT). The file is marked as
ours with `application_id` and versioned with `user_version`; a file that is not a quiz
database, or is from a newer quiz, is refused untouched with a message that says what to do.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import msgspec

from quiz.core.scheduling import CardRecord, replay
from quiz.store.interface import (
    ANSWERED_ELSEWHERE,
    AnsweredElsewhere,
    AnswerRecord,
    CopiedAnswer,
    CopiedRound,
    HistoryCounts,
    ReviewRecord,
    RoundRecord,
    Scheduled,
    StoreError,
)

__all__ = [
    "AnswerRecord",
    "AnsweredElsewhere",
    "ReviewRecord",
    "RoundRecord",
    "Scheduled",
    "Store",
    "StoreError",
    "SQLiteStore",
]

APPLICATION_ID = 0x51554A5A  # "QUJZ"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def default_db_path() -> Path:
    override = os.environ.get("QUIZ_DB")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("quiz")) / "quiz.db"


def _run(con: sqlite3.Connection, script: str) -> None:
    # One statement at a time: executescript() would COMMIT the migration's transaction.
    for statement in script.split(";"):
        if statement.strip():
            con.execute(statement)


def _v1(con: sqlite3.Connection) -> None:
    _run(
        con,
        """
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE players (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL
        );
        CREATE TABLE rounds (
            id INTEGER PRIMARY KEY,
            player_id INTEGER NOT NULL REFERENCES players(id),
            kind TEXT NOT NULL,
            started TEXT NOT NULL,
            finished TEXT,
            abandoned INTEGER NOT NULL DEFAULT 0,
            settings TEXT NOT NULL,
            plan TEXT NOT NULL,
            banks TEXT NOT NULL
        );
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            round_id INTEGER NOT NULL REFERENCES rounds(id),
            position INTEGER NOT NULL,
            question_id TEXT NOT NULL,
            bank_id TEXT NOT NULL,
            given TEXT NOT NULL,
            correct INTEGER NOT NULL,
            credit REAL NOT NULL,
            points INTEGER NOT NULL,
            seconds REAL NOT NULL,
            answered_at TEXT NOT NULL,
            UNIQUE (round_id, position)
        );
        CREATE INDEX answers_by_question ON answers(question_id);
        CREATE INDEX rounds_by_player ON rounds(player_id, started);
    """,
    )


def _v2_shown(con: sqlite3.Connection) -> None:
    """When each question of a timed round was first shown, so a timer survives quitting and
    resuming (a student can't get a fresh clock by closing the terminal)."""
    _run(
        con,
        """
        CREATE TABLE shown (
            round_id INTEGER NOT NULL REFERENCES rounds(id),
            position INTEGER NOT NULL,
            shown_at TEXT NOT NULL,
            PRIMARY KEY (round_id, position)
        )
    """,
    )


def _add_review_cards(con: sqlite3.Connection) -> None:
    """Spaced review: a card per player and question, and a log of every rating.

    The card's columns are the `fsrs` Card's fields; `misses` and `right_streak` keep the
    leech rule cheap to read. Answers given before this version are replayed into cards
    (see quiz.core.scheduling.replay), so review knows what was missed from the first day."""
    _run(
        con,
        """
        CREATE TABLE review_cards (
            player_id INTEGER NOT NULL REFERENCES players(id),
            question_id TEXT NOT NULL,
            state INTEGER NOT NULL,
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due TEXT NOT NULL,
            last_review TEXT,
            reviews INTEGER NOT NULL,
            misses INTEGER NOT NULL,
            right_streak INTEGER NOT NULL,
            PRIMARY KEY (player_id, question_id)
        );
        CREATE TABLE review_log (
            id INTEGER PRIMARY KEY,
            answer_id INTEGER NOT NULL UNIQUE REFERENCES answers(id),
            player_id INTEGER NOT NULL REFERENCES players(id),
            question_id TEXT NOT NULL,
            rating INTEGER NOT NULL,
            state_before INTEGER NOT NULL,
            reviewed_at TEXT NOT NULL,
            due TEXT NOT NULL
        );
        CREATE INDEX review_log_by_player ON review_log(player_id, reviewed_at)
    """,
    )
    rows = con.execute(
        "SELECT a.id, r.player_id, a.question_id, a.correct, a.seconds, a.answered_at FROM answers a "
        "JOIN rounds r ON r.id = a.round_id ORDER BY r.player_id, a.answered_at, a.id"
    ).fetchall()
    if not rows:
        return
    cards: dict[tuple[int, str], CardRecord] = {}
    for answer_id, player_id, question_id, correct, seconds, answered_at in rows:
        before = cards.get((player_id, question_id))
        scheduled = replay(before, question_id, bool(correct), seconds, _when(answered_at))
        cards[(player_id, question_id)] = scheduled.card
        _log_review(con, answer_id, player_id, before, scheduled.card, scheduled.rating)
    for (player_id, _), card in cards.items():
        _put_card(con, player_id, card)


# Each step takes the schema from version N to N+1; a later feature adds one function.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2_shown, _add_review_cards]
SCHEMA_VERSION = len(MIGRATIONS)


def _iso(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).isoformat()


def _moment(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


class SQLiteStore:
    def __init__(self, path: Path, con: sqlite3.Connection):
        self.path = path
        self.con = con

    @property
    def location(self) -> str:
        return str(self.path)

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: Path | str | None = None) -> SQLiteStore:
        path = Path(path) if path is not None else default_db_path()
        _refuse_foreign(path)
        if _has_log(path):
            # A write-ahead log left beside the file: another quiz has it open, or one was
            # killed (a crash, a power cut). Check the file before anything more is written to
            # it, through a read-only connection: closing it can't fold the log into a damaged file.
            _check_read_only(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"{path}: cannot open the database ({exc}); check the folder exists and "
                "is writable, or pick another file with --db"
            ) from None
        store = cls(path, con)
        # Switching a new file to WAL needs every other connection out of the way, and
        # SQLite answers "busy" at once (no busy handler) where waiting could deadlock: a
        # class opening one new database together retries the check, within the timeout.
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                store._check_and_migrate()
                return store
            except sqlite3.OperationalError as exc:
                if _is_busy(exc) and time.monotonic() < deadline:
                    time.sleep(0.01)
                    continue
                con.close()
                raise StoreError(_explain(path, exc)) from None
            except sqlite3.DatabaseError as exc:
                con.close()
                raise StoreError(_explain(path, exc)) from None
            except StoreError:
                con.close()
                raise

    def _check_and_migrate(self) -> None:
        con = self.con
        # One statement, so one snapshot: read apart, another process's migration could land
        # between them and make a new quiz database look like another program's.
        app_id, version, tables = con.execute(
            "SELECT (SELECT application_id FROM pragma_application_id), "
            "(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)"
        ).fetchone()
        if app_id != APPLICATION_ID and (app_id != 0 or tables or version):
            raise StoreError(
                f"{self.path} is an SQLite database of another program, not a quiz "
                "database; it was left untouched. Pick another file with --db."
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was made by a newer quiz (schema {version}, this quiz knows "
                f"{SCHEMA_VERSION}); it was left untouched. Upgrade quiz, or use --db to pick another file."
            )
        con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        con.execute("PRAGMA foreign_keys = ON")
        if version < SCHEMA_VERSION:
            self._migrate(version)
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = FULL")

    def _migrate(self, version: int) -> None:
        """Every step to the current version in ONE transaction: all or nothing."""
        with self._write() as con:
            # Another process may have migrated the file while this one waited for the lock
            # (two students starting at once on a new database): read it again, inside.
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version >= SCHEMA_VERSION:
                return
            if version == 0:
                con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            for step in MIGRATIONS[version:]:
                step(con)
            con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        try:
            self.con.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(_explain(self.path, exc)) from None
        try:
            yield self.con
            self.con.execute("COMMIT")
        except BaseException as exc:
            if self.con.in_transaction:
                self.con.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error) and not isinstance(exc, sqlite3.IntegrityError):
                raise StoreError(_explain(self.path, exc)) from None
            raise

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.con.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(_explain(self.path, exc)) from None

    # ------------------------------------------------------------------ players and settings
    def ensure_player(self, name: str) -> None:
        from quiz.core.safe_text import name_problem

        problem = name_problem(name)
        if problem:
            raise StoreError(problem)
        with self._write() as con:
            con.execute(
                "INSERT OR IGNORE INTO players(name, created) VALUES (?, ?)",
                (name, _iso(dt.datetime.now(dt.timezone.utc))),
            )

    def players(self) -> list[str]:
        return [r[0] for r in self._read("SELECT name FROM players ORDER BY name COLLATE NOCASE")]

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        rows = self._read("SELECT value FROM settings WHERE key = ?", (key,))
        return rows[0][0] if rows else default

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as con:
            con.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # ------------------------------------------------------------------ rounds and answers
    def start_round(
        self, player: str, kind: str, settings: dict[str, Any], plan: list[Any], banks: list[str], started: dt.datetime
    ) -> int:
        with self._write() as con:
            con.execute("INSERT OR IGNORE INTO players(name, created) VALUES (?, ?)", (player, _iso(started)))
            cur = con.execute(
                "INSERT INTO rounds(player_id, kind, started, settings, plan, banks) "
                "VALUES ((SELECT id FROM players WHERE name = ?), ?, ?, ?, ?, ?)",
                (player, kind, _iso(started), json.dumps(settings), json.dumps(plan), json.dumps(banks)),
            )
            assert cur.lastrowid is not None
            return cur.lastrowid

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
    ) -> Scheduled | None:
        """Committed (to disk, synchronous=FULL) before it returns.

        With `schedule`, the player's card for the question is updated in the SAME
        transaction: `schedule` gets the card as it stands (None if there is none yet)
        and returns the new card and its rating; the answer, the card and the log line
        are committed together or not at all.

        The very same answer again (same question, place and moment: a retry) is found saved
        and nothing is written; AnsweredElsewhere when another answer already stands in its
        place: the same round is being played in another window or terminal."""
        with self._write() as con:
            try:
                cur = con.execute(
                    "INSERT INTO answers(round_id, position, question_id, bank_id, given, correct, credit, "
                    "points, seconds, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        round_id,
                        position,
                        question_id,
                        bank_id,
                        json.dumps(given, ensure_ascii=False),
                        int(correct),
                        float(credit),
                        int(points),
                        float(seconds),
                        _iso(answered_at),
                    ),
                )
            except sqlite3.IntegrityError as exc:
                if "UNIQUE" not in str(exc):
                    raise StoreError(f"{self.path}: no round {round_id} to answer in") from None
                return self._already_saved(con, round_id, position, question_id, answered_at, schedule)
            if schedule is None:
                return None
            player_id = con.execute("SELECT player_id FROM rounds WHERE id = ?", (round_id,)).fetchone()[0]
            before = _get_card(con, player_id, question_id)
            scheduled = schedule(before)
            _put_card(con, player_id, scheduled.card)
            _log_review(con, cur.lastrowid or 0, player_id, before, scheduled.card, scheduled.rating)
            return scheduled

    def record_answers(
        self, answers: list[tuple[int, int, str, str, Any, bool, float, int, float, dt.datetime]]
    ) -> None:
        """Many answers (round, position, question, bank, given, correct, credit, points,
        seconds, answered at) committed in ONE transaction, all or none: a live game closing a
        question records everyone who ran out of time at once, not one disk sync each."""
        with self._write() as con:
            con.executemany(
                "INSERT INTO answers(round_id, position, question_id, bank_id, given, correct, credit, "
                "points, seconds, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (r, p, q, b, json.dumps(g, ensure_ascii=False), int(c), float(cr), int(pts), float(sec), _iso(at))
                    for r, p, q, b, g, c, cr, pts, sec, at in answers
                ],
            )

    def _already_saved(
        self,
        con: sqlite3.Connection,
        round_id: int,
        position: int,
        question_id: str,
        answered_at: dt.datetime,
        schedule: Callable[[CardRecord | None], Scheduled] | None,
    ) -> Scheduled | None:
        """The very same answer again (same question, place and moment) is a retry: it is
        saved already, and nothing is written. A different one in its place is refused."""
        saved = con.execute(
            "SELECT a.question_id, a.answered_at, l.rating, r.player_id FROM answers a "
            "JOIN rounds r ON r.id = a.round_id LEFT JOIN review_log l ON l.answer_id = a.id "
            "WHERE a.round_id = ? AND a.position = ?",
            (round_id, position),
        ).fetchone()
        if saved is None or (saved[0], _when(saved[1])) != (question_id, _when(_iso(answered_at))):
            raise AnsweredElsewhere(ANSWERED_ELSEWHERE)
        card = _get_card(con, saved[3], question_id)
        if schedule is None or card is None or saved[2] is None:
            return None
        return _Stored(card, saved[2])

    def finish_round(self, round_id: int, finished: dt.datetime) -> None:
        with self._write() as con:
            con.execute("UPDATE rounds SET finished = ? WHERE id = ?", (_iso(finished), round_id))

    def abandon_round(self, round_id: int) -> None:
        with self._write() as con:
            con.execute("UPDATE rounds SET abandoned = 1 WHERE id = ?", (round_id,))

    _ROUND_SQL = (
        "SELECT r.id, p.name, r.kind, r.started, r.finished, r.settings, r.plan, r.banks "
        "FROM rounds r JOIN players p ON p.id = r.player_id"
    )
    _ANSWER_SQL = (
        "SELECT a.round_id, a.position, p.name, a.question_id, a.bank_id, a.given, a.correct, "
        "a.credit, a.points, a.seconds, a.answered_at, r.kind FROM answers a "
        "JOIN rounds r ON r.id = a.round_id JOIN players p ON p.id = r.player_id"
    )

    def _rounds(self, where: str, params: tuple[Any, ...]) -> list[RoundRecord]:
        rows = self._read(f"{self._ROUND_SQL} {where}", params)
        if not rows:
            return []
        ids = [r[0] for r in rows]
        marks = ",".join("?" * len(ids))
        answers: dict[int, list[AnswerRecord]] = {i: [] for i in ids}
        for a in self._answers(f"WHERE a.round_id IN ({marks}) ORDER BY a.round_id, a.position", tuple(ids)):
            answers[a.round_id].append(a)
        return [
            RoundRecord(
                r[0],
                r[1],
                r[2],
                _when(r[3]),
                _moment(r[4]),
                json.loads(r[5]),
                json.loads(r[6]),
                json.loads(r[7]),
                answers[r[0]],
            )
            for r in rows
        ]

    def _answers(self, where: str, params: tuple[Any, ...]) -> list[AnswerRecord]:
        return [
            AnswerRecord(
                r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), bool(r[6]), r[7], r[8], r[9], _when(r[10]), r[11]
            )
            for r in self._read(f"{self._ANSWER_SQL} {where}", params)
        ]

    def round(self, round_id: int) -> RoundRecord:
        found = self._rounds("WHERE r.id = ?", (round_id,))
        if not found:
            raise StoreError(f"{self.path}: no round {round_id}")
        return found[0]

    def unfinished_round(self, player: str, kind: str = "play") -> RoundRecord | None:
        found = self._rounds(
            "WHERE p.name = ? AND r.kind = ? AND r.finished IS NULL AND r.abandoned = 0 ORDER BY r.id DESC LIMIT 1",
            (player, kind),
        )
        return found[0] if found else None

    def rounds_of_kind(self, kind: str, player: str | None = None) -> list[RoundRecord]:
        """Every round of a kind (e.g. "drill"), oldest first; of one player when named."""
        if player is None:
            return self._rounds("WHERE r.kind = ? ORDER BY r.id", (kind,))
        return self._rounds("WHERE r.kind = ? AND p.name = ? ORDER BY r.id", (kind, player))

    def mark_shown(self, round_id: int, position: int, at: dt.datetime) -> dt.datetime:
        """Record when a question was first shown (later showings keep the first time); returns it."""
        with self._write() as con:
            con.execute(
                "INSERT OR IGNORE INTO shown(round_id, position, shown_at) VALUES (?, ?, ?)",
                (round_id, position, _iso(at)),
            )
            row = con.execute(
                "SELECT shown_at FROM shown WHERE round_id = ? AND position = ?", (round_id, position)
            ).fetchone()
        return _when(row[0])

    def rounds(self, player: str | None = None, limit: int = 20) -> list[RoundRecord]:
        if player is None:
            return self._rounds("ORDER BY r.id DESC LIMIT ?", (limit,))
        return self._rounds("WHERE p.name = ? ORDER BY r.id DESC LIMIT ?", (player, limit))

    def best_score(self, player: str, banks: list[str], among_latest: int = 1000) -> int | None:
        """The best score of the player's finished rounds over exactly these banks, among
        their latest rounds (None: no such round). Summed in SQL: a returning player's
        history is never decoded just to find one number."""
        rows = self._read(
            "SELECT banks, total FROM (SELECT r.banks, r.finished, "
            "(SELECT coalesce(sum(a.points), 0) FROM answers a WHERE a.round_id = r.id) AS total "
            "FROM rounds r JOIN players p ON p.id = r.player_id WHERE p.name = ? "
            "ORDER BY r.id DESC LIMIT ?) WHERE finished IS NOT NULL",
            (player, among_latest),
        )
        return max((total for text, total in rows if json.loads(text) == banks), default=None)

    def answers(self, player: str | None = None) -> list[AnswerRecord]:
        if player is None:
            return self._answers("ORDER BY a.answered_at, a.id", ())
        return self._answers("WHERE p.name = ? ORDER BY a.answered_at, a.id", (player,))

    def best_by_bank(self, player: str) -> dict[str, tuple[int, float]]:
        """bank -> (best points from that bank in one finished round, accuracy over all answers)."""
        best = dict(
            self._read(
                "SELECT bank_id, max(total) FROM (SELECT a.bank_id, sum(a.points) AS total FROM answers a "
                "JOIN rounds r ON r.id = a.round_id JOIN players p ON p.id = r.player_id "
                "WHERE p.name = ? AND r.finished IS NOT NULL GROUP BY a.round_id, a.bank_id) GROUP BY bank_id",
                (player,),
            )
        )
        accuracy = dict(
            self._read(
                "SELECT a.bank_id, avg(a.correct) FROM answers a JOIN rounds r ON r.id = a.round_id "
                "JOIN players p ON p.id = r.player_id WHERE p.name = ? GROUP BY a.bank_id",
                (player,),
            )
        )
        return {bank: (int(best.get(bank) or 0), float(acc)) for bank, acc in accuracy.items() if bank in best}

    # ------------------------------------------------------------------ review cards
    def card(self, player: str, question_id: str) -> CardRecord | None:
        rows = self._read(f"{_CARD_SQL} WHERE p.name = ? AND c.question_id = ?", (player, question_id))
        return _card(rows[0]) if rows else None

    def cards(self, player: str) -> list[CardRecord]:
        return [_card(r) for r in self._read(f"{_CARD_SQL} WHERE p.name = ? ORDER BY c.due", (player,))]

    def review_log(self, player: str) -> list[ReviewRecord]:
        return [
            ReviewRecord(r[0], r[1], r[2], _when(r[3]), _when(r[4]))
            for r in self._read(
                "SELECT l.question_id, l.rating, l.state_before, l.reviewed_at, l.due FROM review_log l "
                "JOIN players p ON p.id = l.player_id WHERE p.name = ? ORDER BY l.reviewed_at, l.id",
                (player,),
            )
        ]

    # ------------------------------------------------------------------ whole histories (quiz db copy)
    def history(self) -> Iterator[CopiedRound]:
        rounds = self._read(
            "SELECT r.id, p.name, p.created, r.kind, r.started, r.finished, r.abandoned, r.settings, r.plan, "
            "r.banks FROM rounds r JOIN players p ON p.id = r.player_id ORDER BY r.id"
        )
        for batch_start in range(0, len(rounds), 500):
            batch = rounds[batch_start : batch_start + 500]
            ids = tuple(r[0] for r in batch)
            marks = ",".join("?" * len(ids))
            answers: dict[int, list[CopiedAnswer]] = {i: [] for i in ids}
            for a in self._read(
                "SELECT a.round_id, a.position, a.question_id, a.bank_id, a.given, a.correct, a.credit, a.points, "
                "a.seconds, a.answered_at, l.rating, l.state_before, l.reviewed_at, l.due FROM answers a "
                f"LEFT JOIN review_log l ON l.answer_id = a.id WHERE a.round_id IN ({marks}) "
                "ORDER BY a.round_id, a.position",
                ids,
            ):
                review = None
                if a[10] is not None:
                    review = ReviewRecord(a[2], a[10], a[11], _when(a[12]), _when(a[13]))
                answers[a[0]].append(
                    CopiedAnswer(a[1], a[2], a[3], json.loads(a[4]), bool(a[5]), a[6], a[7], a[8], _when(a[9]), review)
                )
            shown: dict[int, list[tuple[int, dt.datetime]]] = {i: [] for i in ids}
            for rid, position, at in self._read(
                f"SELECT round_id, position, shown_at FROM shown WHERE round_id IN ({marks}) ORDER BY position", ids
            ):
                shown[rid].append((position, _when(at)))
            for r in batch:
                yield CopiedRound(
                    r[1],
                    _when(r[2]),
                    r[3],
                    _when(r[4]),
                    _moment(r[5]),
                    bool(r[6]),
                    json.loads(r[7]),
                    json.loads(r[8]),
                    json.loads(r[9]),
                    answers[r[0]],
                    shown[r[0]],
                )

    def all_cards(self) -> Iterator[tuple[str, CardRecord]]:
        for row in self._read(f"SELECT p.name, {_CARD_COLUMNS} {_CARD_FROM} ORDER BY p.name, c.question_id"):
            yield row[0], _card(row[1:])

    def counts(self) -> HistoryCounts:
        row = self._read(
            "SELECT (SELECT count(*) FROM players), (SELECT count(*) FROM rounds), (SELECT count(*) FROM answers), "
            "(SELECT count(*) FROM review_log), (SELECT count(*) FROM review_cards)"
        )[0]
        return HistoryCounts(*row)

    def add_rounds(self, rounds: list[CopiedRound]) -> HistoryCounts:
        with self._write() as con:
            added = HistoryCounts()
            for copied in rounds:
                added += _add_round(con, copied)
            return added

    def merge_cards(self, cards: list[tuple[str, CardRecord]]) -> int:
        with self._write() as con:
            written = 0
            for player, card in cards:
                con.execute("INSERT OR IGNORE INTO players(name, created) VALUES (?, ?)", (player, _iso(card.due)))
                player_id = con.execute("SELECT id FROM players WHERE name = ?", (player,)).fetchone()[0]
                here = _get_card(con, player_id, card.question_id)
                if here is None or _reviewed(here) < _reviewed(card):
                    _put_card(con, player_id, card)
                    written += 1
            return written

    def check_integrity(self) -> None:
        """SQLite's quick check of every page and index; StoreError saying what it found."""
        _quick_check(self.path, self.con)

    def backup(self, dest: Path) -> None:
        """A consistent copy of the live database (SQLite's backup API, never a file copy),
        made only of a database that passes the quick check: a copy of damage is no backup."""
        self.check_integrity()
        try:
            with sqlite3.connect(dest) as target:
                self.con.backup(target)
            target.close()
        except sqlite3.Error as exc:
            raise StoreError(_explain(Path(dest), exc)) from None


_CARD_COLUMNS = (
    "c.question_id, c.state, c.step, c.stability, c.difficulty, c.due, c.last_review, "
    "c.reviews, c.misses, c.right_streak"
)
_CARD_FROM = "FROM review_cards c JOIN players p ON p.id = c.player_id"
_CARD_SQL = f"SELECT {_CARD_COLUMNS} {_CARD_FROM}"


class _Stored(msgspec.Struct):
    """What record_answer returns for an answer already saved: its card and rating."""

    card: CardRecord
    rating: int


# The name the layers above have always imported: the SQLite store.
Store = SQLiteStore


def _add_round(con: sqlite3.Connection, copied: CopiedRound) -> HistoryCounts:
    player, kind, started = copied.key
    con.execute("INSERT OR IGNORE INTO players(name, created) VALUES (?, ?)", (player, _iso(copied.player_created)))
    player_id = con.execute("SELECT id FROM players WHERE name = ?", (player,)).fetchone()[0]
    found = con.execute(
        "SELECT id FROM rounds WHERE player_id = ? AND kind = ? AND started = ?",
        (player_id, kind, _iso(started)),
    ).fetchone()
    if found:
        round_id = found[0]
        con.execute(
            "UPDATE rounds SET finished = coalesce(finished, ?), abandoned = max(abandoned, ?) WHERE id = ?",
            (_iso(copied.finished) if copied.finished else None, int(copied.abandoned), round_id),
        )
    else:
        round_id = con.execute(
            "INSERT INTO rounds(player_id, kind, started, finished, abandoned, settings, plan, banks) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                player_id,
                kind,
                _iso(started),
                _iso(copied.finished) if copied.finished else None,
                int(copied.abandoned),
                json.dumps(copied.settings),
                json.dumps(copied.plan),
                json.dumps(copied.banks),
            ),
        ).lastrowid
    here = {r[0] for r in con.execute("SELECT position FROM answers WHERE round_id = ?", (round_id,))}
    answers = logs = 0
    for a in copied.answers:
        if a.position in here:
            continue
        answer_id = con.execute(
            "INSERT INTO answers(round_id, position, question_id, bank_id, given, correct, credit, "
            "points, seconds, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                round_id,
                a.position,
                a.question_id,
                a.bank_id,
                json.dumps(a.given, ensure_ascii=False),
                int(a.correct),
                a.credit,
                a.points,
                a.seconds,
                _iso(a.answered_at),
            ),
        ).lastrowid
        answers += 1
        if a.review is not None:
            r = a.review
            con.execute(
                "INSERT INTO review_log(answer_id, player_id, question_id, rating, state_before, "
                "reviewed_at, due) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    answer_id,
                    player_id,
                    r.question_id,
                    r.rating,
                    r.state_before,
                    _iso(r.reviewed_at),
                    _iso(r.due),
                ),
            )
            logs += 1
    con.executemany(
        "INSERT OR IGNORE INTO shown(round_id, position, shown_at) VALUES (?, ?, ?)",
        [(round_id, position, _iso(at)) for position, at in copied.shown],
    )
    return HistoryCounts(rounds=0 if found else 1, answers=answers, review_log=logs)


def _reviewed(card: CardRecord) -> tuple[dt.datetime, int]:
    """How far along a card is, to keep the later of two copies."""
    epoch = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    return (card.last_review or epoch, card.reviews)


def _when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _card(row: tuple[Any, ...]) -> CardRecord:
    return CardRecord(row[0], row[1], row[2], row[3], row[4], _when(row[5]), _moment(row[6]), row[7], row[8], row[9])


def _get_card(con: sqlite3.Connection, player_id: int, question_id: str) -> CardRecord | None:
    row = con.execute(f"{_CARD_SQL} WHERE c.player_id = ? AND c.question_id = ?", (player_id, question_id)).fetchone()
    return _card(row) if row else None


def _put_card(con: sqlite3.Connection, player_id: int, card: CardRecord) -> None:
    con.execute(
        "INSERT OR REPLACE INTO review_cards(player_id, question_id, state, step, stability, difficulty, "
        "due, last_review, reviews, misses, right_streak) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            player_id,
            card.question_id,
            card.state,
            card.step,
            card.stability,
            card.difficulty,
            _iso(card.due),
            _iso(card.last_review) if card.last_review else None,
            card.reviews,
            card.misses,
            card.right_streak,
        ),
    )


def _log_review(
    con: sqlite3.Connection, answer_id: int, player_id: int, before: CardRecord | None, after: CardRecord, rating: int
) -> None:
    con.execute(
        "INSERT INTO review_log(answer_id, player_id, question_id, rating, state_before, reviewed_at, due) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            answer_id,
            player_id,
            after.question_id,
            rating,
            before.state if before else 0,
            _iso(after.last_review or after.due),
            _iso(after.due),
        ),
    )


def _refuse_foreign(path: Path) -> None:
    """Never connect to (and so never risk changing) a file that isn't an SQLite database."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise StoreError(f"{path} is a folder; give --db the path of a file") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read ({exc.strerror}); check its permissions") from None
    if header and header != SQLITE_HEADER:
        raise StoreError(
            f"{path} is not a quiz database (it is not an SQLite file); it was left "
            "untouched. Pick another file with --db, or move this one away."
        )


def _is_busy(exc: sqlite3.Error) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _quick_check(path: Path, con: sqlite3.Connection) -> None:
    try:
        found = [str(row[0]) for row in con.execute("PRAGMA quick_check(5)").fetchall()]
    except sqlite3.DatabaseError as exc:
        if _is_busy(exc):
            return  # another quiz is writing: it has the file open, so it was no crash
        found = [str(exc)]
    if found != ["ok"]:
        raise StoreError(
            f"{path} is damaged ({'; '.join(found)}); it was left as it is and nothing more is "
            f"written to it. Restore a backup, or save what can be read with "
            f"'sqlite3 {path} .recover | sqlite3 recovered.db' and use --db recovered.db"
        )


def _check_read_only(path: Path) -> None:
    try:
        con = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error:
        return  # the ordinary opening says what is wrong
    try:
        _quick_check(path, con)
    finally:
        con.close()


def _has_log(path: Path) -> bool:
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def _explain(path: Path, exc: sqlite3.Error) -> str:
    text = str(exc)
    if "full" in text:
        return f"{path}: the disk is full, so this was not saved; free some space and try again"
    if "readonly" in text or "read-only" in text:
        return f"{path}: the database is read-only; make it writable or pick another file with --db"
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return (
            f"{path} is damaged or not a quiz database ({text}); it was left untouched. "
            "Restore a backup, or pick another file with --db."
        )
    if _is_busy(exc):
        return f"{path}: the database is busy (another quiz is writing); try again"
    return f"{path}: database error: {text}"
