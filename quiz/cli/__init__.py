"""The command line: parses arguments, calls the layers below, sets the exit status.

Exit status: 0 ok, 1 problems found, 2 usage error. No traceback reaches a user. Each
job's commands live in their own module (play, library, drills, authoring, serving); each
module adds its parsers, and each parser names the function that runs it.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from quiz import __version__
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

# The modules that add the commands, in the order `quiz --help` lists them.
COMMAND_MODULES = ("play", "library", "drills", "authoring", "serving", "live", "database")
# The player's commands: started most often, and timed to their first frame. Their parser
# alone is built (and the other modules not imported) when one of them comes first.
PLAYER_COMMANDS = frozenset({"play", "review", "history"})


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
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
    for name in modules:
        importlib.import_module(f"quiz.cli.{name}").add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # an ASCII-only terminal gets '?', not a traceback
            stream.reconfigure(errors="replace")
    given = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(("play",) if given[:1] and given[0] in PLAYER_COMMANDS else COMMAND_MODULES).parse_args(given)
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
