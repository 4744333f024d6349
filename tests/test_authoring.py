"""`quiz new` and `quiz coverage`: from an article's plain text to a bank that checks, and
what the questions cover."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from testdata import DATA, run_quiz

from quiz.core.kinds import KINDS
from quiz.interchange.authoring import split_paragraphs
from quiz.library.loader import load_library

SEEDS = DATA / "seeds"  # copies of the two seed articles as they were handed to the project

ARTICLE_TEXT = """\
The council voted on Tuesday to close three of its eleven libraries by March,
citing a budget gap of $4.2 million.

“We had no good choices,” said Mayor Dana Whitfield, who cast the deciding vote.

No

Parents gathered 3,400 signatures in a week: 012 of them came by post, at 1:30.
"""

NEW = ["--title", "Council shuts libraries", "--publisher", "The Courier", "--date", "2024-02-13"]


def new(tmp_path, *extra, text=ARTICLE_TEXT):
    source = tmp_path / "article.txt"
    source.write_text(text, encoding="utf-8")
    return run_quiz("new", str(source), *NEW, "--dir", str(tmp_path / "banks"), *extra)


def uncomment(skeleton: str) -> str:
    """What an author does to every example: remove the '# ' that starts its lines."""
    lines = []
    for line in skeleton.splitlines():
        if line.startswith("  # ") and not line.startswith("  # ----"):
            line = "  " + line[4:]
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_blank_lines_separate_paragraphs_and_join_wrapped_lines():
    split = split_paragraphs("One line\nwrapped here.\r\n\r\nTwo  spaces kept.\n\n\nThree.\n")
    assert [p.text for p in split.paragraphs] == ["One line wrapped here.", "Two  spaces kept.", "Three."]
    assert [p.line for p in split.paragraphs] == [1, 4, 7] and split.layout == "blank lines"


def test_one_paragraph_a_line():
    split = split_paragraphs("\n\nFirst paragraph.\nSecond one.\n  Third.  \n")
    assert [p.text for p in split.paragraphs] == ["First paragraph.", "Second one.", "Third."]
    assert split.layout == "one per line"


def test_the_economist_seed_gives_the_projects_paragraphs_exactly(tmp_path):
    source = SEEDS / "001_3c27394844769124.txt"
    result = run_quiz(
        "new",
        str(source),
        "--title",
        "A trial in New York",
        "--publisher",
        "The Economist",
        "--date",
        "2023-01-26",
        "--id",
        "eco-copy",
        "--dir",
        str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "5:1: warning: skipped '> Jan 26th 2023'" in result.stderr  # the markup before the body
    library = load_library([tmp_path / "eco-copy.yaml"])
    assert library.articles["eco-copy"].paragraphs == library.articles["economist-2023-el-chapo-sequel"].paragraphs


def test_run_together_paragraphs_are_refused_with_where_they_join(tmp_path):
    source = SEEDS / "000_5f6357f5e21fa928.txt"
    result = run_quiz("new", str(source), *NEW, "--dir", str(tmp_path))
    assert result.returncode == 1 and not list(tmp_path.iterdir())
    assert f"{source}:6:1: error: paragraph 5 has 8742 characters" in result.stderr
    assert "epidemic.Even before" in result.stderr


def test_new_writes_an_article_and_a_skeleton_that_check_points_at_what_is_left(tmp_path):
    result = new(tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "banks"
    bank_file, article_file = (
        folder / "council-shuts-libraries-2024.yaml",
        folder / "articles" / "council-shuts-libraries-2024.yaml",
    )
    assert f"wrote {article_file}: 4 paragraphs (blank lines)" in result.stdout
    assert (folder / "bank.schema.json").exists()
    library = load_library([bank_file])
    assert not library.errors
    article = library.articles["council-shuts-libraries-2024"]
    # words YAML 1.1 would change come back exactly as written
    assert article.paragraphs[2] == "No"
    assert "012 of them came by post, at 1:30." in article.paragraphs[3]
    assert article.paragraphs[0].startswith(
        "The council voted on Tuesday to close three of its eleven libraries by March, citing"
    )

    check = run_quiz("check", str(bank_file))
    assert check.returncode == 0
    assert f"{bank_file}:" in check.stdout and "warning: the bank has no questions yet" in check.stdout
    assert f"{article_file}:9:5: warning: paragraph 1 is quoted by no question" in check.stdout
    assert run_quiz("check", "--strict", str(bank_file)).returncode == 1


def test_every_example_in_the_skeleton_is_a_valid_question_once_uncommented(tmp_path):
    assert new(tmp_path).returncode == 0
    bank_file = tmp_path / "banks" / "council-shuts-libraries-2024.yaml"
    bank_file.write_text(uncomment(bank_file.read_text(encoding="utf-8")), encoding="utf-8")
    library = load_library([bank_file])
    assert not library.errors, library.errors
    (loaded,) = library.banks
    kinds = [type(q).__struct_config__.tag for q in loaded.bank.questions]
    assert kinds == list(KINDS)  # one of every kind, in the model's order (tests/test_kinds.py checks KINDS)
    assert all(loaded.passages[q.id] for q in loaded.bank.questions)  # real passages, found
    check = run_quiz("check", str(bank_file))
    assert check.returncode == 0 and "'TODO' left in the prompt" in check.stdout
    assert run_quiz("check", "--strict", str(bank_file)).returncode == 1


def test_new_never_overwrites_without_force(tmp_path):
    assert new(tmp_path).returncode == 0
    bank_file = tmp_path / "banks" / "council-shuts-libraries-2024.yaml"
    bank_file.write_text(bank_file.read_text() + "# my work\n")
    again = new(tmp_path)
    assert again.returncode == 1
    assert f"{bank_file} already exists; nothing was written (use --force" in again.stderr
    assert bank_file.read_text().endswith("# my work\n")
    forced = new(tmp_path, "--force")
    assert forced.returncode == 0 and not bank_file.read_text().endswith("# my work\n")


def test_new_refuses_an_id_another_article_has(tmp_path):
    result = new(tmp_path, "--id", "nyt-2016-el-chapo")
    assert result.returncode == 1 and "already used by" in result.stderr
    assert not (tmp_path / "banks" / "nyt-2016-el-chapo.yaml").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--date", "13/02/2024"], "--date must be YYYY-MM-DD"),
        (["--date", "2024-02-30"], "not a date in the calendar"),
        (["--id", "Bad Id"], "is not a valid id"),
    ],
)
def test_new_usage_errors_exit_2(tmp_path, args, message):
    result = new(tmp_path, *args)
    assert result.returncode == 2 and message in result.stderr


def test_new_bad_text_is_located(tmp_path):
    source = tmp_path / "article.txt"
    source.write_bytes(b"Fine first line.\nCaf\xe9 au lait.\n")
    result = run_quiz("new", str(source), *NEW, "--dir", str(tmp_path / "b"))
    assert result.returncode == 1 and f"{source}:2:4: error: not UTF-8 text" in result.stderr
    source.write_text("\n  \n")
    result = run_quiz("new", str(source), *NEW, "--dir", str(tmp_path / "b"))
    assert result.returncode == 1 and "no article text" in result.stderr
    assert not (tmp_path / "b").exists()


def test_coverage_text_and_json(tmp_path):
    result = run_quiz("coverage", "--bank", "economist-2023")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "economist-2023-el-chapo-sequel: A trial in New York exposes US-Mexican "
        "counter-narcotics tensions (The Economist, 26 January 2023)"
    )
    assert lines[1].startswith("✔   1  Even a Mexican") and lines[1].endswith("…")
    assert "eco-" in lines[2] and "cross-" not in result.stdout  # only that bank's questions
    assert "covered: 8 of 8 paragraphs (100%)" in result.stdout
    data = json.loads(run_quiz("coverage", "nyt-2016-el-chapo", "--format", "json").stdout)
    (article,) = data["articles"]
    assert article["total"] == 33 and article["covered"] == 33 and article["share"] == 1
    first = article["paragraphs"][0]
    assert first["number"] == 1 and "nyt-" in " ".join(first["questions"])
    assert any(q.startswith("cross-") for p in article["paragraphs"] for q in p["questions"])


def test_coverage_of_a_new_article_marks_every_uncovered_paragraph(tmp_path):
    assert new(tmp_path).returncode == 0
    article_file = tmp_path / "banks" / "articles" / "council-shuts-libraries-2024.yaml"
    result = run_quiz("coverage", str(article_file))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("✘") == 4 and "(no question quotes it)" in result.stdout
    assert "covered: 0 of 4 paragraphs (0%); not quoted: 1, 2, 3, 4" in result.stdout
    bank_file = tmp_path / "banks" / "council-shuts-libraries-2024.yaml"
    bank_file.write_text(uncomment(bank_file.read_text(encoding="utf-8")), encoding="utf-8")
    data = json.loads(run_quiz("coverage", str(article_file), "--format", "json").stdout)
    assert data["articles"][0]["paragraphs"][0]["questions"][:1] == ["council-shuts-libraries-2024-choice-1"]


def test_coverage_usage_errors():
    assert run_quiz("coverage", "no-such-article").returncode == 2
    assert run_quiz("coverage", "--bank", "nope").returncode == 2


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=60))
@settings(max_examples=150, deadline=None)
def test_any_text_we_write_reads_back_exactly(text):
    """What 'quiz new' and 'quiz import' write goes through the strict loader unchanged:
    quotes, backslashes, '#', ': ', 'No', '012', line separators, control characters."""
    from quiz.interchange import yamlout
    from quiz.library import yamlsafe

    written = f"key: {yamlout.string(text)}  # a comment\n"
    # banks refuse control characters and bidi overrides, however written (issue 13)
    if re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text):
        with pytest.raises(yamlsafe.YamlRefused, match="t.yaml:1:6: error: control character"):
            yamlsafe.load("t.yaml", written)
        return
    data, _ = yamlsafe.load("t.yaml", written)
    assert data["key"] == text


@pytest.mark.parametrize("name", ["new", "coverage", "import"])
def test_new_commands_have_help(name):
    result = run_quiz(name, "--help")
    assert result.returncode == 0 and f"usage: quiz {name}" in result.stdout
