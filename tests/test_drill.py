"""Drills: the drill file and its located errors, the code (round trip, typos, other banks),
the same drill for everyone, timers that survive a restart, results files and their guards."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from testdata import DATA, SHIPPED, run_quiz

from quiz.core.banks import Library
from quiz.library.loader import load_library
from quiz.play.drill.attempt import next_attempt, play_attempt
from quiz.play.drill.code import _ALPHABET, CodeError, decode_code, encode_code, normal_code
from quiz.play.drill.definition import DrillFile, DrillFileError, draw_items, load_drill_file, resolve
from quiz.play.drill.results import ResultsFileError, ResultsFiles, read_results
from quiz.store import open_store
from quiz.store.sqlite import Store


@pytest.fixture(scope="module")
def shipped():
    return load_library([SHIPPED])


@pytest.fixture(scope="module")
def tiny():
    return load_library([DATA / "good"])


def write(tmp_path: Path, text: str, name: str = "drill.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def plan(items):
    return [i.plan_entry() for i in items]


# ---------------------------------------------------------------------------- the drill file


def test_a_drill_file_and_the_same_settings_as_flags_are_the_same_drill(tmp_path, shipped):
    path = write(
        tmp_path,
        """
        title: "Week 3: El Chapo"
        banks: [nyt-2016]
        count: 5
        seed: 42
        time_limit: 30
        feedback: end
        speed_points: false
        streak_bonus: true
    """.replace("\n        ", "\n"),
    )
    from_file = load_drill_file(path, shipped)
    from_flags = resolve(shipped, DrillFile(banks=["nyt-2016"], count=5, seed=42, time_limit=30, feedback="end"))
    assert from_file.fingerprint == from_flags.fingerprint
    assert from_file.title == "Week 3: El Chapo"
    assert from_file.settings.time_limit == 30 and from_file.feedback == "end"
    assert len(draw_items(shipped, from_file.settings)) == 5


@pytest.mark.parametrize(
    "text, where, message",
    [
        ("banks: [nyt-2016]\ncuont: 5\n", "2:1", "unknown field `cuont`"),
        ("feedback: sometimes\n", "1:11", "feedback"),
        ("banks: [nyt-2016, nope]\n", "1:19", "no bank with id 'nope'"),
        ("banks: nyt-2016\nspeed_points: true\n", "2:15", "speed points need a time limit"),
        ("count: 0\n", "1:8", "count"),
        ("time_limit: 1:30\n", "1:13", "time_limit"),
        ("tags: [nonsense]\n", "1:8", "no question in these banks has the tag 'nonsense'"),
        ("banks: &b [nyt-2016]\n", "1:8", "anchors"),
        ("- banks\n", "1:1", "a drill file must be a mapping"),
    ],
)
def test_drill_file_errors_are_located(tmp_path, shipped, text, where, message):
    path = write(tmp_path, text)
    with pytest.raises(DrillFileError) as caught:
        load_drill_file(path, shipped)
    shown = [str(d) for d in caught.value.diagnostics]
    assert any(line.startswith(f"{path}:{where}: error: ") and message in line for line in shown), shown


def test_drill_file_error_from_the_command_line(tmp_path):
    path = write(tmp_path, "banks: [nyt-2016]\ncount: lots\n")
    result = run_quiz("drill", str(path), "--code")
    assert result.returncode == 1
    assert result.stderr.startswith(f"{path}:2:8: error: ")
    assert "all" in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------------------- the code


def test_code_round_trips_and_forgives_case_dashes_and_lookalikes(shipped):
    drill = resolve(
        shipped,
        DrillFile(
            banks=["nyt-2016", "economist-2023"],
            tags=["people"],
            difficulty=[1, 2],
            count=7,
            seed=123456,
            time_limit=20,
            feedback="never",
            speed_points=True,
            streak_bonus=False,
        ),
    )
    code = encode_code(drill, shipped)
    assert len(code.replace("-", "")) <= 24
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    again, written = decode_code(typed, shipped)
    assert written == code
    assert again == drill and again.fingerprint == drill.fingerprint


def test_every_single_typo_and_swap_is_caught(shipped):
    drill = resolve(shipped, DrillFile(banks=["nyt-2016"], count=5, seed=42, time_limit=30))
    code = encode_code(drill, shipped).replace("-", "")
    variants = {code[:i] + c + code[i + 1 :] for i in range(len(code)) for c in _ALPHABET if c != code[i]}
    variants |= {
        code[:i] + code[i + 1] + code[i] + code[i + 2 :] for i in range(len(code) - 1) if code[i] != code[i + 1]
    }
    for typo in variants:
        with pytest.raises(CodeError):
            decode_code(typo, shipped)


def test_not_a_code():
    with pytest.raises(CodeError, match="not a drill code"):
        normal_code("week-3!")


def copy_tiny(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(DATA / "good", folder)
    return folder


def test_a_student_whose_banks_differ_is_told_so(tmp_path, tiny):
    drill = resolve(tiny, DrillFile(count=3, seed=9))
    code = encode_code(drill, tiny)
    changed = copy_tiny(tmp_path, "changed")
    bank = changed / "tiny.yaml"
    bank.write_text(bank.read_text().replace("How many new libraries", "How many libraries"))
    with pytest.raises(CodeError, match="banks that differ from yours"):
        decode_code(code, load_library([changed]))
    result = run_quiz(
        "drill",
        "--code",
        code,
        "--student",
        "ana",
        "--plain",
        "--from",
        str(changed),
        "--db",
        str(tmp_path / "q.db"),
        stdin="",
    )
    assert result.returncode == 1 and "banks that differ from yours" in result.stderr
    assert not list(Path(tmp_path).glob("drill-*"))


def test_other_banks_beside_do_not_change_the_drill(tmp_path, tiny, shipped):
    """A student who also has the shipped banks (which sort around 'tiny') gets the same drill."""
    drill = resolve(tiny, DrillFile(count=3, seed=9))
    code = encode_code(drill, tiny)
    both = load_library([SHIPPED, DATA / "good"])
    again, _ = decode_code(code, both)
    assert again.fingerprint == drill.fingerprint
    assert plan(draw_items(both, again.settings)) == plan(draw_items(tiny, drill.settings))
    reordered = Library(banks=list(reversed(both.banks)))
    assert plan(draw_items(reordered, again.settings)) == plan(draw_items(tiny, drill.settings))


# ---------------------------------------------------------------------------- playing


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Wall:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def start(tiny, store, drill, tmp_path, clock, wall, student="ana"):
    code = encode_code(drill, tiny)
    attempt = next_attempt(store, drill, student)
    files = ResultsFiles.choose(tmp_path / "out", drill, code, student, attempt.number)
    return play_attempt(tiny, store, drill, code, student, attempt, files, clock=clock, now=wall), files


def test_running_out_of_time_is_a_wrong_answer_with_no_points_recorded_as_such(tmp_path, tiny, db):
    drill = resolve(tiny, DrillFile(count=3, seed=9, time_limit=10))
    clock, wall = Clock(), Wall()
    with open_store(db) as store:
        game, files = start(tiny, store, drill, tmp_path, clock, wall)
        game.begin_question()
        clock.now += 12  # the answer comes 2 s too late: still a time-out
        late = game.answer("anything")
        game.begin_question()
        clock.now += 10
        expired = game.time_out()
        assert late.timed_out and late.points == 0 and not late.grade.correct
        assert expired.timed_out and expired.seconds == 10
        saved = store.answers("ana")
    assert [(a.given, a.correct, a.points) for a in saved] == [(None, False, 0), (None, False, 0)]
    results = read_results(files.json_path)
    assert [(a.timed_out, a.points, a.seconds, a.answer) for a in results.answers] == [
        (True, 0, 12.0, "(time ran out)"),
        (True, 0, 10.0, "(time ran out)"),
    ]
    assert results.finished is None


def test_quitting_and_resuming_does_not_restart_the_clock(tmp_path, tiny, db):
    drill = resolve(tiny, DrillFile(count=3, seed=9, time_limit=30))
    clock, wall = Clock(), Wall()
    with open_store(db) as store:
        game, _ = start(tiny, store, drill, tmp_path, clock, wall)
        game.begin_question()  # shown at 9:00:00, then the student closes the terminal
        wall.wait(20)
        again, _ = start(tiny, store, drill, tmp_path, Clock(), wall)
        assert again.round_id == game.round_id and again.round.position == 0
        again.begin_question()
        assert again.round.time_left() == pytest.approx(10)
        wall.wait(60)
        late, _ = start(tiny, store, drill, tmp_path, Clock(), wall)
        late.begin_question()
        assert late.round.time_left() == 0  # its time ran out while away: the front end times it out


def test_a_finished_drill_is_not_retaken_silently(tmp_path, tiny, db):
    drill = resolve(tiny, DrillFile(count=1, seed=9))
    with open_store(db) as store:
        game, files = start(tiny, store, drill, tmp_path, Clock(), Wall())
        game.begin_question()
        game.answer("12" if game.round.current.kind == "number" else 0)
        assert game.round.finished
        attempt = next_attempt(store, drill, "ana")
        assert attempt.blocked is not None and attempt.blocked.id == game.round_id
        retake = next_attempt(store, drill, "ana", retake=True)
        assert retake.blocked is None and retake.number == 2
    assert read_results(files.json_path).finished is not None


# ---------------------------------------------------------------------------- results files


def test_results_files_never_overwrite_what_is_not_ours(tmp_path, tiny):
    drill = resolve(tiny, DrillFile(count=3, seed=9))
    code = encode_code(drill, tiny)
    mine = ResultsFiles.choose(tmp_path / "r", drill, code, "ana", 1)
    notes = tmp_path / "r.csv"
    notes.write_text("my grocery list\n")
    with pytest.raises(ResultsFileError, match="left untouched"):
        mine.check()
    assert notes.read_text() == "my grocery list\n"
    notes.unlink()
    with Store.open(tmp_path / "q.db") as store:
        game, bea = start(tiny, store, drill, tmp_path, Clock(), Wall(), student="bea")
    assert bea.json_path.exists()
    theirs = ResultsFiles(bea.json_path, bea.csv_path, drill.fingerprint, "ana")
    with pytest.raises(ResultsFileError, match="not ana's results"):
        theirs.check()
    ResultsFiles(bea.json_path, bea.csv_path, drill.fingerprint, "bea").check()  # their own: fine


def test_reading_something_else_as_results_is_a_located_error(tmp_path):
    broken = write(tmp_path, '{"format": "quiz-drill-results",\n "version": 1,\n "drill": [}', "broken.json")
    with pytest.raises(ResultsFileError, match=r"broken\.json:3:\d+: error: not a quiz results file"):
        read_results(broken)
    other = write(tmp_path, '{"some": "thing"}', "other.json")
    with pytest.raises(ResultsFileError, match=r"other\.json:1:1: error: not a quiz results file"):
        read_results(other)
    result = run_quiz("report", str(broken), str(other))
    assert result.returncode == 1
    assert result.stderr.count(": error: ") == 2 and "Traceback" not in result.stderr


def test_default_results_names(tmp_path, tiny):
    drill = resolve(tiny, DrillFile(count=3, seed=9))
    files = ResultsFiles.choose(None, drill, "ABCD-EF", "Ana María / 3B", 2)
    assert re.fullmatch(r"drill-ABCD-EF-Ana-María-3B-[0-9a-f]{6}-2\.json", str(files.json_path))
    assert ResultsFiles.choose(None, drill, "ABCD-EF", "ana", 1).json_path == Path("drill-ABCD-EF-ana.json")
    given = ResultsFiles.choose(tmp_path / "week3.csv", drill, "ABCD-EF", "ana", 1)
    assert (given.json_path, given.csv_path) == (tmp_path / "week3.json", tmp_path / "week3.csv")
    assert json.dumps(str(given.json_path))


def test_the_readme_drill_file_example_is_a_valid_drill(tmp_path, shipped):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- drill-example -->\n```yaml\n", 1)[1].split("```", 1)[0]
    drill = load_drill_file(write(tmp_path, block), shipped)
    assert drill.settings.banks == ("nyt-2016",) and drill.settings.time_limit == 30
    assert drill.title == "Week 3: El Chapo and Mexico"
    assert len(draw_items(shipped, drill.settings)) == 10


def test_command_line_usage_errors(tmp_path):
    path = write(tmp_path, "banks: [nyt-2016]\n")
    both = run_quiz("drill", str(path), "--count", "3", "--code")
    assert both.returncode == 2 and "not both" in both.stderr
    plain = run_quiz("drill", str(path), "--plain")
    assert plain.returncode == 2 and "--student NAME" in plain.stderr
    speed = run_quiz("drill", "--speed-points", "--code")
    assert speed.returncode == 2 and "speed points need a time limit" in speed.stderr
    bank = run_quiz("drill", "--bank", "nope", "--code")
    assert bank.returncode == 2 and "no bank with id 'nope'" in bank.stderr
    typo = run_quiz("drill", "--code", "ZZZZ-ZZZZ-ZZ", "--student", "ana", "--plain", "--db", str(tmp_path / "q.db"))
    assert typo.returncode == 1 and "mistyped" in typo.stderr and "Traceback" not in typo.stderr
    # `--code FILE` prints that file's code, as `FILE --code` does
    assert run_quiz("drill", "--code", str(path)).stdout == run_quiz("drill", str(path), "--code").stdout


def test_plain_drill_with_feedback_at_the_end_and_resume(tmp_path, tiny):
    drill = resolve(tiny, DrillFile(count=3, seed=9, feedback="end"))
    code = encode_code(drill, tiny)
    args = [
        "drill",
        "--code",
        code,
        "--student",
        "ana",
        "--plain",
        "--from",
        str(DATA / "good"),
        "--db",
        str(tmp_path / "q.db"),
        "--out",
        str(tmp_path / "ana"),
    ]
    items = draw_items(tiny, drill.settings)
    first = run_quiz(*args, stdin="12\n" if items[0].kind == "number" else "1\n")
    assert first.returncode == 0, first.stderr
    assert "Saved." in first.stdout and "Right" not in first.stdout and "score" not in first.stdout
    assert "Resume with: quiz drill --code" in first.stdout
    rest = run_quiz(*args, stdin="1\n1\n1\n")
    assert rest.returncode == 0, rest.stderr
    assert "Resuming: 1 of 3 answered." in rest.stdout
    assert rest.stdout.index("Your answers:") < rest.stdout.index("Question 1: ")  # all the feedback at the end
    assert "Drill over:" in rest.stdout and "Drill finished. Results:" in rest.stdout
    results = read_results(tmp_path / "ana.json")
    assert [a.position for a in results.answers] == [1, 2, 3] and results.finished
    again = run_quiz(*args, stdin="")
    assert again.returncode == 1 and "already finished this drill" in again.stderr and "--retake" in again.stderr
    retake = run_quiz(*args, "--retake", stdin="")
    assert retake.returncode == 0 and "attempt 2" in retake.stdout
