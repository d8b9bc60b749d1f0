"""``specgen fuzz``: generate requests from the spec, send them to the provider, report
every response that breaks the declared contract, with minimal reproducers."""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from specgen.commands import common


def register(sub: Any) -> None:
    """Add the ``fuzz`` parser."""
    p: argparse.ArgumentParser = sub.add_parser(
        "fuzz",
        help="fuzz a provider against its spec",
        description="Send generated requests (valid and invalid) to a provider and report "
        "every response that breaks the spec, each shrunk to a minimal example with a curl "
        "command and a pytest reproducer. Exit 1 when anything was found.",
    )
    common.add_spec_argument(p)
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--url", help="base URL of a running provider (only this origin)")
    target.add_argument("--app", metavar="MODULE:ATTR", help="in-process WSGI or ASGI app")
    p.add_argument("--factory", action="store_true", help="ATTR is a no-argument app factory")
    p.add_argument(
        "--engine",
        choices=("hypothesis", "atheris"),
        default="hypothesis",
        help="hypothesis (default; any target) or atheris (coverage-guided, --app only)",
    )
    p.add_argument(
        "--max-examples",
        type=int,
        default=100,
        metavar="N",
        help="examples per operation and mode (default 100)",
    )
    p.add_argument(
        "--time-budget",
        type=float,
        metavar="SECONDS",
        help="stop exploring after this long (atheris: default 60)",
    )
    p.add_argument("--seed", type=int, default=0, metavar="N", help="random seed (default 0)")
    p.add_argument(
        "--mode",
        choices=("positive", "negative", "all"),
        default="all",
        help="valid requests, requests breaking one rule of the spec, or both (default)",
    )
    p.add_argument(
        "--checks",
        action="append",
        default=[],
        metavar="LIST",
        help="checks to run, comma separated (default all; see docs/rules.md)",
    )
    p.add_argument(
        "--exclude-checks",
        action="append",
        default=[],
        metavar="LIST",
        help="checks not to run, comma separated",
    )
    p.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="SELECTOR",
        help="operations: operationId/glob, tag:NAME or 'METHOD /path-glob' (repeatable)",
    )
    p.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="SELECTOR",
        help="operations to leave out, as --include (repeatable)",
    )
    p.add_argument(
        "--exclude-method",
        action="append",
        default=[],
        metavar="METHOD",
        help="never send this method (e.g. DELETE)",
    )
    p.add_argument(
        "--pacts", type=Path, metavar="DIR", help="pact files whose requests seed the generator"
    )
    p.add_argument(
        "--corpus",
        type=Path,
        metavar="DIR",
        help="atheris corpus (kept between runs); hypothesis' files go here too",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="parallel fuzzer processes (atheris engine)",
    )
    p.add_argument("--rate-limit", metavar="R", help="at most R requests: N, N/s, N/m, N/h")
    p.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="per request, for --url (default 30)",
    )
    p.add_argument(
        "--header",
        action="append",
        default=[],
        metavar="'Name: value'",
        help="send this header with every request (sensitive values redacted)",
    )
    p.add_argument(
        "--auth-env",
        metavar="VAR",
        help="read a token (or a 'Name: value' line) from this variable; applied "
        "as each operation's security scheme asks; redacted everywhere",
    )
    p.add_argument(
        "--max-response-time",
        type=float,
        metavar="SECONDS",
        help="report responses slower than this (fuzz.response-time)",
    )
    p.add_argument(
        "--shrink-budget",
        type=int,
        default=100,
        metavar="N",
        help="requests spent shrinking each finding (default 100; 0: no shrinking)",
    )
    p.add_argument("--no-flows", action="store_true", help="skip create/use/delete flows")
    p.add_argument("--no-examples", action="store_true", help="skip the spec's examples")
    p.add_argument(
        "--report",
        nargs=2,
        action="append",
        default=[],
        metavar=("FORMAT", "FILE"),
        help="also write a json, junit or text report to FILE",
    )
    p.add_argument(
        "--reproducers", type=Path, metavar="DIR", help="write a pytest reproducer per finding here"
    )
    p.add_argument(
        "--fail-on",
        default="error",
        metavar="SEVERITY",
        help="exit 1 for findings at or above this (default error)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(handler=run)


@contextlib.contextmanager
def _hypothesis_home(corpus: Path | None) -> Iterator[None]:
    """Keep hypothesis' files out of the working directory."""
    from hypothesis.configuration import set_hypothesis_home_dir

    with tempfile.TemporaryDirectory(prefix="specgen-hypothesis-") as tmp:
        set_hypothesis_home_dir(corpus / "hypothesis" if corpus else tmp)
        try:
            yield
        finally:
            set_hypothesis_home_dir(None)


def run(args: argparse.Namespace) -> int:
    """Fuzz and report."""
    from specgen import __version__
    from specgen.errors import UsageError
    from specgen.findings import Severity, exit_code
    from specgen.output import write_files, write_text
    from specgen.probe.checks import select_checks
    from specgen.probe.console import Progress, summary_table
    from specgen.probe.credentials import Credentials
    from specgen.probe.events import ignore
    from specgen.probe.runner import fuzz
    from specgen.probe.session import FuzzOptions
    from specgen.probe.targets import Target, base_path_for
    from specgen.probe.transports import parse_rate
    from specgen.report import ReportContext, get_renderer, render_text
    from specgen.select import select

    try:
        fail_on = Severity.parse(args.fail_on)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    renderers = [(get_renderer(fmt), Path(file)) for fmt, file in args.report]
    for name, value in (("--max-examples", args.max_examples), ("--workers", args.workers)):
        if value < 1:
            raise UsageError(f"{name} must be at least 1")
    if args.workers > 1 and args.engine != "atheris":
        raise UsageError(
            "--workers above 1 needs --engine atheris (hypothesis runs in one process)"
        )
    if args.factory and not args.app:
        raise UsageError("--factory goes with --app")
    checks = select_checks(args.checks, args.exclude_checks)
    credentials = Credentials.from_args(args.header, args.auth_env)
    api = common.load(args)
    for problem in api.problems:
        print(f"specgen: warning: skipped: {problem}", file=sys.stderr)
    methods = {m.upper() for m in args.exclude_method}
    operations = [
        op for op in select(api.operations, args.include, args.exclude) if op.method not in methods
    ]
    if not operations:
        raise UsageError("no operation left to fuzz")
    spec_base = api.base_path
    target = Target(base_path_for(args.url, spec_base), args.url, args.app, args.factory)
    budget = args.time_budget
    if budget is None and args.engine == "atheris":
        budget = 60.0
    options = FuzzOptions(
        engine=args.engine,
        max_examples=args.max_examples,
        time_budget=budget,
        seed=args.seed,
        modes=("positive", "negative") if args.mode == "all" else (args.mode,),
        examples=not args.no_examples,
        flows=not args.no_flows,
        max_response_time=args.max_response_time,
        shrink_budget=max(0, args.shrink_budget),
        corpus=args.corpus,
        pacts=args.pacts,
        workers=args.workers,
        rate_limit=parse_rate(args.rate_limit) if args.rate_limit else None,
        timeout=args.timeout,
    )
    spec = str(Path(args.spec).resolve()) if args.spec != "-" else "-"
    with _hypothesis_home(args.corpus):
        result = fuzz(
            api,
            target,
            operations,
            spec=spec,
            checks=checks,
            options=options,
            credentials=credentials,
            emit=ignore if args.quiet else Progress(sys.stderr),
        )
    context = ReportContext(
        title=f"specgen fuzz: {api.title or args.spec} ({target.label})",
        tool_version=__version__,
        subject={
            "spec": args.spec,
            "target": target.label,
            "engine": args.engine,
            "seed": str(args.seed),
        },
        cases=result.operations,
    )
    for render, path in renderers:
        write_text(path, render(result.findings, context))
    if args.reproducers is not None:
        write_files(args.reproducers, result.files)
    sys.stdout.write(render_text(result.findings, title=context.title))
    sys.stdout.write("\n" + summary_table(result.summaries))
    return exit_code(result.findings, fail_on)
