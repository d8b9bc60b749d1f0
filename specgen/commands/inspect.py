"""``specgen inspect``: list a spec's operations."""

from __future__ import annotations

import argparse
from typing import Any

from specgen.commands import common


def register(sub: Any) -> None:
    """Add the ``inspect`` parser."""
    p: argparse.ArgumentParser = sub.add_parser(
        "inspect",
        help="list a spec's operations",
        description="List operations: method, path, operationId, declared statuses and media "
        "types. Exit 2 when the spec (or one of its operations) cannot be used.",
    )
    common.add_spec_argument(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """List the operations."""
    from specgen.listing import api_listing
    from specgen.report.listing import listing_json, listing_text

    api = common.load(args)
    listing = api_listing(api)
    render = listing_json if args.format == "json" else listing_text
    common.emit(render(listing), args.output)
    return common.report_problems(api)
