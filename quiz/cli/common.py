"""What every command shares: exit codes, the two errors that set them, opening the
database and the banks, writing output, and the options several commands take."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quiz.core.safe_text import terminal_text

OK, PROBLEMS, USAGE = 0, 1, 2


class UsageError(Exception):
    """Wrong words on the command line: exit status 2 with the message."""


class StoreProblem(Exception):
    """The database can't be used (not ours, newer, unreadable): exit status 1."""


def open_store(args: argparse.Namespace):
    """The store named by --db (a path or a postgresql:// URL), else $QUIZ_DB, else the default."""
    from quiz.store import StoreError
    from quiz.store import open_store as open_location

    try:
        return open_location(getattr(args, "db", None))
    except StoreError as exc:
        raise StoreProblem(str(exc)) from None


def db_location(text: str) -> str | Path:
    """--db's value: a PostgreSQL URL kept as written (a Path would fold its '//'), else a path."""
    from quiz.store import is_url

    return text if is_url(text) else Path(text)


def load_playable(args: argparse.Namespace):
    from quiz.library.cache import load_library_cached

    library = load_library_cached(getattr(args, "paths", None) or None, use_cache=not getattr(args, "no_cache", False))
    report_skipped(library)
    if not library.banks:
        raise StoreProblem("no bank could be loaded (run 'quiz check')")
    return library


def report_skipped(library) -> None:
    """Other commands still work with the valid banks; say what was left out, briefly."""
    for path in library.broken_banks:
        shown = terminal_text(path)  # a file's name is anyone's to choose
        print(f"quiz: warning: {shown} has errors and was skipped (run 'quiz check {shown}')", file=sys.stderr)
    for d in library.diagnostics:
        if d.is_error and Path(d.path) not in library.broken_banks:
            print(d, file=sys.stderr)


def pause_garbage_collector() -> None:
    """Before the full-screen app starts (see quiz.tuning)."""
    from quiz.tuning import pause_collector

    pause_collector()


def emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        from quiz.files import write_atomic

        write_atomic(output, text)


def print_diagnostics(diagnostics) -> None:
    for d in sorted(diagnostics, key=lambda d: (d.path, d.line, d.col)):
        print(d, file=sys.stderr)


def refuse_to_overwrite(paths: list[Path], force: bool) -> bool:
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        for p in existing:
            print(
                f"quiz: {terminal_text(p)} already exists; nothing was written (use --force to replace it)",
                file=sys.stderr,
            )
        return True
    return False


# Options accepted both before and after the command (`quiz --db X play` = `quiz play --db X`):
# on a command they default to SUPPRESS, so they never overwrite the value given before it.
DB_HELP = (
    "a file, or a postgresql://USER@HOST/DATABASE URL with no password in it "
    "(default: $QUIZ_DB, or quiz.db in the user data folder)"
)


def db_option(parser: argparse.ArgumentParser, default: object = argparse.SUPPRESS, what: str = "the database") -> None:
    """--db, as every command takes it: a path or a postgresql:// URL (kept as written)."""
    parser.add_argument("--db", type=db_location, metavar="PATH|URL", default=default, help=f"{what}: {DB_HELP}")


def player_options(parser: argparse.ArgumentParser, top: bool = False) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--player", metavar="NAME", default=default, help="who is playing (remembered)")
    db_option(parser, default)


def bank_options(parser: argparse.ArgumentParser, top: bool = False) -> None:
    parser.add_argument(
        "--from",
        dest="paths",
        action="append",
        type=Path,
        metavar="PATH",
        default=[] if top else argparse.SUPPRESS,
        help="banks to read (default: the shipped ones)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="parse the banks afresh instead of using the bank cache",
    )


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def bounded(low: int, high: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}")
        return value

    return parse
