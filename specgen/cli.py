"""The ``specgen`` command: arguments, exit codes and the choice of command module.

Exit codes: 0 fine, 1 findings, 2 bad input or usage, 3 internal error (a bug).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from specgen import __version__
from specgen.commands import COMMANDS
from specgen.errors import SpecgenError

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subcommand per module in ``specgen.commands``."""
    parser = argparse.ArgumentParser(
        prog="specgen",
        description="Turn OpenAPI specs into working contract tests.",
        epilog="Exit codes: 0 fine, 1 findings, 2 bad input or usage, 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"specgen {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"specgen.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return handler(args)
    except SpecgenError as err:
        if args.debug:
            raise
        print(f"specgen: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: one line, the traceback with --debug
        if args.debug:
            raise
        print(
            f"specgen: internal error: {type(exc).__name__}: {exc} "
            "(run with --debug for a traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
