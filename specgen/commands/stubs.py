"""``specgen stubs``: write WireMock stub mappings for a spec; ``specgen serve-stubs``: run a
real WireMock with them."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import tempfile
import time
from typing import TYPE_CHECKING, Any

from specgen.commands import common
from specgen.report.words import counted

if TYPE_CHECKING:
    from specgen.spec.api import API
    from specgen.stubs.generate import Stubs


def _selection_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="SELECTOR",
        help="operations: operationId/glob, tag:NAME or 'METHOD /path-glob' (repeatable)",
    )
    p.add_argument("--exclude", action="append", default=[], metavar="SELECTOR")
    p.add_argument(
        "--seed", type=int, default=0, metavar="N", help="varies generated examples (default 0)"
    )
    p.add_argument(
        "--base-path",
        metavar="PATH",
        help="serve the paths under PATH (default: each operation's first server's base "
        "path, e.g. /api/v1; '' for none)",
    )


def register(sub: Any) -> None:
    """Add the ``stubs`` and ``serve-stubs`` parsers."""
    p: argparse.ArgumentParser = sub.add_parser(
        "stubs",
        help="generate WireMock stub mappings",
        description="Write WireMock 3 stub mappings under DIR/mappings/ (one file per "
        "operation and response): valid requests get the success response, requests the "
        "spec rejects get its documented 400/422, 404 or 401, and 'Prefer: code=N' selects "
        "any other documented status. Exit 2 when an operation could not be stubbed "
        "(the others are written).",
    )
    common.add_spec_argument(p)
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="DIR",
        help="WireMock root folder to write mappings/ into; with --single-file, the file "
        "to write (- for stdout)",
    )
    p.add_argument(
        "--single-file",
        action="store_true",
        help='write one {"mappings": [...]} document for POST /__admin/mappings/import',
    )
    _selection_options(p)
    p.set_defaults(handler=run)

    s: argparse.ArgumentParser = sub.add_parser(
        "serve-stubs",
        help="run a real WireMock with a spec's stubs",
        description="Generate the stubs of SPEC and serve them with WireMock standalone on "
        "127.0.0.1 until interrupted. Needs Java 11+ and WireMock's jar (npm package "
        "`wiremock`, or SPECGEN_WIREMOCK_JAR).",
    )
    common.add_spec_argument(s)
    s.add_argument("--port", type=int, default=8080, help="HTTP port (default 8080; 0: any)")
    s.add_argument("-o", "--output", metavar="DIR", help="keep the mappings in DIR")
    s.add_argument("--jar", metavar="JAR", help="WireMock standalone jar to run")
    _selection_options(s)
    s.set_defaults(handler=serve)


def _generate(args: argparse.Namespace) -> tuple[API, Stubs]:
    from specgen.stubs.generate import generate_stubs

    api = common.load(args)
    stubs = generate_stubs(
        api, include=args.include, exclude=args.exclude, seed=args.seed, base_path=args.base_path
    )
    return api, stubs


def _problems(api: API, stubs: Stubs) -> int:
    code = common.report_problems(api)
    for problem in stubs.problems:
        print(f"specgen: error: {problem}", file=sys.stderr)
    return 2 if code or stubs.problems else 0


def run(args: argparse.Namespace) -> int:
    """Write the mappings."""
    api, stubs = _generate(args)
    if args.single_file:
        if args.output == "-":
            from specgen.stubs.generate import dump

            sys.stdout.write(dump(stubs.document()))
        else:
            stubs.write_document(args.output)
    else:
        stubs.write(args.output)
    where = "stdout" if args.output == "-" else args.output
    print(
        f"specgen: {counted(len(stubs.mappings), 'stub mapping')} for "
        f"{counted(stubs.operations, 'operation')} "
        f"of {api.title or api.name} written to {where}",
        file=sys.stderr,
    )
    return _problems(api, stubs)


def _running(pid: int) -> bool:
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None
    except ChildProcessError:
        return False


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def serve(args: argparse.Namespace) -> int:
    """Serve the stubs until Ctrl-C or SIGTERM."""
    from pathlib import Path

    from specgen.stubs.wiremock import WireMock, WireMockError, find_java, find_wiremock_jar

    java = find_java()  # missing tools fail before any work is done
    jar = Path(args.jar) if args.jar else find_wiremock_jar()
    api, stubs = _generate(args)
    code = _problems(api, stubs)
    with contextlib.ExitStack() as stack:
        root = args.output or stack.enter_context(tempfile.TemporaryDirectory(prefix="specgen-"))
        stubs.write(root)
        previous = signal.signal(signal.SIGTERM, _interrupt)
        stack.callback(signal.signal, signal.SIGTERM, previous)
        if len(stubs.mappings) > 5000:  # WireMock loads stubs in time quadratic in their number
            print(f"specgen: WireMock is loading {len(stubs.mappings)} stubs...", file=sys.stderr)
        wait = max(60.0, len(stubs.mappings) / 50)
        server = WireMock(root_dir=root, port=args.port, jar=jar, java=java, start_timeout=wait)
        wiremock = stack.enter_context(server)
        base = args.base_path if args.base_path is not None else (api.base_paths() or ("",))[0]
        print(
            f"specgen: serving {len(stubs.mappings)} stubs of {api.title or api.name} at "
            f"{wiremock.base_url}{base} (admin: {wiremock.admin_url}); Ctrl-C stops",
            flush=True,
        )
        try:
            while _running(wiremock.pid):
                time.sleep(0.5)
        except KeyboardInterrupt:
            return code
        raise WireMockError(f"WireMock stopped by itself: {wiremock.logs()[-500:]}")
    return code
