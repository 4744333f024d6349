"""Command-line traps from issue 16: the full-screen app without a terminal, the global --from,
the history table."""

from __future__ import annotations

import json

import pytest
from testdata import DATA, run_quiz

from quiz.store.sqlite import Store


@pytest.mark.parametrize(
    "args",
    [("play", "--bank", "tiny"), ("play",), (), ("review",)],
    ids=["play --bank", "play", "home", "review"],
)
def test_the_full_screen_app_without_a_terminal_says_use_plain(tmp_path, args):
    db = tmp_path / "quiz.db"
    result = run_quiz("--from", str(DATA / "good"), "--db", str(db), "--player", "ana", *args, stdin="", timeout=30)
    assert result.returncode == 2, result.stderr
    assert "not a terminal: use --plain" in result.stderr
    if db.exists():
        with Store.open(db) as store:
            assert store.unfinished_round("ana") is None


def test_a_drill_without_a_terminal_says_use_plain(tmp_path):
    result = run_quiz(
        "--from", str(DATA / "good"), "--db", str(tmp_path / "q.db"), "drill", "--bank", "tiny", "--student", "x",
        stdin="", timeout=30,
    )  # fmt: skip
    assert result.returncode == 2 and "not a terminal: use --plain" in result.stderr


def test_global_from_reaches_list_export_and_coverage():
    listed = run_quiz("--from", str(DATA / "good"), "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [b["id"] for b in json.loads(listed.stdout)["banks"]] == ["tiny"]
    exported = run_quiz("--from", str(DATA / "good"), "export", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    assert [b["id"] for b in json.loads(exported.stdout)["banks"]] == ["tiny"]
    covered = run_quiz("--from", str(DATA / "good"), "coverage", "--format", "json")
    assert covered.returncode == 0, covered.stderr
    assert "tiny-article" in covered.stdout and "2016" not in covered.stdout
    # the per-command one still works
    assert [b["id"] for b in json.loads(run_quiz("list", "--json", str(DATA / "good")).stdout)["banks"]] == ["tiny"]


def test_history_marks_partly_right_answers_and_has_a_header(tmp_path):
    import datetime as dt

    db = tmp_path / "quiz.db"
    at = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.timezone.utc)
    with Store.open(db) as store:
        round_id = store.start_round("ana", "play", {}, [], ["tiny"], at)
        store.record_answer(round_id, 0, "q-right", "tiny", 1, True, 1.0, 100, 3.0, at)
        store.record_answer(round_id, 1, "q-partly", "tiny", [0], False, 0.5, 50, 3.0, at)
        store.record_answer(round_id, 2, "q-wrong", "tiny", 2, False, 0.0, 0, 3.0, at)
    lines = run_quiz("history", "--db", str(db)).stdout.splitlines()
    assert "player" in lines[0] and "points" in lines[0] and "question" in lines[0]
    marks = {line.split()[-2]: line for line in lines[1:4]}
    assert "✔" in marks["q-right"] and "◐" in marks["q-partly"] and "✘" in marks["q-wrong"]


def test_a_drill_title_reaches_students_who_join_by_code_and_the_report(tmp_path):
    drill_file = tmp_path / "week3.yaml"
    drill_file.write_text('title: "Week 3: libraries"\nbanks: [tiny]\ncount: 1\nseed: 9\n', encoding="utf-8")
    common = ["--from", str(DATA / "good"), "--db", str(tmp_path / "q.db")]
    made = run_quiz("drill", str(drill_file), "--code", *common)
    assert made.returncode == 0, made.stderr
    code = made.stdout.split()[0]
    assert "Week 3: libraries" in made.stdout and "can't carry the title" in made.stdout
    taken = run_quiz(
        "drill", "--code", code, "--student", "ana", "--plain", *common, "--out", str(tmp_path / "ana"),
        stdin="1\n12\nx\n",
    )  # fmt: skip
    assert taken.returncode == 0, taken.stderr
    assert json.loads((tmp_path / "ana.json").read_text())["drill"]["title"] == "Week 3: libraries"
    report = run_quiz("report", "--code", code, *common, "--format", "json")
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["title"] == "Week 3: libraries"
