"""``specgen pacts``: generate a Pact consumer contract from a spec."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from specgen.commands import common


def register(sub: Any) -> None:
    """Add the ``pacts`` parser."""
    p: argparse.ArgumentParser = sub.add_parser(
        "pacts",
        help="generate a Pact consumer contract from a spec",
        description="Write DIR/<Consumer>-<Provider>.json: one interaction per selected "
        "operation's success response, plus the error responses the spec says how to "
        "trigger (x-specgen-state, or examples paired by name); the others are listed as "
        "skipped. Response rules accept whatever the spec allows (docs/pacts.md).",
    )
    common.add_spec_argument(p)
    p.add_argument("--consumer", metavar="NAME", help="the consumer's name (required)")
    p.add_argument("--provider", metavar="NAME", help="the provider's name (required)")
    p.add_argument("-o", "--output", metavar="DIR", default="pacts", help="default: pacts")
    p.add_argument("--pact-spec", metavar="3|4", default="3", help="Pact version (default 3)")
    p.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="SELECTOR",
        help="operations the consumer uses: operationId/glob, tag:NAME or 'METHOD /path-glob'"
        " (repeatable; default all)",
    )
    p.add_argument("--exclude", action="append", default=[], metavar="SELECTOR")
    p.add_argument("--seed", default="0", metavar="N", help="seed for generated values")
    p.add_argument(
        "--states",
        metavar="FILE",
        help="YAML/JSON map of provider states: {operationId or 'operationId STATUS': state}",
    )
    p.add_argument(
        "--base-path",
        metavar="PATH",
        help="prefix of every request path (default: the first server's path; '' for none)",
    )
    p.set_defaults(handler=run)


def _int(text: str, option: str, choices: tuple[int, ...] = ()) -> int:
    from specgen.errors import UsageError

    try:
        value = int(text)
    except ValueError:
        raise UsageError(f"{option} must be a whole number, not {text!r}") from None
    if choices and value not in choices:
        raise UsageError(f"{option} must be one of {', '.join(map(str, choices))}, not {text}")
    return value


def _states(path: str | None) -> dict[str, Any]:
    return {} if path is None else common.read_mapping(path, "--states", "operation -> state")


def run(args: argparse.Namespace) -> int:
    """Generate, write, and say what was left out."""
    from specgen.errors import UsageError
    from specgen.pact.generate import generate_pact

    for option in ("consumer", "provider"):
        if not (getattr(args, option) or "").strip():
            raise UsageError(f"--{option} NAME is required")
    version = _int(args.pact_spec, "--pact-spec", (3, 4))
    seed = _int(args.seed, "--seed")
    states = _states(args.states)
    api = common.load(args)
    for problem in api.problems:
        print(f"specgen: warning: skipped: {problem}", file=sys.stderr)
    result = generate_pact(
        api,
        consumer=args.consumer,
        provider=args.provider,
        pact_spec=3 if version == 3 else 4,
        include=args.include,
        exclude=args.exclude,
        seed=seed,
        states=states,
        base_path=args.base_path,
    )
    path = result.write(args.output)
    operations = len(result.operations)
    print(
        f"wrote {path}: Pact v{version}, {result.interactions} interaction"
        f"{'s' if result.interactions != 1 else ''} for {operations} operation"
        f"{'s' if operations != 1 else ''}"
    )
    if result.skipped:
        print(f"skipped {len(result.skipped)} response{'s' if len(result.skipped) != 1 else ''}:")
        for skipped in result.skipped:
            print(f"  {skipped}")
    return 0
