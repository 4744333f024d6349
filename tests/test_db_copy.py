"""quiz db copy: a history moved from an SQLite file into PostgreSQL and back, whole,
checked, and never twice."""

from __future__ import annotations

import datetime as dt
import re

from testdata import DATA, run_quiz

from quiz.core.scheduling import replay
from quiz.store import open_store

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.timezone.utc)


def play_rounds(store, player: str, rounds: int, answers: int, offset: int = 0) -> None:
    """Rounds answered through the store as the game does, review cards scheduled with each answer."""
    for r in range(rounds):
        started = START + dt.timedelta(days=r, minutes=offset)
        rid = store.start_round(player, "play", {"seed": r}, [{"q": "x"}], ["bank"], started)
        for position in range(answers):
            at = started + dt.timedelta(seconds=10 * position)
            qid, correct = f"q{position % 4}", (position + r) % 3 != 0
            store.record_answer(
                rid,
                position,
                qid,
                "bank",
                {"choice": [position, "é"]},
                correct,
                float(correct),
                100 * correct,
                3.5,
                at,
                schedule=lambda before, qid=qid, correct=correct, at=at: replay(before, qid, correct, 3.5, at),
            )
        store.mark_shown(rid, 0, started)
        if r % 2 == 0:
            store.finish_round(rid, started + dt.timedelta(minutes=5))


def everything(location) -> tuple:
    """All a player's history as the layers above see it."""
    with open_store(location) as store:
        players = store.players()
        return (
            players,
            [(r.player, r.kind, r.started, r.finished, r.settings, r.plan, r.banks) for r in store.rounds(limit=10**6)],
            [(a.player, a.position, a.question_id, a.given, a.correct, a.answered_at) for a in store.answers()],
            {p: store.cards(p) for p in players},
            {p: store.review_log(p) for p in players},
        )


def copied_counts(stdout: str) -> dict[str, int]:
    """The 'copied' column of the table `quiz db copy` prints."""
    rows = re.findall(r"^(players|rounds|answers|review log|cards)\s+(\d+)\s+(\d+)", stdout, re.M)
    return {name: int(copied) for name, _, copied in rows}


def test_copy_into_postgres_and_back_is_whole_and_idempotent(tmp_path, pg_url):
    home = tmp_path / "home.db"
    with open_store(home) as store:
        play_rounds(store, "ana", rounds=6, answers=5)
        play_rounds(store, "bo", rounds=3, answers=4, offset=1)
        store.ensure_player("cy")  # named, never played
    # and a round a real player answered, through the game
    run_quiz(
        "play", "--plain", "--from", str(DATA / "kinds"), "--db", str(home), "--player", "di", "--seed", "1",
        stdin="1\n1\n",
    )  # fmt: skip

    first = run_quiz("db", "copy", str(home), pg_url)
    assert first.returncode == 0, first.stderr
    with open_store(home) as store:
        counts = store.counts()
    assert copied_counts(first.stdout) == {
        "players": counts.players,
        "rounds": counts.rounds,
        "answers": counts.answers,
        "review log": counts.review_log,
        "cards": counts.cards,
    }
    assert counts.answers > 6 * 5 + 3 * 4 and counts.players == 4  # the game saved di's too
    assert everything(pg_url) == everything(home)

    again = run_quiz("db", "copy", str(home), pg_url)
    assert again.returncode == 0, again.stderr
    assert set(copied_counts(again.stdout).values()) == {0}
    assert everything(pg_url) == everything(home)

    back = tmp_path / "back.db"
    result = run_quiz("db", "copy", pg_url, str(back))
    assert result.returncode == 0, result.stderr
    assert everything(back) == everything(home)


def test_a_round_carried_on_after_a_copy_brings_only_its_new_answers(tmp_path, pg_url):
    home = tmp_path / "home.db"
    with open_store(home) as store:
        rid = store.start_round("ana", "play", {}, [], ["bank"], START)
        store.record_answer(rid, 0, "q0", "bank", 1, True, 1.0, 100, 2.0, START)
    assert run_quiz("db", "copy", str(home), pg_url).returncode == 0
    with open_store(home) as store:
        store.record_answer(rid, 1, "q1", "bank", 2, False, 0.0, 0, 2.0, START + dt.timedelta(seconds=5))
        store.finish_round(rid, START + dt.timedelta(minutes=1))
    result = run_quiz("db", "copy", str(home), pg_url)
    assert result.returncode == 0, result.stderr
    assert copied_counts(result.stdout)["rounds"] == 0 and copied_counts(result.stdout)["answers"] == 1
    with open_store(pg_url) as store:
        (copied,) = store.rounds("ana")
        assert [a.position for a in copied.answers] == [0, 1] and copied.finished is not None


def test_copy_refuses_a_missing_source_and_a_password_in_a_url(tmp_path):
    missing = run_quiz("db", "copy", str(tmp_path / "none.db"), str(tmp_path / "out.db"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert not (tmp_path / "out.db").exists()
    (tmp_path / "in.db").touch()
    secret = run_quiz("db", "copy", str(tmp_path / "in.db"), "postgresql://quiz:hunter2@db.example/quiz")
    assert secret.returncode == 1 and "hunter2" not in secret.stderr + secret.stdout
    assert "PGPASSWORD" in secret.stderr
