"""Storage under faults: a crash, a kill, a full disk, a foreign or damaged file, two writers,
a dropped connection. Never an answer lost, never a foreign database changed, always a clear
message. The tests that take `db` run on both back ends: an SQLite file and a PostgreSQL
database on a throwaway server (tests/pg.py)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from testdata import DATA, ROOT, answer_then_kill, run_quiz

from quiz.store import open_store
from quiz.store import postgres as pg_store
from quiz.store import sqlite as sqlite_store
from quiz.store.interface import AnsweredElsewhere
from quiz.store.interface import Store as StoreInterface
from quiz.store.sqlite import SCHEMA_VERSION, Store, StoreError

NOW = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.timezone.utc)


def answer(store: StoreInterface, round_id: int, position: int, correct: bool = True) -> None:
    store.record_answer(
        round_id,
        position,
        f"q{position}",
        "bank",
        {"choice": position},
        correct,
        1.0 if correct else 0.0,
        100 if correct else 0,
        2.5,
        NOW,
    )


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_round_trip(db):
    with open_store(db) as store:
        rid = store.start_round("ana", "play", {"seed": 1}, [{"question": "q0"}], ["bank"], NOW)
        answer(store, rid, 0)
        answer(store, rid, 1, correct=False)
        assert store.unfinished_round("ana").id == rid
        store.finish_round(rid, NOW)
        assert store.unfinished_round("ana") is None
        (r,) = store.rounds("ana")
        assert (r.score, r.correct_count, r.settings) == (100, 1, {"seed": 1})
        assert [a.given for a in store.answers("ana")] == [{"choice": 0}, {"choice": 1}]
        assert store.best_by_bank("ana") == {"bank": (100, 0.5)}
        with pytest.raises(AnsweredElsewhere):  # another answer in the same place is refused
            store.record_answer(rid, 1, "q1", "bank", 2, True, 1.0, 100, 2.5, NOW + dt.timedelta(seconds=1))
        assert [a.correct for a in store.answers("ana")] == [True, False]  # the first one stands


def test_best_score_counts_finished_rounds_over_the_same_banks(db):
    with open_store(db) as store:
        assert store.best_score("ana", ["a"]) is None  # no rounds yet
        for banks, points, finished in (
            (["a"], [100, 0], True),
            (["a"], [100, 100, 100], True),
            (["a", "b"], [100] * 5, True),
            (["a"], [100] * 9, False),
        ):
            rid = store.start_round("ana", "play", {}, [], banks, NOW)
            for position, p in enumerate(points):
                answer(store, rid, position, correct=bool(p))
            if finished:
                store.finish_round(rid, NOW)
        # the unfinished 900 and the other bank set's 500 don't count; the best of the rest does
        assert store.best_score("ana", ["a"]) == 300
        assert store.best_score("ana", ["a", "b"]) == 500
        assert store.best_score("bo", ["a"]) is None
        # the same answer as decoding every round would give
        assert store.best_score("ana", ["a"]) == max(
            r.score for r in store.rounds("ana", limit=1000) if r.finished and r.banks == ["a"]
        )


def test_sigkill_mid_round_keeps_every_answer(db):
    """A real player (the plain front end) answering; killed with SIGKILL after 3 answers."""
    answer_then_kill(
        [
            "play",
            "--plain",
            "--from",
            str(DATA / "kinds"),
            "--bank",
            "kinds",
            "--db",
            str(db),
            "--player",
            "ana",
            "--seed",
            "3",
            "--all",
        ],
        answered_marker="Your answer:",
    )
    with open_store(db) as store:
        saved = store.answers("ana")
        assert len(saved) >= 3
        resumable = store.unfinished_round("ana")
        assert resumable is not None and len(resumable.answers) == len(saved)
    # and the round carries on where it stopped
    result = run_quiz(
        "play", "--plain", "--resume", "--from", str(DATA / "kinds"), "--db", str(db), "--player", "ana", stdin=""
    )
    assert result.returncode == 0
    assert f"Question {len(saved) + 1} of 7" in result.stdout


FOREIGN = {
    "text": lambda p: p.write_text("my shopping list\neggs\n"),
    "random bytes": lambda p: p.write_bytes(os.urandom(4096)),
    "another program's SQLite": lambda p: sqlite3.connect(p).executescript(
        "CREATE TABLE notes(x); INSERT INTO notes VALUES ('keep me');"
    ),
}


@pytest.mark.parametrize("kind", sorted(FOREIGN))
def test_foreign_files_are_refused_untouched(tmp_path, kind):
    path = tmp_path / "q.db"
    FOREIGN[kind](path)
    before = snapshot(path)
    with pytest.raises(StoreError, match="not a quiz database|another program"):
        Store.open(path)
    assert snapshot(path) == before
    result = run_quiz("history", "--db", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert str(path) in result.stderr and "--db" in result.stderr
    assert snapshot(path) == before


def make_quiz_db(path, answers: int = 3) -> None:  # a path or a URL
    with open_store(path) as store:
        rid = store.start_round("ana", "play", {}, [], ["bank"], NOW)
        for i in range(answers):
            answer(store, rid, i)


def fingerprint(db) -> object:
    """Everything a test can see of a database, to show it was not changed."""
    if isinstance(db, Path):
        return snapshot(db)
    import psycopg

    with psycopg.connect(db, autocommit=True) as con:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
            )
        ]
        contents = {
            t: con.execute(
                f"SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM \"{t}\" t"
            ).fetchone()
            for t in tables
        }
        return tables, contents


def set_schema_version(db, version: int) -> None:
    if isinstance(db, Path):
        con = sqlite3.connect(db)
        con.execute(f"PRAGMA user_version = {version}")
        con.close()
        return
    import psycopg

    with psycopg.connect(db, autocommit=True) as con:
        con.execute("UPDATE quiz_schema SET version = %s", (version,))


def schema_of(db) -> tuple[int, set[str]]:
    """The schema version and the tables."""
    if isinstance(db, Path):
        con = sqlite3.connect(db)
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            return version, {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            con.close()
    import psycopg

    with psycopg.connect(db, autocommit=True) as con:
        version = con.execute("SELECT version FROM quiz_schema").fetchone()[0]
        tables = {r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
        return version, tables


@pytest.mark.parametrize("rows", [[], [("other program", 1)]])
def test_a_quiz_schema_table_of_another_program_is_refused_untouched(pg_url, rows):
    """An empty quiz_schema table reads like quiz's being set up by another student's quiz;
    it is read again under the migration lock, and refused there if its row never came."""
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("CREATE TABLE quiz_schema (application text, version integer)")
        for row in rows:
            con.execute("INSERT INTO quiz_schema VALUES (%s, %s)", row)
    before = fingerprint(pg_url)
    with pytest.raises(StoreError, match="not quiz's"):
        open_store(pg_url)
    assert fingerprint(pg_url) == before


def test_newer_schema_is_refused_untouched(db):
    make_quiz_db(db)
    set_schema_version(db, 99)
    before = fingerprint(db)
    with pytest.raises(StoreError, match="newer quiz"):
        open_store(db)
    result = run_quiz("history", "--db", str(db))
    assert result.returncode == 1 and "Traceback" not in result.stderr and "newer quiz" in result.stderr
    assert fingerprint(db) == before


def test_another_programs_postgres_database_is_refused_untouched(pg_url):
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("CREATE TABLE notes(x text); INSERT INTO notes VALUES ('keep me')")
    before = fingerprint(pg_url)
    with pytest.raises(StoreError, match="another program"):
        open_store(pg_url)
    result = run_quiz("history", "--db", pg_url)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert pg_url in result.stderr and "another program" in result.stderr
    assert fingerprint(pg_url) == before


def test_truncated_database_is_refused_untouched(tmp_path):
    path = tmp_path / "q.db"
    make_quiz_db(path, answers=200)
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    before = snapshot(path)
    with pytest.raises(StoreError) as refused:
        store = Store.open(path)
        store.answers()  # damage may only show when the data is read
        store.close()
    assert str(path) in str(refused.value)
    assert snapshot(path) == before


def test_corrupted_database_is_refused_untouched(tmp_path):
    """Garbage written over the middle of a real quiz database (a bad sector, a bad copy)."""
    path = tmp_path / "q.db"
    make_quiz_db(path, answers=300)
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(path.read_bytes())
    assert len(data) > 3 * 4096
    data[4096 : len(data) - 100] = os.urandom(len(data) - 100 - 4096)  # all but the header page
    path.write_bytes(bytes(data))
    before = snapshot(path)
    with pytest.raises(StoreError) as refused:
        with Store.open(path) as store:
            store.answers()
    assert str(path) in str(refused.value) and "damaged" in str(refused.value)
    assert snapshot(path) == before
    result = run_quiz("history", "--db", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr and "damaged" in result.stderr
    assert snapshot(path) == before


def test_zero_byte_file_becomes_a_database(tmp_path):
    path = tmp_path / "q.db"
    path.write_bytes(b"")
    make_quiz_db(path, answers=1)
    with Store.open(path) as store:
        assert len(store.answers()) == 1


def test_read_only_database_gives_a_clear_message():
    # A folder anyone may enter (pytest's tmp_path is private to root), so the demoted
    # writer below reaches the file and is stopped by its mode alone.
    folder = Path(tempfile.mkdtemp(prefix="quiz-ro-"))
    path = folder / "q.db"
    make_quiz_db(path, answers=1)
    path.chmod(0o444)
    folder.chmod(0o555)
    # Root ignores file modes, so when we are root the writer drops to an ordinary user
    # once the interpreter and quiz are loaded (it could not start from root's home).
    script = textwrap.dedent(f"""
        import datetime as dt, os
        from quiz.store.sqlite import Store, StoreError
        if os.geteuid() == 0:
            os.setuid(65534)
        try:
            store = Store.open({str(path)!r})
            store.record_answer(1, 5, "q", "b", 1, True, 1.0, 1, 1.0, dt.datetime.now(dt.timezone.utc))
        except StoreError as exc:
            print("REFUSED", exc)
        else:
            print("WROTE")
    """)
    try:
        result = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)
    try:
        assert "REFUSED" in result.stdout, result.stdout + result.stderr
        assert "read-only" in result.stdout, result.stdout
        with Store.open(path) as store:
            assert len(store.answers()) == 1
    finally:
        shutil.rmtree(folder)


def test_full_disk_keeps_earlier_answers(tmp_path):
    path = tmp_path / "q.db"
    with Store.open(path) as store:
        rid = store.start_round("ana", "play", {}, [], ["bank"], NOW)
        pages = store.con.execute("PRAGMA page_count").fetchone()[0]
        store.con.execute(f"PRAGMA max_page_count = {pages + 2}")  # the disk is (nearly) full
        given = 0
        with pytest.raises(StoreError, match="disk is full"):
            for i in range(10_000):
                store.record_answer(rid, i, f"q{i}", "bank", "x" * 500, True, 1.0, 100, 1.0, NOW)
                given += 1
    with Store.open(path) as store:
        assert len(store.answers()) == given > 0


def test_migration_killed_midway_leaves_the_old_version(db):
    make_quiz_db(db)
    script = textwrap.dedent(f"""
        import time
        from quiz.store import open_store, postgres, sqlite
        def slow_step(con):
            con.execute("CREATE TABLE half_done(x integer)")
            print("MIGRATING", flush=True)
            time.sleep(60)
        for back_end in (sqlite, postgres):
            back_end.MIGRATIONS.append(slow_step)
            back_end.SCHEMA_VERSION = len(back_end.MIGRATIONS)
        open_store({str(db)!r})
    """)
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout.readline().strip() == "MIGRATING"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with open_store(db) as store:
        assert len(store.answers()) == 3
    version, tables = schema_of(db)
    assert version == SCHEMA_VERSION and "half_done" not in tables


def test_both_back_ends_have_the_same_schema_versions():
    """A migration added to one back end and not the other fails here."""
    assert [step.__name__ for step in sqlite_store.MIGRATIONS] == [step.__name__ for step in pg_store.MIGRATIONS]
    assert sqlite_store.SCHEMA_VERSION == pg_store.SCHEMA_VERSION


def test_both_back_ends_implement_the_whole_interface():
    import inspect

    wanted = {name for name in vars(StoreInterface) if not name.startswith("_") or name in ("__enter__", "__exit__")}
    for back_end in (sqlite_store.SQLiteStore, pg_store.PostgresStore):
        for name in wanted:
            assert hasattr(back_end, name), f"{back_end.__name__} lacks {name}"
            if callable(getattr(StoreInterface, name)):
                assert list(inspect.signature(getattr(back_end, name)).parameters) == list(
                    inspect.signature(getattr(StoreInterface, name)).parameters
                ), f"{back_end.__name__}.{name}"


WRITER = textwrap.dedent("""
    import datetime as dt, sys
    from quiz.store import open_store
    path, player, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open_store(path) as store:
        rid = store.start_round(player, "play", {}, [], ["bank"], dt.datetime.now(dt.timezone.utc))
        for i in range(n):
            store.record_answer(rid, i, f"q{i}", "bank", i, True, 1.0, 100, 1.0, dt.datetime.now(dt.timezone.utc))
""")


def test_two_processes_answering_at_once(db):
    path = db
    open_store(path).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), player, "500"], env=env) for player in ("ana", "bea")
    ]
    assert [w.wait(timeout=300) for w in writers] == [0, 0]
    with open_store(path) as store:
        assert len(store.answers("ana")) == len(store.answers("bea")) == 500


def test_backup_of_a_live_database(tmp_path):
    path = tmp_path / "q.db"
    make_quiz_db(path, answers=5)
    with Store.open(path) as store, Store.open(path) as other:
        answer(other, 1, 99)  # another connection is writing too
        store.backup(tmp_path / "copy.db")
    with Store.open(tmp_path / "copy.db") as copy:
        assert len(copy.answers()) == 6


def test_two_processes_opening_a_new_database_at_once_both_work(tmp_path):
    """The second waits for the first's migration, then must not run it again ("table settings
    already exists"): two students starting a drill at the same moment on a new database."""
    import threading

    from quiz.store import sqlite as store_module

    path = tmp_path / "new.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the first process, mid-migration
    opened: list = []
    read_version_0 = threading.Event()
    migrate = store_module.Store._migrate

    def migrate_seen(self, version):  # the second has read version 0 and now asks for the lock
        read_version_0.set()
        return migrate(self, version)

    store_module.Store._migrate = migrate_seen

    def second() -> None:
        try:
            with Store.open(path) as store:
                opened.append(store.con.execute("PRAGMA user_version").fetchone()[0])
        except StoreError as exc:
            opened.append(exc)

    thread = threading.Thread(target=second)
    thread.start()
    try:
        assert read_version_0.wait(timeout=30)
    finally:
        store_module.Store._migrate = migrate
    holder.execute(f"PRAGMA application_id = {store_module.APPLICATION_ID}")
    for step in store_module.MIGRATIONS:
        step(holder)
    holder.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    holder.execute("COMMIT")
    holder.close()
    thread.join(timeout=30)
    assert opened == [SCHEMA_VERSION]


# Starts when the "go" file appears, so that all the writers open the new database together.
CLASS_WRITER = textwrap.dedent("""
    import datetime as dt, os, sys, time
    from quiz.store import open_store
    path, go, player, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.001)
    with open_store(path) as store:
        rid = store.start_round(player, "play", {}, [], ["bank"], dt.datetime.now(dt.timezone.utc))
        for i in range(n):
            store.record_answer(rid, i, f"q{i}", "bank", i, True, 1.0, 100, 1.0, dt.datetime.now(dt.timezone.utc))
""")


def test_a_class_opening_a_new_database_at_once(tmp_path, db):
    """20 processes (a class's browser sessions, or students on a shared file) create the same
    new database in the same instant and answer side by side: every answer lands."""
    path, go = db, tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    players = [f"student{n:02}" for n in range(20)]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", CLASS_WRITER, str(path), str(go), player, "25"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for player in players
    ]
    assert [w.stdout.readline() for w in writers] == ["ready\n"] * 20  # every one waits at the line
    go.touch()
    errors = [w.communicate(timeout=300)[1] for w in writers]
    assert [w.returncode for w in writers] == [0] * 20, "".join(errors)
    with open_store(path) as store:
        assert sorted(store.players()) == players
        for player in players:
            assert [a.question_id for a in store.answers(player)] == [f"q{i}" for i in range(25)]


def test_a_dropped_connection_is_retried_and_nothing_is_lost(pg_url, pg_cluster):
    """An administrator ends the session (pg_terminate_backend) between two answers: the
    next answer goes through on a new connection, and every answer is there once."""
    with open_store(pg_url) as store:
        rid = store.start_round("ana", "play", {}, [], ["bank"], NOW)
        answer(store, rid, 0)
        database = pg_url.rsplit("/", 1)[1]
        ended = pg_cluster.admin(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'")
        assert ended and all(r[0] for r in ended)
        answer(store, rid, 1)
        assert [a.position for a in store.answers("ana")] == [0, 1]


def test_a_server_gone_mid_round_says_so_and_the_answer_can_be_given_again():
    """The server stops mid-round: the answer is refused with a message (not a traceback,
    not half-saved); when it is back, the same answer is saved once."""
    from pg import Cluster, missing
    from testdata import require_tool

    require_tool(missing(), "this PostgreSQL test")
    cluster = Cluster.start()
    try:
        url = cluster.new_database("gone")
        with open_store(url) as store:
            rid = store.start_round("ana", "play", {}, [], ["bank"], NOW)
            answer(store, rid, 0)
            cluster.halt()
            with pytest.raises(StoreError, match="lost the connection") as refused:
                answer(store, rid, 1)
            assert "127.0.0.1" in str(refused.value)
            cluster.resume()
            answer(store, rid, 1)
            assert [a.position for a in store.answers("ana")] == [0, 1]
    finally:
        cluster.stop()


def test_the_same_answer_recorded_twice_is_saved_once(db):
    """A retry after the connection dropped as the first commit was under way: the answer
    (same round, place, question and moment) is already there, and nothing is written twice."""
    with open_store(db) as store:
        rid = store.start_round("ana", "play", {}, [], ["bank"], NOW)
        answer(store, rid, 0)
        answer(store, rid, 0)
        assert len(store.answers("ana")) == 1


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://teacher:s3cret@db.school.example/quiz",
        "postgres://teacher@db.school.example/quiz?password=s3cret",
    ],
)
def test_a_password_in_the_url_is_refused_and_never_printed(url):
    result = run_quiz("history", "--db", url)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "s3cret" not in result.stderr + result.stdout
    assert "PGPASSWORD" in result.stderr and ".pgpass" in result.stderr


def test_quiz_db_names_a_postgres_database(pg_url, monkeypatch):
    """QUIZ_DB may be a URL as well as a path."""
    make_quiz_db(pg_url, answers=2)
    result = run_quiz("history", env={"QUIZ_DB": pg_url})
    assert result.returncode == 0, result.stderr
    assert "ana" in result.stdout


def test_an_unreachable_server_or_a_role_without_rights_gets_a_message(pg_cluster, pg_url):
    """Nothing listening, no such database, a role that may not create the tables: exit 1
    with the URL and what to check, never a traceback, and nothing created."""
    from pg import _free_port

    pg_cluster.admin("DO $$ BEGIN CREATE ROLE student LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    nowhere = f"postgresql://postgres@127.0.0.1:{_free_port()}/quiz"
    no_database = pg_url + "_missing"
    student = pg_url.replace("postgres@", "student@")
    for url, says in ((nowhere, "cannot connect"), (no_database, "cannot connect"), (student, "own its database")):
        result = run_quiz("history", "--db", url)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert url in result.stderr and says in result.stderr
    assert fingerprint(pg_url) == ([], {})


CARD_WRITER = textwrap.dedent("""
    import datetime as dt, sys
    from quiz.core.scheduling import replay
    from quiz.store import open_store
    path, n = sys.argv[1], int(sys.argv[2])
    with open_store(path) as store:
        rid = store.start_round("ana", "review", {}, [], ["bank"], dt.datetime.now(dt.timezone.utc))
        for i in range(n):
            qid, at = f"q{i % 5}", dt.datetime.now(dt.timezone.utc)
            store.record_answer(
                rid, i, qid, "bank", i, i % 3 != 0, 1.0, 100, 2.0, at,
                schedule=lambda before, qid=qid, ok=i % 3 != 0, at=at: replay(before, qid, ok, 2.0, at),
            )
""")


def test_two_sessions_of_one_player_never_lose_a_card_update(db):
    """The same student in two sessions at once, answering the same five questions: each
    answer moves the card from where the other left it (read and written in one
    transaction), so every card counts every answer to its question."""
    open_store(db).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [subprocess.Popen([sys.executable, "-c", CARD_WRITER, str(db), "150"], env=env) for _ in range(2)]
    assert [w.wait(timeout=300) for w in writers] == [0, 0]
    with open_store(db) as store:
        assert len(store.answers("ana")) == len(store.review_log("ana")) == 300
        assert {c.question_id: c.reviews for c in store.cards("ana")} == {f"q{i}": 60 for i in range(5)}
