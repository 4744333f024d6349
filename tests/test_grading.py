"""Grading every type: partial credit, forgiving typed answers, tolerance, and never an
exception whatever the answer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.core.grading import read_number, text_matches
from quiz.core.kinds import grade
from quiz.core.kinds.choice import ChoiceQuestion
from quiz.core.kinds.match import MatchQuestion
from quiz.core.kinds.multi import MultiQuestion
from quiz.core.kinds.number import NumberQuestion
from quiz.core.kinds.order import OrderQuestion
from quiz.core.kinds.text import TextQuestion
from quiz.core.kinds.truefalse import TrueFalseQuestion
from quiz.core.model import Choice, Pair

COMMON = dict(prompt="P", explanation="E", quotes=["q"], difficulty=1)
CHOICE = ChoiceQuestion(id="c", choices=["a", Choice(text="b", correct=True), "c"], **COMMON)
MULTI = MultiQuestion(
    id="m", choices=[Choice(text="a", correct=True), Choice(text="b", correct=True), "c", "d"], **COMMON
)
TF = TrueFalseQuestion(id="t", answer=False, **COMMON)
TEXT = TextQuestion(id="x", answer="Joaquín Guzmán Loera", accept=["El Chapo", "Guzmán"], **COMMON)
NUMBER = NumberQuestion(id="n", answer=3.5, tolerance=0.1, unit="billion dollars", **COMMON)
ORDER = OrderQuestion(id="o", items=["first", "second", "third", "fourth"], **COMMON)
MATCH = MatchQuestion(
    id="p", pairs=[Pair(left=left, right=right) for left, right in [("A", "1"), ("B", "2"), ("C", "3")]], **COMMON
)
ALL = [CHOICE, MULTI, TF, TEXT, NUMBER, ORDER, MATCH]


def test_choice():
    assert grade(CHOICE, 1).correct
    assert grade(CHOICE, 0).credit == 0
    assert grade(CHOICE, 7).credit == 0


def test_multi_partial_credit():
    assert grade(MULTI, [0, 1]).correct
    assert grade(MULTI, [0]).credit == 0.5
    assert grade(MULTI, [0, 2]).credit == 0  # one right, one wrong: they cancel
    assert grade(MULTI, [0, 1, 2]).credit == 0.5
    assert not grade(MULTI, [0, 1, 2]).correct


def test_truefalse():
    assert grade(TF, False).correct and not grade(TF, True).correct


@pytest.mark.parametrize(
    "typed, right",
    [
        ("Joaquín Guzmán Loera", True),
        ("joaquin guzman loera", True),  # case and accents
        ("Joaquin Guzman-Loera", True),  # punctuation, a hyphen included, counts as a space
        ("Joaquín Guzmán Loera.", True),  # punctuation
        ("Joaqin Guzman Loera", True),  # a small typo
        ("Guzman", True),  # an accepted alternative, without its accent
        ("el chapo", True),
        ("Ovidio Guzmán", False),  # a different name
        ("Genaro García Luna", False),
        ("", False),
    ],
)
def test_typed_answers_forgive_typos_but_not_another_name(typed, right):
    assert grade(TEXT, typed).correct is right


def test_numbers_in_typed_text_must_match_exactly():
    assert text_matches("2012", "2012")[0]
    assert not text_matches("2013", "2012")[0]
    assert text_matches("Loretta Lynch", "Loretta E. Lynch")[0]


@pytest.mark.parametrize(
    "typed, right",
    [("3.5", True), ("$3.5bn", True), ("3.6", True), ("3,45", True), ("3.7", False), ("35", False), ("many", False)],
)
def test_number_within_tolerance(typed, right):
    assert grade(NUMBER, typed).correct is right


def parse_number(text: str) -> float | None:
    """The value a player typed, magnitude included, as the grader reads it."""
    found = read_number(text)
    return None if found is None else found.scaled


def test_parse_number():
    assert parse_number("1,000") == 1000 and parse_number("70%") == 70 and parse_number("x") is None


def test_order_partial_credit_counts_pairs_in_order():
    assert grade(ORDER, [0, 1, 2, 3]).correct
    one_swap = grade(ORDER, [1, 0, 2, 3])
    assert one_swap.credit == pytest.approx(5 / 6)
    assert grade(ORDER, [3, 2, 1, 0]).credit == 0
    assert grade(ORDER, [0, 0, 1, 2]).credit == 0  # not a permutation


def test_match_partial_credit():
    assert grade(MATCH, [0, 1, 2]).correct
    assert grade(MATCH, [1, 0, 2]).credit == pytest.approx(1 / 3)
    assert grade(MATCH, [0, 1]).credit == 0


answers = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(),
    st.lists(st.one_of(st.integers(-3, 10), st.text(max_size=3), st.none()), max_size=6),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(question=st.sampled_from(ALL), answer=answers)
def test_any_answer_to_any_question_grades_without_error(question, answer):
    result = grade(question, answer)
    assert 0.0 <= result.credit <= 1.0 and result.detail


# ---------------------------------------------------------------------------- issue 16: numbers

STUDENTS = NumberQuestion(id="s", answer=43, unit="students", **COMMON)
UNITLESS = NumberQuestion(id="u", answer=1200, **COMMON)
MONTHS = NumberQuestion(id="mo", answer=6, unit="months", **COMMON)


@pytest.mark.parametrize(
    "typed, right",
    [
        ("3500 million", True),
        ("$3,500m", True),
        ("3.5bn", True),
        ("3.5 billion", True),
        ("$3.5 billion dollars", True),
        ("3.5 thousand million", True),
        ("three and a half billion", True),
        ("3.5 trillion", False),  # a wrong magnitude is never right
        ("3.5k", False),
        ("3.5 million", False),
        ("3500", False),  # 3500 billion dollars
    ],
)
def test_a_magnitude_is_converted_into_the_questions_unit(typed, right):
    assert grade(NUMBER, typed).correct is right


@pytest.mark.parametrize(
    "question, typed, right",
    [
        (STUDENTS, "43", True),
        (STUDENTS, "forty-three", True),
        (STUDENTS, "43 students", True),
        (STUDENTS, "forty-four", False),
        (UNITLESS, "1.2k", True),  # a magnitude suffix converts where the unit has none
        (UNITLESS, "1,200", True),
        (UNITLESS, "1.2m", False),
        (MONTHS, "6m", True),  # the unit's own letter, not a million
    ],
)
def test_numbers_in_a_unit_without_magnitude(question, typed, right):
    assert grade(question, typed).correct is right


def test_a_converted_answer_says_how_it_was_read_and_is_echoed_as_typed():
    from quiz.core.kinds import kind_of

    assert "3.5 billion dollars" in grade(NUMBER, "3500 million").detail
    assert "3500 billion dollars" in grade(NUMBER, "3.5 trillion").detail  # why it is wrong
    words = kind_of(NUMBER).given_in_words
    assert words(NUMBER, "3500 million") == "3500 million"  # never rewritten as "3500 billion dollars"
    assert words(NUMBER, "$3,500m") == "$3,500m"
    assert words(NUMBER, "3.5") == "3.5 billion dollars"  # a bare number, in the unit it was read in


def test_an_amount_that_cant_be_meant_in_the_unit_is_refused_with_a_hint():
    from quiz.core.kinds import BadAnswer, kind_of

    kind = kind_of(NUMBER)
    with pytest.raises(BadAnswer, match="type it in billion dollars"):
        kind.parse_typed(NUMBER, (), "3,500,000,000")
    with pytest.raises(BadAnswer, match="type it in billion dollars"):
        kind.answer_from_wire(NUMBER, (), {"text": "3500000000"})
    assert kind.parse_typed(NUMBER, (), "3500 million") == "3500 million"


# ---------------------------------------------------------------------------- issue 16: typed answers

US = TextQuestion(id="us", answer="the United States", accept=["United States", "US", "U.S."], **COMMON)
AG = TextQuestion(id="ag", answer="Arely Gómez González", accept=["Arely Gómez", "Gómez"], **COMMON)
POST = TextQuestion(id="post", answer="defence minister", accept=["Mexican defence minister"], **COMMON)


@pytest.mark.parametrize(
    "question, typed, right",
    [
        (US, "the US", True),  # a leading article
        (US, "the U.S.", True),  # dots in an abbreviation
        (US, "U.S", True),
        (US, "an US", True),
        (US, "the UK", False),
        (AG, "Ms. Gómez", True),  # a title
        (AG, "Attorney General Gómez", False),  # not a title we drop: a different answer
        (AG, "Dr Arely Gomez", True),
        (AG, "Ms. García", False),  # a wrong name still fails
        (POST, "former defence minister", True),  # the article's own phrase
        (POST, "defense minister", True),  # American spelling
        (POST, "the former Mexican defense minister", True),
        (POST, "interior minister", False),
    ],
)
def test_articles_titles_dots_and_spellings_dont_decide_a_grade(question, typed, right):
    assert grade(question, typed).correct is right


@pytest.mark.parametrize(
    "british, american",
    [("organise", "organize"), ("organisation", "organization"), ("colour", "color"), ("favourite", "favorite"),
     ("centre", "center"), ("travelled", "traveled"), ("analyse", "analyze"), ("licence", "license"),
     ("catalogue", "catalog"), ("programme", "program"), ("anaemia", "anemia"), ("oedema", "edema"),
     ("paediatrician", "pediatrician")],
)  # fmt: skip
def test_british_and_american_spellings_match_both_ways(british, american):
    assert text_matches(british, american)[0] and text_matches(american, british)[0]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("heroic", "heroin"),  # one letter changed makes another real word
        ("heroine", "heroin"),
        ("pause", "cause"),
        ("cause", "pause"),
        ("four", "for"),  # -our/-or is a spelling only in longer words
        ("prise", "prize"),
        ("Ovidia", "Ovidio"),
        ("Mario", "Maria"),
        ("Lynch", "Lunch"),
        ("Felipe Caldera", "Felipe Calderón"),
    ],
)
def test_a_one_letter_change_in_a_short_word_is_another_word_not_a_typo(typed, expected):
    assert not text_matches(typed, expected)[0]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Sinalao", "Sinaloa"),  # two letters swapped, 7 letters
        ("Calderom", "Calderón"),
        ("stonewaling", "stonewalling"),
        ("Joaqin Guzman Loera", "Joaquín Guzmán Loera"),
        ("Cienfeugos", "Cienfuegos"),
        ("Kerlikowsky", "Kerlikowske"),
    ],
)
def test_a_slip_in_a_longer_word_is_forgiven_and_the_spelling_shown(typed, expected):
    ok, how = text_matches(typed, expected)
    assert ok and how == f"right — spelt {expected}"


def test_typo_allowance_grows_with_length_and_never_reaches_short_words():
    from quiz.core.grading import typo_allowance

    assert [typo_allowance(n) for n in (3, 5, 6, 7, 10, 11, 16)] == [0, 0, 0, 1, 1, 2, 2]


def test_a_typo_accepted_says_the_right_spelling_in_the_grade():
    detail = grade(AG, "Arely Gomes Gonzalez").detail  # Gomes: 5 letters, a slip too many
    assert not grade(AG, "Arely Gomes Gonzalez").correct, detail
    assert grade(TEXT, "Joaqin Guzman Loera").detail == "right — spelt Joaquín Guzmán Loera"
    accepted = grade(POST, "Mexican defence minster")
    assert accepted.correct and accepted.detail.startswith("right — spelt Mexican defence minister")


@settings(max_examples=300, deadline=None)
@given(
    typed=st.text(max_size=40), expected=st.sampled_from(["the United States", "Sinaloa", "U.S.", "3.5", "Mr. Guzmán"])
)
def test_typed_text_and_numbers_are_read_without_error(typed, expected):
    from quiz.core.grading import read_number

    ok, how = text_matches(typed, expected)
    assert isinstance(ok, bool) and how
    found = read_number(typed)
    assert found is None or isinstance(found.value, float)
    for question in (NUMBER, STUDENTS, UNITLESS, MONTHS):
        assert 0.0 <= grade(question, typed).credit <= 1.0
