"""The ``specgen`` command: arguments, exit codes and the choice of renderer.

Exit codes: 0 fine, 1 findings, 2 bad input or usage, 3 internal error (a bug).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from specgen import __version__
from specgen.errors import SpecgenError

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

Handler = Callable[[argparse.Namespace], int]


def _spec_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "spec",
        metavar="SPEC",
        help="OpenAPI 3.0/3.1 or Swagger 2.0 file (YAML or JSON), or - for stdin",
    )
    parser.add_argument(
        "--allow-remote-refs", action="store_true", help="fetch http(s) $refs (refused by default)"
    )
    parser.add_argument(
        "--max-spec-size",
        type=int,
        metavar="BYTES",
        default=None,
        help="largest file accepted, per file (default 128 MiB, or SPECGEN_MAX_SPEC_BYTES)",
    )


def _load(args: argparse.Namespace, *, strict: bool = False):  # type: ignore[no-untyped-def]
    from specgen.spec.loader import load_spec

    return load_spec(
        args.spec,
        allow_remote_refs=args.allow_remote_refs,
        max_bytes=args.max_spec_size,
        strict=strict or getattr(args, "strict", False),
    )


def _error_line(err: SpecgenError) -> str:
    return f"specgen: error: {err}"


def cmd_inspect(args: argparse.Namespace) -> int:
    """List the operations of a spec."""
    from specgen.listing import api_listing

    api = _load(args)
    listing = api_listing(api)
    if args.format == "json":
        from specgen.report.listing import listing_json

        sys.stdout.write(listing_json(listing))
    else:
        from specgen.report.listing import listing_text

        sys.stdout.write(listing_text(listing))
    for problem in api.problems:
        print(_error_line(problem), file=sys.stderr)
    return EXIT_BAD_INPUT if api.problems else EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate a spec's structure with openapi-spec-validator."""
    from specgen.spec.loader import detect_format
    from specgen.spec.refs import bundle_refs
    from specgen.spec.source import Limits, decode_text, parse_text, read_bytes
    from specgen.spec.validate import iter_structure_errors

    limits = Limits.from_env(args.max_spec_size)
    text = decode_text(read_bytes(args.spec, limits), args.spec)
    doc = parse_text(text, args.spec, limits)
    source_format, _ = detect_format(doc, args.spec)
    import os
    from pathlib import Path

    location = (
        str(Path(args.spec).resolve()) if args.spec != "-" else os.path.join(os.getcwd(), "-")
    )
    bundle = bundle_refs(
        doc, args.spec, location, text=text, allow_remote=args.allow_remote_refs, limits=limits
    )
    errors = list(iter_structure_errors(bundle.doc, args.spec, source_format))
    for err in errors:
        file, pointer = bundle.locate(err.pointer or "")
        print(f"{file}:{pointer or '/'}: {err.message}")
    if errors:
        print(f"{len(errors)} structural error(s)", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"{args.spec}: valid {source_format}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used by the docs test)."""
    parser = argparse.ArgumentParser(
        prog="specgen",
        description="Turn OpenAPI specs into working contract tests.",
        epilog="Exit codes: 0 fine, 1 findings, 2 bad input or usage, 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"specgen {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "inspect",
        help="list a spec's operations",
        description="List operations: method, path, operationId, statuses, media types.",
    )
    _spec_options(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--strict",
        action="store_true",
        help="validate the whole document with openapi-spec-validator first",
    )
    p.set_defaults(handler=cmd_inspect)

    p = sub.add_parser(
        "validate",
        help="validate a spec's structure",
        description="Full structural validation (openapi-spec-validator); "
        "exit 1 when the spec has errors.",
    )
    _spec_options(p)
    p.set_defaults(handler=cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    handler: Handler = args.handler
    try:
        return handler(args)
    except SpecgenError as err:
        if args.debug:
            raise
        print(_error_line(err), file=sys.stderr)
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
