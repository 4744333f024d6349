"""The command line: parses arguments, calls the layers below, sets the exit status.

Exit status: 0 ok, 1 problems found, 2 usage error. No traceback reaches a user.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Sequence

from quiz import __version__
from quiz.wording import counted

OK, PROBLEMS, USAGE = 0, 1, 2


class UsageError(Exception):
    """Wrong words on the command line: exit status 2 with the message."""


class StoreProblem(Exception):
    """The database can't be used (not ours, newer, unreadable): exit status 1."""


def _open_store(args: argparse.Namespace):
    from quiz.store import Store, StoreError

    try:
        return Store.open(getattr(args, "db", None))
    except StoreError as exc:
        raise StoreProblem(str(exc)) from None


def _load_playable(args: argparse.Namespace):
    from quiz.cache import load_library_cached

    library = load_library_cached(getattr(args, "paths", None) or None,
                                  use_cache=not getattr(args, "no_cache", False))
    _report_skipped(library)
    if not library.banks:
        raise StoreProblem("no bank could be loaded (run 'quiz check')")
    return library


def _pause_garbage_collector() -> None:
    """Starting the full-screen app allocates a great deal and frees almost nothing, so the
    collector's passes are wasted time (~20 ms of start-up). QuizApp resumes it once its
    first screen is drawn."""
    gc.disable()


def cmd_home(args: argparse.Namespace) -> int:
    _pause_garbage_collector()
    from quiz.ui.app import make_app

    library = _load_playable(args)
    with _open_store(args) as store:
        make_app(library, store, player=args.player).run()
    return OK


def cmd_play(args: argparse.Namespace) -> int:
    if not args.plain:
        _pause_garbage_collector()
    from quiz.engine import RoundSettings

    library = _load_playable(args)
    unknown = [b for b in args.bank if library.bank(b) is None]
    if unknown:
        raise UsageError(f"no bank with id {', '.join(unknown)} (see 'quiz list')")
    settings = RoundSettings(banks=tuple(args.bank), tags=tuple(args.tag),
                             difficulties=tuple(args.difficulty),
                             count=None if args.all else args.count, seed=args.seed)
    with _open_store(args) as store:
        if args.plain:
            return _play_plain(args, library, store, settings)
        from quiz.ui.app import make_app

        make_app(library, store, player=args.player, settings=settings,
                 start_now=bool(args.bank), resume=args.resume).run()
    return OK


def _play_plain(args, library, store, settings) -> int:
    import getpass

    from quiz import plain
    from quiz.game import Game, NothingToPlay
    from quiz.store import StoreError

    player = args.player or store.get_setting("player") or getpass.getuser()
    try:
        store.ensure_player(player)
        store.set_setting("player", player)
        if args.resume:
            record = store.unfinished_round(player)
            if record is None:
                print(f"quiz: {player} has no unfinished round", file=sys.stderr)
                return PROBLEMS
            game = Game.resume(library, store, record)
        else:
            game = Game.start(library, store, player, settings)
    except NothingToPlay:
        print("quiz: no question matches those choices", file=sys.stderr)
        return PROBLEMS
    except StoreError as exc:
        raise StoreProblem(str(exc)) from None
    return plain.play(game)


def cmd_review(args: argparse.Namespace) -> int:
    if args.format and not args.stats:
        raise UsageError("--format goes with --stats")
    library = _load_playable(args)
    with _open_store(args) as store:
        if args.stats:
            return _review_stats(args, library, store)
        if args.plain:
            return _review_plain(args, library, store)
        from quiz.ui.app import make_app

        make_app(library, store, player=args.player, review="practice" if args.practice else "review",
                 review_count=args.count).run()
    return OK


def _review_player(args, store) -> str:
    import getpass

    return args.player or store.get_setting("player") or getpass.getuser()


def _review_stats(args, library, store) -> int:
    import datetime as dt

    from quiz import review
    from quiz.store import StoreError

    player = _review_player(args, store)
    try:
        if player not in store.players():
            print(f"quiz: warning: no player named {player} has played yet", file=sys.stderr)
        data = review.stats(library, store, player, dt.datetime.now(dt.timezone.utc))
    except StoreError as exc:
        raise StoreProblem(str(exc)) from None
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return OK
    from quiz import present

    due = data["due"]
    print(f"Review · {player}: {data['cards']['total']} questions met, {data['cards']['leeches']} leeches")
    print(f"Due now {due['now']} · today {due['today']} · next 7 days {due['next_7_days']}"
          + (f" · next {present.when(dt.datetime.fromisoformat(due['next']))}" if due["next"] else ""))
    retention = data["retention"]
    if retention["reviews"]:
        print(f"Retention: {retention['share']:.0%} right on review ({retention['right']} of {retention['reviews']})")
    for day in data["reviews_per_day"][-7:]:
        print(f"  {day['date']}  {day['reviews']:>3} reviews, {day['right']} right")
    for missed in data["most_missed"]:
        print(f"✘ {missed['misses']}× {missed['question']}: {missed['prompt']}")
        for passage in missed["passages"]:
            print(f"    > {passage['text']}  — {passage['cite']}")
    return OK


def _review_plain(args, library, store) -> int:
    import datetime as dt

    from quiz import plain, present, review
    from quiz.game import Game, NothingToPlay
    from quiz.store import StoreError

    player = _review_player(args, store)
    now = dt.datetime.now(dt.timezone.utc)
    try:
        store.ensure_player(player)
        store.set_setting("player", player)
        summary = review.due_summary(library, store.cards(player), now)
        game = Game.start_review(library, store, player, practice=args.practice, count=args.count,
                                 seed=args.seed)
    except NothingToPlay:
        print(present.nothing_due(summary, now))
        return OK
    except StoreError as exc:
        raise StoreProblem(str(exc)) from None
    print(present.session_intro(game.kind, game.round.total, summary))
    return plain.play(game)


def cmd_history(args: argparse.Namespace) -> int:
    import csv

    with _open_store(args) as store:
        answers = store.answers(args.player)
    rows = [{
        "player": a.player, "round": a.round_id, "kind": a.kind, "position": a.position + 1,
        "question": a.question_id, "bank": a.bank_id, "given": a.given, "correct": a.correct,
        "credit": round(a.credit, 3), "points": a.points, "seconds": round(a.seconds, 2),
        "answered_at": a.answered_at.isoformat(),
    } for a in answers]
    if args.format == "json":
        print(json.dumps({"answers": rows}, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["player"])
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "given": json.dumps(row["given"], ensure_ascii=False)})
    else:
        for row in rows:
            mark = "✔" if row["correct"] else "✘"
            print(f"{row['answered_at'][:16].replace('T', ' ')}  {row['player']:<12} {mark} "
                  f"{row['points']:>4}  {row['question']}  ({row['seconds']}s)")
        print(f"{len(rows)} answer{'s' * (len(rows) != 1)}")
    return OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quiz",
        description="A terminal quiz game that teaches from news articles: every answer is "
        "explained with the quoted passage that proves it.",
    )
    parser.add_argument("--version", action="version", version=f"quiz {__version__}")
    _player_options(parser, top=True)
    _bank_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser(
        "play", help="play a round (straight in when --bank is given)",
        description="Play a round. With --bank it starts straight into the round; without, "
        "it opens Home with these choices. --plain plays on standard input and output.")
    play.add_argument("--bank", action="append", default=[], metavar="ID", help="a bank to draw from (repeatable)")
    play.add_argument("--tag", action="append", default=[], metavar="TAG", help="only questions with this tag (repeatable)")
    play.add_argument("--difficulty", type=int, action="append", choices=[1, 2, 3], default=[],
                      help="only this difficulty (repeatable)")
    play.add_argument("--count", type=_positive, default=10, metavar="N", help="how many questions (default 10)")
    play.add_argument("--all", action="store_true", help="every question that passes the filters")
    play.add_argument("--seed", type=int, metavar="S", help="the same seed gives the same round")
    play.add_argument("--resume", action="store_true", help="carry on the player's unfinished round")
    play.add_argument("--plain", action="store_true", help="plain text: questions printed, answers read line by line")
    _player_options(play)
    _bank_options(play)

    history = commands.add_parser("history", help="list the answers given",
                                  description="List every answer given (oldest first).")
    history.add_argument("--format", choices=["table", "csv", "json"], default="table")
    _player_options(history)

    review = commands.add_parser(
        "review", help="review the questions that are due (spaced repetition)",
        description="Review the questions due for this player, scheduled by FSRS from every answer "
        "given in any round. When nothing is due it says when the next review is; --practice "
        "asks the most-forgotten questions without changing the schedule. --stats reports due "
        "counts, reviews per day, retention and the most-missed questions.")
    review.add_argument("--count", type=_positive, default=20, metavar="N",
                        help="at most this many questions in the session (default 20)")
    review.add_argument("--practice", action="store_true",
                        help="practise the most-forgotten questions; the schedule is left as it is")
    review.add_argument("--stats", action="store_true", help="report the review statistics instead")
    review.add_argument("--format", choices=["text", "json"], help="with --stats: text (default) or json")
    review.add_argument("--seed", type=int, metavar="S", help="the order of the choices")
    review.add_argument("--plain", action="store_true", help="plain text: questions printed, answers read line by line")
    _player_options(review)
    _bank_options(review)

    check = commands.add_parser(
        "check", help="validate banks and verify every quote against its article",
        description="Validate banks (files or folders; default: the shipped ones), verify "
        "every quote against its article, report coverage and quality warnings.")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    check.add_argument("--strict", action="store_true", help="warnings fail the check too")
    check.add_argument("--quiet", "-q", action="store_true", help="print only problems and the summary")

    listing = commands.add_parser("list", help="list the banks, their articles and question counts",
                                  description="List the banks, their articles and question counts by type.")
    listing.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    listing.add_argument("--json", action="store_true", help="print JSON")

    export = commands.add_parser(
        "export", help="export banks for other tools (JSON, Moodle, Anki, spreadsheets)",
        description="Export the banks: json (one document, see README), gift (Moodle's question "
        "bank, explanations and quotes as feedback), aiken (Moodle, single-answer questions only), "
        "anki (notes for Anki's File > Import), csv (one row per question). What a format can't "
        "hold is listed on standard error.")
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    export.add_argument("--bank", action="append", default=[], metavar="ID", help="only this bank (repeatable)")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of standard output")
    export.add_argument("--from", dest="paths", action="append", type=Path, default=[], metavar="PATH",
                        help="banks to read (default: the shipped ones)")

    schema = commands.add_parser("schema", help="print the JSON Schema of the bank format",
                                 description="Print the JSON Schema of the bank format, generated "
                                 "from the model the loader uses.")
    schema.add_argument("--article", action="store_true", help="the schema of an article file instead")
    schema.add_argument("-o", "--output", type=Path, metavar="FILE")

    drill = commands.add_parser(
        "drill", help="a classroom drill: the same questions, in the same order, for everyone",
        description="Run a drill defined by a drill file or by the settings as flags, or print its "
        "code (--code) for students to start it with: quiz drill --code CODE --student NAME. "
        "Results are saved in the database and written as a results file (JSON, with a CSV "
        "copy). An interrupted drill is resumed with the same code and name.")
    drill.add_argument("file", nargs="?", type=Path, metavar="FILE", help="a drill file (YAML; see README)")
    drill.add_argument("--code", nargs="?", const=True, metavar="CODE",
                       help="with a code: start that drill; alone: print this drill's code and stop")
    drill.add_argument("--student", metavar="NAME", help="the student's name (asked on screen when missing)")
    drill.add_argument("--out", type=Path, metavar="PATH",
                       help="the results file: PATH.json and PATH.csv (default: drill-CODE-NAME.json here)")
    drill.add_argument("--retake", action="store_true", help="take a drill already finished again, as a new attempt")
    drill.add_argument("--plain", action="store_true", help="plain text: questions printed, answers read line by line")
    settings = drill.add_argument_group("settings as flags (instead of a drill file)")
    settings.add_argument("--bank", action="append", default=[], metavar="ID", help="a bank (repeatable; default all)")
    settings.add_argument("--tag", action="append", default=[], metavar="TAG", help="only this tag (repeatable)")
    settings.add_argument("--difficulty", type=int, action="append", choices=[1, 2, 3], default=[],
                          help="only this difficulty (repeatable)")
    settings.add_argument("--count", type=_bounded(1, 999), metavar="N", help="how many questions (default 10)")
    settings.add_argument("--all", action="store_true", help="every question that passes the filters")
    settings.add_argument("--seed", type=_bounded(0, 2**31 - 1), metavar="S",
                          help="which draw: the same seed gives the same drill (default 1)")
    settings.add_argument("--time-limit", type=_bounded(1, 3600), metavar="SECONDS",
                          help="seconds per question (default: none)")
    settings.add_argument("--feedback", choices=["each", "end", "never"],
                          help="when students see right or wrong: after each question (default), at the end, never")
    settings.add_argument("--speed-points", action=argparse.BooleanOptionalAction, default=None,
                          help="bonus for fast right answers; needs --time-limit (default off)")
    settings.add_argument("--streak-bonus", action=argparse.BooleanOptionalAction, default=None,
                          help="bonus for right answers in a row (default on)")
    drill.add_argument("--db", type=Path, metavar="PATH", default=argparse.SUPPRESS,
                       help="the database file (default: $QUIZ_DB, or quiz.db in the user data folder)")
    _bank_options(drill)

    report = commands.add_parser(
        "report", help="a class report of a drill's results",
        description="A class report of one drill: per student, per question (facility, discrimination "
        "index, the most chosen wrong answer) and per paragraph of the article. Give the results "
        "files, or --code CODE to report from the database; with neither, list the drills in the database.")
    report.add_argument("results", nargs="*", type=Path, metavar="RESULTS", help="results files (*.json)")
    report.add_argument("--code", metavar="CODE", help="report this drill from the database instead of files")
    report.add_argument("--format", choices=["table", "csv", "json", "html"], default="table")
    report.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of standard output")
    report.add_argument("--app", action="store_true", help="show the report in the full-screen app")
    report.add_argument("--db", type=Path, metavar="PATH", default=argparse.SUPPRESS,
                       help="the database file (default: $QUIZ_DB, or quiz.db in the user data folder)")
    _bank_options(report)
    _authoring_parsers(commands)
    _add_serve_command(commands)
    return parser


# Options accepted both before and after the command (`quiz --db X play` = `quiz play --db X`):
# on a command they default to SUPPRESS, so they never overwrite the value given before it.
def _player_options(parser: argparse.ArgumentParser, top: bool = False) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--player", metavar="NAME", default=default, help="who is playing (remembered)")
    parser.add_argument("--db", type=Path, metavar="PATH", default=default,
                        help="the database file (default: $QUIZ_DB, or quiz.db in the user data folder)")


def _bank_options(parser: argparse.ArgumentParser, top: bool = False) -> None:
    parser.add_argument("--from", dest="paths", action="append", type=Path, metavar="PATH",
                        default=[] if top else argparse.SUPPRESS,
                        help="banks to read (default: the shipped ones)")
    parser.add_argument("--no-cache", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="parse the banks afresh instead of using the bank cache")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _bounded(low: int, high: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}")
        return value

    return parse


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # an ASCII-only terminal gets '?', not a traceback
            stream.reconfigure(errors="replace")
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return cmd_home(args)
        return _COMMANDS[args.command](args)
    except StoreProblem as exc:
        print(f"quiz: {exc}", file=sys.stderr)
        return PROBLEMS
    except UsageError as exc:
        print(f"quiz: {exc}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print("quiz: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `quiz list | head`); nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK
    except OSError as exc:
        print(f"quiz: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return PROBLEMS
    except Exception as exc:  # last: every other kind is handled above
        # damage found in the database mid-command (not only when it is opened)
        from quiz.store import StoreError

        if not isinstance(exc, StoreError):
            raise
        print(f"quiz: {exc}", file=sys.stderr)
        return PROBLEMS


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        from quiz.files import write_atomic

        write_atomic(output, text)


def cmd_check(args: argparse.Namespace) -> int:
    gc.disable()  # what is checked is big, long-lived and acyclic: collecting only costs time
    from quiz.banks import load_library
    from quiz.lint import coverage, lint

    library = load_library(args.paths)
    diagnostics = library.diagnostics + lint(library)
    if args.strict:
        diagnostics = [d if d.is_error else _as_error(d) for d in diagnostics]
    for d in sorted(diagnostics, key=lambda d: (d.path, d.line, d.col)):
        print(d)
    if not args.quiet:
        for loaded in library.banks:
            print(f"ok: {loaded.path}: bank '{loaded.id}', {counted(len(loaded.bank.questions), 'question')}")
        for path in library.broken_banks:
            print(f"broken: {path}: see the errors above; the game skips this bank")
        for article_id, paragraphs in coverage(library).items():
            covered = sum(1 for ids in paragraphs.values() if ids)
            missing = [str(n) for n, ids in paragraphs.items() if not ids]
            line = f"coverage: {article_id}: {covered}/{len(paragraphs)} paragraphs ({100 * covered // len(paragraphs)}%)"
            print(line + (f"; not quoted: {', '.join(missing)}" if missing else ""))
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    print(
        f"checked {len(library.bank_files)} bank file{'s' * (len(library.bank_files) != 1)}"
        f" ({counted(library.question_count(), 'question')} in {len(library.banks)} valid) against "
        f"{len(library.articles)} article{'s' * (len(library.articles) != 1)}: "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    )
    return PROBLEMS if errors else OK


def _as_error(d):
    from dataclasses import replace

    return replace(d, severity="error")


def _report_skipped(library) -> None:
    """Other commands still work with the valid banks; say what was left out, briefly."""
    for path in library.broken_banks:
        print(f"quiz: warning: {path} has errors and was skipped (run 'quiz check {path}')", file=sys.stderr)
    for d in library.diagnostics:
        if d.is_error and Path(d.path) not in library.broken_banks:
            print(d, file=sys.stderr)


def cmd_list(args: argparse.Namespace) -> int:
    from quiz.banks import load_library

    library = load_library(args.paths)
    _report_skipped(library)
    rows = []
    for loaded in library.banks:
        counts = Counter(type(q).__struct_config__.tag for q in loaded.bank.questions)
        rows.append({
            "id": loaded.bank.id,
            "title": loaded.bank.title,
            "path": str(loaded.path),
            "articles": [{"id": a.id, "title": a.title, "publisher": a.publisher, "date": a.date}
                         for a in loaded.articles],
            "questions": len(loaded.bank.questions),
            "by_type": dict(sorted(counts.items())),
        })
    if args.json:
        print(json.dumps({"banks": rows}, ensure_ascii=False, indent=2))
        return OK
    for row in rows:
        print(f"{row['id']}  {row['title']}")
        for a in row["articles"]:
            print(f"    from: {a['publisher']}, {a['date']}: {a['title']}")
        kinds = ", ".join(f"{n} {t}" for t, n in row["by_type"].items())
        print(f"    {row['questions']} questions: {kinds}")
    total = sum(r["questions"] for r in rows)
    print(f"{len(rows)} bank{'s' * (len(rows) != 1)}, {total} questions")
    return OK


def cmd_export(args: argparse.Namespace) -> int:
    from quiz.banks import load_library
    from quiz.export import to_json_document

    library = load_library(args.paths)
    _report_skipped(library)
    banks = library.banks
    if args.bank:
        unknown = [b for b in args.bank if library.bank(b) is None]
        if unknown:
            raise UsageError(f"no bank with id {', '.join(unknown)} (see 'quiz list')")
        banks = [b for b in banks if b.id in args.bank]
    if args.format != "json":
        return _export_interchange(args, banks)
    text = json.dumps(to_json_document(banks), ensure_ascii=False, indent=2) + "\n"
    _emit(text, args.output)
    return OK


def cmd_schema(args: argparse.Namespace) -> int:
    _emit(_schema_text(args.article), args.output)
    return OK


def _schema_text(article: bool = False) -> str:
    import msgspec

    from quiz.model import Article, Bank

    schema = msgspec.json.schema(Article if article else Bank)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"quiz {'article' if article else 'question bank'}",
        **schema,
    }
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def cmd_drill(args: argparse.Namespace) -> int:
    from quiz.drill import CodeError, DrillFileError, describe, normal_code

    library = _load_playable(args)
    code_given = args.code if isinstance(args.code, str) else None
    if code_given and args.file is None and Path(code_given).is_file():
        try:
            normal_code(code_given)
        except CodeError:  # `quiz drill --code week3.yaml`: the file's code, please
            args.file, code_given, args.code = Path(code_given), None, True
    try:
        drill, code = _drill_from_args(args, library, code_given)
    except DrillFileError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        return PROBLEMS
    except CodeError as exc:
        raise StoreProblem(str(exc)) from None
    if args.code is True:
        print(code)
        print(f"  {describe(drill, library)}")
        print(f"  students start it with: quiz drill --code {code} --student NAME")
        return OK
    student = " ".join((args.student or "").split()) or None
    if args.student is not None and student is None:
        raise UsageError("--student needs a name")
    if args.plain and student is None:
        raise UsageError("a drill in plain mode needs --student NAME")
    with _open_store(args) as store:
        from quiz.drill import known_name

        if student is not None:
            student = known_name(store, student)
        if args.plain:
            return _drill_plain(args, library, store, drill, code, student)
        from quiz.ui.drill import make_drill_app

        app = make_drill_app(library, store, drill, code, student=student, out=args.out, retake=args.retake)
        app.run()
        return app.return_code or OK


def _drill_from_args(args: argparse.Namespace, library, code_given: str | None):
    from quiz.drill import DrillFile, DrillProblem, decode_code, encode_code, load_drill_file, resolve

    flags = [name for name, given in [
        ("--bank", args.bank), ("--tag", args.tag), ("--difficulty", args.difficulty),
        ("--count", args.count is not None), ("--all", args.all), ("--seed", args.seed is not None),
        ("--time-limit", args.time_limit is not None), ("--feedback", args.feedback),
        ("--speed-points", args.speed_points is not None), ("--streak-bonus", args.streak_bonus is not None)] if given]
    if code_given is not None:
        if args.file is not None or flags:
            raise UsageError("a drill code says everything about the drill: give --code CODE with "
                             "--student only, without a drill file or " + ", ".join(flags or ["FILE"]))
        return decode_code(code_given, library)
    if args.file is not None:
        if flags:
            raise UsageError(f"give the settings in the drill file or as flags, not both ({', '.join(flags)})")
        drill = load_drill_file(args.file, library)
        return drill, encode_code(drill, library)
    if args.count is not None and args.all:
        raise UsageError("--count and --all can't go together")
    spec = DrillFile(
        banks=list(args.bank), tags=[t.strip().lower() for t in args.tag], difficulty=list(args.difficulty),
        count="all" if args.all else (args.count or 10), seed=1 if args.seed is None else args.seed,
        time_limit=args.time_limit, feedback=args.feedback or "each", speed_points=bool(args.speed_points),
        streak_bonus=True if args.streak_bonus is None else args.streak_bonus)
    try:
        drill = resolve(library, spec)
    except DrillProblem as problem:
        hints = {"banks": " (see 'quiz list')", "speed_points": " (add --time-limit SECONDS)"}
        raise UsageError("; ".join(message + hints.get(key or "", "") for key, _, message, _ in problem.problems)) from None
    return drill, encode_code(drill, library)


def _drill_plain(args, library, store, drill, code, student) -> int:
    from quiz import plain
    from quiz.drill import ResultsFileError, ResultsFiles, describe, next_attempt, play_attempt
    from quiz.game import NothingToPlay
    from quiz.store import StoreError

    try:
        attempt = next_attempt(store, drill, student, args.retake)
        if attempt.blocked is not None:
            return _already_finished(args, library, store, drill, code, student, attempt)
        files = ResultsFiles.choose(args.out, drill, code, student, attempt.number)
        files.check()
        game = play_attempt(library, store, drill, code, student, attempt, files)
    except ResultsFileError as exc:
        raise StoreProblem(str(exc)) from None
    except NothingToPlay:
        raise StoreProblem("no question matches this drill") from None
    except StoreError as exc:
        raise StoreProblem(str(exc)) from None
    print(f"Drill {code} · {describe(drill, library)}")
    print(f"Student: {student}" + (f" · attempt {attempt.number}" if attempt.number > 1 else "")
          + f" · results: {files.json_path} (and {files.csv_path.name})")
    if attempt.unfinished is not None:
        print(f"Resuming: {len(game.round.outcomes)} of {game.round.total} answered.")
    status = plain.play(game)
    if game.results_problem:
        print(f"quiz: the results file could not be written: {game.results_problem}; every answer is "
              "saved in the database", file=sys.stderr)
        return PROBLEMS
    if game.round.finished:
        print(f"Drill finished. Results: {files.json_path} and {files.csv_path}")
    else:
        print(f"Resume with: quiz drill --code {code} --student {_shell_word(student)} --plain")
    return status


def _already_finished(args, library, store, drill, code, student, attempt) -> int:
    from quiz.drill import ResultsFileError, ResultsFiles, results_from_record

    record = attempt.blocked
    files = ResultsFiles.choose(args.out, drill, code, student, attempt.number - 1)
    where = ""
    try:  # the file may have been lost: write it again from the database
        files.write(results_from_record(record, library, drill, code, attempt.number - 1))
        where = f"; results: {files.json_path}"
    except (OSError, ResultsFileError):
        pass
    when = record.finished.astimezone().strftime("%Y-%m-%d %H:%M")
    print(f"quiz: {student} already finished this drill on {when} ({record.score} points, "
          f"{record.correct_count} of {len(record.plan)} right){where}. To take it again as a new "
          "attempt, add --retake.", file=sys.stderr)
    return PROBLEMS


def _shell_word(text: str) -> str:
    import shlex

    return shlex.quote(text)


def cmd_report(args: argparse.Namespace) -> int:
    from quiz import report as reports
    from quiz.drill import ResultsFileError, read_results

    if args.results and args.code:
        raise UsageError("give results files or --code, not both")
    if args.results:
        found, problems = [], []
        for path in args.results:
            try:
                found.append((str(path), read_results(path)))
            except ResultsFileError as exc:
                problems.append(str(exc))
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            return PROBLEMS
    elif args.code:
        found = _results_from_store(args)
    else:
        return _list_drills(args)
    try:
        report = reports.build(found)
    except reports.DifferentDrills as exc:
        raise StoreProblem(str(exc)) from None
    if args.app:
        from quiz.ui.report import make_report_app

        make_report_app(report).run()
        return OK
    _emit(reports.FORMATS[args.format](report), args.output)
    return OK


def _results_from_store(args: argparse.Namespace) -> list:
    from quiz.drill import CodeError, decode_code, stored_results

    library = _load_playable(args)
    try:
        drill, code = decode_code(args.code, library)
        with _open_store(args) as store:
            found = stored_results(store, library, drill, code)
    except CodeError as exc:
        raise StoreProblem(str(exc)) from None
    if not found:
        raise StoreProblem(f"no one has taken the drill {code} with this database")
    return found


def _list_drills(args: argparse.Namespace) -> int:
    from quiz.drill import stored_drills

    with _open_store(args) as store:
        drills = stored_drills(store)
    if not drills:
        print("No drill has been taken with this database. Report results files with: quiz report FILE...")
        return OK
    for d in drills:
        print(f"{d.code}  {d.first_started.astimezone():%Y-%m-%d %H:%M}  {counted(len(d.students), 'student')}, "
              f"{d.finished} finished" + (f"  {d.title}" if d.title else ""))
    print("Report one with: quiz report --code CODE")
    return OK




# ---------------------------------------------------------------------------- authoring
# quiz new, quiz coverage, quiz import, and the export formats other tools read.

EXPORT_FORMATS = ["json", "gift", "aiken", "anki", "csv"]


def _authoring_parsers(commands) -> None:
    new = commands.add_parser(
        "new", help="start an article file and a bank from an article's plain text",
        description="Turn a plain-text article (paragraphs separated by blank lines, or one "
        "paragraph a line) into an article file (DIR/articles/ID.yaml) and a bank skeleton "
        "(DIR/ID.yaml) with a commented example of every question type. Then edit the bank and "
        "run 'quiz check' on it.")
    new.add_argument("article", type=Path, metavar="ARTICLE.txt", help="the article's text, UTF-8")
    new.add_argument("--title", required=True, help="the article's headline")
    new.add_argument("--publisher", required=True, help="who published it, e.g. 'The Guardian'")
    new.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="when it was published")
    new.add_argument("--url", help="where it was published (optional)")
    new.add_argument("--id", metavar="ID", help="the article's and bank's id (default: from the title and year)")
    new.add_argument("--dir", type=Path, default=Path("."), metavar="DIR",
                     help="the folder to write into (default: the current folder)")
    new.add_argument("--force", action="store_true", help="replace the article and bank files if they exist")

    cover = commands.add_parser(
        "coverage", help="which paragraphs of an article the questions quote",
        description="Print each paragraph of an article (abridged) with the ids of the questions "
        "that quote it, mark the paragraphs no question quotes, and give the share covered. "
        "ARTICLE is an article id or an article file; --bank limits it to one bank's questions.")
    cover.add_argument("article", nargs="?", metavar="ARTICLE", help="an article id or file (default: every article)")
    cover.add_argument("--bank", metavar="ID", help="only this bank's questions (and its articles)")
    cover.add_argument("--format", choices=["text", "json"], default="text")
    cover.add_argument("--from", dest="paths", action="append", type=Path, default=[], metavar="PATH",
                       help="banks to read (default: the shipped ones, or the folder of an ARTICLE file)")

    imp = commands.add_parser(
        "import", help="turn a GIFT file (e.g. from Moodle) into a bank",
        description="Turn a GIFT file into a bank in our format, keeping ids, types, answers and "
        "feedback. A file written by 'quiz export --format gift' comes back whole; from anywhere "
        "else the questions have no quotes yet, and 'quiz check' lists every one still missing.")
    imp.add_argument("format", choices=["gift"], help="the file's format")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("-o", "--output", type=Path, required=True, metavar="BANK.yaml", help="the bank file to write")
    imp.add_argument("--id", metavar="ID", help="the bank's id (default: from the file, or the output's name)")
    imp.add_argument("--title", help="the bank's title (default: from the file)")
    imp.add_argument("--article", action="append", default=[], metavar="ID",
                     help="an article the questions were written from (repeatable)")
    imp.add_argument("--from", dest="paths", action="append", type=Path, default=[], metavar="PATH",
                     help="more banks and articles to know (the output's folder is always read)")
    imp.add_argument("--force", action="store_true", help="replace the output file if it exists")


def _print_diagnostics(diagnostics) -> None:
    for d in sorted(diagnostics, key=lambda d: (d.path, d.line, d.col)):
        print(d, file=sys.stderr)


def _refuse_to_overwrite(paths: list[Path], force: bool) -> bool:
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        for p in existing:
            print(f"quiz: {p} already exists; nothing was written (use --force to replace it)",
                  file=sys.stderr)
        return True
    return False


def cmd_new(args: argparse.Namespace) -> int:
    from quiz import authoring, yamlsafe
    from quiz.banks import find_files, load_library, read_yaml
    from quiz.files import write_atomic

    for problem in (authoring.check_date(args.date), args.id and authoring.check_id(args.id)):
        if problem:
            raise UsageError(problem)
    title, publisher = " ".join(args.title.split()), " ".join(args.publisher.split())
    if not title or not publisher:
        raise UsageError("--title and --publisher must not be empty")
    name = str(args.article)
    try:
        if args.article.stat().st_size > yamlsafe.MAX_BYTES:
            print(f"{name}:1:1: error: the file is larger than {yamlsafe.MAX_BYTES // 2**20} MiB", file=sys.stderr)
            return PROBLEMS
        text = yamlsafe.decode(name, args.article.read_bytes())
    except yamlsafe.YamlRefused as refused:
        print(refused.diagnostic, file=sys.stderr)
        return PROBLEMS
    split = authoring.split_paragraphs(text)
    if not split.paragraphs:
        print(f"{name}:1:1: error: no article text in the file", file=sys.stderr)
        return PROBLEMS
    too_long = [(n, p) for n, p in enumerate(split.paragraphs, 1) if len(p.text) > authoring.MAX_PARAGRAPH]
    if too_long:
        for n, p in too_long:
            print(f"{name}:{p.line}:1: error: paragraph {n} has {len(p.text)} characters, more than "
                  f"{authoring.MAX_PARAGRAPH} (hint: {authoring.too_long_hint(p.text)})", file=sys.stderr)
        return PROBLEMS
    _print_diagnostics(authoring.text_warnings(name, split))

    article_id = args.id or authoring.default_id(title, args.date)
    folder = args.dir
    article_path = folder / "articles" / f"{article_id}.yaml"
    bank_path = folder / f"{article_id}.yaml"
    if _refuse_to_overwrite([article_path, bank_path], args.force):
        return PROBLEMS
    _, article_files, _ = find_files([folder] if folder.is_dir() else [])
    for other in article_files:
        if other.resolve() == article_path.resolve():
            continue
        try:
            data, _ = read_yaml(other)
        except yamlsafe.YamlRefused:
            continue
        if isinstance(data, dict) and data.get("id") == article_id:
            print(f"quiz: the article id '{article_id}' is already used by {other}; nothing was "
                  "written (choose another with --id)", file=sys.stderr)
            return PROBLEMS

    paragraphs = [p.text for p in split.paragraphs]
    article_text = authoring.article_yaml(article_id, title, publisher, args.date, args.url,
                                          paragraphs, args.article.name)
    bank_text = authoring.bank_skeleton(article_id, article_id, title, publisher, args.date, paragraphs,
                                        str(article_path), str(bank_path), str(folder))
    article_path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(article_path, article_text)
    write_atomic(bank_path, bank_text)
    schema_path = folder / "bank.schema.json"
    wrote_schema = not schema_path.exists()
    if wrote_schema:
        write_atomic(schema_path, _schema_text())
    check = load_library([bank_path])  # what we wrote must load: a slip here is our bug
    if check.errors:
        _print_diagnostics(check.errors)
        return PROBLEMS
    words = sum(len(p.split()) for p in paragraphs)
    print(f"wrote {article_path}: {counted(len(paragraphs), 'paragraph')} ({split.layout}), {words} words")
    print(f"wrote {bank_path}: an empty bank with a commented example of every question type")
    if wrote_schema:
        print(f"wrote {schema_path}: lets editors check the bank as you type")
    print(f"next: write questions in {bank_path}, then run 'quiz check {bank_path}'")
    return OK


def cmd_coverage(args: argparse.Namespace) -> int:
    import shutil
    import textwrap

    from quiz import present
    from quiz.banks import load_library
    from quiz.lint import coverage

    targets = list(args.paths)
    article_file = Path(args.article) if args.article and Path(args.article).is_file() else None
    if article_file is not None:
        targets.append(article_file)
        if not args.paths and article_file.parent.name == "articles":
            targets.append(article_file.parent.parent)  # the banks beside the articles folder
    library = load_library(targets or None)
    _report_skipped(library)
    banks = None
    if args.bank:
        loaded = library.bank(args.bank)
        if loaded is None:
            raise UsageError(f"no bank with id {args.bank} (see 'quiz list')")
        banks = [loaded]
    covered = coverage(library, banks)
    if article_file is not None:
        article_id = next((a for a, p in library.article_paths.items() if p.resolve() == article_file.resolve()), None)
        if article_id is None:
            print(f"quiz: {article_file} could not be read as an article (run 'quiz check {article_file}')",
                  file=sys.stderr)
            return PROBLEMS
        wanted = [article_id]
    elif args.article:
        if args.article not in library.articles:
            known = ", ".join(sorted(library.articles)) or "none"
            raise UsageError(f"no article with id {args.article} (articles: {known})")
        wanted = [args.article]
    else:
        wanted = list(covered)
    if banks and any(a not in covered for a in wanted):
        raise UsageError(f"bank {args.bank} does not quote {', '.join(a for a in wanted if a not in covered)}")

    report = []
    for article_id in wanted:
        article = library.articles[article_id]
        quoting = covered.get(article_id) or {n: [] for n in range(1, len(article.paragraphs) + 1)}
        done = sum(1 for ids in quoting.values() if ids)
        report.append({
            "id": article.id, "title": article.title, "publisher": article.publisher, "date": article.date,
            "path": str(library.article_paths[article_id]),
            "paragraphs": [{"number": n, "excerpt": present.abridge(article.paragraphs[n - 1], 100),
                            "questions": ids} for n, ids in quoting.items()],
            "covered": done, "total": len(quoting), "share": round(done / len(quoting), 3),
        })
    if args.format == "json":
        print(json.dumps({"format": "quiz-coverage", "version": 1, "bank": args.bank, "articles": report},
                         ensure_ascii=False, indent=2))
        return OK
    if not report:
        print("quiz: no bank quotes an article here (see 'quiz list')", file=sys.stderr)
        return PROBLEMS
    width = max(40, min(shutil.get_terminal_size((80, 24)).columns, 120))
    unicode = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "").startswith("utf")
    marks = {m: m if unicode else present.ASCII_MARKS[m] for m in (present.RIGHT_MARK, present.WRONG_MARK)}
    for entry in report:
        article = library.articles[entry["id"]]
        print(f"{entry['id']}: {present.article_line(article)}")
        for p in entry["paragraphs"]:
            mark = marks[present.RIGHT_MARK] if p["questions"] else marks[present.WRONG_MARK]
            print(f"{mark} {p['number']:>3}  {present.abridge(article.paragraphs[p['number'] - 1], width - 7)}")
            ids = ", ".join(p["questions"]) if p["questions"] else "(no question quotes it)"
            print(textwrap.fill(ids, width, initial_indent=" " * 7, subsequent_indent=" " * 7,
                                break_on_hyphens=False, break_long_words=False))
        missing = [str(p["number"]) for p in entry["paragraphs"] if not p["questions"]]
        print(f"covered: {entry['covered']} of {counted(entry['total'], 'paragraph')} "
              f"({100 * entry['covered'] // entry['total']}%)"
              + (f"; not quoted: {', '.join(missing)}" if missing else "") + "\n")
    return OK


def _export_interchange(args: argparse.Namespace, banks) -> int:
    from quiz import export

    if args.format == "gift":
        from quiz.gift import to_gift

        result = to_gift(banks)
    else:
        result = {"aiken": export.to_aiken, "anki": export.to_anki, "csv": export.to_csv}[args.format](banks)
    text = result.text
    if args.format == "csv" and args.output is not None:
        text = "\ufeff" + text  # so spreadsheets open the file as UTF-8 (accents intact)
    _emit(text, args.output)
    for line in result.left_out:
        print(f"quiz: {line}", file=sys.stderr)
    where = f" to {args.output}" if args.output else ""
    print(f"quiz: exported {counted(result.count, 'question')} as {args.format}{where}", file=sys.stderr)
    return OK


def cmd_import(args: argparse.Namespace) -> int:
    from quiz import authoring, yamlsafe
    from quiz.banks import load_library
    from quiz.files import write_atomic
    from quiz.gift import bank_yaml, citation_index, read_gift

    problem = args.id and authoring.check_id(args.id)
    if problem:
        raise UsageError(problem)
    if _refuse_to_overwrite([args.output], args.force):
        return PROBLEMS
    name = str(args.file)
    try:
        if args.file.stat().st_size > yamlsafe.MAX_BYTES:
            print(f"{name}:1:1: error: the file is larger than {yamlsafe.MAX_BYTES // 2**20} MiB", file=sys.stderr)
            return PROBLEMS
        text = yamlsafe.decode(name, args.file.read_bytes())
    except yamlsafe.YamlRefused as refused:
        print(refused.diagnostic, file=sys.stderr)
        return PROBLEMS
    known = load_library([*args.paths, args.output.parent if args.output.parent.is_dir() else Path(".")])
    unknown = [a for a in args.article if a not in known.articles]
    if unknown:
        raise UsageError(f"no article with id {', '.join(unknown)} (articles: {', '.join(sorted(known.articles))})")
    by_citation = citation_index(known.articles)
    imported = read_gift(name, text, known.articles)
    _print_diagnostics(imported.diagnostics)
    if any(d.is_error for d in imported.diagnostics):
        print("quiz: nothing was written: fix the errors above first", file=sys.stderr)
        return PROBLEMS
    header = imported.banks[0] if imported.banks else {}
    bank_id = args.id or _import_id(header.get("bank"), imported.categories, args.output)
    title = args.title or str(header.get("title") or bank_id)
    articles = list(args.article) or [a for a in header.get("articles", []) if a in known.articles]
    if not articles:  # the articles the quotes' citations point at
        for q in imported.questions:
            for quote in q["quotes"]:
                if isinstance(quote, dict) and quote["article"] not in articles:
                    articles.append(quote["article"])
    if len(imported.banks) > 1 or len(imported.categories) > 1:
        print(f"quiz: {name} holds {counted(max(len(imported.banks), len(imported.categories)), 'category', 'categories')}; "
              f"all of their questions go into the one bank '{bank_id}'", file=sys.stderr)
    bank_text, missing = bank_yaml(imported, bank_id, title, articles, args.file.name, by_citation)
    write_atomic(args.output, bank_text)
    print(f"wrote {args.output}: {counted(len(imported.questions), 'question')} in bank '{bank_id}'")
    if missing or not articles:
        what = [f"{counted(missing, 'question')} without a quote"] if missing else []
        what += ["no article named (add it to 'articles:')"] if not articles else []
        print(f"next: {' and '.join(what)}; 'quiz check {args.output}' lists what is left")
    return OK


def _import_id(header_id, categories: list[str], output: Path) -> str:
    from quiz import authoring

    for candidate in [header_id, *(c.rstrip("/").rsplit("/", 1)[-1] for c in categories[:1]), output.stem]:
        if isinstance(candidate, str) and not authoring.check_id(candidate):
            return candidate
        if isinstance(candidate, str) and authoring.slug(candidate):
            return authoring.slug(candidate, max_words=8)
    return "imported"



# ---------------------------------------------------------------------- quiz serve
SERVABLE = {None, "play", "drill"}  # the commands that open the app (Home when none is given)


def _add_serve_command(commands) -> None:
    serve = commands.add_parser(
        "serve", help="serve the game to browsers (a classroom)",
        usage="quiz serve [--host HOST] [--port PORT] [--db PATH] [options] [-- QUIZ-ARGS...]",
        description="Serve the game to web browsers: everyone who opens the address gets their own "
        "session and types their own name; every answer goes into the one database. Each session "
        "runs `quiz QUIZ-ARGS` (default: Home), e.g. `quiz serve -- play --bank nyt-2016 --count 5`. "
        "Only this computer can connect unless --host says otherwise.")
    serve.add_argument("--host", default="127.0.0.1",
                       help="the address to listen on (default 127.0.0.1, this computer only; "
                       "0.0.0.0 lets anyone on the network in)")
    serve.add_argument("--port", type=_port, default=8000, help="the port to listen on (default 8000)")
    serve.add_argument("--db", type=Path, metavar="PATH", default=argparse.SUPPRESS,
                       help="the database every session writes to (default: $QUIZ_DB, or quiz.db "
                       "in the user data folder)")
    serve.add_argument("--public-url", metavar="URL",
                       help="the address students' browsers use, when a proxy stands in front "
                       "(default: whatever address the browser used)")
    serve.add_argument("--max-sessions", type=_positive, default=60, metavar="N",
                       help="refuse new sessions while N are open (default 60; each is a process)")
    serve.add_argument("quiz_args", nargs="*", metavar="QUIZ-ARGS",
                       help="after --: the quiz command each session runs, e.g. play --bank ID")


def _port(text: str) -> int:
    port = _positive(text)
    if port > 65535:
        raise argparse.ArgumentTypeError("must be 65535 or less")
    return port


def cmd_serve(args: argparse.Namespace) -> int:
    from quiz.serve import is_loopback
    from quiz.store import default_db_path

    session = _session_args(args.quiz_args)
    if getattr(args, "player", None) is not None:
        raise UsageError("serve: --player would make every student the same player; each one "
                         "types their own name (give it after -- to really want that)")
    # The database: the one named after --, else serve's own --db, else the default; made
    # absolute and created (or checked) once here, so all sessions open the same good file.
    db = (session.db or args.db or default_db_path()).expanduser().absolute()
    _open_store(argparse.Namespace(db=db)).close()
    passed = [*(arg for path in args.paths for arg in ("--from", str(path.absolute()))),
              *(["--no-cache"] if args.no_cache else [])]
    library = _load_playable(argparse.Namespace(paths=[*args.paths, *(session.paths or [])],
                                                no_cache=args.no_cache or session.no_cache))
    unknown = [b for b in getattr(session, "bank", []) if library.bank(b) is None]
    if unknown:
        raise UsageError(f"serve: no bank with id {', '.join(unknown)} (see 'quiz list')")
    if not is_loopback(args.host):
        print(f"quiz: warning: listening on {args.host} port {args.port}: anyone who can reach this "
              f"port can play, under any name, and their answers go into {db}. Serve only on a "
              "network you trust, and stop the server (Ctrl+C) when the class is over.", file=sys.stderr)
    from quiz.serve import serve

    try:
        serve([*passed, *args.quiz_args], db=db, host=args.host, port=args.port,
              public_url=args.public_url, max_sessions=args.max_sessions)
    except OSError as exc:
        print(f"quiz: serve: cannot listen on {args.host} port {args.port}: {exc.strerror or exc}",
              file=sys.stderr)
        return PROBLEMS
    return OK


def _session_args(quiz_args: list[str]) -> argparse.Namespace:
    """Check the command each session will run now, once, rather than in every browser."""
    try:
        session = _parser().parse_args(quiz_args)
    except SystemExit as exc:  # argparse has said what is wrong
        if exc.code == 0:
            raise
        raise UsageError("serve: the arguments after -- must be a quiz command for each session "
                         "to run, e.g. 'quiz serve -- play --bank ID'") from None
    if session.command not in SERVABLE:
        raise UsageError(f"serve: 'quiz {session.command}' is not a game to serve; serve Home "
                         f"(nothing after --) or {', '.join(sorted(c for c in SERVABLE if c))}")
    if getattr(session, "plain", False):
        raise UsageError("serve: --plain reads standard input; a browser session needs the full app")
    return session


_COMMANDS = {
    "play": cmd_play, "review": cmd_review, "drill": cmd_drill, "report": cmd_report, "history": cmd_history,
    "check": cmd_check, "list": cmd_list, "export": cmd_export, "schema": cmd_schema,
    "new": cmd_new, "coverage": cmd_coverage, "import": cmd_import, "serve": cmd_serve,
}
