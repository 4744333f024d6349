"""Rounds: one seeded RNG decides everything; points, streaks and time-outs as documented."""

from __future__ import annotations

import pytest
from testdata import DATA, SHIPPED

from quiz.core.round import Round, RoundSettings, draw, items_from_plan, points_for
from quiz.library.loader import load_library


@pytest.fixture(scope="module")
def library():
    return load_library([SHIPPED])


@pytest.fixture(scope="module")
def tiny():
    return load_library([DATA / "good"])


def plan(items):
    return [i.plan_entry() for i in items]


def test_same_seed_same_round(library):
    a = draw(library, RoundSettings(count=8, seed=42))[1]
    b = draw(library, RoundSettings(count=8, seed=42))[1]
    c = draw(library, RoundSettings(count=8, seed=43))[1]
    assert plan(a) == plan(b) and plan(a) != plan(c)
    assert len(a) == 8


def test_seed_is_recorded_when_not_given(library):
    settings, items = draw(library, RoundSettings(count=5))
    assert settings.seed is not None
    assert plan(draw(library, settings)[1]) == plan(items)


def test_filters(library):
    bank = library.banks[0]
    tag = bank.bank.questions[0].tags[0]
    _, items = draw(library, RoundSettings(banks=(bank.id,), tags=(tag,), difficulties=(1, 2), count=None, seed=1))
    assert items
    assert all(i.bank.id == bank.id and tag in i.question.tags and i.question.difficulty in (1, 2) for i in items)


def test_order_and_match_never_start_solved(library):
    for seed in range(30):
        for item in draw(library, RoundSettings(count=None, seed=seed))[1]:
            if item.kind in ("order", "match"):
                assert list(item.order) != sorted(item.order)


def test_plan_round_trips(library):
    _, items = draw(library, RoundSettings(count=6, seed=3))
    assert items_from_plan(library, plan(items)) == items


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_points_streak_and_partial(tiny):
    settings, items = draw(tiny, RoundSettings(count=None, seed=5))
    by_id = {i.question.id: i for i in items}
    number = by_id["tiny-libraries"]  # difficulty 1: 100 points
    assert points_for(number, _grade(1.0), 0, settings, 3.0)[0] == 100
    # third right answer in a row: +20%
    points, lines, streak = points_for(number, _grade(1.0), 2, settings, 3.0)
    assert (points, streak) == (120, 3) and lines[-1] == ("streak of 3: +20%", 20)
    # capped at +50%
    assert points_for(number, _grade(1.0), 20, settings, 3.0)[0] == 150
    # half credit: half the points, and the streak ends
    assert points_for(number, _grade(0.5), 4, settings, 3.0)[:3:2] == (50, 0)
    no_bonus = RoundSettings(streak_bonus=False)
    assert points_for(number, _grade(1.0), 4, no_bonus, 3.0)[0] == 100


def _grade(credit):
    from quiz.core.grading import Grade

    return Grade(credit, "test")


def test_a_round_played_through(tiny):
    clock = Clock()
    settings, items = draw(tiny, RoundSettings(count=None, seed=9))
    r = Round(items, settings, clock=clock)
    answers = {"tiny-libraries": "12", "tiny-librarian": 0, "tiny-cost": "who would pay"}
    while not r.finished:
        r.begin_question()
        clock.now += 4
        q = r.current.question
        given = answers[q.id]
        if q.id == "tiny-librarian":
            given = next(i for i, c in enumerate(q.choices) if not isinstance(c, str) and c.correct)
        outcome = r.answer(given)
        assert outcome.grade.correct and outcome.seconds == 4
    s = r.summary()
    assert (s.correct, s.answered, s.best_streak) == (3, 3, 3)
    assert s.score == 100 + 110 + 120 and s.seconds == 12 and s.by_tag["people"] == (1, 1)


def test_time_out_is_wrong_with_zero_points(tiny):
    clock = Clock()
    settings, items = draw(tiny, RoundSettings(count=1, seed=1, time_limit=10))
    r = Round(items, settings, clock=clock)
    r.begin_question()
    clock.now += 11
    outcome = r.answer("12")  # too late, even if right
    assert outcome.timed_out and outcome.points == 0 and not outcome.grade.correct
    assert outcome.seconds == 11


def test_undo_then_replay(tiny):
    settings, items = draw(tiny, RoundSettings(count=None, seed=2))
    r = Round(items, settings)
    r.begin_question()
    first = r.answer("nothing", seconds=2)
    r.begin_question()
    r.answer("12", seconds=1)
    r.undo_last()
    assert r.position == 1 and len(r.outcomes) == 1 and r.score == first.points
    again = Round(items, settings)
    again.replay(0, first.given, 2, first.points, False)
    assert again.position == 1 and again.score == first.points
