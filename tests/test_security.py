"""Nothing a student or an author types reaches a teacher's terminal, spreadsheet or grade
book as anything but text; a tampered results file is not believed (issue 13)."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from testdata import DATA, run_quiz

from quiz.core.safe_text import csv_cell, json_text, name_problem, terminal_text
from quiz.library.loader import load_library
from quiz.play.drill.attempt import next_attempt, play_attempt
from quiz.play.drill.code import encode_code
from quiz.play.drill.definition import DrillFile, resolve
from quiz.play.drill.results import ResultsFiles, read_results
from quiz.store.sqlite import Store, StoreError

# Every way into a terminal: ESC (CSI, OSC: window title, OSC 52 clipboard), C1 (0x9b is a
# CSI by itself, 0x9d an OSC), BEL, backspace, carriage return, bidi override.
HOSTILE = "\x1b]0;pwned\x07\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\x9b31m\x9d0;x\x9c\x08\r\u202e=cmd"


def assert_inert(text: str) -> None:
    """Nothing in `text` a terminal acts on, apart from new lines."""
    bad = re.findall(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
    assert not bad, f"control characters reach the terminal: {bad!r}"


@pytest.fixture(scope="module")
def tiny():
    return load_library([DATA / "good"])


def play_drill(tmp_path: Path, tiny, student: str = "ana", answers=None) -> ResultsFiles:
    """A drill of the tiny bank, answered in process; its results files."""
    drill = resolve(tiny, DrillFile(count="all", seed=9))
    code = encode_code(drill, tiny)
    with Store.open(tmp_path / "q.db") as store:
        attempt = next_attempt(store, drill, student)
        files = ResultsFiles.choose(tmp_path / f"out-{len(list(tmp_path.iterdir()))}", drill, code, student, 1)
        game = play_attempt(tiny, store, drill, code, student, attempt, files)
        n = 0
        while not game.round.finished:
            game.begin_question()
            given = answers[n] if answers else (0 if game.round.current.kind in ("choice",) else "x")
            game.answer(given)
            n += 1
    return files


def edit(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


# ---------------------------------------------------------------------------- the one function


def test_terminal_text_shows_every_control_character_visibly():
    shown = terminal_text(HOSTILE)
    assert_inert(shown)
    assert "\n" not in terminal_text("a\nb") and terminal_text("a\nb", lines=True) == "a\nb"
    assert shown.startswith("␛]0;pwned␇") and "\\x9b31m" in shown and "\\u202e" in shown
    assert terminal_text("Ana María — O'Brien") == "Ana María — O'Brien"  # letters stay letters


def test_csv_cells_never_start_a_formula():
    for text in ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]:
        assert csv_cell(text).startswith("'")
    assert csv_cell("-5") == "-5" and csv_cell("3.5") == "3.5" and csv_cell(7) == 7 and csv_cell("Ana") == "Ana"


def test_json_text_escapes_what_terminals_act_on_and_stays_json():
    text = json_text({"name": HOSTILE})
    assert_inert(text)
    assert json.loads(text)["name"] == HOSTILE


# ---------------------------------------------------------------------------- every exit


def test_quiz_report_shows_a_hostile_name_as_text_in_every_format(tmp_path, tiny):
    files = play_drill(tmp_path, tiny)
    edit(files.json_path, lambda d: d.update(student=HOSTILE))
    for fmt in ["table", "csv", "json", "html"]:
        result = run_quiz("report", str(files.json_path), "--format", fmt)
        assert result.returncode == 0, result.stderr
        assert_inert(result.stdout.replace("\r\n", "\n"))
        assert_inert(result.stderr)
    csv_out = run_quiz("report", str(files.json_path), "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(csv_out.split("\n\n")[0])))
    assert rows[0][0] == "student" and rows[1][0].startswith("␛]0;pwned")
    data = json.loads(run_quiz("report", str(files.json_path), "--format", "json").stdout)
    assert data["students"][0]["student"] == HOSTILE  # JSON keeps the text, escaped


def test_formula_answers_and_names_are_quoted_in_every_csv(tmp_path, tiny):
    files = play_drill(tmp_path, tiny, student="=HYPERLINK(x)", answers=None)
    rows = list(csv.reader(io.StringIO(files.csv_path.read_text(encoding="utf-8"))))
    assert all(r[2] == "'=HYPERLINK(x)" for r in rows[1:])
    report = run_quiz("report", str(files.json_path), "--format", "csv").stdout
    assert "\n'=HYPERLINK(x)," in report
    history = run_quiz("history", "--format", "csv", "--db", str(tmp_path / "q.db")).stdout
    assert "\n'=HYPERLINK(x)," in history and "\n=HYPERLINK" not in history


def test_history_and_review_stats_show_names_from_an_older_database_as_text(tmp_path, tiny):
    play_drill(tmp_path, tiny, student="ana")
    with sqlite3.connect(tmp_path / "q.db") as con:  # a name written before names were checked
        con.execute("UPDATE players SET name = ?", (HOSTILE,))
    for args in (["history"], ["history", "--format", "csv"], ["history", "--format", "json"]):
        result = run_quiz(*args, "--db", str(tmp_path / "q.db"))
        assert result.returncode == 0, result.stderr
        assert_inert(result.stdout.replace("\r\n", "\n"))
    result = run_quiz(
        "review", "--stats", "--player", "ana", "--db", str(tmp_path / "q.db"), "--from", str(DATA / "good")
    )
    assert result.returncode == 0 and "ana" in result.stdout


def test_names_with_control_characters_or_too_long_are_refused_clearly(tmp_path):
    assert name_problem("Ana María / 3B") is None
    assert "control characters" in name_problem("a\x1b[2Jb")
    assert "at most 80" in name_problem("x" * 300)
    with Store.open(tmp_path / "q.db") as store, pytest.raises(StoreError, match="control characters"):
        store.ensure_player("\x9b2J")
    for args in (
        ["drill", "--from", str(DATA / "good"), "--count", "1", "--student", "\x1b[2Jx", "--plain"],
        ["drill", "--from", str(DATA / "good"), "--count", "1", "--student", "é" * 300, "--plain"],
        ["play", "--plain", "--player", "\x1b]0;x\x07", "--from", str(DATA / "good")],
    ):
        result = run_quiz(*args, "--db", str(tmp_path / "q.db"), stdin="")
        assert result.returncode == 2, result.stderr
        assert_inert(result.stdout + result.stderr)
        assert "File name too long" not in result.stderr and "Traceback" not in result.stderr


def test_names_differing_only_in_punctuation_get_their_own_results_files(tiny):
    drill = resolve(tiny, DrillFile(count=1, seed=9))
    paths = {
        ResultsFiles.choose(None, drill, "C", name, 1).json_path
        for name in ["O'Brien", "O Brien", "O-Brien", "O.Brien"]
    }
    assert len(paths) == 4
    assert all(len(p.name.encode()) < 255 for p in [ResultsFiles.choose(None, drill, "C", "é" * 80, 1).json_path])


def test_a_bad_code_and_a_hostile_bank_key_are_echoed_as_text(tmp_path):
    result = run_quiz("drill", "--code", "\x1b]0;x\x07AB", "--student", "ana", "--from", str(DATA / "good"))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert_inert(result.stdout + result.stderr)
    bank = tmp_path / "bank.yaml"
    bank.write_text(
        (DATA / "good" / "tiny.yaml").read_text(encoding="utf-8").replace("title:", '"ti\\e]0;x\\atle": x\ntitle:', 1),
        encoding="utf-8",
    )
    (tmp_path / "articles").symlink_to(DATA / "good" / "articles")
    result = run_quiz("check", str(tmp_path))
    assert result.returncode == 1
    assert_inert(result.stdout + result.stderr)


def test_output_never_overwrites_an_input_results_file(tmp_path, tiny):
    files = play_drill(tmp_path, tiny)
    before = files.json_path.read_bytes()
    result = run_quiz("report", str(files.json_path), "-o", str(files.json_path))
    assert result.returncode == 2 and "nothing was written" in result.stderr
    assert files.json_path.read_bytes() == before
    other = tmp_path / "report.txt"
    other.write_text("last week's report", encoding="utf-8")
    for command in (["report", str(files.json_path)], ["export", "--format", "json"], ["schema"]):
        refused = run_quiz(*command, "-o", str(other))
        assert refused.returncode == 1 and "already exists; nothing was written (use --force" in refused.stderr
        assert other.read_text(encoding="utf-8") == "last week's report"
        assert run_quiz(*command, "-o", str(other), "--force").returncode == 0
        other.write_text("last week's report", encoding="utf-8")


# ---------------------------------------------------------------------------- results graded again


def test_a_tampered_results_file_is_graded_again_and_flagged(tmp_path, tiny):
    files = play_drill(tmp_path, tiny)
    honest = read_results(files.json_path)
    assert honest.right < len(honest.answers)

    def claim_right(d):
        for a in d["answers"]:
            a.update(correct=True, credit=1.0, points=100)
        d.update(score=100 * len(d["answers"]), right=len(d["answers"]))

    edit(files.json_path, claim_right)
    result = run_quiz("report", str(files.json_path), "--format", "json")
    assert result.returncode == 1
    assert "disagree" in result.stderr and "graded again" in result.stderr
    data = json.loads(result.stdout)
    assert (data["students"][0]["score"], data["students"][0]["right"]) == (honest.score, honest.right)
    assert any("disagree" in n for n in data["notes"])


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("points", 9999, "impossible values"),
        ("points", -5, "impossible values"),
        ("credit", -1e308, "impossible values"),
        ("credit", 5, "impossible values"),
        ("credit", float("nan"), "not a quiz results file"),  # NaN is not JSON
        ("seconds", float("-inf"), "not a quiz results file"),
    ],
)
def test_impossible_values_are_refused_with_their_place(tmp_path, tiny, field, value, message):
    files = play_drill(tmp_path, tiny)
    data = json.loads(files.json_path.read_text(encoding="utf-8"))
    data["answers"][1][field] = value
    files.json_path.write_text(json.dumps(data), encoding="utf-8")
    result = run_quiz("report", str(files.json_path))
    assert result.returncode == 1
    assert re.search(r"\.json:\d+:\d+: error: ", result.stderr), result.stderr
    assert message in result.stderr and "inf%" not in result.stdout + result.stderr and not result.stdout


def test_a_file_whose_keys_were_edited_stands_out_from_the_class(tmp_path, tiny):
    first = play_drill(tmp_path, tiny, student="ana")
    second = play_drill(tmp_path, tiny, student="ben")

    def move_the_key(d):  # ben marks his own (wrong) choice as the right one, everywhere
        for q in d["drill"]["questions"]:
            if q["type"] == "choice":
                for c in q["choices"]:
                    c["correct"] = not c["correct"]
                for c in q["key"]["choices"]:
                    if isinstance(c, dict):
                        c["correct"] = not c["correct"]

    edit(second.json_path, move_the_key)
    result = run_quiz("report", str(first.json_path), str(second.json_path), str(first.json_path))
    assert result.returncode == 1
    assert "questions or keys differ" in result.stderr and str(second.json_path) in result.stderr


# ---------------------------------------------------------------------------- banks


@pytest.mark.parametrize("escape", ["\\e[2J", "\\x9b31m", "\\0", "\\x1b]0;x\\a", "\\r", "\\u009d", "\\u202e", "\u202e"])
def test_control_characters_written_as_yaml_escapes_are_refused_where_they_are(tmp_path, escape):
    text = (DATA / "good" / "tiny.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(n for n, line in enumerate(lines) if line.lstrip().startswith("title:"))
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    lines[at] = f'{indent}title: "A {escape} title"'
    (tmp_path / "tiny.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "articles").symlink_to(DATA / "good" / "articles")
    library = load_library([tmp_path])
    assert not library.banks
    problems = [d for d in library.diagnostics if "control character" in d.message]
    # an escape: at the value; the character itself: where it stands
    where = (at + 1, len(indent) + (8 if escape.startswith("\\") else 11))
    assert problems and (problems[0].line, problems[0].col) == where
    result = run_quiz("check", str(tmp_path))
    assert result.returncode == 1 and f"tiny.yaml:{where[0]}:{where[1]}: error: control character" in result.stdout
    assert_inert(result.stdout + result.stderr)


# ---------------------------------------------------------------------------- one round, two places


def test_the_same_round_answered_in_two_places_is_a_clear_message(tmp_path, tiny):
    from quiz.core.round import RoundSettings
    from quiz.frontends import plain
    from quiz.play.game import Game
    from quiz.store.sqlite import AnsweredElsewhere

    db = tmp_path / "q.db"
    with Store.open(db) as here, Store.open(db) as there:
        first = Game.start(tiny, here, "ana", RoundSettings(count=2, seed=1))
        second = Game.resume(tiny, there, there.unfinished_round("ana"))
        first.begin_question()
        first.answer("x")
        second.begin_question()
        with pytest.raises(AnsweredElsewhere, match="already answered in another window"):
            second.answer("x")
        assert len(second.round.outcomes) == 0  # taken back: nothing half-recorded
        out = io.StringIO()
        status = plain.play(second, stdin=io.StringIO("1\n1\n"), stdout=out)
        assert status == 1 and "already answered in another window" in out.getvalue()
        assert "IntegrityError" not in out.getvalue()


# ---------------------------------------------------------------------------- a damaged database


def damaged_database(tmp_path: Path) -> Path:
    """A quiz database with 600 answers, then garbage written over pages in its middle (a
    failing disk), the way quick_check finds and ordinary reads may not."""
    import datetime as dt

    db = tmp_path / "q.db"
    now = dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)
    with Store.open(db) as store:
        for _ in range(3):
            round_id = store.start_round("ana", "play", {}, [{}] * 200, ["b"], now)
            for position in range(200):
                store.record_answer(round_id, position, f"q{position}", "b", "x" * 40, False, 0.0, 0, 1.0, now)
    data = bytearray(db.read_bytes())
    page = 4096
    middle = (len(data) // page // 2) * page
    data[middle + 100 : middle + 1100] = bytes(range(256)) * 3 + bytes(232)
    db.write_bytes(bytes(data))
    return db


def test_a_damaged_database_left_after_a_crash_is_found_and_not_written_to(tmp_path):
    import subprocess
    import sys

    db = damaged_database(tmp_path)
    crash = (  # a quiz killed mid-session: its write-ahead log is left behind
        "import os, sys; from quiz.store.sqlite import Store; "
        "s = Store.open(sys.argv[1]); s.set_setting('theme', 'x'); os._exit(9)"
    )
    subprocess.run([sys.executable, "-c", crash, str(db)], check=False)
    assert Path(f"{db}-wal").exists()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="is damaged"):
        Store.open(db)
    result = run_quiz("history", "--db", str(db))
    assert result.returncode == 1 and "is damaged" in result.stderr and "recover" in result.stderr
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before


def test_a_damaged_database_is_not_backed_up_as_if_it_were_sound(tmp_path):
    db = damaged_database(tmp_path)
    with Store.open(db) as store, pytest.raises(StoreError, match="is damaged"):
        store.backup(tmp_path / "copy.db")


@pytest.mark.parametrize("how", ["a key of another type", "one key taken out", "a question listed twice"])
def test_keys_cannot_be_made_to_dodge_grading(tmp_path, tiny, how):
    files = play_drill(tmp_path, tiny)

    def change(d):
        questions = d["drill"]["questions"]
        if how == "a key of another type":
            questions[0]["key"] = {**questions[0]["key"], "type": "truefalse", "answer": True}
            questions[0]["key"].pop("choices", None)
        elif how == "one key taken out":
            questions[0]["key"] = None
        else:
            questions.append(questions[0])

    edit(files.json_path, change)
    result = run_quiz("report", str(files.json_path))
    assert result.returncode == 1 and "impossible values" in result.stderr and not result.stdout
