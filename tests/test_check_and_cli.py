"""Issue 16, for authors and at the command line: `quiz check`'s lines and summary say what
is true of the banks checked, a schema error doesn't hide the same question's rule errors,
and the commands agree on their options (--format, did you mean)."""

from __future__ import annotations

import argparse
import json

from test_lint import GOOD, bank
from testdata import run_quiz

from quiz.library.loader import load_library

TWO_RIGHT = """\
  - id: q2
    type: choice
    prompt: "Who is Ana Ruiz?"
    choices:
      - {text: "The city librarian", correct: true}
      - {text: "A librarian", correct: true}
      - "The mayor"
    explanation: "She runs the city's libraries, so her praise carries weight."
    quotes: ["said Ana Ruiz, the city librarian"]
    difficulty: 1
"""


def test_strict_never_says_ok_for_a_bank_it_fails(tmp_path):
    path = bank(tmp_path, GOOD.format(id="q1", prompt="TODO: ask something"))
    strict = run_quiz("check", "--strict", str(path))
    assert strict.returncode == 1
    assert f"ok: {path}" not in strict.stdout
    assert f"failed: {path}: bank 'b'" in strict.stdout
    assert "(0 questions in 0 valid)" in strict.stdout.splitlines()[-1]
    loose = run_quiz("check", str(path))
    assert loose.returncode == 0 and f"ok: {path}: bank 'b'" in loose.stdout


def test_the_summary_counts_the_authors_articles_not_the_shipped_ones(tmp_path):
    path = bank(tmp_path, GOOD.format(id="q1", prompt="Who is Ana Ruiz?"))
    result = run_quiz("check", str(tmp_path))
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("checked 1 bank file (1 question in 1 valid) against 1 article:")
    shipped = run_quiz("check", "-q")
    assert " against 2 articles:" in shipped.stdout.splitlines()[-1]
    assert path


def test_two_correct_choices_get_their_own_hint_at_the_second(tmp_path):
    path = bank(tmp_path, TWO_RIGHT)
    (found,) = load_library([path]).errors
    assert (found.line, found.col) == (10, 31)  # the second "correct: true"
    assert "found 2" in found.message and "type: multi" in (found.hint or "")
    none_right = bank(tmp_path, TWO_RIGHT.replace("correct: true", "correct: false"), name="c")
    (found,) = load_library([none_right]).errors
    assert "found 0" in found.message and "mark the right answer" in (found.hint or "")


def test_a_schema_error_does_not_hide_the_same_questions_rule_errors(tmp_path):
    broken = (
        TWO_RIGHT.replace("    difficulty: 1\n", "    difficulty: 5\n")
        .replace("    explanation:", "    explaination:")
        .replace('quotes: ["said Ana Ruiz, the city librarian"]', 'quotes: ["said Ana Ruiz, the town librarian"]')
    )
    path = bank(tmp_path, broken)
    found = {(d.line, d.message.split(" (")[0].split(";")[0]) for d in load_library([path]).errors}
    assert (10, "a choice question needs exactly one correct choice, found 2") in found  # the rule
    assert any("explaination" in m for _, m in found)  # the schema's
    assert any(m.startswith("difficulty") for _, m in found)
    assert any(m.startswith("quote not found") for _, m in found)  # and the quote


def test_a_misspelt_key_inside_choices_reports_no_rule_error_of_its_own(tmp_path):
    misspelt = TWO_RIGHT.replace('{text: "A librarian", correct: true}', '"A librarian"').replace(
        '{text: "The city librarian", correct: true}', '{text: "The city librarian", corect: true}'
    )
    errors = load_library([bank(tmp_path, misspelt)]).errors
    assert [e.message.split(" ")[:4] for e in errors] == [["object", "contains", "unknown", "field"]]


def test_list_takes_format_json_and_keeps_json_as_an_alias():
    by_format = run_quiz("list", "--format", "json")
    alias = run_quiz("list", "--json")
    assert by_format.returncode == alias.returncode == 0
    assert json.loads(by_format.stdout) == json.loads(alias.stdout)
    assert len(json.loads(by_format.stdout)["banks"]) == 3


def test_every_format_option_says_what_it_does():
    from quiz.cli import build_parser

    seen = []
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in commands.choices.items():
        for action in sub._actions:
            if "--format" in action.option_strings:
                seen.append(name)
                assert action.help, f"quiz {name} --format has no help text"
    assert {"list", "export", "history", "review", "report", "coverage"} <= set(seen)


def test_an_unknown_tag_gets_did_you_mean(tmp_path):
    played = run_quiz("play", "--plain", "--tag", "politcs", "--db", str(tmp_path / "q.db"))
    assert played.returncode == 2 and "did you mean 'policy'?" in played.stderr
    drilled = run_quiz("drill", "--plain", "--tag", "politcs", "--student", "ana", "--db", str(tmp_path / "q.db"))
    assert drilled.returncode == 2 and "did you mean 'policy'?" in drilled.stderr
    nothing_close = run_quiz("play", "--plain", "--tag", "zzzz", "--db", str(tmp_path / "q.db"))
    assert nothing_close.returncode == 2 and "no question has the tag 'zzzz'" in nothing_close.stderr
