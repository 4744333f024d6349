"""The session rules every front end shares (quiz.play.game, quiz.play.players,
quiz.play.drill.attempt): personal best, the missed questions again, resuming, what
feedback to show when, and starting or refusing a drill."""

from __future__ import annotations

import pytest
from reviewing import Moment, play_all, play_round
from testdata import DATA

from quiz.core.round import RoundSettings
from quiz.library.loader import load_library
from quiz.play import players
from quiz.play.drill.attempt import DrillRefused, DrillSession, begin
from quiz.play.drill.code import encode_code
from quiz.play.drill.definition import DrillFile, resolve
from quiz.play.game import Game, NothingToPlay, NothingToResume
from quiz.store.sqlite import Store


@pytest.fixture(scope="module")
def library():
    return load_library([DATA / "kinds"])


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "q.db") as store:
        yield store


def test_a_new_best_beats_the_last_finished_round_over_the_same_banks(library, store):
    moment = Moment()
    first = play_round(library, store, "ana", moment, wrong={"k-text"})
    assert first.previous_best is None and first.is_new_best()
    worse = play_round(library, store, "ana", moment, wrong={"k-text", "k-choice"})
    assert worse.previous_best == first.round.score and not worse.is_new_best()
    better = play_round(library, store, "ana", moment)
    assert better.is_new_best()


def test_missed_questions_again_come_with_their_choices_reshuffled(library, store):
    moment = Moment()
    game = play_round(library, store, "ana", moment, wrong={"k-choice", "k-order", "k-text"})
    orders = set()
    for seed in range(8):
        again = game.missed_again(seed=seed)
        assert [i.question.id for i in again.round.items] == [o.item.question.id for o in game.round.summary().missed]
        assert again.round_id != game.round_id and not again.round.outcomes
        orders.add(tuple(i.order for i in again.round.items))
    assert len(orders) > 1  # the places of the choices are not the ones the player missed
    perfect = play_round(library, store, "bea", moment)
    with pytest.raises(NothingToPlay):
        perfect.missed_again()


def test_resuming_with_nothing_to_resume_or_nothing_left(library, store, tmp_path):
    with pytest.raises(NothingToResume) as none:
        Game.resume_unfinished(library, store, "ana")
    assert not none.value.nothing_left
    game = Game.start(library, store, "ana", RoundSettings(count=2, seed=1))
    game.answer(None)
    left = game.round.current.question.id
    resumed = Game.resume_unfinished(library, store, "ana")
    assert resumed.round_id == game.round_id and resumed.round.position == 1
    # the question left is gone from the banks: nothing left to answer, and the round is closed
    shrunk = load_library([DATA / "kinds"])
    for bank in shrunk.banks:
        bank.bank.questions[:] = [q for q in bank.bank.questions if q.id != left]
    with pytest.raises(NothingToResume) as nothing:
        Game.resume_unfinished(shrunk, store, "ana")
    assert nothing.value.nothing_left and store.unfinished_round("ana") is None


def test_feedback_rules_hide_the_score_when_feedback_is_deferred(library, store, tmp_path):
    shown = Game.start(library, store, "ana", RoundSettings(count=1, seed=1))
    assert shown.feedback_after_each and shown.shows_score_while_playing and shown.shows_results
    for feedback, after_each, at_end, results in [("end", False, True, True), ("never", False, False, False)]:
        drill = resolve(library, DrillFile(count=2, seed=3, feedback=feedback))
        session = begin(library, store, drill, encode_code(drill, library), f"s-{feedback}", tmp_path / feedback)
        assert isinstance(session, DrillSession) and session.feedback == feedback
        assert not session.shows_score_while_playing
        assert (session.feedback_after_each, session.feedback_at_end, session.shows_results) == (
            after_each,
            at_end,
            results,
        )


def test_a_drill_begins_resumes_refuses_and_retakes(library, store, tmp_path):
    drill = resolve(library, DrillFile(count=2, seed=3))
    code = encode_code(drill, library)
    session = begin(library, store, drill, code, "Ana", tmp_path / "r")
    assert not session.resumed and session.attempt == 1 and session.results is not None
    session.answer(None)
    again = begin(library, store, drill, code, "ANA", tmp_path / "r")  # the same student
    assert again.resumed and again.round_id == session.round_id and again.player == "Ana"
    play_all(again, lambda item: (True, 1.0))
    (tmp_path / "r.json").unlink()
    with pytest.raises(DrillRefused) as refused:
        begin(library, store, drill, code, "ana", tmp_path / "r")
    r = refused.value.refusal
    assert (r.student, r.questions, r.right) == ("Ana", 2, 1)
    assert r.results_path == tmp_path / "r.json" and r.results_path.exists()  # written again
    retake = begin(library, store, drill, code, "ana", tmp_path / "r2", retake=True)
    assert retake.attempt == 2 and retake.round_id != session.round_id


def test_who_is_playing(store, monkeypatch):
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "login")
    assert players.player_or_login(store, None) == "login"
    players.take_name(store, "Ana")
    assert players.player_or_login(store, None) == "Ana" and players.player_or_login(store, "Bo") == "Bo"
    players.take_name(store, "Cleo", remember=False)  # a browser or a drill remembers no one
    assert players.remembered(store) == "Ana" and "Cleo" in store.players()
    assert players.known_name(store, "  cLEO ") == "Cleo"


def test_a_first_round_of_0_points_is_no_new_best(library, store):
    moment = Moment()
    every = {q.id for b in library.banks for q in b.bank.questions}
    nothing = play_round(library, store, "ana", moment, wrong=every)
    assert nothing.round.score == 0 and nothing.previous_best is None
    assert not nothing.is_new_best()


def test_plain_feedback_puts_the_why_not_first_and_lists_picks_item_by_item(library, store):
    from quiz.frontends.plain import show_feedback

    game = Game.start(library, store, "ana", RoundSettings(count=None, seed=3))
    lines: list[str] = []
    while not game.round.finished:
        item = game.round.current
        if item.kind == "choice":
            outcome = game.answer(1)  # "The mayor": wrong, with a why-not
            show_feedback(lines.append, outcome)
            why_not = next(i for i, line in enumerate(lines) if line.startswith("Why not"))
            assert why_not < next(i for i, line in enumerate(lines) if line.startswith("Why:"))
            lines.clear()
        elif item.kind == "multi":
            outcome = game.answer([0, 2])  # one right, one wrong, one missed
            show_feedback(lines.append, outcome)
            after = lines[lines.index("Your answer, item by item:") + 1 :][:3]
            marks = sorted(line.split()[0] for line in after)
            assert marks == ["○", "✔", "✘"]
            lines.clear()
        else:
            game.answer(None)
