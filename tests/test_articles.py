"""The project's copies of the source articles say exactly what the originals say."""

from __future__ import annotations

import re

import pytest
from testdata import ROOT, SHIPPED

from quiz.library.loader import load_library

# The originals as handed to the project sit beside the checkout; tests/data/seeds keeps a
# byte-for-byte copy so the comparison also runs where they don't (a clean CI clone).
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
SEEDS = SHARED_SEEDS if SHARED_SEEDS.is_dir() else ROOT / "tests" / "data" / "seeds"
NYT_SEED = SEEDS / "000_5f6357f5e21fa928.txt"
ECONOMIST_SEED = SEEDS / "001_3c27394844769124.txt"


def test_the_kept_copy_of_the_seeds_is_exact():
    kept = ROOT / "tests" / "data" / "seeds"
    for seed in (NYT_SEED, ECONOMIST_SEED):
        assert (kept / seed.name).read_bytes() == seed.read_bytes()


def words(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def articles():
    library = load_library([SHIPPED])
    assert not [d for d in library.diagnostics if d.is_error and "articles" in d.path]
    return library.articles


def test_new_york_times_copy_matches_the_seed(articles):
    lines = NYT_SEED.read_text(encoding="utf-8").split("\n")
    article = articles["nyt-2016-el-chapo"]
    assert article.url == lines[0].strip()
    assert lines[1].startswith(article.title)
    assert article.publisher == "The New York Times" and article.date == "2016-01-11"
    assert words(" ".join(article.paragraphs)) == words(lines[5])
    # the 33 paragraph breaks are where a sentence end runs into the next paragraph
    breaks = re.split(r"(?<=[.?!”])(?=[A-Z“])", lines[5])
    assert [words(p) for p in article.paragraphs] == [words(p) for p in breaks]
    assert len(article.paragraphs) == 33


def test_economist_copy_matches_the_seed(articles):
    lines = [line for line in ECONOMIST_SEED.read_text(encoding="utf-8").split("\n") if line.strip()]
    article = articles["economist-2023-el-chapo-sequel"]
    assert article.rubric == lines[0].lstrip("# ").strip()
    assert article.title == lines[1].lstrip("# ").strip()
    assert article.standfirst == lines[2].lstrip("# ").strip()
    assert lines[4].strip() == "> Jan 26th 2023" and article.date == "2023-01-26"
    body = lines[5:]
    assert len(article.paragraphs) == len(body) == 8
    assert [words(p) for p in article.paragraphs] == [words(p) for p in body]


def test_a_gap_in_the_source_is_kept_in_the_text_and_marked_where_shown():
    from quiz.core import present
    from quiz.library.loader import load_library

    library = load_library()
    economist = library.articles["economist-2023-el-chapo-sequel"]
    first = economist.paragraphs[0]
    assert first.startswith("Even a Mexican  would struggle")  # as the source has it
    assert present.with_gaps(economist, 1, first).startswith("Even a Mexican […] would struggle")
    # a passage that starts after the gap, and one before it, are shown untouched
    later = first.index("would")
    assert present.with_gaps(economist, 1, first[later:], later) == first[later:]
    assert present.with_gaps(economist, 1, "Even a", 0) == "Even a"


def test_a_gap_that_is_not_in_its_paragraph_is_a_located_error(tmp_path):
    from quiz.library.loader import load_library

    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "memo.yaml").write_text(
        'id: "memo"\ntitle: "Memo"\npublisher: "The Gazette"\ndate: "2024-05-01"\n'
        'gaps:\n  - paragraph: 1\n    after: "no such words"\nparagraphs:\n  - "The memo  read."\n',
        encoding="utf-8",
    )
    library = load_library([tmp_path])
    assert [(d.line, d.col) for d in library.errors] == [(7, 12)]
    assert "not in paragraph 1" in library.errors[0].message
