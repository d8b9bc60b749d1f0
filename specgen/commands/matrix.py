"""``specgen matrix``: every pact of a folder against its provider's spec, as a consumer x
provider table of verdicts. Exit 1 when any pair is incompatible."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from specgen.commands import common
from specgen.commands.check import add_report_options, fail_on, read_pacts


def register(sub: Any) -> None:
    """Add the ``matrix`` parser."""
    p: argparse.ArgumentParser = sub.add_parser(
        "matrix",
        help="check a folder of pacts against a folder of specs",
        description="Match each pact to its provider's spec (x-pact-provider, info.title, "
        "or --providers), check every pair and print a consumer x provider table. Exit 1 "
        "when a pair is incompatible (a finding at --fail-on or above, or a pact without a "
        "spec), 2 on unusable input.",
    )
    p.add_argument("--specs", required=True, metavar="DIR", help="folder of OpenAPI specs")
    p.add_argument("--pacts", required=True, metavar="DIR", help="folder of pact files")
    p.add_argument(
        "--providers",
        metavar="MAP",
        help="YAML/JSON map of provider name -> spec file (relative to the map's folder)",
    )
    common.add_loading_options(p)
    add_report_options(p)
    p.set_defaults(handler=run)


def provider_map(path: str | None) -> dict[str, str]:
    """The ``--providers`` map: provider name -> spec path (resolved)."""
    from specgen.errors import UsageError

    if path is None:
        return {}
    what = "provider name -> spec file"
    data = common.read_mapping(path, "--providers", what)
    if not all(isinstance(v, str) for v in data.values()):
        raise UsageError(f"--providers: the file must hold a map of {what}", file=path)
    base = Path(path).parent
    return {k: str((base / v).resolve()) for k, v in data.items()}


def run(args: argparse.Namespace) -> int:
    """Run the matrix and render it."""
    from specgen import __version__
    from specgen.check.matrix import find_pacts, find_specs, name_providers, run_matrix
    from specgen.check.matrix_report import render_matrix
    from specgen.errors import UsageError
    from specgen.report import ReportContext

    threshold = fail_on(args.fail_on)
    overrides = provider_map(args.providers)
    spec_files = find_specs(args.specs)
    for name, target in overrides.items():
        if not Path(target).is_file():
            raise UsageError(f"provider {name!r}: no spec file {target}", file=args.providers)
    # One load per file, however it is named: the map's paths are absolute, --specs' are not.
    display: dict[str, str] = {}
    for file in [*map(str, spec_files), *overrides.values()]:
        display.setdefault(str(Path(file).resolve()), file)
    files = list(display.values())
    overrides = {name: display[str(Path(t).resolve())] for name, t in overrides.items()}
    pact_files = find_pacts(args.pacts)
    if not pact_files:
        raise UsageError("no pact files (*.json) in this folder", file=args.pacts)
    pacts = read_pacts([str(p) for p in pact_files])
    specs = [(f, common.load(args, f)) for f in files]
    pairs = run_matrix(name_providers(specs, overrides), pacts, overrides, threshold)
    ctx = ReportContext(
        title=f"specgen matrix: {len(pacts)} pact(s), {len(files)} spec(s)",
        tool_version=__version__,
        subject={"specs": args.specs, "pacts": args.pacts},
    )
    common.emit(render_matrix(pairs, args.format, ctx), args.output)
    return 1 if any(p.consumer and p.verdict in ("incompatible", "no spec") for p in pairs) else 0
