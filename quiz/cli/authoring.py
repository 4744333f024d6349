"""quiz new, coverage and import: the author's commands."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from quiz.cli.common import (
    OK,
    PROBLEMS,
    UsageError,
    print_diagnostics,
    refuse_to_overwrite,
    report_skipped,
)
from quiz.cli.library import schema_text
from quiz.core.wording import counted


def add_commands(commands) -> None:
    new = commands.add_parser(
        "new",
        help="start an article file and a bank from an article's plain text",
        description="Turn a plain-text article (paragraphs separated by blank lines, or one "
        "paragraph a line) into an article file (DIR/articles/ID.yaml) and a bank skeleton "
        "(DIR/ID.yaml) with a commented example of every question type. Then edit the bank and "
        "run 'quiz check' on it.",
    )
    new.add_argument("article", type=Path, metavar="ARTICLE.txt", help="the article's text, UTF-8")
    new.add_argument("--title", required=True, help="the article's headline")
    new.add_argument("--publisher", required=True, help="who published it, e.g. 'The Guardian'")
    new.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="when it was published")
    new.add_argument("--url", help="where it was published (optional)")
    new.add_argument("--id", metavar="ID", help="the article's and bank's id (default: from the title and year)")
    new.add_argument(
        "--dir",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the folder to write into (default: the current folder)",
    )
    new.add_argument("--force", action="store_true", help="replace the article and bank files if they exist")

    cover = commands.add_parser(
        "coverage",
        help="which paragraphs of an article the questions quote",
        description="Print each paragraph of an article (abridged) with the ids of the questions "
        "that quote it, mark the paragraphs no question quotes, and give the share covered. "
        "ARTICLE is an article id or an article file; --bank limits it to one bank's questions.",
    )
    cover.add_argument("article", nargs="?", metavar="ARTICLE", help="an article id or file (default: every article)")
    cover.add_argument("--bank", metavar="ID", help="only this bank's questions (and its articles)")
    cover.add_argument("--format", choices=["text", "json"], default="text", help="text (default) or json")
    cover.add_argument(
        "--from",
        dest="paths",
        action="append",
        type=Path,
        default=argparse.SUPPRESS,  # else it would hide the global `quiz --from PATH coverage`
        metavar="PATH",
        help="banks to read (default: the shipped ones, or the folder of an ARTICLE file)",
    )

    imp = commands.add_parser(
        "import",
        help="turn a GIFT file (e.g. from Moodle) into a bank",
        description="Turn a GIFT file into a bank in our format, keeping ids, types, answers and "
        "feedback. A file written by 'quiz export --format gift' comes back whole; from anywhere "
        "else the questions have no quotes yet, and 'quiz check' lists every one still missing.",
    )
    imp.add_argument("format", choices=["gift"], help="the file's format")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("-o", "--output", type=Path, required=True, metavar="BANK.yaml", help="the bank file to write")
    imp.add_argument("--id", metavar="ID", help="the bank's id (default: from the file, or the output's name)")
    imp.add_argument("--title", help="the bank's title (default: from the file)")
    imp.add_argument(
        "--article",
        action="append",
        default=[],
        metavar="ID",
        help="an article the questions were written from (repeatable)",
    )
    imp.add_argument(
        "--from",
        dest="paths",
        action="append",
        type=Path,
        default=[],
        metavar="PATH",
        help="more banks and articles to know (the output's folder is always read)",
    )
    imp.add_argument("--force", action="store_true", help="replace the output file if it exists")
    new.set_defaults(run=cmd_new)
    cover.set_defaults(run=cmd_coverage)
    imp.set_defaults(run=cmd_import)


def cmd_new(args: argparse.Namespace) -> int:
    from quiz.files import write_atomic
    from quiz.interchange import authoring
    from quiz.library import yamlsafe
    from quiz.library.loader import find_files, load_library, read_text, read_yaml

    for problem in (authoring.check_date(args.date), args.id and authoring.check_id(args.id)):
        if problem:
            raise UsageError(problem)
    title, publisher = " ".join(args.title.split()), " ".join(args.publisher.split())
    if not title or not publisher:
        raise UsageError("--title and --publisher must not be empty")
    name = str(args.article)
    try:
        text = read_text(args.article)
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
            print(
                f"{name}:{p.line}:1: error: paragraph {n} has {len(p.text)} characters, more than "
                f"{authoring.MAX_PARAGRAPH} (hint: {authoring.too_long_hint(p.text)})",
                file=sys.stderr,
            )
        return PROBLEMS
    print_diagnostics(authoring.text_warnings(name, split))

    article_id = args.id or authoring.default_id(title, args.date)
    folder = args.dir
    article_path = folder / "articles" / f"{article_id}.yaml"
    bank_path = folder / f"{article_id}.yaml"
    if refuse_to_overwrite([article_path, bank_path], args.force):
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
            print(
                f"quiz: the article id '{article_id}' is already used by {other}; nothing was "
                "written (choose another with --id)",
                file=sys.stderr,
            )
            return PROBLEMS

    paragraphs = [p.text for p in split.paragraphs]
    article_text = authoring.article_yaml(
        article_id, title, publisher, args.date, args.url, paragraphs, args.article.name
    )
    bank_text = authoring.bank_skeleton(
        article_id, article_id, title, publisher, args.date, paragraphs, str(article_path), str(bank_path), str(folder)
    )
    article_path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(article_path, article_text)
    write_atomic(bank_path, bank_text)
    schema_path = folder / "bank.schema.json"
    wrote_schema = not schema_path.exists()
    if wrote_schema:
        write_atomic(schema_path, schema_text())
    check = load_library([bank_path])  # what we wrote must load: a slip here is our bug
    if check.errors:
        print_diagnostics(check.errors)
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

    from quiz.core import present
    from quiz.library.lint import coverage
    from quiz.library.loader import load_library

    targets = list(args.paths)
    article_file = Path(args.article) if args.article and Path(args.article).is_file() else None
    if article_file is not None:
        targets.append(article_file)
        if not args.paths and article_file.parent.name == "articles":
            targets.append(article_file.parent.parent)  # the banks beside the articles folder
    library = load_library(targets or None)
    report_skipped(library)
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
            print(
                f"quiz: {article_file} could not be read as an article (run 'quiz check {article_file}')",
                file=sys.stderr,
            )
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
        report.append(
            {
                "id": article.id,
                "title": article.title,
                "publisher": article.publisher,
                "date": article.date,
                "path": str(library.article_paths[article_id]),
                "paragraphs": [
                    {"number": n, "excerpt": present.abridge(article.paragraphs[n - 1], 100), "questions": ids}
                    for n, ids in quoting.items()
                ],
                "covered": done,
                "total": len(quoting),
                "share": round(done / len(quoting), 3),
            }
        )
    if args.format == "json":
        print(
            json.dumps(
                {"format": "quiz-coverage", "version": 1, "bank": args.bank, "articles": report},
                ensure_ascii=False,
                indent=2,
            )
        )
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
            print(
                textwrap.fill(
                    ids,
                    width,
                    initial_indent=" " * 7,
                    subsequent_indent=" " * 7,
                    break_on_hyphens=False,
                    break_long_words=False,
                )
            )
        missing = [str(p["number"]) for p in entry["paragraphs"] if not p["questions"]]
        print(
            f"covered: {entry['covered']} of {counted(entry['total'], 'paragraph')} "
            f"({100 * entry['covered'] // entry['total']}%)"
            + (f"; not quoted: {', '.join(missing)}" if missing else "")
            + "\n"
        )
    return OK


def cmd_import(args: argparse.Namespace) -> int:
    from quiz.files import write_atomic
    from quiz.interchange import authoring
    from quiz.interchange.gift import bank_yaml, citation_index, read_gift
    from quiz.library import yamlsafe
    from quiz.library.loader import load_library, read_text

    problem = args.id and authoring.check_id(args.id)
    if problem:
        raise UsageError(problem)
    if refuse_to_overwrite([args.output], args.force):
        return PROBLEMS
    name = str(args.file)
    try:
        text = read_text(args.file)
    except yamlsafe.YamlRefused as refused:
        print(refused.diagnostic, file=sys.stderr)
        return PROBLEMS
    known = load_library([*args.paths, args.output.parent if args.output.parent.is_dir() else Path(".")])
    unknown = [a for a in args.article if a not in known.articles]
    if unknown:
        raise UsageError(f"no article with id {', '.join(unknown)} (articles: {', '.join(sorted(known.articles))})")
    by_citation = citation_index(known.articles)
    imported = read_gift(name, text, known.articles)
    print_diagnostics(imported.diagnostics)
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
        print(
            f"quiz: {name} holds {counted(max(len(imported.banks), len(imported.categories)), 'category', 'categories')}; "
            f"all of their questions go into the one bank '{bank_id}'",
            file=sys.stderr,
        )
    bank_text, missing = bank_yaml(imported, bank_id, title, articles, args.file.name, by_citation)
    write_atomic(args.output, bank_text)
    print(f"wrote {args.output}: {counted(len(imported.questions), 'question')} in bank '{bank_id}'")
    if missing or not articles:
        what = [f"{counted(missing, 'question')} without a quote"] if missing else []
        what += ["no article named (add it to 'articles:')"] if not articles else []
        print(f"next: {' and '.join(what)}; 'quiz check {args.output}' lists what is left")
    return OK


def _import_id(header_id, categories: list[str], output: Path) -> str:
    from quiz.interchange import authoring

    for candidate in [header_id, *(c.rstrip("/").rsplit("/", 1)[-1] for c in categories[:1]), output.stem]:
        if isinstance(candidate, str) and not authoring.check_id(candidate):
            return candidate
        if isinstance(candidate, str) and authoring.slug(candidate):
            return authoring.slug(candidate, max_words=8)
    return "imported"
