"""The class report: Moodle's item statistics checked against hand computations, the most
chosen wrong answer, the paragraphs the class missed, and two students run as two processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from testdata import DATA, run_quiz

from quiz.core.model import choice_is_correct
from quiz.library.loader import load_library
from quiz.play.drill.code import encode_code
from quiz.play.drill.definition import RESULTS_FORMAT, DrillFile, draw_items, resolve
from quiz.play.drill.results import (
    DrillInfo,
    ResultAnswer,
    ResultArticle,
    ResultChoice,
    ResultQuestion,
    ResultQuote,
    Results,
    ResultSettings,
)
from quiz.reports.class_report import DifferentDrills, build, discrimination_index

# ---------------------------------------------------------------------------- a worked example

Q = [
    ResultQuestion("q1", "b", "truefalse", "First?", 1, 100, "True", [ResultQuote("art", [1], "the first paragraph")]),
    ResultQuestion(
        "q2",
        "b",
        "choice",
        "Second?",
        1,
        100,
        "Right",
        [ResultQuote("art", [2], "the second paragraph")],
        [
            ResultChoice("Right", True),
            ResultChoice("Near miss", False, "It says nearly, not quite."),
            ResultChoice("The mayor", False, "The mayor only announced it."),
        ],
    ),
    ResultQuestion("q3", "b", "text", "Third?", 2, 200, "Ruiz", [ResultQuote("art", [2], "the second paragraph")]),
    ResultQuestion("q4", "b", "truefalse", "Fourth?", 1, 100, "True", [ResultQuote("art", [3], "the third paragraph")]),
]
INFO = DrillInfo(
    "fp-worked",
    "TEST-CODE",
    "Worked example",
    "content",
    ResultSettings(["b"], [], [], 4, 1, None, "each", False, False),  # no streak: points = marks × credit
    [ResultArticle("art", "An Article", "The Gazette", "2024-05-01")],
    Q,
)


def attempt(student: str, credits: list[float], given: list, finished: bool = True, info=INFO) -> Results:
    answers = [
        ResultAnswer(n, q.id, g, str(g), c == 1, c, int(c * q.marks), 10.0, False, "2026-01-01T09:00:00+00:00")
        for n, (q, c, g) in enumerate(zip(Q, credits, given), 1)
    ]
    return Results(
        RESULTS_FORMAT,
        1,
        info,
        student,
        1,
        "2026-01-01T09:00:00+00:00",
        "2026-01-01T09:10:00+00:00" if finished else None,
        sum(a.points for a in answers),
        500,
        sum(a.correct for a in answers),
        answers,
    )


CLASS = [
    ("s1.json", attempt("S1", [1, 1, 1, 1], [True, 0, "Ruiz", True])),
    ("s2.json", attempt("S2", [1, 1, 0, 1], [True, 0, "Ana", True])),
    ("s3.json", attempt("S3", [1, 0, 0, 1], [True, 2, "ana", True])),
    ("s4.json", attempt("S4", [0, 0, 1, 1], [False, 2, "Ruiz", True])),
    ("s5.json", attempt("S5", [0, 0], [False, 1], finished=False)),  # stopped after two answers
]


def test_facility_and_discrimination_agree_with_a_hand_computation():
    """Marks (question worth 100 per difficulty level, times the credit) of the four finished attempts:

            q1   q2   q3   q4   total
        S1  100  100  200  100   500
        S2  100  100    0  100   300
        S3  100    0    0  100   200
        S4    0    0  200  100   300

    Facility = mean mark / max mark: q1 3/4 = 75%, q2 2/4 = 50%, q3 2/4 = 50%, q4 4/4 = 100%.

    Discrimination index = 100 · Σdx·dr / √(Σdx² · Σdr²), x the item's marks, r = total − x
    (the n−1 of covariance and variances cancel). q4 adds 100 to everyone, which shifts every
    rest score by a constant and so changes no correlation.

    q1: x = 100 100 100 0 (mean 75), r = 400 200 100 300 (mean 250)
        dx = 25 25 25 −75, dr = 150 −50 −150 50
        Σdx·dr = 3750 − 1250 − 3750 − 3750 = −5000; Σdx² = 7500; Σdr² = 50000
        DI = −500000 / √375000000 = −25.82  → discriminates negatively: flagged
    q2: x = 100 100 0 0 (mean 50), r = 400 200 200 300 (mean 275)
        dx = 50 50 −50 −50, dr = 125 −75 −75 25
        Σdx·dr = 6250 − 3750 + 3750 − 1250 = 5000; Σdx² = 10000; Σdr² = 27500
        DI = 500000 / √275000000 = +30.15
    q3: x = 200 0 0 200 (mean 100), r = 300 300 200 100 (mean 225)
        dx = 100 −100 −100 100, dr = 75 75 −25 −125
        Σdx·dr = 7500 − 7500 + 2500 − 12500 = −10000; Σdx² = 40000; Σdr² = 27500
        DI = −1000000 / √1100000000 = −30.15  → flagged
    q4: everyone right: its variance is 0, so no index (Moodle shows none); 100% → too easy.

    S5 stopped after two answers: listed per student, left out of facility and discrimination.
    """
    report = build(CLASS)
    by_id = {q.id: q for q in report.questions}
    assert {k: by_id[k].facility for k in by_id} == {"q1": 0.75, "q2": 0.5, "q3": 0.5, "q4": 1.0}
    assert by_id["q1"].discrimination == pytest.approx(-25.82, abs=0.005)
    assert by_id["q2"].discrimination == pytest.approx(30.15, abs=0.005)
    assert by_id["q3"].discrimination == pytest.approx(-30.15, abs=0.005)
    assert by_id["q4"].discrimination is None
    assert by_id["q1"].flags == ("negative discrimination",)
    assert by_id["q2"].flags == ()
    assert by_id["q3"].flags == ("negative discrimination",)
    assert by_id["q4"].flags == ("too easy",)
    assert all(q.finished_answers == 4 for q in report.questions)
    assert [(s.student, s.right, s.finished) for s in report.students] == [
        ("S1", 4, True),
        ("S2", 3, True),
        ("S3", 2, True),
        ("S4", 2, True),
        ("S5", 0, False),
    ]
    assert any("1 unfinished attempt" in note for note in report.notes)


def test_discrimination_index_is_the_item_rest_correlation():
    assert discrimination_index([1, 0], [5, 3]) == pytest.approx(100)
    assert discrimination_index([1, 0], [3, 5]) == pytest.approx(-100)
    assert discrimination_index([1, 1, 1], [1, 2, 3]) is None  # no variance: no index
    assert discrimination_index([1], [2]) is None


def test_most_chosen_wrong_answer_comes_with_its_why_not():
    report = build(CLASS)
    q2 = next(q for q in report.questions if q.id == "q2")
    # S3 and S4 picked "The mayor" (choice 2), S5 "Near miss": unfinished attempts count here
    assert (q2.wrong_answer, q2.wrong_count, q2.why_not) == ("The mayor", 2, "The mayor only announced it.")
    q3 = next(q for q in report.questions if q.id == "q3")
    assert (q3.wrong_answer, q3.wrong_count) == ("Ana", 2)  # "Ana" and "ana" are the same typed answer


def test_paragraphs_the_class_missed_most_come_first():
    report = build(CLASS)
    # paragraph 2 is quoted by q2 and q3: 4 + 4 answers from the finished, 1 from S5 → 9, of which
    # q2: S3, S4, S5 missed; q3: S2, S3 missed → 5
    first = report.paragraphs[0]
    assert (first.paragraph, first.asked, first.missed) == (2, 9, 5)
    assert first.questions == ("q2", "q3") and first.cite == "The Gazette, 1 May 2024, paragraph 2"
    assert [(p.paragraph, p.asked, p.missed) for p in report.paragraphs[1:]] == [(1, 5, 2), (3, 4, 0)]


def test_results_of_different_drills_are_refused_together():
    other = DrillInfo("fp-other", "OTHR-CODE", None, "content", INFO.settings, INFO.articles, Q)
    with pytest.raises(DifferentDrills, match="2 different drills"):
        build([CLASS[0], ("x.json", attempt("X", [1, 1, 1, 1], [True, 0, "Ruiz", True], info=other))])


def test_each_student_counts_once_with_their_first_attempt():
    again = attempt("S4", [1, 1, 1, 1], [True, 0, "Ruiz", True])
    second = Results(**{**{f: getattr(again, f) for f in again.__struct_fields__}, "attempt": 2})
    report = build([*CLASS, ("s4-2.json", second)])
    assert next(s for s in report.students if s.student == "S4").right == 2
    assert any("attempt 2 left out" in n for n in report.notes)


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "html"])
def test_every_format_says_the_same(tmp_path, fmt):
    paths = []
    for name, results in CLASS:
        path = tmp_path / name
        import msgspec

        path.write_bytes(msgspec.json.encode(results))
        paths.append(str(path))
    result = run_quiz("report", *paths, "--format", fmt)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    if fmt == "json":
        data = json.loads(out)
        assert [q["discrimination"] for q in data["questions"]] == [-25.82, 30.15, -30.15, None]
    elif fmt == "csv":
        assert ",-25.82," in out and ",30.15," in out and ",-30.15," in out
    else:
        assert "-26%" in out and "+30%" in out and "-30%" in out
        assert "The mayor" in out and "The mayor only announced it." in out
    if fmt == "html":
        assert "<script" not in out and out.startswith("<!doctype html>")


# ---------------------------------------------------------------------------- two students, two processes

SEED = 9


def right_answer_line(item) -> str:
    q = item.question
    if item.kind == "choice":
        return str(next(n for n, i in enumerate(item.order, 1) if choice_is_correct(q.choices[i])))
    return "12" if item.kind == "number" else "who would pay"


def wrong_answer_line(item) -> str:
    q = item.question
    if item.kind == "choice":
        return str(next(n for n, i in enumerate(item.order, 1) if not choice_is_correct(q.choices[i])))
    return "13" if item.kind == "number" else "the mayor"


def test_two_students_in_two_processes_get_the_same_drill_and_the_report_agrees(tmp_path, db):
    """Ana answers all three right; Ben only the number question (tiny-libraries).

    Marks (each question worth 100):   libraries  librarian  cost   total
                                   Ana      100        100     100    300
                                   Ben      100          0       0    100
    Facility: libraries 2/2 = 100% (too easy), librarian 1/2 = 50%, cost 1/2 = 50%.
    Discrimination: libraries has no variance → none. librarian: x = 100 0 (mean 50),
    rest = 200 100 (mean 150), Σdx·dr = 50·50 + (−50)(−50) = 5000, Σdx² = 5000, Σdr² = 5000,
    DI = 100 · 5000 / √(5000 · 5000) = +100; cost the same, +100. Paragraph 1 (libraries):
    missed 0 of 2; paragraph 2 (librarian): 1 of 2; paragraph 3 (cost): 1 of 2.
    """
    library = load_library([DATA / "good"])
    drill = resolve(library, DrillFile(count=3, seed=SEED))
    code = run_quiz("drill", "--from", str(DATA / "good"), "--count", "3", "--seed", str(SEED), "--code")
    assert code.returncode == 0, code.stderr
    code = code.stdout.splitlines()[0]
    assert code == encode_code(drill, library)
    items = draw_items(library, drill.settings)
    answers = {
        "Ana": [right_answer_line(i) for i in items],
        "Ben": [right_answer_line(i) if i.question.id == "tiny-libraries" else wrong_answer_line(i) for i in items],
    }
    # one database for both, as in a served classroom: a file, then a school's PostgreSQL
    procs = {
        name: subprocess.Popen(
            [
                sys.executable,
                "-m",
                "quiz",
                "drill",
                "--code",
                code,
                "--student",
                name,
                "--plain",
                "--from",
                str(DATA / "good"),
                "--db",
                str(db),
                "--out",
                str(tmp_path / name),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        for name in answers
    }
    outs = {}
    for name, proc in procs.items():
        out, err = proc.communicate("\n".join(answers[name]) + "\n", timeout=120)
        assert proc.returncode == 0, err
        outs[name] = out

    def asked(out: str) -> list[str]:
        """Each question as printed: its header (up to the score, which differs), prompt and
        options in their order, up to the line saying how to answer."""
        questions, current = [], None
        for line in out.splitlines():
            if line.startswith("Question "):
                current = [line.split(" · score")[0]]
            elif current is not None:
                current.append(line)
                if line.startswith("["):
                    questions.append("\n".join(current))
                    current = None
        return questions

    assert asked(outs["Ana"]) == asked(outs["Ben"]) and len(asked(outs["Ana"])) == 3
    assert [line.split("\n")[1] for line in asked(outs["Ana"])] == [i.question.prompt for i in items]

    ana = json.loads((tmp_path / "Ana.json").read_text())
    ben = json.loads((tmp_path / "Ben.json").read_text())
    assert ana["drill"]["fingerprint"] == ben["drill"]["fingerprint"] == drill.fingerprint
    assert (
        [a["question"] for a in ana["answers"]]
        == [a["question"] for a in ben["answers"]]
        == [i.question.id for i in items]
    )
    assert [a["correct"] for a in ana["answers"]] == [True, True, True]
    assert {a["question"]: a["correct"] for a in ben["answers"]} == {
        "tiny-libraries": True,
        "tiny-librarian": False,
        "tiny-cost": False,
    }
    for results in (ana, ben):
        assert results["finished"] and results["started"] <= results["finished"]
        assert all(set(a) >= {"question", "given", "correct", "points", "seconds"} for a in results["answers"])
    csv_lines = (tmp_path / "Ben.csv").read_text().splitlines()
    assert csv_lines[0].startswith("drill,code,student,") and len(csv_lines) == 4

    report = run_quiz("report", str(tmp_path / "Ana.json"), str(tmp_path / "Ben.json"), "--format", "json")
    assert report.returncode == 0, report.stderr
    data = json.loads(report.stdout)
    stats = {q["id"]: (q["facility"], q["discrimination"], q["flags"]) for q in data["questions"]}
    assert stats == {
        "tiny-libraries": (1.0, None, ["too easy"]),
        "tiny-librarian": (0.5, 100.0, []),
        "tiny-cost": (0.5, 100.0, []),
    }
    assert {p["paragraph"]: (p["missed"], p["asked"]) for p in data["paragraphs"]} == {1: (0, 2), 2: (1, 2), 3: (1, 2)}
    # the same report from the shared database
    from_db = run_quiz("report", "--code", code, "--from", str(DATA / "good"), "--db", str(db), "--format", "json")
    assert from_db.returncode == 0, from_db.stderr
    assert json.loads(from_db.stdout)["questions"] == data["questions"]
