"""quiz db copy: move histories between an SQLite file and a school's PostgreSQL database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import msgspec

from quiz.cli.common import OK, PROBLEMS, UsageError, db_location, open_store

BATCH = 200  # rounds (or cards) per transaction


def add_commands(commands) -> None:
    db = commands.add_parser(
        "db",
        help="copy histories between databases (an SQLite file, a PostgreSQL server)",
        description="Work on whole databases.",
    )
    jobs = db.add_subparsers(dest="db_command", metavar="COMMAND", required=True)
    copy = jobs.add_parser(
        "copy",
        help="copy every player, round, answer and review card from SRC into DST",
        description="Copy every player, round, answer, review card and review-log line from SRC into "
        "DST, e.g. a student's quiz.db into the school's database "
        "(quiz db copy ~/.local/share/quiz/quiz.db postgresql://quiz@db.school/quiz), or back. "
        "Running it again copies only what is new: a round is known by its player, kind and start "
        "time, an answer by its place in the round; of two review cards for the same question the "
        "later one is kept. The counts are checked at the end. DST is created if it is a new file; "
        "SRC is only read.",
    )
    copy.add_argument("source", type=db_location, metavar="SRC", help="the database to copy from (a file or URL)")
    copy.add_argument("dest", type=db_location, metavar="DST", help="the database to copy into (a file or URL)")
    copy.set_defaults(run=cmd_copy)


def cmd_copy(args: argparse.Namespace) -> int:
    from quiz.store import is_url, redact
    from quiz.store.interface import HistoryCounts

    def shown(location: str | Path) -> str:
        return redact(location) if isinstance(location, str) and is_url(location) else str(location)

    source, dest = args.source, args.dest
    if not is_url(source) and not Path(source).exists():
        raise UsageError(f"db copy: {source}: no such file (nothing was copied)")
    if _same(source, dest):
        raise UsageError("db copy: SRC and DST are the same database")
    with open_store(argparse.Namespace(db=source)) as src, open_store(argparse.Namespace(db=dest)) as dst:
        in_source = src.counts()
        before = dst.counts()
        copied = HistoryCounts()
        with _progress(in_source.rounds + in_source.cards, f"copying into {shown(dest)}") as advance:
            for name in src.players():  # players with no rounds yet, too
                dst.ensure_player(name)
            # A transaction per batch, not per round: a commit is the costly part of a write.
            for rounds in _batches(src.history()):
                copied += dst.add_rounds(rounds)
                advance(len(rounds))
            for cards in _batches(src.all_cards()):
                copied += HistoryCounts(cards=dst.merge_cards(cards))
                advance(len(cards))
        after = dst.counts()
    copied = HistoryCounts(
        players=after.players - before.players,
        rounds=copied.rounds,
        answers=copied.answers,
        review_log=copied.review_log,
        cards=copied.cards,
    )
    print(f"{'':12} {'in SRC':>8} {'copied':>8} {'DST before':>11} {'DST now':>8}")
    problems = []
    for f in msgspec.structs.fields(HistoryCounts):
        label = f.name.replace("_", " ")
        n_src, n_copied, n_before, n_after = (getattr(c, f.name) for c in (in_source, copied, before, after))
        print(f"{label:12} {n_src:>8} {n_copied:>8} {n_before:>11} {n_after:>8}")
        # Cards merge (the later of two is kept), so only new ones add to DST's count.
        grew = n_after - n_before
        if f.name != "cards" and (grew != n_copied or n_after < n_src):
            problems.append(label)
    if problems:
        print(
            f"quiz: db copy: the counts of {', '.join(problems)} do not add up; DST may be in use by "
            "another writer, or damaged. Run the copy again to finish it.",
            file=sys.stderr,
        )
        return PROBLEMS
    print(f"checked: everything in {shown(source)} is in {shown(dest)}")
    return OK


def _batches(items, size: int = BATCH):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _same(a: str | Path, b: str | Path) -> bool:
    if isinstance(a, Path) and isinstance(b, Path):
        try:
            return a.resolve() == b.resolve()
        except OSError:
            return False
    return str(a) == str(b)


class _progress:
    """A progress bar on stderr when it is a terminal (rich, which textual brings); a line
    every so often otherwise, so a long copy in a log still shows it is moving."""

    def __init__(self, total: int, title: str):
        self.total, self.title, self.done = total, title, 0

    def __enter__(self):
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(stderr=True), transient=True)
            self._bar.start()
            task = self._bar.add_task(self.title, total=self.total)
            return lambda n: self._bar.advance(task, n)
        self._bar = None
        step = max(self.total // 10, 1000)
        self.shown = 0

        def advance(n: int) -> None:
            self.done += n
            if self.done - self.shown >= step:
                self.shown = self.done
                print(f"quiz: {self.title}: {self.done} of {self.total}", file=sys.stderr)

        return advance

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
