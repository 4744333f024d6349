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

    export = commands.add_parser("export", help="export banks for other tools",
                                 description="Export the banks as one JSON document (see README).")
    export.add_argument("--format", required=True, choices=["json"])
    export.add_argument("--bank", action="append", default=[], metavar="ID", help="only this bank (repeatable)")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of standard output")
    export.add_argument("--from", dest="paths", action="append", type=Path, default=[], metavar="PATH",
                        help="banks to read (default: the shipped ones)")

    schema = commands.add_parser("schema", help="print the JSON Schema of the bank format",
                                 description="Print the JSON Schema of the bank format, generated "
                                 "from the model the loader uses.")
    schema.add_argument("--article", action="store_true", help="the schema of an article file instead")
    schema.add_argument("-o", "--output", type=Path, metavar="FILE")
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
    from quiz.present import counted

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
    text = json.dumps(to_json_document(banks), ensure_ascii=False, indent=2) + "\n"
    _emit(text, args.output)
    return OK


def cmd_schema(args: argparse.Namespace) -> int:
    import msgspec

    from quiz.model import Article, Bank

    kind = Article if args.article else Bank
    schema = msgspec.json.schema(kind)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"quiz {'article' if args.article else 'question bank'}",
        **schema,
    }
    _emit(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", args.output)
    return OK


_COMMANDS = {"play": cmd_play, "history": cmd_history, "check": cmd_check, "list": cmd_list, "export": cmd_export, "schema": cmd_schema}
