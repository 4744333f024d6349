"""The quality warnings of `quiz check`: each one found, located path:line:col with a hint,
and none on a bank that doesn't deserve it."""

from __future__ import annotations

import shutil

import pytest
from testdata import DATA, run_quiz

from quiz.library.lint import lint
from quiz.library.loader import load_library

ARTICLE = DATA / "good" / "articles" / "tiny.yaml"
# The tiny article: 1 the plan (12 libraries by 2026); 2 Ana Ruiz, the city librarian;
# 3 critics, $40m, who would pay.

GOOD = """\
  - id: {id}
    type: choice
    prompt: "{prompt}"
    choices:
      - {{text: "The city librarian", correct: true}}
      - text: "The mayor"
        why_not: "The mayor announced the plan; Ruiz praised it."
        why_not_quote: "The mayor’s plan, announced on Monday"
    explanation: "She runs the city's libraries, so her praise carries weight."
    quotes: ["said Ana Ruiz, the city librarian"]
    difficulty: 2
"""


def bank(tmp_path, questions: str, name: str = "b", bank_id: str | None = None):
    """A bank file from the tiny article, beside its own copy of the article."""
    (tmp_path / "articles").mkdir(exist_ok=True)
    shutil.copy(ARTICLE, tmp_path / "articles" / "tiny.yaml")
    path = tmp_path / f"{name}.yaml"
    path.write_text(
        f'id: {bank_id or name}\ntitle: "T"\narticles: [tiny-article]\nquestions:\n' + questions, encoding="utf-8"
    )
    return path


def warnings_of(*paths):
    library = load_library(list(paths))
    assert not library.errors, library.errors
    return [d for d in lint(library) if "is quoted by no question" not in d.message]


def test_a_good_question_gets_no_warning(tmp_path):
    path = bank(tmp_path, GOOD.format(id="q1", prompt="Who is Ana Ruiz?"))
    assert warnings_of(path) == []


def test_position_and_length_bias(tmp_path):
    questions = "".join(
        f"""\
  - id: q{n}
    type: choice
    prompt: "Question number {n} about the library plan and its cost?"
    choices:
      - {{text: "A much longer right answer than the others {n}", correct: true}}
      - "Short {n}"
      - "Brief {n}"
    explanation: "Because the article says so, in these very words here."
    quotes: ["would open 12 new libraries by 2026"]
    difficulty: 1
"""
        for n in range(6)
    )
    path = bank(tmp_path, questions)
    found = {d.message: d for d in warnings_of(path)}
    position = found["the right answer is choice 1 in 6 of 6 choice questions"]
    longest = found["the right answer is the longest choice in 6 of 6 choice questions"]
    assert (position.line, position.col) == (4, 1) and position.hint
    assert longest.hint == "make distractors as long as the answer"


def test_near_duplicate_prompts_across_banks_even_with_an_extra_rare_word(tmp_path):
    first = bank(tmp_path, GOOD.format(id="q1", prompt="Who replaced Murillo Karam as attorney general?"), "a")
    second = bank(tmp_path, GOOD.format(id="q2", prompt="Who replaced Jesús Murillo Karam as attorney general?"), "b")
    (dup,) = [d for d in warnings_of(first, second) if "nearly repeats" in d.message]
    assert dup.path == str(second) and (dup.line, dup.col) == (7, 5)
    assert f"question 'q1' ({first}:7:5)" in dup.message and dup.hint


def test_distractor_that_reads_the_same_as_the_answer_or_another_choice(tmp_path):
    path = bank(
        tmp_path,
        """\
  - id: q1
    type: multi
    prompt: "Which of these does the article say?"
    choices:
      - {text: "The city librarian praised it", correct: true}
      - "the city librarian praised it."
      - "The plan was cancelled"
      - "The plan was cancelled!"
      - "The plán was cancelled"
    explanation: "Ana Ruiz, who runs the libraries, welcomed the plan."
    quotes: ["said Ana Ruiz, the city librarian"]
    difficulty: 1
""",
    )
    found = [d for d in warnings_of(path) if "reads the same" in d.message]
    assert [(d.line, d.message) for d in found] == [
        (10, "choice 2 reads the same as the right answer"),
        (12, "choice 4 reads the same as choice 3"),
        (13, "choice 5 reads the same as choice 3"),
    ]
    assert all(d.hint for d in found)


def test_numbers_that_differ_are_not_the_same_choice(tmp_path):
    path = bank(
        tmp_path,
        """\
  - id: q1
    type: choice
    prompt: "By when would the libraries open?"
    choices: [{text: "By 2026", correct: true}, "By 2028", "By 2062"]
    explanation: "The mayor set a two-year horizon for the new branches."
    quotes: ["would open 12 new libraries by 2026"]
    difficulty: 1
""",
    )
    assert not [d for d in warnings_of(path) if "reads the same" in d.message]


@pytest.mark.parametrize(
    "explanation, message",
    [
        ("   ", "explanation is missing"),
        ("Ruiz praised it.", "explanation is too short"),
        ("said Ana Ruiz, the city librarian", "explanation copies the quote"),
        ("The article says: “said Ana Ruiz, the city librarian”.", "explanation copies the quote"),
    ],
)
def test_explanation_missing_short_or_copied(tmp_path, explanation, message):
    path = bank(
        tmp_path,
        GOOD.format(id="q1", prompt="Who is Ana Ruiz?").replace(
            "She runs the city's libraries, so her praise carries weight.", explanation
        ),
    )
    (found,) = [d for d in warnings_of(path) if "explanation" in d.message]
    assert found.message == message and (found.line, found.col) == (13, 5) and found.hint


def test_quote_sharing_no_key_word_with_the_answer(tmp_path):
    path = bank(
        tmp_path,
        GOOD.format(id="q1", prompt="Who is Ana Ruiz?").replace(
            'quotes: ["said Ana Ruiz, the city librarian"]', 'quotes: ["asked who would pay"]'
        ),
    )
    (found,) = warnings_of(path)
    assert found.message == "quote shares no key word with the answer" and (found.line, found.col) == (14, 14)


@pytest.mark.parametrize("kind", ["choice", "multi"])
def test_difficulty_2_without_why_not(tmp_path, kind):
    questions = f"""\
  - id: q1
    type: {kind}
    prompt: "Who praised the plan?"
    choices: [{{text: "The city librarian", correct: true}}, "The mayor"]
    explanation: "She runs the city's libraries, so her praise carries weight."
    quotes: ["said Ana Ruiz, the city librarian"]
    difficulty: 2
"""
    path = bank(tmp_path, questions)
    (found,) = warnings_of(path)
    choices_line = path.read_text().splitlines()[7]
    assert "has no 'why_not'" in found.message and found.hint
    assert (found.line, found.col) == (8, choices_line.index('"The mayor"') + 1)
    easy = bank(tmp_path, questions.replace("difficulty: 2", "difficulty: 1").replace("q1", "q2"), "easy")
    assert warnings_of(easy) == []


def test_unused_paragraph_is_located_in_the_article(tmp_path):
    path = bank(tmp_path, GOOD.format(id="q1", prompt="Who is Ana Ruiz?"))
    library = load_library([path])
    unused = [d for d in lint(library) if "is quoted by no question" in d.message]
    assert [(d.path, d.line, d.col, d.message) for d in unused] == [
        (str(tmp_path / "articles" / "tiny.yaml"), 6, 5, "paragraph 1 is quoted by no question"),
        (str(tmp_path / "articles" / "tiny.yaml"), 8, 5, "paragraph 3 is quoted by no question"),
    ]


def test_todo_left_and_an_empty_bank(tmp_path):
    path = bank(tmp_path, GOOD.format(id="q1", prompt="TODO: ask something"))
    (found,) = warnings_of(path)
    assert found.message == "'TODO' left in the prompt" and (found.line, found.col) == (7, 5)
    empty = bank(tmp_path, "", "empty")
    (found,) = warnings_of(empty)
    assert found.message == "the bank has no questions yet" and found.line == 4


def test_strict_makes_warnings_fail_and_the_shipped_banks_pass_it(tmp_path):
    path = bank(tmp_path, GOOD.format(id="q1", prompt="TODO: ask something"))
    loose = run_quiz("check", str(path))
    strict = run_quiz("check", "--strict", str(path))
    assert loose.returncode == 0 and strict.returncode == 1
    assert f"{path}:7:5: error: 'TODO' left in the prompt (hint: " in strict.stdout
    shipped = run_quiz("check", "--strict")
    assert shipped.returncode == 0, shipped.stdout
    assert shipped.stdout.splitlines()[-1].endswith("0 errors, 0 warnings")
