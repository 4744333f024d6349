"""The command line: parses arguments, calls the layers below, sets the exit status.

Exit status: 0 ok, 1 problems found, 2 usage error. No traceback reaches a user. Each
job's commands live in their own module (play, library, drills, authoring, serving); each
module adds its parsers, and each parser names the function that runs it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from quiz import __version__
from quiz.cli import authoring, database, drills, library, live, play, serving
from quiz.cli.common import (
    OK,
    PROBLEMS,
    USAGE,
    StoreProblem,
    UsageError,
    bank_options,
    player_options,
)
from quiz.core.safe_text import name_problem, terminal_text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quiz",
        description="A terminal quiz game that teaches from news articles: every answer is "
        "explained with the quoted passage that proves it.",
    )
    parser.add_argument("--version", action="version", version=f"quiz {__version__}")
    player_options(parser, top=True)
    bank_options(parser, top=True)
    parser.set_defaults(run=None, build_parser=build_parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (play, library, drills, authoring, serving, live, database):
        module.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # an ASCII-only terminal gets '?', not a traceback
            stream.reconfigure(errors="replace")
    args = build_parser().parse_args(argv)
    try:
        player = getattr(args, "player", None)
        if player and name_problem(player):
            raise UsageError(f"--player: {name_problem(player)}")
        if args.run is None:  # no command: Home
            from quiz.cli.play import cmd_home

            return cmd_home(args)
        return args.run(args)
    except StoreProblem as exc:
        print(f"quiz: {terminal_text(exc, lines=True)}", file=sys.stderr)
        return PROBLEMS
    except UsageError as exc:
        print(f"quiz: {terminal_text(exc, lines=True)}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print("quiz: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `quiz list | head`); nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK
    except OSError as exc:
        print(f"quiz: {terminal_text(exc.filename or '')}: {exc.strerror}", file=sys.stderr)
        return PROBLEMS
    except Exception as exc:  # last: every other kind is handled above
        # damage found in the database mid-command (not only when it is opened)
        from quiz.store.interface import StoreError

        if not isinstance(exc, StoreError):
            raise
        print(f"quiz: {terminal_text(exc, lines=True)}", file=sys.stderr)
        return PROBLEMS
