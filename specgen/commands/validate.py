"""``specgen validate``: full structural validation of a spec."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from specgen.commands import common


def register(sub: Any) -> None:
    """Add the ``validate`` parser."""
    p: argparse.ArgumentParser = sub.add_parser(
        "validate",
        help="validate a spec's structure",
        description="Full structural validation with openapi-spec-validator (slow on very "
        "large specs). Prints each error as FILE:POINTER: message; exit 1 when there are any.",
    )
    p.add_argument("spec", metavar="SPEC", help="OpenAPI 3.0/3.1 or Swagger 2.0 file, or -")
    common.add_loading_options(p, strict=False)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Validate and print every structural error."""
    from specgen.spec.loader import detect_format
    from specgen.spec.refs import bundle_refs
    from specgen.spec.source import STDIN, Limits, decode_text, parse_text, read_bytes
    from specgen.spec.validate import iter_structure_errors

    limits = Limits.from_env(args.max_spec_size)
    text = decode_text(read_bytes(args.spec, limits), args.spec)
    doc = parse_text(text, args.spec, limits)
    source_format, _ = detect_format(doc, args.spec)
    base = Path.cwd() / "<stdin>" if args.spec == STDIN else Path(args.spec).resolve()
    bundle = bundle_refs(
        doc, args.spec, str(base), text=text, allow_remote=args.allow_remote_refs, limits=limits
    )
    errors = list(iter_structure_errors(bundle.doc, args.spec, source_format))
    for err in errors:
        file, pointer = bundle.locate(err.pointer or "")
        print(f"{file}:{pointer or '/'}: {err.message}")
    if errors:
        print(f"{len(errors)} structural error(s)", file=sys.stderr)
        return 1
    print(f"{args.spec}: valid {source_format}")
    return 0
