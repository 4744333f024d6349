"""The plain front end, driven through standard input as a script or screen reader would."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from testdata import DATA, run_quiz

from quiz.core.model import choice_is_correct
from quiz.core.round import RoundSettings, draw
from quiz.library.loader import load_library

SEED, COUNT = 4, 3


def play_plain(db, stdin: str, encoding: str = "utf-8"):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "quiz",
            "play",
            "--plain",
            "--from",
            str(DATA / "good"),
            "--db",
            str(db),
            "--player",
            "ana",
            "--seed",
            str(SEED),
            "--count",
            str(COUNT),
        ],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": encoding},
    )


def right_lines() -> list[str]:
    """The right answer to type for each question, in the order this seed asks them."""
    _, items = draw(load_library([DATA / "good"]), RoundSettings(count=COUNT, seed=SEED))
    lines = []
    for item in items:
        q = item.question
        if item.kind == "choice":
            lines.append(str(next(n for n, i in enumerate(item.order, 1) if choice_is_correct(q.choices[i]))))
        elif item.kind == "number":
            lines.append("12")
        else:
            lines.append("Who pays?")  # an accepted answer, with its punctuation forgiven
    return lines


def test_piped_answers_print_verdicts_and_quotes(tmp_path):
    db = tmp_path / "quiz.db"
    result = play_plain(db, "\n".join(right_lines()) + "\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert sum(line.startswith("✔ Right") for line in out) == 3
    assert "> would open 12 new libraries by 2026" in out
    assert "  — The Test Gazette, 1 May 2024, paragraph 1" in out
    assert any(line.startswith("Round over: 330 points · 3 of 3 right") for line in out)
    history = json.loads(run_quiz("history", "--db", str(db), "--format", "json").stdout)["answers"]
    assert [a["correct"] for a in history] == [True, True, True]
    assert {a["player"] for a in history} == {"ana"}


def test_a_wrong_answer_shows_the_right_one(tmp_path):
    lines = right_lines()
    lines[0] = "nonsense 99" if lines[0] != "Who pays?" else "the mayor"
    result = play_plain(tmp_path / "quiz.db", "\n".join(lines) + "\n")
    out = result.stdout
    assert "Right answer:" in out and ("✘ Wrong" in out or "? " in out)


def test_unreadable_lines_are_asked_again_and_end_of_input_keeps_answers(tmp_path):
    db = tmp_path / "quiz.db"
    first = right_lines()[0]
    result = play_plain(db, f"\n{first}\n")  # an empty line is asked again, then one answer, then EOF
    assert result.returncode == 0
    assert "? nothing typed" in result.stdout
    assert "Stopped after 1 answer; every answer given is saved." in result.stdout
    history = json.loads(run_quiz("history", "--db", str(db), "--format", "json").stdout)["answers"]
    assert len(history) == 1


def test_ascii_terminal_gets_ascii_marks(tmp_path):
    result = play_plain(tmp_path / "quiz.db", "\n".join(right_lines()) + "\n", encoding="ascii")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "+ Right" in result.stdout


def test_an_empty_all_that_apply_answer_is_taken_only_when_confirmed(tmp_path):
    """Issue 16: an empty line on an "all that apply" question asks first; another takes nothing."""
    import shutil

    import yaml

    folder = tmp_path / "bank"
    shutil.copytree(DATA / "kinds", folder)
    bank = yaml.safe_load((folder / "kinds.yaml").read_text(encoding="utf-8"))
    bank["questions"] = [q for q in bank["questions"] if q["type"] == "multi"]
    (folder / "kinds.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "quiz", "play", "--plain", "--from", str(folder), "--bank", "kinds",
         "--db", str(tmp_path / "q.db"), "--player", "ana", "--seed", str(SEED)],
        input="\n\n", capture_output=True, text=True, timeout=60, encoding="utf-8",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("? Submit with nothing ticked? Enter again to confirm") == 1
    # taken as nothing ticked: every right choice shown as missed
    assert "0 of 2 right choices picked" in result.stdout
    assert "○ Critics asked who would pay (not picked)" in result.stdout


def test_a_new_plain_round_says_the_unfinished_one_is_kept(tmp_path):
    db = tmp_path / "quiz.db"
    first = play_plain(db, "1\n")  # one answer, then the input ends: the round stays unfinished
    assert first.returncode == 0, first.stderr
    second = play_plain(db, "")
    assert "unfinished round (1 of 3 answered) is kept" in second.stderr
