"""Full structural validation with openapi-spec-validator (on request: it is slow on big
specs, about 11 s for GitHub's). Errors become located ``SpecError``s."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from specgen.errors import SpecError
from specgen.spec import pointer as jp


def iter_structure_errors(
    doc: dict[str, Any], name: str, source_format: str, limit: int = 200
) -> Iterator[SpecError]:
    """Every structural error (up to ``limit``), each at its JSON pointer."""
    from openapi_spec_validator import (
        OpenAPIV2SpecValidator,
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
    )

    cls = {"swagger-2.0": OpenAPIV2SpecValidator, "openapi-3.0": OpenAPIV30SpecValidator}.get(
        source_format, OpenAPIV31SpecValidator
    )
    for count, err in enumerate(cls(doc).iter_errors()):
        if count >= limit:
            break
        path = [str(p) for p in getattr(err, "absolute_path", getattr(err, "path", ()))]
        message = str(getattr(err, "message", err)).splitlines()[0]
        if len(message) > 240:
            message = message[:237] + "..."
        yield SpecError(
            f"invalid {source_format}: {message}", file=name, pointer=jp.join("", *path)
        )


def raise_first(doc: dict[str, Any], name: str, source_format: str) -> None:
    """Raise the first structural error, if any."""
    for err in iter_structure_errors(doc, name, source_format, limit=1):
        raise err
