"""quiz check, list, export and schema: the commands about the banks themselves."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from quiz import tuning
from quiz.cli.common import OK, PROBLEMS, UsageError, emit, refuse_to_overwrite, report_skipped
from quiz.core.safe_text import json_text, terminal_text
from quiz.core.wording import counted

EXPORT_FORMATS = ["json", "gift", "aiken", "anki", "csv"]


def add_commands(commands) -> None:
    check = commands.add_parser(
        "check",
        help="validate banks and verify every quote against its article",
        description="Validate banks (files or folders; default: the shipped ones), verify "
        "every quote against its article, report coverage and quality warnings.",
    )
    # SUPPRESS, not []: with no PATH here, the global `quiz --from PATH check` still counts
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", default=argparse.SUPPRESS)
    check.add_argument("--strict", action="store_true", help="warnings fail the check too")
    check.add_argument("--quiet", "-q", action="store_true", help="print only problems and the summary")
    check.set_defaults(run=cmd_check)

    listing = commands.add_parser(
        "list",
        help="list the banks, their articles and question counts",
        description="List the banks, their articles and question counts by type.",
    )
    listing.add_argument("paths", nargs="*", type=Path, metavar="PATH", default=argparse.SUPPRESS)
    listing.add_argument("--format", choices=["text", "json"], default="text", help="text (default) or json")
    listing.add_argument(
        "--json", dest="format", action="store_const", const="json", help="the same as --format json (kept for scripts)"
    )
    listing.set_defaults(run=cmd_list)

    export = commands.add_parser(
        "export",
        help="export banks for other tools (JSON, Moodle, Anki, spreadsheets)",
        description="Export the banks: json (one document, see README), gift (Moodle's question "
        "bank, explanations and quotes as feedback), aiken (Moodle, single-answer questions only), "
        "anki (notes for Anki's File > Import), csv (one row per question). What a format can't "
        "hold is listed on standard error.",
    )
    export.add_argument(
        "--format",
        required=True,
        choices=EXPORT_FORMATS,
        help="json (everything), gift (Moodle), aiken (Moodle, one-answer questions), anki, csv",
    )
    export.add_argument("--bank", action="append", default=[], metavar="ID", help="only this bank (repeatable)")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of standard output")
    export.add_argument("--force", action="store_true", help="replace the -o file if it exists")
    export.add_argument(
        "--from",
        dest="paths",
        action="append",
        type=Path,
        default=argparse.SUPPRESS,  # else it would hide the global `quiz --from PATH export`
        metavar="PATH",
        help="banks to read (default: the shipped ones)",
    )
    export.set_defaults(run=cmd_export)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the bank format",
        description="Print the JSON Schema of the bank format, generated from the model the loader uses.",
    )
    schema.add_argument("--article", action="store_true", help="the schema of an article file instead")
    schema.add_argument("-o", "--output", type=Path, metavar="FILE")
    schema.add_argument("--force", action="store_true", help="replace the -o file if it exists")
    schema.set_defaults(run=cmd_schema)


def cmd_check(args: argparse.Namespace) -> int:
    tuning.pause_collector()  # what is checked is big, long-lived and acyclic: collecting only costs time
    from quiz.library.lint import coverage, lint
    from quiz.library.loader import load_library

    library = load_library(args.paths)
    diagnostics = library.diagnostics + lint(library)
    if args.strict:
        diagnostics = [d if d.is_error else _as_error(d) for d in diagnostics]
    for d in sorted(diagnostics, key=lambda d: (d.path, d.line, d.col)):
        print(d)
    failing = {d.path for d in diagnostics if d.is_error}  # under --strict, a bank's warnings fail it
    if not args.quiet:
        for loaded in library.banks:
            state = "failed" if str(loaded.path) in failing else "ok"
            line = f"{state}: {terminal_text(loaded.path)}: bank '{loaded.id}', {counted(len(loaded.bank.questions), 'question')}"
            print(line + ("; see the problems above (--strict: warnings fail)" if state == "failed" else ""))
        for path in library.broken_banks:
            print(f"broken: {terminal_text(path)}: see the errors above; the game skips this bank")
        for article_id, paragraphs in coverage(library).items():
            covered = sum(1 for ids in paragraphs.values() if ids)
            missing = [str(n) for n, ids in paragraphs.items() if not ids]
            line = (
                f"coverage: {article_id}: {covered}/{len(paragraphs)} paragraphs ({100 * covered // len(paragraphs)}%)"
            )
            print(line + (f"; not quoted: {', '.join(missing)}" if missing else ""))
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    passing = [b for b in library.banks if str(b.path) not in failing]
    print(
        f"checked {counted(len(library.bank_files), 'bank file')}"
        f" ({counted(sum(len(b.bank.questions) for b in passing), 'question')} in {len(passing)} valid) against "
        f"{counted(len(_articles_checked(library)), 'article')}: "
        f"{counted(errors, 'error')}, {counted(warnings, 'warning')}"
    )
    return PROBLEMS if errors else OK


def tag_problem(library, tags, bank_ids=()) -> str | None:
    """'no question has the tag …; did you mean …?' for the first tag no question has, or None."""
    import difflib

    banks = [b for b in library.banks if not bank_ids or b.id in bank_ids]
    known = sorted({t for b in banks for t in b.summary.tags})
    for tag in tags:
        if tag not in known:
            close = difflib.get_close_matches(tag.strip().lower(), known, n=1)
            if close:
                return f"no question has the tag '{tag}'; did you mean '{close[0]}'?"
            return f"no question has the tag '{tag}' (tags: {', '.join(known) or 'none'})"
    return None


def _articles_checked(library) -> set[str]:
    """The articles a check was about: the author's own, and the shipped ones a checked bank
    quotes (not every shipped article, found only because it is always on the search path)."""
    from quiz.library.loader import shipped_articles_dir

    shipped = shipped_articles_dir().resolve()
    own = {a for a, path in library.article_paths.items() if path.resolve().parent != shipped}
    return own | {a.id for loaded in library.banks for a in loaded.articles}


def _as_error(d):
    import msgspec

    return msgspec.structs.replace(d, severity="error")


def cmd_list(args: argparse.Namespace) -> int:
    from quiz.library.loader import load_library

    library = load_library(args.paths)
    report_skipped(library)
    rows = []
    for loaded in library.banks:
        counts = Counter(type(q).__struct_config__.tag for q in loaded.bank.questions)
        rows.append(
            {
                "id": loaded.bank.id,
                "title": loaded.bank.title,
                "path": str(loaded.path),
                "articles": [
                    {"id": a.id, "title": a.title, "publisher": a.publisher, "date": a.date} for a in loaded.articles
                ],
                "questions": len(loaded.bank.questions),
                "by_type": dict(sorted(counts.items())),
            }
        )
    if args.format == "json":
        print(json_text({"banks": rows}))
        return OK
    t = terminal_text
    for row in rows:
        print(f"{row['id']}  {t(row['title'])}")
        for a in row["articles"]:
            print(f"    from: {t(a['publisher'])}, {a['date']}: {t(a['title'])}")
        kinds = ", ".join(f"{n} {t}" for t, n in row["by_type"].items())
        print(f"    {row['questions']} questions: {kinds}")
    total = sum(r["questions"] for r in rows)
    print(f"{counted(len(rows), 'bank')}, {total} questions")
    return OK


def cmd_export(args: argparse.Namespace) -> int:
    from quiz.interchange.export import to_json_document
    from quiz.library.loader import load_library

    if args.output is not None and refuse_to_overwrite([args.output], args.force):
        return PROBLEMS
    library = load_library(args.paths)
    report_skipped(library)
    banks = library.banks
    if args.bank:
        unknown = [b for b in args.bank if library.bank(b) is None]
        if unknown:
            raise UsageError(f"no bank with id {', '.join(unknown)} (see 'quiz list')")
        banks = [b for b in banks if b.id in args.bank]
    if args.format != "json":
        return _export_interchange(args, banks)
    text = json.dumps(to_json_document(banks), ensure_ascii=False, indent=2) + "\n"
    emit(text, args.output)
    return OK


def _export_interchange(args: argparse.Namespace, banks) -> int:
    from quiz.interchange import export

    if args.format == "gift":
        from quiz.interchange.gift import to_gift

        result = to_gift(banks)
    else:
        result = {"aiken": export.to_aiken, "anki": export.to_anki, "csv": export.to_csv}[args.format](banks)
    text = result.text
    if args.format == "csv" and args.output is not None:
        text = "\ufeff" + text  # so spreadsheets open the file as UTF-8 (accents intact)
    emit(text, args.output)
    for line in result.left_out:
        print(f"quiz: {line}", file=sys.stderr)
    where = f" to {args.output}" if args.output else ""
    print(f"quiz: exported {counted(result.count, 'question')} as {args.format}{where}", file=sys.stderr)
    return OK


def cmd_schema(args: argparse.Namespace) -> int:
    if args.output is not None and refuse_to_overwrite([args.output], args.force):
        return PROBLEMS
    emit(schema_text(args.article), args.output)
    return OK


def schema_text(article: bool = False) -> str:
    import msgspec

    from quiz.core.banks import Bank
    from quiz.core.model import Article

    schema = msgspec.json.schema(Article if article else Bank)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"quiz {'article' if article else 'question bank'}",
        **schema,
    }
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
