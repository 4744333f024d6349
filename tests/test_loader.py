"""The strict, safe loader: every bad input gets exit 1 and a located message, never a
traceback; good input loads with every quote placed."""

from __future__ import annotations

import re

import pytest
from testdata import DATA, run_quiz

from quiz.core.kinds.number import NumberQuestion
from quiz.core.kinds.text import TextQuestion
from quiz.library.loader import load_library

BAD = DATA / "bad"

# fixture file -> (line:col, a fragment of the message)
LOCATED = {
    "python_tag.yaml": ("5:5", "YAML tags (!!python/object/apply:os.system) are not allowed"),
    "alias.yaml": ("11:17", "anchors (&d) are not allowed"),
    "billion_laughs.yaml": ("1:4", "anchors (&a) are not allowed"),
    "duplicate_key.yaml": ("12:5", "duplicate key 'prompt' (first at line 7)"),
    "unknown_key.yaml": ("9:5", "unknown field `explaination` (hint: did you mean 'explanation'?)"),
    "yaml11_bool.yaml": ("8:13", "answer: expected `bool`, got `str` (hint: write true or false"),
    "number_as_time.yaml": ("8:13", "answer: expected `float`, got `str` (hint: write a plain number"),
    "not_utf8.yaml": ("5:12", "not UTF-8 text (byte 0xe9)"),
    "control_char.yaml": ("6:18", "control character U+0007"),
    "two_documents.yaml": ("12:1", "more than one YAML document"),
    "empty.yaml": ("1:1", "the file is empty"),
    "comments_only.yaml": ("1:1", "the file is empty"),
    "top_scalar.yaml": ("1:1", "a bank must be a mapping (id, title, articles, questions), not a single value"),
    "top_list.yaml": ("1:1", "a bank must be a mapping (id, title, articles, questions), not a list"),
    "syntax_error.yaml": ("5:9", "the [ opened here is never closed (hint: close it with ]"),
    "unknown_type.yaml": ("6:11", "type: invalid value 'essay' (hint: type is one of: choice, multi"),
    "missing_field.yaml": ("5:5", "missing required field `explanation`"),
    "quote_near_miss.yaml": ("10:14", 'closest passage (paragraph 1): "would open 12 new libraries by"'),
}


@pytest.mark.parametrize("name", sorted(LOCATED))
def test_bad_input_is_located_with_exit_1(name):
    where, fragment = LOCATED[name]
    path = BAD / name
    result = run_quiz("check", "-q", str(path), env={"SENTINEL": str(BAD / "ran")})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    expected = f"{path}:{where}: error: "
    lines = [line for line in result.stdout.splitlines() if line.startswith(expected)]
    assert lines and fragment in lines[0], result.stdout


# Issue 16: YAML syntax errors say what to change, as every other message of `quiz check` does.
# (bank text, line:col, our hint) -- never libyaml's words, which change between versions.
BANK_HEAD = 'id: b\ntitle: "T"\narticles: [tiny-article]\nquestions:\n  - id: x\n    type: text\n'
SYNTAX = {
    "indented more": (BANK_HEAD + '    prompt: "P"\n      answer: "A"\n', "8:7", "line 8 is indented more than the line above"),
    "indented less": (BANK_HEAD + '    prompt: "P"\n   answer: "A"\n', "8:4", "line 8 is indented less than the line above"),
    "list item": (BANK_HEAD + '    quotes:\n      - "a"\n     - "b"\n', "9:6", "does not line up with the '-' on line 8"),
    "no dash": (BANK_HEAD + '  id: y\n', "7:3", "line 7 lines up with the list's '-' but has none"),
    "quote inside": (BANK_HEAD + '    prompt: "He said "no" today"\n', "7:23", 'a " inside the value is written \\"'),
    "apostrophe": (BANK_HEAD + "    prompt: 'it's here'\n", "7:17", "a ' inside the value is written ''"),
    "no space": (BANK_HEAD + '    prompt:"P"\n    answer: A\n', "7:12", "write a space after it"),
    "at sign": (BANK_HEAD + "    prompt: @home\n", "7:13", 'put the value in quotes: "…"'),
    "tab": (BANK_HEAD + '\tprompt: "P"\n', "7:1", "YAML forbids tabs: indent with spaces"),
    "tab after spaces": (BANK_HEAD + '   \tprompt: "P"\n', "7:4", "YAML forbids tabs: indent with spaces"),
    "escape": (BANK_HEAD + '    prompt: "see \\[1\\] and \\d"\n', "7:18", "write \\\\[ or use single quotes"),
    "later escape": (BANK_HEAD + '    prompt: "a \\" b \\n c \\d"\n', "7:26", "write \\\\d or use single quotes"),
    "open quote": (BANK_HEAD + '    prompt: "P\n    answer: A\n', "7:13", "close it"),
    "second colon": (BANK_HEAD + "    prompt: Note: this\n", "7:17", "put the whole value in quotes"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(SYNTAX))
def test_yaml_syntax_errors_get_a_hint_at_their_place(case, tmp_path):
    text, where, hint = SYNTAX[case]
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_quiz("check", "-q", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith(f"{path}:{where}: error: ")]
    assert lines and hint in lines[0], result.stdout


def test_yaml_syntax_hints_hold_with_the_pure_python_parser_too(monkeypatch):
    import yaml

    from quiz.library import yamlsafe

    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    for case, (text, where, hint) in SYNTAX.items():
        with pytest.raises(yamlsafe.YamlRefused) as refused:
            yamlsafe.load("b.yaml", text)
        found = refused.value.diagnostic
        assert f"{found.line}:{found.col}" == where and hint in str(found), (case, str(found))


def test_python_tag_runs_nothing(tmp_path):
    sentinel = tmp_path / "pwned"
    bank = tmp_path / "b.yaml"
    bank.write_text(f'id: x\nquestions:\n  - !!python/object/apply:os.system ["touch {sentinel}"]\n')
    library = load_library([bank])
    assert not sentinel.exists()
    assert library.errors and "tags" in library.errors[0].message


def test_every_problem_is_reported_in_one_run():
    library = load_library([BAD / "several_errors.yaml"])
    located = sorted((d.line, d.col) for d in library.errors)
    assert located == [(8, 13), (18, 17)]


def test_same_id_in_two_files_names_both_places():
    library = load_library([BAD / "ids"])
    (dup,) = [d for d in library.errors if "duplicate question id" in d.message]
    assert (dup.path, dup.line, dup.col) == (str(BAD / "ids" / "b.yaml"), 12, 9)
    assert f"also at {BAD / 'ids' / 'a.yaml'}:5:9" in dup.message


def test_same_id_within_a_file(tmp_path):
    text = (BAD / "ids" / "b.yaml").read_text().replace("other-id", "same-id")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "t.yaml").write_text((BAD / "articles" / "tiny.yaml").read_text())
    (tmp_path / "b.yaml").write_text(text)
    library = load_library([tmp_path / "b.yaml"])
    assert [f"{d.line}:{d.col}" for d in library.errors] == ["12:9"]
    assert "also at" in library.errors[0].message and ":5:9" in library.errors[0].message


def test_deep_nesting_is_bounded(tmp_path):
    """Our contract, whichever loader or version stops the nesting: exit 1, one located error
    at the file's first line, no traceback, in bounded time and memory (the C loader segfaults
    near 30,000 levels when it is left to compose them)."""
    deep = tmp_path / "deep.yaml"
    deep.write_text("[" * 100_000)
    result = run_quiz("check", "-q", str(deep), memory_limit=512 * 2**20, timeout=30)
    assert result.returncode == 1
    assert re.search(rf"^{re.escape(str(deep))}:1:\d+: error: ", result.stdout, re.MULTILINE), result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_100_mb_file_is_refused_unread(tmp_path):
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(100 * 2**20)
    result = run_quiz("check", "-q", str(huge))
    assert result.returncode == 1
    assert f"{huge}:1:1: error: file is larger than 16 MiB" in result.stdout


def test_yaml_1_1_values_are_kept_as_written(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.yaml").write_text(
        'id: a\ntitle: T\npublisher: P\ndate: "2020-01-01"\n'
        'paragraphs: ["He said No in 012, at 1:30, version 3.10, on 2001-02-03, yes."]\n'
    )
    (tmp_path / "b.yaml").write_text(
        "id: b\ntitle: T\narticles: [a]\nquestions:\n"
        + "".join(
            f"  - id: q{i}\n    type: text\n    prompt: P{i}\n    answer: {v}\n"
            f'    explanation: Plenty of words to explain it.\n    quotes: ["He said No"]\n'
            f"    difficulty: 1\n"
            for i, v in enumerate(["No", "012", "1:30", "3.10", "2001-02-03", "off"])
        )
    )
    library = load_library([tmp_path / "b.yaml"])
    assert not library.errors, library.errors
    answers = [q.answer for q in library.banks[0].bank.questions if isinstance(q, TextQuestion)]
    assert answers == ["No", "012", "1:30", "3.10", "2001-02-03", "off"]


def test_a_broken_bank_does_not_stop_the_others(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "t.yaml").write_text((DATA / "good" / "articles" / "tiny.yaml").read_text())
    (tmp_path / "good.yaml").write_text((DATA / "good" / "tiny.yaml").read_text())
    (tmp_path / "broken.yaml").write_text("id: broken\nquestions: [\n")
    library = load_library([tmp_path])
    assert [b.id for b in library.banks] == ["tiny"]
    assert library.broken_banks == [tmp_path / "broken.yaml"]
    listing = run_quiz("list", str(tmp_path))
    assert listing.returncode == 0
    assert "tiny" in listing.stdout and "broken.yaml has errors and was skipped" in listing.stderr


def test_good_bank_loads_with_quotes_placed():
    library = load_library([DATA / "good"])
    assert not library.errors
    (bank,) = library.banks
    number = bank.bank.questions[0]
    assert isinstance(number, NumberQuestion) and number.answer == 12
    (passage,) = bank.passages["tiny-libraries"]
    paragraph = library.articles["tiny-article"].paragraphs[passage.paragraph - 1]
    assert paragraph[passage.start : passage.end] == "would open 12 new libraries by 2026"


def test_every_problem_in_one_question_is_reported(tmp_path):
    """msgspec stops at a question's first problem; the author still sees all of them."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "t.yaml").write_text((BAD / "articles" / "tiny.yaml").read_text())
    bank = tmp_path / "b.yaml"
    bank.write_text(
        "id: b\ntitle: T\narticles: [tiny-article]\nquestions:\n"
        "  - id: q1\n"
        "    type: number\n"
        "    prompt: How many?\n"
        "    answer: twelve\n"
        "    explaination: Misspelt, and so the explanation is missing too.\n"
        '    quotes: ["would open 12 new libraries"]\n'
        "    difficulty: 4\n"
        "    tags: [Places]\n"
    )
    result = run_quiz("check", "-q", str(bank))
    assert result.returncode == 1
    errors = [
        line.split(": error: ")[0].removeprefix(f"{bank}:")
        for line in result.stdout.splitlines()
        if ": error: " in line
    ]
    # answer, the misspelt key (its "missing explanation" is not said twice), difficulty, tag
    assert errors == ["8:13", "9:5", "11:17", "12:12"], result.stdout
    assert "missing required field `explanation`" not in result.stdout


def test_a_copy_of_the_shipped_folder_checks_clean(tmp_path):
    """An author who copies questions/ (articles included) to work on it gets no clash
    between their copy of an article and the shipped one: theirs is used."""
    import shutil

    from testdata import SHIPPED

    copy = tmp_path / "mine"
    shutil.copytree(SHIPPED, copy)
    library = load_library([copy])
    assert not library.errors, library.errors[:3]
    assert all(str(p).startswith(str(copy)) for p in library.article_paths.values())
