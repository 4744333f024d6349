"""Grading every type: partial credit, forgiving typed answers, tolerance, and never an
exception whatever the answer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.core.grading import grade, parse_number, text_matches
from quiz.core.model import (
    Choice,
    ChoiceQuestion,
    MatchQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Pair,
    TextQuestion,
    TrueFalseQuestion,
)

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
