"""quiz serve: the game served to browsers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quiz.cli.common import OK, PROBLEMS, UsageError, db_option, load_playable, open_store, positive

SERVABLE = {None, "play", "drill"}  # the commands that open the app (Home when none is given)


def add_commands(commands) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve the game to browsers (a classroom)",
        usage="quiz serve [--host HOST] [--port PORT] [--db PATH|URL] [options] [-- QUIZ-ARGS...]",
        description="Serve the game to web browsers: everyone who opens the address gets their own "
        "session and types their own name; every answer goes into the one database. Each session "
        "runs `quiz QUIZ-ARGS` (default: Home), e.g. `quiz serve -- play --bank nyt-2016 --count 5`. "
        "Only this computer can connect unless --host says otherwise.",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1, this computer only; 0.0.0.0 lets anyone on the network in)",
    )
    serve.add_argument("--port", type=_port, default=8000, help="the port to listen on (default 8000)")
    db_option(serve, what="the database every session writes to")
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address students' browsers use, when a proxy stands in front "
        "(default: whatever address the browser used)",
    )
    serve.add_argument(
        "--max-sessions",
        type=positive,
        default=60,
        metavar="N",
        help="refuse new sessions while N are open (default 60; each is a process)",
    )
    serve.add_argument(
        "--max-per-address",
        type=positive,
        default=10,
        metavar="N",
        help="refuse new sessions from a computer that has N open (default 10; not behind --public-url)",
    )
    serve.add_argument(
        "quiz_args",
        nargs="*",
        metavar="QUIZ-ARGS",
        help="after --: the quiz command each session runs, e.g. play --bank ID",
    )
    serve.set_defaults(run=cmd_serve)


def _port(text: str) -> int:
    port = positive(text)
    if port > 65535:
        raise argparse.ArgumentTypeError("must be 65535 or less")
    return port


def cmd_serve(args: argparse.Namespace) -> int:
    from quiz.store import default_location, is_url, redact
    from quiz.ui.serve import is_loopback

    session = _session_args(args, args.quiz_args)
    if getattr(args, "player", None) is not None:
        raise UsageError(
            "serve: --player would make every student the same player; each one "
            "types their own name (give it after -- to really want that)"
        )
    # The database: the one named after --, else serve's own --db, else the default; made
    # absolute and created (or checked) once here, so all sessions open the same good file.
    db = session.db or args.db or default_location()
    if not is_url(db):
        db = Path(db).expanduser().absolute()
    open_store(argparse.Namespace(db=db)).close()
    shown = redact(db) if is_url(db) else db
    passed = [
        *(arg for path in args.paths for arg in ("--from", str(path.absolute()))),
        *(["--no-cache"] if args.no_cache else []),
    ]
    library = load_playable(
        argparse.Namespace(paths=[*args.paths, *(session.paths or [])], no_cache=args.no_cache or session.no_cache)
    )
    unknown = [b for b in getattr(session, "bank", []) if library.bank(b) is None]
    if unknown:
        raise UsageError(f"serve: no bank with id {', '.join(unknown)} (see 'quiz list')")
    if not is_loopback(args.host):
        print(
            f"quiz: warning: listening on {args.host} port {args.port}: anyone who can reach this "
            f"port can play, under any name, and their answers go into {shown}. Serve only on a "
            "network you trust, and stop the server (Ctrl+C) when the class is over.",
            file=sys.stderr,
        )
    from quiz.ui.serve import serve

    try:
        serve(
            [*passed, *args.quiz_args],
            db=db,
            host=args.host,
            port=args.port,
            public_url=args.public_url,
            max_sessions=args.max_sessions,
            max_per_address=args.max_per_address,
        )
    except OSError as exc:
        print(f"quiz: serve: cannot listen on {args.host} port {args.port}: {exc.strerror or exc}", file=sys.stderr)
        return PROBLEMS
    return OK


def _session_args(args: argparse.Namespace, quiz_args: list[str]) -> argparse.Namespace:
    """Check the command each session will run now, once, rather than in every browser.
    `args.build_parser` is the whole command line's (passed down: it imports this module)."""
    try:
        session = args.build_parser().parse_args(quiz_args)
    except SystemExit as exc:  # argparse has said what is wrong
        if exc.code == 0:
            raise
        raise UsageError(
            "serve: the arguments after -- must be a quiz command for each session "
            "to run, e.g. 'quiz serve -- play --bank ID'"
        ) from None
    if session.command not in SERVABLE:
        raise UsageError(
            f"serve: 'quiz {session.command}' is not a game to serve; serve Home "
            f"(nothing after --) or {', '.join(sorted(c for c in SERVABLE if c))}"
        )
    if getattr(session, "plain", False):
        raise UsageError("serve: --plain reads standard input; a browser session needs the full app")
    return session
