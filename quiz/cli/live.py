"""quiz host and quiz join: a live class game (quiz.play.live)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quiz.core.banks import Library
    from quiz.play.live.game import LiveGame
    from quiz.store.interface import Store

from quiz.cli.common import (
    OK,
    PROBLEMS,
    StoreProblem,
    UsageError,
    bank_options,
    bounded,
    db_option,
    load_playable,
    open_store,
)


def add_commands(commands: Any) -> None:
    host = commands.add_parser(
        "host",
        help="host a live class game: the projector's screen, students join from a browser or a terminal",
        description="Host a live game of a drill (a drill file, or the drill's settings as flags). "
        "Students join at the address shown (a browser, or: quiz join HOST PIN --name NAME). "
        "Only this machine can join unless --listen is given. Every answer is saved as it is "
        "given; after a crash, --resume carries on with the same game.",
    )
    host.add_argument("file", nargs="?", type=Path, metavar="FILE", help="a drill file (YAML; see README)")
    host.add_argument(
        "--listen",
        metavar="ADDR",
        help="the address to listen on, e.g. 0.0.0.0 for every network of this machine (default: 127.0.0.1 only)",
    )
    host.add_argument("--port", type=bounded(0, 65535), default=None, metavar="PORT", help="default 8750")
    host.add_argument("--resume", action="store_true", help="carry on with the last live game in the database")
    host.add_argument(
        "--out", type=Path, metavar="DIR", help="where the results files go (default: the current folder)"
    )
    host.add_argument("--plain", action="store_true", help="plain text: events printed, commands read line by line")
    settings = host.add_argument_group("settings as flags (instead of a drill file)")
    settings.add_argument("--bank", action="append", default=[], metavar="ID", help="a bank (repeatable; default all)")
    settings.add_argument("--tag", action="append", default=[], metavar="TAG", help="only this tag (repeatable)")
    settings.add_argument(
        "--difficulty", type=int, action="append", choices=[1, 2, 3], default=[], help="only this difficulty"
    )
    settings.add_argument("--count", type=bounded(1, 999), metavar="N", help="how many questions (default 10)")
    settings.add_argument("--all", action="store_true", help="every question that passes the filters")
    settings.add_argument("--seed", type=bounded(0, 2**31 - 1), metavar="S", help="which draw (default 1)")
    settings.add_argument("--time-limit", type=bounded(1, 3600), metavar="SECONDS", help="seconds per question")
    settings.add_argument(
        "--speed-points", action=argparse.BooleanOptionalAction, default=None, help="bonus for fast right answers"
    )
    settings.add_argument(
        "--streak-bonus", action=argparse.BooleanOptionalAction, default=None, help="bonus for right answers in a row"
    )
    db_option(host)
    bank_options(host)
    host.set_defaults(run=cmd_host, feedback=None)

    join = commands.add_parser(
        "join",
        help="join a live class game from this terminal",
        description="Join the live game hosted at HOST[:PORT] with the PIN on the teacher's screen.",
    )
    join.add_argument("address", metavar="HOST[:PORT]", help="the address on the teacher's screen")
    join.add_argument("pin", metavar="PIN", help="the game PIN on the teacher's screen")
    join.add_argument("--name", required=True, metavar="NAME", help="your name, as the class will see it")
    join.add_argument("--plain", action="store_true", help="plain text: questions printed, answers read line by line")
    join.set_defaults(run=cmd_join)


def _game(args: argparse.Namespace, library: Library, store: Store) -> LiveGame:
    from quiz.cli.drills import drill_from_args
    from quiz.play.drill.code import CodeError
    from quiz.play.drill.definition import DrillFileError
    from quiz.play.live.game import LiveGame, ResumeProblem

    if args.resume:
        try:
            return LiveGame.resume(store, library)
        except ResumeProblem as exc:
            raise StoreProblem(str(exc)) from None
    try:
        drill, code = drill_from_args(args, library, None)
    except DrillFileError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        raise StoreProblem("the drill file has errors") from None
    except CodeError as exc:
        raise StoreProblem(str(exc)) from None
    return LiveGame.new(store, library, drill, code, results_dir=args.out)


def cmd_host(args: argparse.Namespace) -> int:
    from quiz.play.live.server import DEFAULT_PORT, LiveServer
    from quiz.store.interface import StoreError

    if args.resume and (args.file or args.bank or args.tag or args.count):
        raise UsageError("--resume carries on with the last game as it was; give no drill with it")
    library = load_playable(args)
    with open_store(args) as store:
        try:
            game = _game(args, library, store)
        except StoreError as exc:
            raise StoreProblem(str(exc)) from None
        server = LiveServer(game, args.listen or "127.0.0.1", DEFAULT_PORT if args.port is None else args.port)
        if args.plain:
            from quiz.frontends.live_host import run_plain_host

            return run_plain_host(server)
        from quiz.ui.host_app import HostApp

        app = HostApp(server)
        app.run()
        if app.problem:
            print(f"quiz: {app.problem}", file=sys.stderr)
            return PROBLEMS
        return OK


def cmd_join(args: argparse.Namespace) -> int:
    from quiz.frontends.live_join import JoinAddressError, parse_address, run_plain_client

    try:
        url = parse_address(args.address)
    except JoinAddressError as exc:
        raise UsageError(str(exc)) from None
    name = " ".join(args.name.split())
    if not name:
        raise UsageError("--name needs a name")
    if args.plain:
        return run_plain_client(url, args.pin.strip(), name)
    from quiz.ui.join_app import make_join_app

    app = make_join_app(url, args.pin.strip(), name)
    return app.run() or 0
