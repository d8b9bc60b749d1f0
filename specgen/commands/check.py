"""``specgen check``: consumer pacts against one provider spec (bi-directional contract
testing). Exit 1 when a finding reaches ``--fail-on`` (default: error)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from specgen.commands import common

if TYPE_CHECKING:
    from specgen.findings import Severity
    from specgen.pact.model import Pact

FORMATS = ("text", "json", "junit")


def add_report_options(p: argparse.ArgumentParser) -> None:
    """``--format``, ``--output`` and ``--fail-on`` (shared with ``specgen matrix``)."""
    p.add_argument("--format", choices=FORMATS, default="text", help="report format")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report here, not stdout")
    p.add_argument(
        "--fail-on",
        metavar="SEVERITY",
        default="error",
        help="exit 1 when a finding is at least this severe: error (default), warning, info",
    )


def register(sub: Any) -> None:
    """Add the ``check`` parser."""
    p: argparse.ArgumentParser = sub.add_parser(
        "check",
        help="check consumer pacts against a provider spec",
        description="Check that every request each pact makes is one the spec accepts and "
        "every response it relies on is one the spec promises. Codes are PactFlow's where "
        "PactFlow has one (docs/rules.md, docs/check.md). Exit 1 when a finding reaches "
        "--fail-on, 2 on unusable input.",
    )
    common.add_spec_argument(p, flag="--spec")
    p.add_argument("pacts", nargs="+", metavar="PACT", help="pact files (or folders of them)")
    add_report_options(p)
    p.set_defaults(handler=run)


def fail_on(text: str) -> Severity:
    """``--fail-on`` as a severity; UsageError when it is none."""
    from specgen.errors import UsageError
    from specgen.findings import Severity

    try:
        return Severity.parse(text)
    except ValueError as exc:
        raise UsageError(f"--fail-on: {exc}") from None


def read_pacts(names: list[str]) -> list[Pact]:
    """The pacts named (folders give their ``*.json`` files, sorted)."""
    from specgen.pact import read_pact

    files: list[str] = []
    for name in names:
        path = Path(name)
        files += [str(p) for p in sorted(path.rglob("*.json"))] if path.is_dir() else [name]
    return [read_pact(f) for f in files]


def run(args: argparse.Namespace) -> int:
    """Check the pacts and render the findings."""
    from specgen import __version__
    from specgen.check import check_pact, check_spec
    from specgen.findings import exit_code
    from specgen.report import RENDERERS, ReportContext

    threshold = fail_on(args.fail_on)
    pacts = read_pacts(args.pacts)  # bad input fails before any work
    api = common.load(args)
    findings = check_spec(api, args.spec)
    checked: list[str] = []
    for pact in pacts:
        result = check_pact(api, pact)
        findings += result.findings
        checked += [c for c in result.checked if c not in checked]
    names = ", ".join(p.file or "-" for p in pacts)
    ctx = ReportContext(
        title=f"specgen check: {len(pacts)} pact(s) against {args.spec}",
        tool_version=__version__,
        subject={"spec": args.spec, "pacts": names},
        cases=checked,
    )
    common.emit(RENDERERS[args.format](findings, ctx), args.output)
    return exit_code(findings, threshold)
