"""``load_spec``: from a file (or stdin, or parsed data) to an ``API``.

read -> parse (safe YAML / JSON) -> detect the version -> bundle ``$ref``s -> Swagger 2.0 to
OpenAPI 3.0 -> (``strict``: full structural validation) -> build the model.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from specgen.errors import SpecError
from specgen.spec.api import API
from specgen.spec.build import build_operations
from specgen.spec.build_parts import Context
from specgen.spec.model import Dialect
from specgen.spec.refs import Bundle, bundle_refs
from specgen.spec.source import STDIN, Limits, decode_text, parse_text, read_bytes

# Where 3.0 and 3.1 differ, a table keyed by version picks; the core never asks.
_DIALECTS = {"3.0": Dialect.OAS30, "3.1": Dialect.OAS31, "3.2": Dialect.OAS31}


def detect_format(doc: Any, name: str) -> tuple[str, str]:
    """``(source_format, version)`` of a parsed document, or a ``SpecError``."""
    if not isinstance(doc, dict):
        kind = "an array" if isinstance(doc, list) else "a scalar"
        raise SpecError(f"the document is {kind}, not an OpenAPI object", file=name, pointer="")
    if "openapi" in doc:
        version = doc["openapi"]
        if not isinstance(version, str):
            raise SpecError(
                f"'openapi' must be a string like \"3.1.0\", not {version!r}",
                file=name,
                pointer="/openapi",
            )
        if version[:3] not in _DIALECTS or version[3:4] not in ("", "."):
            raise SpecError(
                f"unsupported OpenAPI version {version!r} (3.0.x, 3.1.x and "
                "Swagger 2.0 are supported)",
                file=name,
                pointer="/openapi",
            )
        return f"openapi-{version[:3]}", version
    if "swagger" in doc:
        if str(doc["swagger"]) != "2.0":
            raise SpecError(
                f"unsupported Swagger version {doc['swagger']!r} (only 2.0)",
                file=name,
                pointer="/swagger",
            )
        return "swagger-2.0", "2.0"
    raise SpecError(
        "not an OpenAPI document: no 'openapi' or 'swagger' field", file=name, pointer=""
    )


def load_spec(
    source: str | os.PathLike[str],
    *,
    allow_remote_refs: bool = False,
    max_bytes: int | None = None,
    strict: bool = False,
) -> API:
    """Load an OpenAPI 3.0/3.1 or Swagger 2.0 spec (YAML or JSON) from a path, or ``"-"``
    for stdin. Relative-file ``$ref``s are bundled; remote ones only with
    ``allow_remote_refs``. ``strict`` adds full structural validation. Raises a
    ``SpecgenError`` subclass, located, for input that cannot be used."""
    name = os.fspath(source)
    limits = Limits.from_env(max_bytes)
    text = decode_text(read_bytes(name, limits), name)
    doc = parse_text(text, name, limits)
    location = str(Path.cwd() / "<stdin>") if name == STDIN else str(Path(name).resolve())
    return _load(
        doc,
        name,
        location,
        text=text,
        allow_remote_refs=allow_remote_refs,
        limits=limits,
        strict=strict,
    )


def load_spec_data(
    doc: Any,
    *,
    name: str = "<data>",
    base_dir: str | None = None,
    allow_remote_refs: bool = False,
    strict: bool = False,
) -> API:
    """Load a spec that is already parsed (relative refs resolve from ``base_dir``, default
    the working directory). The document is not modified."""
    import copy

    location = str(Path(base_dir or Path.cwd()).resolve() / "<data>")
    return _load(
        copy.deepcopy(doc),
        name,
        location,
        text=None,
        allow_remote_refs=allow_remote_refs,
        limits=Limits.from_env(),
        strict=strict,
    )


def _load(
    doc: Any,
    name: str,
    location: str,
    *,
    text: str | None,
    allow_remote_refs: bool,
    limits: Limits,
    strict: bool,
) -> API:
    source_format, version = detect_format(doc, name)
    bundle = bundle_refs(
        doc, name, location, text=text, allow_remote=allow_remote_refs, limits=limits
    )
    if strict:
        from specgen.spec.validate import raise_first

        raise_first(bundle.doc, name, source_format)
    if source_format == "swagger-2.0":
        from specgen.spec.swagger2 import convert_swagger2

        converted = convert_swagger2(bundle.doc, file=name)
        bundle = Bundle(converted, name, bundle.files)
        version = converted.get("openapi", "3.0.3")
    doc = bundle.doc
    if "paths" not in doc and "webhooks" not in doc and source_format != "openapi-3.1":
        raise SpecError("no 'paths' object", file=name, pointer="")
    info = doc.get("info")
    if not isinstance(info, dict):
        raise SpecError(
            "'info' must be an object with 'title' and 'version'", file=name, pointer="/info"
        )
    ctx = Context(doc, bundle.locate)
    built = build_operations(ctx)
    return API(
        name=name,
        source_format=source_format,
        openapi_version=str(version),
        dialect=_DIALECTS.get(str(version)[:3], Dialect.OAS30),
        info=info,
        operations=tuple(built.operations),
        webhooks=tuple(built.webhooks),
        servers=built.servers,
        security_schemes=built.security_schemes,
        problems=tuple(built.problems),
        bundle=bundle,
    )
