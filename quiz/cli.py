"""The command line: parses arguments, calls the layers below, sets the exit status.

Exit status: 0 ok, 1 problems found, 2 usage error. No traceback reaches a user.
"""

from __future__ import annotations

import argparse
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quiz",
        description="A terminal quiz game that teaches from news articles: every answer is "
        "explained with the quoted passage that proves it.",
    )
    parser.add_argument("--version", action="version", version=f"quiz {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

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


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            parser.print_help()
            return OK
        return _COMMANDS[args.command](args)
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
    from quiz.banks import load_library
    from quiz.lint import coverage, lint

    library = load_library(args.paths)
    diagnostics = library.diagnostics + lint(library)
    if args.strict:
        diagnostics = [d if d.is_error else _as_error(d) for d in diagnostics]
    for d in sorted(diagnostics, key=lambda d: (d.path, d.line, d.col)):
        print(d)
    if not args.quiet:
        for article_id, paragraphs in coverage(library).items():
            covered = sum(1 for ids in paragraphs.values() if ids)
            missing = [str(n) for n, ids in paragraphs.items() if not ids]
            line = f"coverage: {article_id}: {covered}/{len(paragraphs)} paragraphs ({100 * covered // len(paragraphs)}%)"
            print(line + (f"; not quoted: {', '.join(missing)}" if missing else ""))
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    print(
        f"checked {len(library.bank_files)} bank file{'s' * (len(library.bank_files) != 1)}"
        f" ({_count(library.question_count(), 'question')} in {len(library.banks)} valid) against "
        f"{len(library.articles)} article{'s' * (len(library.articles) != 1)}: "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    )
    return PROBLEMS if errors else OK


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


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


_COMMANDS = {"check": cmd_check, "list": cmd_list, "export": cmd_export, "schema": cmd_schema}
