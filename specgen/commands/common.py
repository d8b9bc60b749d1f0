"""What commands share: the spec options, loading, and writing output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from specgen.spec.api import API


def add_spec_argument(
    parser: argparse.ArgumentParser, *, dest: str = "spec", flag: str | None = None
) -> None:
    """The SPEC argument (positional, or ``--spec`` with ``flag``) and the loading options."""
    help_text = "OpenAPI 3.0/3.1 or Swagger 2.0 file (YAML or JSON), or - for stdin"
    if flag:
        parser.add_argument(flag, dest=dest, metavar="SPEC", required=True, help=help_text)
    else:
        parser.add_argument(dest, metavar="SPEC", help=help_text)
    add_loading_options(parser)


def add_loading_options(parser: argparse.ArgumentParser, *, strict: bool = True) -> None:
    """``--allow-remote-refs``, ``--max-spec-size`` and (unless ``strict=False``)
    ``--strict``."""
    parser.add_argument(
        "--allow-remote-refs", action="store_true", help="fetch http(s) $refs (refused by default)"
    )
    parser.add_argument(
        "--max-spec-size",
        type=int,
        metavar="BYTES",
        default=None,
        help="largest spec file accepted (default 128 MiB, or SPECGEN_MAX_SPEC_BYTES)",
    )
    if not strict:
        return
    parser.add_argument(
        "--strict",
        action="store_true",
        help="validate the whole document with openapi-spec-validator first",
    )


def load(args: argparse.Namespace, path: str | None = None) -> API:
    """Load the spec named by ``args.spec`` (or ``path``) with the loading options."""
    from specgen.spec.loader import load_spec

    return load_spec(
        path or args.spec,
        allow_remote_refs=args.allow_remote_refs,
        max_bytes=args.max_spec_size,
        strict=args.strict,
    )


def read_mapping(path: str, option: str, what: str) -> dict[str, Any]:
    """The YAML/JSON mapping in the file given on ``option``, keys as strings. A file that
    cannot be read, is not YAML/JSON, or holds no mapping is a ``UsageError`` naming the file
    and the option; ``what`` says what the mapping maps (``"operation -> state"``)."""
    import yaml

    from specgen.errors import UsageError

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{option}: cannot read it: {exc.strerror or exc}", file=path) from None
    except yaml.YAMLError as exc:
        message = f"{option}: not YAML or JSON: {exc}".splitlines()[0]
        raise UsageError(message, file=path) from None
    if not isinstance(data, dict):
        raise UsageError(f"{option}: the file must hold a map of {what}", file=path)
    return {str(k): v for k, v in data.items()}


def report_problems(api: API) -> int:
    """Print the spec's located problems to stderr; 2 when there are any, else 0."""
    for problem in api.problems:
        print(f"specgen: error: {problem}", file=sys.stderr)
    return 2 if api.problems else 0


def emit(text: str, output: str | None) -> None:
    """Write ``text`` to ``output`` atomically, or to stdout."""
    if output:
        from specgen.output import write_text

        write_text(output, text)
    else:
        sys.stdout.write(text)
