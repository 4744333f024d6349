"""Storage under faults: a crash, a kill, a full disk, a foreign or damaged file, two writers.
Never an answer lost, never a foreign file overwritten, always a clear message."""

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

from quiz.store.sqlite import SCHEMA_VERSION, AnsweredElsewhere, Store, StoreError

NOW = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.timezone.utc)


def answer(store: Store, round_id: int, position: int, correct: bool = True) -> None:
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


def test_round_trip(tmp_path):
    with Store.open(tmp_path / "q.db") as store:
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
        with pytest.raises(AnsweredElsewhere):  # the same answer twice is refused, saying why
            answer(store, rid, 1)


def test_best_score_counts_finished_rounds_over_the_same_banks(tmp_path):
    with Store.open(tmp_path / "q.db") as store:
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


def test_sigkill_mid_round_keeps_every_answer(tmp_path):
    """A real player (the plain front end) answering; killed with SIGKILL after 3 answers."""
    db = tmp_path / "q.db"
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
    with Store.open(db) as store:
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


def make_quiz_db(path: Path, answers: int = 3) -> None:
    with Store.open(path) as store:
        rid = store.start_round("ana", "play", {}, [], ["bank"], NOW)
        for i in range(answers):
            answer(store, rid, i)


def test_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "q.db"
    make_quiz_db(path)
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 99")
    con.close()
    before = snapshot(path)
    with pytest.raises(StoreError, match="newer quiz"):
        Store.open(path)
    assert snapshot(path) == before


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


def test_migration_killed_midway_leaves_the_old_version(tmp_path):
    path = tmp_path / "q.db"
    make_quiz_db(path)
    script = textwrap.dedent(f"""
        import sys, time
        from quiz.store import sqlite as store
        def slow_step(con):
            con.execute("CREATE TABLE half_done(x)")
            print("MIGRATING", flush=True)
            time.sleep(60)
        store.MIGRATIONS.append(slow_step)
        store.SCHEMA_VERSION = len(store.MIGRATIONS)
        store.Store.open({str(path)!r})
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
    with Store.open(path) as store:
        assert store.con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {r[0] for r in store.con.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in tables
        assert len(store.answers()) == 3


WRITER = textwrap.dedent("""
    import datetime as dt, sys
    from quiz.store.sqlite import Store
    path, player, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with Store.open(path) as store:
        rid = store.start_round(player, "play", {}, [], ["bank"], dt.datetime.now(dt.timezone.utc))
        for i in range(n):
            store.record_answer(rid, i, f"q{i}", "bank", i, True, 1.0, 100, 1.0, dt.datetime.now(dt.timezone.utc))
""")


def test_two_processes_answering_at_once(tmp_path):
    path = tmp_path / "q.db"
    Store.open(path).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), player, "500"], env=env) for player in ("ana", "bea")
    ]
    assert [w.wait(timeout=300) for w in writers] == [0, 0]
    with Store.open(path) as store:
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
    from quiz.store.sqlite import Store
    path, go, player, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.001)
    with Store.open(path) as store:
        rid = store.start_round(player, "play", {}, [], ["bank"], dt.datetime.now(dt.timezone.utc))
        for i in range(n):
            store.record_answer(rid, i, f"q{i}", "bank", i, True, 1.0, 100, 1.0, dt.datetime.now(dt.timezone.utc))
""")


def test_a_class_opening_a_new_database_at_once(tmp_path):
    """20 processes (a class's browser sessions, or students on a shared file) create the same
    new database in the same instant and answer side by side: every answer lands."""
    path, go = tmp_path / "class.db", tmp_path / "go"
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
    with Store.open(path) as store:
        assert sorted(store.players()) == players
        for player in players:
            assert [a.question_id for a in store.answers(player)] == [f"q{i}" for i in range(25)]
