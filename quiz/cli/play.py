"""quiz (Home), play, review and history: the player's commands."""

from __future__ import annotations

import argparse
import sys

from quiz.cli.common import (
    OK,
    PROBLEMS,
    StoreProblem,
    UsageError,
    bank_options,
    load_playable,
    open_store,
    pause_garbage_collector,
    player_options,
    positive,
)
from quiz.core.safe_text import csv_cell, json_text, terminal_text
from quiz.core.wording import counted


def add_commands(commands) -> None:
    play = commands.add_parser(
        "play",
        help="play a round (straight in when --bank is given)",
        description="Play a round. With --bank it starts straight into the round; without, "
        "it opens Home with these choices. --plain plays on standard input and output.",
    )
    play.add_argument("--bank", action="append", default=[], metavar="ID", help="a bank to draw from (repeatable)")
    play.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="only questions with this tag (repeatable)"
    )
    play.add_argument(
        "--difficulty",
        type=int,
        action="append",
        choices=[1, 2, 3],
        default=[],
        help="only this difficulty (repeatable)",
    )
    play.add_argument("--count", type=positive, default=10, metavar="N", help="how many questions (default 10)")
    play.add_argument("--all", action="store_true", help="every question that passes the filters")
    play.add_argument("--seed", type=int, metavar="S", help="the same seed gives the same round")
    play.add_argument("--resume", action="store_true", help="carry on the player's unfinished round")
    play.add_argument("--plain", action="store_true", help="plain text: questions printed, answers read line by line")
    player_options(play)
    bank_options(play)
    play.set_defaults(run=cmd_play)

    history = commands.add_parser(
        "history", help="list the answers given", description="List every answer given (oldest first)."
    )
    history.add_argument(
        "--format", choices=["table", "csv", "json"], default="table", help="table (default), csv or json"
    )
    player_options(history)
    history.set_defaults(run=cmd_history)

    review = commands.add_parser(
        "review",
        help="review the questions that are due (spaced repetition)",
        description="Review the questions due for this player, scheduled by FSRS from every answer "
        "given in any round. When nothing is due it says when the next review is; --practice "
        "asks the most-forgotten questions without changing the schedule. --stats reports due "
        "counts, reviews per day, retention and the most-missed questions.",
    )
    review.add_argument(
        "--count",
        type=positive,
        default=20,
        metavar="N",
        help="at most this many questions in the session (default 20)",
    )
    review.add_argument(
        "--practice", action="store_true", help="practise the most-forgotten questions; the schedule is left as it is"
    )
    review.add_argument("--stats", action="store_true", help="report the review statistics instead")
    review.add_argument("--format", choices=["text", "json"], help="with --stats: text (default) or json")
    review.add_argument("--seed", type=int, metavar="S", help="the order of the choices")
    review.add_argument("--plain", action="store_true", help="plain text: questions printed, answers read line by line")
    player_options(review)
    bank_options(review)
    review.set_defaults(run=cmd_review)


def need_terminal() -> None:
    """The full-screen app needs a terminal both ways: piped or in a script it would wait for
    keys that never come (and leave a round unfinished). A browser session (textual-serve sets
    TEXTUAL_DRIVER) talks through pipes on purpose."""
    import os

    if os.environ.get("TEXTUAL_DRIVER"):
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("not a terminal: use --plain (questions printed, answers read line by line)")


def cmd_home(args: argparse.Namespace) -> int:
    need_terminal()
    pause_garbage_collector()
    from quiz.ui.app import make_app

    library = load_playable(args)
    with open_store(args) as store:
        make_app(library, store, player=args.player).run()
    return OK


def cmd_play(args: argparse.Namespace) -> int:
    if not args.plain:
        need_terminal()
        pause_garbage_collector()
    from quiz.core.round import RoundSettings

    library = load_playable(args)
    unknown = [b for b in args.bank if library.bank(b) is None]
    if unknown:
        raise UsageError(f"no bank with id {', '.join(unknown)} (see 'quiz list')")
    from quiz.cli.library import tag_problem

    if problem := tag_problem(library, args.tag, args.bank):
        raise UsageError(problem)
    settings = RoundSettings(
        banks=tuple(args.bank),
        tags=tuple(args.tag),
        difficulties=tuple(args.difficulty),
        count=None if args.all else args.count,
        seed=args.seed,
    )
    with open_store(args) as store:
        if args.plain:
            return _play_plain(args, library, store, settings)
        from quiz.ui.app import make_app

        make_app(
            library, store, player=args.player, settings=settings, start_now=bool(args.bank), resume=args.resume
        ).run()
    return OK


def _play_plain(args, library, store, settings) -> int:
    from quiz.frontends import plain
    from quiz.play import players
    from quiz.play.game import Game, NothingToPlay, NothingToResume
    from quiz.store.interface import StoreError

    player = players.player_or_login(store, args.player)
    try:
        players.take_name(store, player)
        if args.resume:
            game = Game.resume_unfinished(library, store, player)
        else:
            unfinished = store.unfinished_round(player)
            game = Game.start(library, store, player, settings)
            if unfinished is not None:  # plain mode asks nothing (it may be a script): it says so
                print(
                    f"quiz: note: your unfinished round ({len(unfinished.answers)} of {len(unfinished.plan)} "
                    "answered) is kept; resume it with --resume once this one is finished",
                    file=sys.stderr,
                )
    except NothingToResume as nothing:
        print(f"quiz: {terminal_text(str(nothing))}", file=sys.stderr)
        return OK if nothing.nothing_left else PROBLEMS
    except NothingToPlay:
        print("quiz: no question matches those choices", file=sys.stderr)
        return PROBLEMS
    except StoreError as exc:
        raise StoreProblem(str(exc)) from None
    return plain.play(game)


def cmd_review(args: argparse.Namespace) -> int:
    if args.format and not args.stats:
        raise UsageError("--format goes with --stats")
    library = load_playable(args)
    with open_store(args) as store:
        if args.stats:
            return _review_stats(args, library, store)
        if args.plain:
            return _review_plain(args, library, store)
        need_terminal()
        from quiz.ui.app import make_app

        make_app(
            library,
            store,
            player=args.player,
            review="practice" if args.practice else "review",
            review_count=args.count,
        ).run()
    return OK


def _review_player(args, store) -> str:
    from quiz.play.players import player_or_login

    return player_or_login(store, args.player)


def _review_stats(args, library, store) -> int:
    import datetime as dt

    from quiz.play import review
    from quiz.store.interface import StoreError

    player = _review_player(args, store)
    try:
        if player not in store.players():
            print(f"quiz: warning: no player named {terminal_text(player)} has played yet", file=sys.stderr)
        data = review.stats(library, store, player, dt.datetime.now(dt.timezone.utc))
    except StoreError as exc:
        raise StoreProblem(str(exc)) from None
    if args.format == "json":
        print(json_text(data.to_json()))
        return OK
    from quiz.core import present

    t = terminal_text
    due = data.due
    print(f"Review · {t(player)}: {data.cards.total} questions met, {data.cards.leeches} leeches")
    print(
        f"Due now {due.now} · today {due.today} · next 7 days {due.next_7_days}"
        + (f" · next {present.when(due.next_due)}" if due.next_due else "")
    )
    retention = data.retention
    if retention.reviews:
        print(f"Retention: {retention.share:.0%} right on review ({retention.right} of {retention.reviews})")
    for day in data.reviews_per_day[-7:]:
        print(f"  {day.date.isoformat()}  {day.reviews:>3} reviews, {day.right} right")
    for missed in data.most_missed:
        print(f"✘ {missed.misses}× {t(missed.question)}: {t(missed.prompt)}")
        for passage in missed.passages:
            print(f"    > {t(passage.text)}  — {t(passage.cite)}")
    return OK


def _review_plain(args, library, store) -> int:
    import datetime as dt

    from quiz.core import present
    from quiz.frontends import plain
    from quiz.play import review
    from quiz.play.game import Game, NothingToPlay
    from quiz.play.players import take_name
    from quiz.store.interface import StoreError

    player = _review_player(args, store)
    now = dt.datetime.now(dt.timezone.utc)
    try:
        take_name(store, player)
        summary = review.due_summary(library, store.cards(player), now)
        game = Game.start_review(library, store, player, practice=args.practice, count=args.count, seed=args.seed)
    except NothingToPlay:
        print(present.nothing_due(summary, now))
        return OK
    except StoreError as exc:
        raise StoreProblem(str(exc)) from None
    print(present.session_intro(game.kind, game.round.total, summary))
    return plain.play(game)


def cmd_history(args: argparse.Namespace) -> int:
    import csv

    with open_store(args) as store:
        answers = store.answers(args.player)
    rows = [
        {
            "player": a.player,
            "round": a.round_id,
            "kind": a.kind,
            "position": a.position + 1,
            "question": a.question_id,
            "bank": a.bank_id,
            "given": a.given,
            "correct": a.correct,
            "credit": round(a.credit, 3),
            "points": a.points,
            "seconds": round(a.seconds, 2),
            "answered_at": a.answered_at.isoformat(),
        }
        for a in answers
    ]
    if args.format == "json":
        print(json_text({"answers": rows}))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["player"])
        writer.writeheader()
        for row in rows:
            cells = {**row, "given": json_text(row["given"], indent=None)}
            writer.writerow(
                {k: csv_cell(terminal_text(v, lines=True)) if isinstance(v, str) else v for k, v in cells.items()}
            )
    else:
        if rows:
            print(f"{'answered':<16}  {'player':<12} {'':1} {'points':>6}  question  (time)")
        for row in rows:
            # the game's marks: ◐ for an answer partly right (credit short of full)
            mark = "✔" if row["correct"] else ("◐" if row["credit"] > 0 else "✘")
            print(
                f"{row['answered_at'][:16].replace('T', ' ')}  {terminal_text(row['player']):<12} {mark} "
                f"{row['points']:>6}  {terminal_text(row['question'])}  ({row['seconds']}s)"
            )
        print(f"{counted(len(rows), 'answer')}")
    return OK
