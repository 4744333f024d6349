"""quiz drill and quiz report: the teacher's commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quiz.cli.common import (
    OK,
    PROBLEMS,
    StoreProblem,
    UsageError,
    bank_options,
    bounded,
    db_option,
    emit,
    load_playable,
    open_store,
    refuse_to_overwrite,
)
from quiz.core.safe_text import name_problem, terminal_text
from quiz.core.wording import counted


def add_commands(commands) -> None:
    drill = commands.add_parser(
        "drill",
        help="a classroom drill: the same questions, in the same order, for everyone",
        description="Run a drill defined by a drill file or by the settings as flags, or print its "
        "code (--code) for students to start it with: quiz drill --code CODE --student NAME. "
        "Results are saved in the database and written as a results file (JSON, with a CSV "
        "copy). An interrupted drill is resumed with the same code and name.",
    )
    drill.add_argument("file", nargs="?", type=Path, metavar="FILE", help="a drill file (YAML; see README)")
    drill.add_argument(
        "--code",
        nargs="?",
        const=True,
        metavar="CODE",
        help="with a code: start that drill; alone: print this drill's code and stop",
    )
    drill.add_argument("--student", metavar="NAME", help="the student's name (asked on screen when missing)")
    drill.add_argument(
        "--out",
        type=Path,
        metavar="PATH",
        help="the results file: PATH.json and PATH.csv (default: drill-CODE-NAME.json here)",
    )
    drill.add_argument("--retake", action="store_true", help="take a drill already finished again, as a new attempt")
    drill.add_argument("--plain", action="store_true", help="plain text: questions printed, answers read line by line")
    settings = drill.add_argument_group("settings as flags (instead of a drill file)")
    settings.add_argument("--bank", action="append", default=[], metavar="ID", help="a bank (repeatable; default all)")
    settings.add_argument("--tag", action="append", default=[], metavar="TAG", help="only this tag (repeatable)")
    settings.add_argument(
        "--difficulty",
        type=int,
        action="append",
        choices=[1, 2, 3],
        default=[],
        help="only this difficulty (repeatable)",
    )
    settings.add_argument("--count", type=bounded(1, 999), metavar="N", help="how many questions (default 10)")
    settings.add_argument("--all", action="store_true", help="every question that passes the filters")
    settings.add_argument(
        "--seed",
        type=bounded(0, 2**31 - 1),
        metavar="S",
        help="which draw: the same seed gives the same drill (default 1)",
    )
    settings.add_argument(
        "--time-limit", type=bounded(1, 3600), metavar="SECONDS", help="seconds per question (default: none)"
    )
    settings.add_argument(
        "--feedback",
        choices=["each", "end", "never"],
        help="when students see right or wrong: after each question (default), at the end, never",
    )
    settings.add_argument(
        "--speed-points",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="bonus for fast right answers; needs --time-limit (default off)",
    )
    settings.add_argument(
        "--streak-bonus",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="bonus for right answers in a row (default on)",
    )
    db_option(drill)
    bank_options(drill)
    drill.set_defaults(run=cmd_drill)

    report = commands.add_parser(
        "report",
        help="a class report of a drill's results",
        description="A class report of one drill: per student, per question (facility, discrimination "
        "index, the most chosen wrong answer) and per paragraph of the article. Give the results "
        "files, or --code CODE to report from the database; with neither, list the drills in the database.",
    )
    report.add_argument("results", nargs="*", type=Path, metavar="RESULTS", help="results files (*.json)")
    report.add_argument("--code", metavar="CODE", help="report this drill from the database instead of files")
    report.add_argument(
        "--format",
        choices=["table", "csv", "json", "html"],
        default="table",
        help="table (default), csv, json or html (a page to print or share)",
    )
    report.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of standard output")
    report.add_argument(
        "--force", action="store_true", help="replace the -o file if it exists (never a results file given)"
    )
    report.add_argument("--app", action="store_true", help="show the report in the full-screen app")
    db_option(report)
    bank_options(report)
    report.set_defaults(run=cmd_report)


def cmd_drill(args: argparse.Namespace) -> int:
    from quiz.play.drill.code import CodeError, normal_code
    from quiz.play.drill.definition import DrillFileError, describe

    library = load_playable(args)
    code_given = args.code if isinstance(args.code, str) else None
    if code_given and args.file is None and Path(code_given).is_file():
        try:
            normal_code(code_given)
        except CodeError:  # `quiz drill --code week3.yaml`: the file's code, please
            args.file, code_given, args.code = Path(code_given), None, True
    try:
        drill, code = drill_from_args(args, library, code_given)
    except DrillFileError as exc:
        for d in exc.diagnostics:
            print(terminal_text(d, lines=True), file=sys.stderr)
        return PROBLEMS
    except CodeError as exc:
        raise StoreProblem(str(exc)) from None
    if drill.title:  # the code has no room for it: kept with this database instead
        _remember_title(args, drill)
    if args.code is True:
        print(code)
        if drill.title:
            print(f"  title: {terminal_text(drill.title)}")
        print(f"  {terminal_text(describe(drill, library))}")
        print(f"  students start it with: quiz drill --code {code} --student NAME")
        if drill.title:
            print("  (the code can't carry the title: students who join by code see it, and their")
            print("   results keep it, when they play with this database; elsewhere they see the code)")
        return OK
    student = " ".join((args.student or "").split()) or None
    if args.student is not None and student is None:
        raise UsageError("--student needs a name")
    if student is not None and name_problem(student):
        raise UsageError(f"--student: {name_problem(student)}")
    if args.plain and student is None:
        raise UsageError("a drill in plain mode needs --student NAME")
    if not args.plain:
        from quiz.cli.play import need_terminal

        need_terminal()
    with open_store(args) as store:
        from quiz.play.players import known_name

        drill = _with_known_title(store, drill)

        if student is not None:
            student = known_name(store, student)
            from quiz.play.players import close_name

            similar = close_name(store, student, drill.fingerprint)
            if similar is not None and args.plain:  # the app asks; plain mode can only say
                print(
                    f"quiz: note: nobody named {student} has taken this drill; did you mean {similar}? "
                    f"(then stop and give --student {_shell_word(similar)})",
                    file=sys.stderr,
                )
        if args.plain:
            return _drill_plain(args, library, store, drill, code, student)
        from quiz.ui.drill_app import make_drill_app

        app = make_drill_app(library, store, drill, code, student=student, out=args.out, retake=args.retake)
        app.run()
        return app.return_code or OK


def _title_key(drill) -> str:
    return f"drill-title:{drill.fingerprint}"


def _remember_title(args: argparse.Namespace, drill) -> None:
    """A drill file's title, kept with the database by the drill's fingerprint: a code can't
    carry it, but students who join by code with this database (a classroom machine, `quiz
    serve`) get it, and so do their results and the report."""
    from quiz.store.sqlite import StoreError

    try:
        with open_store(args) as store:
            if store.get_setting(_title_key(drill)) != drill.title:
                store.set_setting(_title_key(drill), drill.title)
    except (StoreProblem, StoreError):
        pass  # a title not remembered is no reason to stop a drill


def _with_known_title(store, drill):
    """The drill with the title its file gave, when this database knows it (see _remember_title)."""
    import dataclasses

    if drill.title:
        return drill
    title = store.get_setting(_title_key(drill))
    return dataclasses.replace(drill, title=title) if title else drill


def drill_from_args(args: argparse.Namespace, library, code_given: str | None):
    from quiz.play.drill.code import decode_code, encode_code
    from quiz.play.drill.definition import DrillFile, DrillProblem, load_drill_file, resolve

    flags = [
        name
        for name, given in [
            ("--bank", args.bank),
            ("--tag", args.tag),
            ("--difficulty", args.difficulty),
            ("--count", args.count is not None),
            ("--all", args.all),
            ("--seed", args.seed is not None),
            ("--time-limit", args.time_limit is not None),
            ("--feedback", args.feedback),
            ("--speed-points", args.speed_points is not None),
            ("--streak-bonus", args.streak_bonus is not None),
        ]
        if given
    ]
    if code_given is not None:
        if args.file is not None or flags:
            raise UsageError(
                "a drill code says everything about the drill: give --code CODE with "
                "--student only, without a drill file or " + ", ".join(flags or ["FILE"])
            )
        return decode_code(code_given, library)
    if args.file is not None:
        if flags:
            raise UsageError(f"give the settings in the drill file or as flags, not both ({', '.join(flags)})")
        drill = load_drill_file(args.file, library)
        return drill, encode_code(drill, library)
    if args.count is not None and args.all:
        raise UsageError("--count and --all can't go together")
    spec = DrillFile(
        banks=list(args.bank),
        tags=[t.strip().lower() for t in args.tag],
        difficulty=list(args.difficulty),
        count="all" if args.all else (args.count or 10),
        seed=1 if args.seed is None else args.seed,
        time_limit=args.time_limit,
        feedback=args.feedback or "each",
        speed_points=bool(args.speed_points),
        streak_bonus=True if args.streak_bonus is None else args.streak_bonus,
    )
    try:
        drill = resolve(library, spec)
    except DrillProblem as problem:
        hints = {"banks": " (see 'quiz list')", "speed_points": " (add --time-limit SECONDS)"}
        raise UsageError(
            "; ".join(
                message + (f" ({hint})" if key == "tags" and hint else hints.get(key or "", ""))
                for key, _, message, hint in problem.problems
            )
        ) from None
    return drill, encode_code(drill, library)


def _drill_plain(args, library, store, drill, code, student) -> int:
    from quiz.frontends import plain
    from quiz.play.drill.attempt import DrillRefused, begin
    from quiz.play.drill.definition import describe
    from quiz.play.drill.results import ResultsFileError
    from quiz.play.game import NothingToPlay
    from quiz.store.interface import StoreError

    try:
        game = begin(library, store, drill, code, student, args.out, args.retake)
    except DrillRefused as refused:
        r = refused.refusal
        where = f"; results: {r.results_path}" if r.results_path else ""
        print(
            f"quiz: {terminal_text(student)} already finished this drill on {r.finished_text} ({r.score} points, "
            f"{r.right} of {r.questions} right){where}. To take it again as a new "
            "attempt, add --retake.",
            file=sys.stderr,
        )
        return PROBLEMS
    except ResultsFileError as exc:
        raise StoreProblem(str(exc)) from None
    except NothingToPlay:
        raise StoreProblem("no question matches this drill") from None
    except StoreError as exc:
        raise StoreProblem(str(exc)) from None
    files = game.results
    assert files is not None  # begin always writes a results file
    print(f"Drill {code} · {terminal_text(describe(drill, library))}")
    print(
        f"Student: {terminal_text(student)}"
        + (f" · attempt {game.attempt}" if game.attempt > 1 else "")
        + f" · results: {files.json_path} (and {files.csv_path.name})"
    )
    if game.resumed:
        print(f"Resuming: {len(game.round.outcomes)} of {game.round.total} answered.")
    status = plain.play(game)
    if game.results_problem:
        print(
            f"quiz: the results file could not be written: {game.results_problem}; every answer is "
            "saved in the database",
            file=sys.stderr,
        )
        return PROBLEMS
    if game.round.finished:
        print(f"Drill finished. Results: {files.json_path} and {files.csv_path}")
    else:
        print(f"Resume with: quiz drill --code {code} --student {terminal_text(_shell_word(student))} --plain")
    return status


def _shell_word(text: str) -> str:
    import shlex

    return shlex.quote(text)


def cmd_report(args: argparse.Namespace) -> int:
    from quiz.reports import class_report as reports

    if args.results and args.code:
        raise UsageError("give results files or --code, not both")
    if args.output is not None:
        if args.results and args.output.resolve() in {p.resolve() for p in args.results}:
            raise UsageError(f"-o {terminal_text(args.output)} is one of the results files given; nothing was written")
        if refuse_to_overwrite([args.output], args.force):
            return PROBLEMS
    flagged: list[str] = []
    notes: list[str] = []
    if args.results:
        found, problems, flagged, notes = _results_from_files(args.results)
        for problem in problems:
            print(terminal_text(problem, lines=True), file=sys.stderr)
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
    if flagged or notes:
        from dataclasses import replace

        report = replace(report, notes=[*report.notes, *flagged, *notes])
        for line in flagged:
            print(f"quiz: warning: {terminal_text(line)}", file=sys.stderr)
    if args.app:
        from quiz.ui.report_app import make_report_app

        make_report_app(report).run()
        return PROBLEMS if flagged else OK
    emit(reports.FORMATS[args.format](report), args.output)
    return PROBLEMS if flagged else OK


def _results_from_files(paths: list[Path]) -> tuple[list, list[str], list[str], list[str]]:
    """Each file read, checked for impossible values and graded again; with the problems
    that stop the report, and the files to flag (marks that disagree, questions edited)."""
    from collections import Counter

    import msgspec

    from quiz.play.drill.results import ResultsFileError, read_results, regrade

    found, problems, flagged, notes = [], [], [], []
    questions: dict[str, bytes] = {}
    for path in paths:
        try:
            results = read_results(path)
        except ResultsFileError as exc:
            problems.append(str(exc))
            continue
        regraded = regrade(results)
        if regraded.disagreements:
            flagged.append(
                f"{path} ({results.student}): the marks stored in the file disagree with its answers graded "
                f"again: {'; '.join(regraded.disagreements[:3])}"
                + (f"; and {len(regraded.disagreements) - 3} more" if len(regraded.disagreements) > 3 else "")
                + "; the report uses the marks graded again"
            )
        if regraded.not_regraded:
            notes.append(
                f"{path} ({results.student}): {counted(regraded.not_regraded, 'answer')} could not be graded "
                "again (a results file from an older quiz carries no key for them): their stored marks are used"
            )
        questions[str(path)] = msgspec.json.encode(results.drill)
        found.append((str(path), regraded.results))
    common = Counter(questions.values()).most_common(1)
    if common and len(set(questions.values())) > 1:
        for where, drill in questions.items():
            if drill != common[0][0]:
                flagged.append(
                    f"{where}: its questions or keys differ from {common[0][1]} other files of the same "
                    "drill: the file was edited, or written by another version of the banks"
                )
    return found, problems, flagged, notes


def _results_from_store(args: argparse.Namespace) -> list:
    from quiz.play.drill.code import CodeError, decode_code
    from quiz.play.drill.results import stored_results

    library = load_playable(args)
    try:
        drill, code = decode_code(args.code, library)
        with open_store(args) as store:
            found = stored_results(store, library, _with_known_title(store, drill), code)
    except CodeError as exc:
        raise StoreProblem(str(exc)) from None
    if not found:
        raise StoreProblem(f"no one has taken the drill {code} with this database")
    return found


def _list_drills(args: argparse.Namespace) -> int:
    from quiz.play.drill.results import stored_drills

    with open_store(args) as store:
        drills = stored_drills(store)
    if not drills:
        print("No drill has been taken with this database. Report results files with: quiz report FILE...")
        return OK
    for d in drills:
        print(
            f"{terminal_text(d.code)}  {d.first_started.astimezone():%Y-%m-%d %H:%M}  "
            f"{counted(len(d.students), 'student')}, {d.finished} finished"
            + (f"  {terminal_text(d.title)}" if d.title else "")
        )
    print("Report one with: quiz report --code CODE")
    return OK
