"""One vocabulary for output (quiz.core.wording): every front end and report says a time,
a citation and a shortened line the same way."""

from __future__ import annotations

from quiz.core import wording


def test_one_duration_format():
    assert [wording.duration(s) for s in (0, 45, 59.6, 60, 65, 600)] == ["0s", "45s", "1:00", "1:00", "1:05", "10:00"]


def test_one_citation():
    assert wording.citation("The Gazette", "2016-01-11", 4) == "The Gazette, 11 January 2016, paragraph 4"
    assert wording.citation("The Gazette", "2016-01-11", 4, 5) == "The Gazette, 11 January 2016, paragraphs 4–5"
    assert wording.citation("The Gazette", "undated", 4, 4) == "The Gazette, undated, paragraph 4"


def test_one_abridging_helper_cuts_at_a_word_within_the_width():
    text = "The mayor announced the new library   would open in the spring of next year"
    short = wording.abridge(text, 30)
    assert len(short) <= 30 and short.endswith("…") and short[:-1] in " ".join(text.split())
    assert wording.abridge("Short  line", 30) == "Short line"
    assert len(wording.abridge("x" * 100, 10)) == 10  # one long word is cut where it must be


def test_plurals():
    assert [wording.counted(n, "leech", "leeches") for n in (1, 2)] == ["1 leech", "2 leeches"]
