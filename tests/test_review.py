"""Spaced review: ratings from answers, the schedule fsrs makes of them, leeches, practice,
removed questions, the migration of old answers, and the answer and its card committed
together."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3

import fsrs
import pytest
from reviewing import DAY0, Moment, play_all, play_round, right_answer, wrong_answer
from testdata import DATA, answer_then_kill, run_quiz

from quiz.core import present, scheduling
from quiz.core.kinds.text import TextQuestion
from quiz.core.kinds.truefalse import TrueFalseQuestion
from quiz.core.round import RoundSettings, draw
from quiz.library.loader import load_library
from quiz.play import review
from quiz.play.game import Game, NothingToPlay
from quiz.store import open_store
from quiz.store.sqlite import SCHEMA_VERSION, Store, StoreError

UTC = dt.timezone.utc


@pytest.fixture
def library():
    return load_library([DATA / "kinds"])


@pytest.fixture
def store(db):
    """A store on each back end (an SQLite file, a PostgreSQL database): review's rules hold on both."""
    with open_store(db) as store:
        yield store


def test_our_numbers_are_fsrs_numbers():
    assert [scheduling.AGAIN, scheduling.HARD, scheduling.GOOD, scheduling.EASY] == [
        fsrs.Rating.Again,
        fsrs.Rating.Hard,
        fsrs.Rating.Good,
        fsrs.Rating.Easy,
    ]
    assert [scheduling.LEARNING, scheduling.REVIEW, scheduling.RELEARNING] == [
        fsrs.State.Learning,
        fsrs.State.Review,
        fsrs.State.Relearning,
    ]


# ---------------------------------------------------------------------------- ratings


def _q(kind, **fields):
    base = dict(
        id="q", prompt="What did the librarian say about the plan?", explanation="Because.", quotes=["x"], difficulty=1
    )
    return kind(**{**base, **fields})


def test_every_question_type_has_an_expected_answer_time():
    from quiz.core.kinds import QUESTION_TYPES

    assert set(scheduling.ANSWER_SECONDS) == set(QUESTION_TYPES)


def test_typing_an_answer_is_expected_to_take_longer_than_pressing_a_key():
    typed = _q(TextQuestion, answer="Ruiz")
    pressed = _q(TrueFalseQuestion, answer=True)
    assert scheduling.expected_seconds(typed) > scheduling.expected_seconds(pressed) + 5
    # and more to read takes longer
    longer = _q(TrueFalseQuestion, answer=True, prompt="word " * 40)
    assert scheduling.expected_seconds(longer) == pytest.approx(scheduling.expected_seconds(pressed) + 32 / 4)


@pytest.mark.parametrize("qid", ["k-choice", "k-multi", "k-truefalse", "k-text", "k-number", "k-order", "k-match"])
def test_the_rating_comes_from_the_answer(library, qid):
    q = review.question_index(library)[qid][1]
    t = scheduling.expected_seconds(q)

    def rating(correct=True, share=1.0, timed_out=False, state=scheduling.REVIEW, passage=False, credit=0.0):
        return scheduling.rate(q, correct, share * t, timed_out, state, passage, credit)[0]

    assert rating(correct=False) == scheduling.AGAIN
    assert rating(correct=False, credit=0.5) == scheduling.AGAIN
    assert "partly" in scheduling.rate(q, False, t, False, scheduling.REVIEW, False, 0.5)[1]
    assert rating(timed_out=True, correct=False) == scheduling.AGAIN
    assert rating() == scheduling.GOOD
    assert rating(share=scheduling.SLOW_FACTOR * 1.01) == scheduling.HARD
    assert rating(share=scheduling.SLOW_FACTOR * 0.99) == scheduling.GOOD
    assert rating(share=scheduling.FAST_FACTOR * 0.99) == scheduling.EASY
    # fast, but not yet in review (new or still learning): Good, not Easy
    assert rating(share=0.1, state=scheduling.NEW) == rating(share=0.1, state=scheduling.LEARNING) == scheduling.GOOD
    assert rating(share=0.1, passage=True) == scheduling.HARD  # helped by the passage shown first


# ---------------------------------------------------------------------------- many days


def fsrs_scheduler() -> fsrs.Scheduler:
    """fsrs's own scheduler with the settings README documents."""
    return fsrs.Scheduler(
        desired_retention=scheduling.DESIRED_RETENTION,
        learning_steps=scheduling.LEARNING_STEPS,
        relearning_steps=scheduling.RELEARNING_STEPS,
        maximum_interval=scheduling.MAXIMUM_INTERVAL_DAYS,
        enable_fuzzing=False,
    )


class Model:
    """The same history, kept by the test with fsrs itself: what should be due when."""

    def __init__(self) -> None:
        self.scheduler = fsrs_scheduler()
        self.cards: dict[str, fsrs.Card] = {}
        self.misses: dict[str, int] = {}
        self.streak: dict[str, int] = {}

    def leech(self, qid: str) -> bool:
        return (
            self.misses.get(qid, 0) >= scheduling.LEECH_MISSES
            and self.streak.get(qid, 0) < scheduling.LEECH_CURED_AFTER
        )

    def answer(self, qid: str, right: bool, share: float, passage_shown: bool, at: dt.datetime) -> fsrs.Rating:
        card = self.cards.get(qid) or fsrs.Card(card_id=1, due=at)
        if not right:
            rating = fsrs.Rating.Again
        elif passage_shown or share > scheduling.SLOW_FACTOR:
            rating = fsrs.Rating.Hard
        elif share <= scheduling.FAST_FACTOR and card.state == fsrs.State.Review:
            rating = fsrs.Rating.Easy
        else:
            rating = fsrs.Rating.Good
        self.cards[qid], _ = self.scheduler.review_card(card, rating, at)
        self.misses[qid] = self.misses.get(qid, 0) + (not right)
        self.streak[qid] = self.streak.get(qid, 0) + 1 if right else 0
        return rating

    def due(self, now: dt.datetime) -> set[str]:
        return {qid for qid, card in self.cards.items() if card.due <= now}

    def by_day(self, now: dt.datetime) -> list[int]:
        midnight = dt.datetime.combine(now.date(), dt.time(), tzinfo=UTC)
        ends = [midnight + dt.timedelta(days=d + 1) for d in range(8)]
        return [
            sum(1 for c in self.cards.values() if c.due < end and (d == 0 or c.due >= ends[d - 1]))
            for d, end in enumerate(ends)
        ]


LEECH = "k-number"  # missed until it is shown with its passage first; right after that
MISSED_ONCE = "k-text"  # missed on the first day only
FAST = "k-choice"  # always right, quickly: Easy once in review
SLOW = "k-order"  # always right, slowly: Hard


def policy(qid: str, passage_shown: bool, seen_passage: set[str], day: int) -> tuple[bool, float]:
    if qid == LEECH:
        return qid in seen_passage or passage_shown, 1.0
    if qid == MISSED_ONCE:
        return day > 0, 1.0
    return True, {FAST: 0.3, SLOW: 3.0}.get(qid, 1.0)


def test_several_days_of_review_follow_fsrs(library, store):
    """A player over three weeks (injected clock): a round on day 0, then review sessions
    three times a day. At every session the due counts and the questions asked are those
    fsrs computes for the same history; missed questions come back sooner than right ones;
    the leech shows its passage first, then is asked."""
    moment = Moment()
    model = Model()
    asked: dict[str, list[dt.datetime]] = {}
    passage_first_at: list[tuple[dt.datetime, int]] = []  # (when, misses before)
    seen_passage: set[str] = set()

    game = Game.start(library, store, "ana", RoundSettings(count=None, seed=7), now=moment)
    for item, _ in play_all(game, lambda item: policy(item.question.id, False, seen_passage, 0)):
        right, share = policy(item.question.id, False, seen_passage, 0)
        model.answer(item.question.id, right, share, False, moment.now)

    for day in range(21):
        for hour in (9, 12, 18):
            if day == 0 and hour == 9:
                continue
            now = moment.at(day, hour)
            summary = review.due_summary(library, store.cards("ana"), now, tz=UTC)
            assert summary.now == len(model.due(now)), f"day {day} {hour}:00"
            assert [n for _, n in summary.by_day] == model.by_day(now)
            try:
                session = Game.start_review(library, store, "ana", seed=day * 100 + hour, now=moment)
            except NothingToPlay:
                assert not model.due(now)
                continue
            assert {i.question.id for i in session.round.items} == model.due(now)
            while not session.round.finished:
                item = session.round.current
                qid = item.question.id
                shown = session.passage_first(item)
                assert shown == model.leech(qid), f"{qid} on day {day}"
                if shown:
                    passage_first_at.append((now, model.misses[qid]))
                right, share = policy(qid, shown, seen_passage, day)
                if shown:
                    seen_passage.add(qid)
                q = item.question
                session.answer(
                    right_answer(q) if right else wrong_answer(q), seconds=share * scheduling.expected_seconds(q)
                )
                expected = model.answer(qid, right, share, shown, now)
                assert session.last_scheduling.rating == expected
                asked.setdefault(qid, []).append(now)

    # the schedule in the database is fsrs's, card by card
    for card in store.cards("ana"):
        mine = model.cards[card.question_id]
        assert (card.state, card.step, card.due) == (int(mine.state), mine.step, mine.due)
        assert card.stability == pytest.approx(mine.stability)

    # missed questions come back sooner than right ones
    first_back = {qid: times[0] for qid, times in asked.items()}
    assert first_back[MISSED_ONCE] == DAY0.replace(hour=12)
    right_from_the_start = set(model.cards) - {MISSED_ONCE, LEECH, SLOW}
    assert all(first_back[qid] >= DAY0 + dt.timedelta(days=2) for qid in right_from_the_start)
    assert len(asked[LEECH]) > max(len(asked[qid]) for qid in right_from_the_start)
    # right but slow (Hard) comes back sooner and more often than right and fast (Easy)
    assert first_back[SLOW] < first_back[FAST]
    assert len(asked[SLOW]) > len(asked[FAST])

    # the leech: its passage first once it had been missed LEECH_MISSES times, until cured
    assert passage_first_at and passage_first_at[0][1] == scheduling.LEECH_MISSES
    assert not model.leech(LEECH) and not scheduling.is_leech(store.card("ana", LEECH))
    ratings = {r.rating for r in store.review_log("ana")}
    assert ratings == {scheduling.AGAIN, scheduling.HARD, scheduling.GOOD, scheduling.EASY}


# ---------------------------------------------------------------------------- sessions


def test_a_review_session_asks_what_is_due_and_updates_the_cards(library, store):
    moment = Moment()
    play_round(library, store, "ana", moment, wrong={"k-text", "k-match"})
    moment.at(0, 9, 5)
    with pytest.raises(NothingToPlay):  # the missed ones come back after the 10-minute step
        Game.start_review(library, store, "ana", now=moment)
    moment.at(0, 9, 11)
    session = Game.start_review(library, store, "ana", now=moment, seed=1)
    assert session.kind == "review"
    assert sorted(i.question.id for i in session.round.items) == ["k-match", "k-text"]
    play_all(session, lambda item: (True, 1.0))
    assert store.rounds("ana", limit=1)[0].finished is not None
    due = review.due_summary(library, store.cards("ana"), moment.now)
    assert due.now == 0 and due.next_due >= moment.now + dt.timedelta(days=1)  # right now: back tomorrow


def test_review_from_a_cached_library_decodes_only_the_banks_it_asks_from(store, tmp_path, monkeypatch):
    """A big library's review session, its stats and a missed question's passages read only
    the banks that hold those questions."""
    from quiz import paths
    from quiz.library.cache import load_library_cached

    banks = tmp_path / "banks"
    shutil.copytree(paths.shipped_questions_dir(), banks)
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path / "cache"))
    played = load_library_cached([banks]).banks[1].id  # parsed, and the cache written
    library = load_library_cached([banks])
    moment = Moment()
    game = Game.start(library, store, "ana", RoundSettings(banks=(played,), count=None, seed=1), now=moment)
    play_all(game, lambda item: (False, 1.0))  # all missed: all due again soon
    assert [b.is_decoded for b in library.banks] == [b.id == played for b in library.banks]

    library = load_library_cached([banks])  # the next start
    moment.at(1)
    session = Game.start_review(library, store, "ana", now=moment, seed=1)
    stats = review.stats(library, store, "ana", moment.now)
    assert session.round.items and {i.bank.id for i in session.round.items} == {played}
    assert stats.most_missed and {m.bank for m in stats.most_missed} == {played}
    assert [b.is_decoded for b in library.banks] == [b.id == played for b in library.banks]


def test_a_session_takes_at_most_count_and_the_longest_overdue_first(library, store):
    moment = Moment()
    play_round(library, store, "ana", moment, wrong={"k-text"})
    moment.at(30)
    session = Game.start_review(library, store, "ana", count=3, now=moment)
    assert session.round.total == 3
    assert session.round.items[0].question.id == "k-text"  # due 10 minutes after day 0; the rest later


def test_nothing_due_says_when_and_practice_leaves_the_schedule_alone(library, store):
    moment = Moment()
    play_round(library, store, "ana", moment, wrong={"k-text"})
    moment.at(0, 9, 1)
    with pytest.raises(NothingToPlay):
        Game.start_review(library, store, "ana", now=moment)
    due = review.due_summary(library, store.cards("ana"), moment.now)
    assert due.next_due == DAY0 + dt.timedelta(minutes=10)
    message = present.nothing_due(due, moment.now)
    assert "in 9 minutes" in message and "practise" in message

    cards, log, answers = store.cards("ana"), store.review_log("ana"), len(store.answers("ana"))
    practice = Game.start_review(library, store, "ana", practice=True, now=moment, count=3)
    assert practice.kind == "practice"
    assert practice.round.items[0].question.id == "k-text"  # the most forgotten first
    play_all(practice, lambda item: (False, 1.0))
    assert store.cards("ana") == cards and store.review_log("ana") == log
    assert len(store.answers("ana")) == answers + 3  # still in the history


def test_a_new_player_has_nothing_to_review(library, store):
    with pytest.raises(NothingToPlay):
        Game.start_review(library, store, "bea", now=Moment())
    due = review.due_summary(library, store.cards("bea"), DAY0)
    assert due.cards == 0 and "Play a round first" in present.nothing_due(due, DAY0)


def test_every_kind_of_round_updates_the_cards(library, store):
    moment = Moment()
    for kind in ("play", "drill", "review"):
        game = Game.start(library, store, "ana", RoundSettings(count=None, seed=1), kind=kind, now=moment)
        play_all(game, lambda item: (item.question.id != "k-text", 1.0))
        moment.at(len(store.review_log("ana")) // 7)
    assert len(store.review_log("ana")) == 21
    assert store.card("ana", "k-text").misses == 3
    assert store.card("bea", "k-text") is None  # cards are per player


def test_editing_a_question_keeps_its_card_and_removing_one_skips_it(library, store, tmp_path):
    moment = Moment()
    play_round(library, store, "ana", moment, wrong={"k-text", "k-number"})
    banks = tmp_path / "banks"
    shutil.copytree(DATA / "kinds", banks)
    bank = banks / "kinds.yaml"
    text = bank.read_text(encoding="utf-8")
    start = text.index("  - id: k-number")
    end = text.index("  - id: k-order")
    edited = text[:start] + text[end:]  # k-number removed
    edited = edited.replace("What is the surname of the city librarian?", "What is the librarian's surname?")
    bank.write_text(edited, encoding="utf-8")
    changed = load_library([banks])
    assert not changed.diagnostics, changed.diagnostics

    moment.at(0, 10)
    due = review.due_summary(changed, store.cards("ana"), moment.now)
    assert due.now == 1 and due.cards == 6
    session = Game.start_review(changed, store, "ana", now=moment)
    assert [i.question.id for i in session.round.items] == ["k-text"]
    assert session.round.items[0].question.prompt == "What is the librarian's surname?"
    assert store.card("ana", "k-number") is not None  # history kept
    data = review.stats(changed, store, "ana", moment.now).to_json()
    assert [m["question"] for m in data["most_missed"]] == ["k-text"]


# ---------------------------------------------------------------------------- leeches


def make_leech(library, store, moment: Moment, qid: str = "k-text") -> None:
    play_round(library, store, "ana", moment, wrong={qid})
    for n in range(1, scheduling.LEECH_MISSES):
        moment.at(0, 9, 11 * n)
        session = Game.start_review(library, store, "ana", now=moment)
        assert not session.passage_first(session.round.current)
        play_all(session, lambda item: (False, 1.0))
    moment.at(0, 12)


def test_a_leech_shows_its_passage_first_in_review_only(library, store):
    moment = Moment()
    make_leech(library, store, moment)
    card = store.card("ana", "k-text")
    assert card.misses == scheduling.LEECH_MISSES and scheduling.is_leech(card)
    session = Game.start_review(library, store, "ana", now=moment)
    item = session.round.current
    assert session.passage_first(item)
    play_all(session, lambda item: (True, 0.1))
    assert session.last_scheduling.rating == scheduling.HARD  # right, but helped
    assert scheduling.is_leech(store.card("ana", "k-text"))  # one right answer is not enough
    game = Game.start(library, store, "ana", RoundSettings(count=None, seed=1), now=moment)
    assert not any(game.passage_first(i) for i in game.round.items)  # a scored round gives nothing away


def test_plain_review_prints_the_leech_passage_before_the_question(library, tmp_path):
    db = tmp_path / "q.db"
    with Store.open(db) as store:
        moment = Moment(dt.datetime.now(UTC) - dt.timedelta(days=3))
        start = moment.now
        play_round(library, store, "ana", moment, wrong={"k-text"})
        for n in range(1, scheduling.LEECH_MISSES):
            moment.now = start + dt.timedelta(minutes=11 * n)
            play_all(Game.start_review(library, store, "ana", now=moment), lambda item: (False, 1.0))
        store.set_setting("player", "ana")
    result = run_quiz("review", "--plain", "--from", str(DATA / "kinds"), "--db", str(db), stdin="Ruiz\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    note = out.index(f"You have missed this question {scheduling.LEECH_MISSES} times")
    quote = out.index("> said Ana Ruiz, the city librarian")
    prompt = out.index("What is the surname of the city librarian?")
    assert note < quote < prompt
    assert "Rated Hard (right, after reading the passage first)" in out


# ---------------------------------------------------------------------------- stats


def test_stats_report_due_counts_reviews_retention_and_most_missed(library, store):
    moment = Moment()
    play_round(library, store, "ana", moment, wrong={"k-text"})
    moment.at(3)  # every card is due: the right ones after 2 days
    session = Game.start_review(library, store, "ana", now=moment)
    play_all(session, lambda item: (item.question.id not in {"k-choice", "k-text"}, 1.0))
    data = review.stats(library, store, "ana", moment.now, tz=UTC).to_json()
    json.dumps(data)  # JSON-ready
    assert data["cards"]["total"] == 7
    assert data["due"]["now"] == 0
    assert data["due"]["today"] == 2  # the two missed, back after 10 minutes
    assert data["due"]["by_day"][0] == {"date": "2026-03-05", "due": 2}
    later = sorted(c.due for c in store.cards("ana") if c.due > moment.now)
    assert data["due"]["next"] == later[0].isoformat()
    assert data["reviews_per_day"] == [
        {"date": "2026-03-02", "reviews": 7, "right": 6},
        {"date": "2026-03-05", "reviews": 7, "right": 5},
    ]
    # on review: the 6 cards that had reached days; k-choice was missed of them
    assert data["retention"] == {"right": 5, "reviews": 6, "share": round(5 / 6, 4)}
    top = data["most_missed"][0]
    assert (top["question"], top["misses"], top["answers"]) == ("k-text", 2, 2)
    assert top["passages"][0]["text"] == "said Ana Ruiz, the city librarian"
    assert top["passages"][0]["cite"].startswith("The Test Gazette")


# ---------------------------------------------------------------------------- storage


def test_the_answer_and_its_card_are_committed_together(library, store, monkeypatch):
    moment = Moment()
    game = Game.start(library, store, "ana", RoundSettings(count=None, seed=1), now=moment)

    def failing(*args, **kwargs):  # the back end's own error, raised mid-transaction
        if isinstance(store, Store):
            raise sqlite3.OperationalError("database or disk is full")
        from psycopg import errors

        raise errors.DiskFull("could not extend file: No space left on device")

    monkeypatch.setattr(scheduling, "schedule", failing)
    item = game.round.current
    with pytest.raises(StoreError, match="disk is full"):
        game.answer(right_answer(item.question), seconds=3)
    assert store.answers("ana") == [] and store.cards("ana") == []  # neither, not one of them
    assert game.round.current is item  # taken back: it can be given again
    monkeypatch.undo()
    game.answer(right_answer(item.question), seconds=3)
    assert len(store.answers("ana")) == len(store.review_log("ana")) == len(store.cards("ana")) == 1


def test_killed_mid_review_every_answer_has_its_card(library, db):
    with open_store(db) as store:
        play_round(library, store, "ana", Moment(dt.datetime.now(UTC) - dt.timedelta(days=3)))
    answer_then_kill(
        ["review", "--plain", "--from", str(DATA / "kinds"), "--db", str(db), "--player", "ana", "--seed", "3"],
        answered_marker="Rated ",
    )
    with open_store(db) as store:
        reviewed = [a for a in store.answers("ana") if a.kind == "review"]
        assert len(reviewed) >= 3
        assert len(store.review_log("ana")) == len(store.answers("ana"))
        last = {a.question_id: a.answered_at for a in store.answers("ana")}
        assert all(c.last_review == last[c.question_id] for c in store.cards("ana"))


def _v1_database(path, answers):
    """A database as quiz made it before review existed (schema 1), with these answers."""
    from quiz.store import sqlite as store_module

    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN")
    store_module.MIGRATIONS[0](con)
    con.execute(f"PRAGMA application_id = {store_module.APPLICATION_ID}")
    con.execute("PRAGMA user_version = 1")
    con.execute("INSERT INTO players(name, created) VALUES ('ana', ?)", (DAY0.isoformat(),))
    con.execute(
        "INSERT INTO rounds(player_id, kind, started, settings, plan, banks) VALUES (1, 'play', ?, '{}', '[]', '[]')",
        (DAY0.isoformat(),),
    )
    for n, (qid, correct, when) in enumerate(answers):
        con.execute(
            "INSERT INTO answers(round_id, position, question_id, bank_id, given, correct, credit, "
            "points, seconds, answered_at) VALUES (1, ?, ?, 'kinds', '0', ?, ?, 0, 3.0, ?)",
            (n, qid, int(correct), float(correct), when.isoformat()),
        )
    con.execute("COMMIT")
    con.close()


def test_answers_from_before_review_become_cards_on_migration(library, tmp_path):
    path = tmp_path / "old.db"
    day1 = DAY0 + dt.timedelta(days=1)
    _v1_database(path, [("k-text", False, DAY0), ("k-choice", True, DAY0), ("k-text", True, day1)])
    with Store.open(path) as store:
        assert store.con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [(r.question_id, r.rating) for r in store.review_log("ana")] == [
            ("k-text", scheduling.AGAIN),
            ("k-choice", scheduling.GOOD),
            ("k-text", scheduling.GOOD),
        ]
        model = Model()
        model.answer("k-text", False, 1, False, DAY0)
        model.answer("k-choice", True, 1, False, DAY0)
        model.answer("k-text", True, 1, False, day1)
        for card in store.cards("ana"):
            assert card.due == model.cards[card.question_id].due
        assert store.card("ana", "k-text").misses == 1
        assert len(store.answers("ana")) == 3  # the history itself untouched


def test_an_empty_old_database_migrates(tmp_path):
    path = tmp_path / "old.db"
    _v1_database(path, [])
    with Store.open(path) as store:
        assert store.cards("ana") == [] and store.review_log("ana") == []


# ---------------------------------------------------------------------------- command line


def test_review_stats_json_from_the_command_line(tmp_path):
    db = tmp_path / "q.db"
    kinds = str(DATA / "kinds")
    _, items = draw(load_library([DATA / "kinds"]), RoundSettings(count=None, seed=3))
    some_answer = {
        "choice": "1",
        "multi": "1",
        "truefalse": "t",
        "text": "Ruiz",
        "number": "40",
        "order": "1 2 3",
        "match": "1 2 3",
    }
    played = run_quiz(
        "play",
        "--plain",
        "--from",
        kinds,
        "--db",
        str(db),
        "--player",
        "ana",
        "--all",
        "--seed",
        "3",
        stdin="".join(some_answer[i.kind] + "\n" for i in items),
    )
    assert played.returncode == 0, played.stderr
    result = run_quiz("review", "--stats", "--format", "json", "--from", kinds, "--db", str(db), "--player", "ana")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    with Store.open(db) as store:
        cards = store.cards("ana")
        missed = sum(c.misses > 0 for c in cards)
    assert data["cards"]["total"] == len(cards) == 7
    assert 0 < missed < 7
    assert data["due"]["now"] == 0  # nothing comes back within the same minute
    assert sum(d["due"] for d in data["due"]["by_day"]) == 7 == data["due"]["today"] + data["due"]["next_7_days"]
    assert data["reviews_per_day"][0]["reviews"] == 7
    assert len(data["most_missed"]) == missed

    nothing = run_quiz("review", "--plain", "--from", kinds, "--db", str(db), "--player", "ana")
    assert nothing.returncode == 0
    assert "Nothing is due for review. The next review is in 10 minutes" in nothing.stdout

    text = run_quiz("review", "--stats", "--from", kinds, "--db", str(db), "--player", "ana")
    assert text.returncode == 0 and "Due now 0" in text.stdout

    nobody = run_quiz("review", "--stats", "--format", "json", "--from", kinds, "--db", str(db), "--player", "zed")
    assert nobody.returncode == 0 and "no player named zed" in nobody.stderr
    assert json.loads(nobody.stdout)["cards"]["total"] == 0


def test_review_command_usage():
    assert run_quiz("review", "--help").returncode == 0
    wrong = run_quiz("review", "--format", "json")
    assert wrong.returncode == 2 and "--format goes with --stats" in wrong.stderr
