"""Concrete, valid example requests and responses for an operation.

Values come from the spec's examples where they exist and from ``specgen.schema``'s
deterministic synthesis otherwise, so the same spec and seed give the same request. Only
what a valid request needs is filled in: path parameters, required query/header/cookie
parameters, and the body when there is one (required or not: a consumer that documents a
body usually sends it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from specgen.generate import params as ser
from specgen.schema import Direction, example_value
from specgen.spec.api import API
from specgen.spec.model import Example, MediaType, Operation, Parameter, ParameterLocation, Response

_MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()
MISSING = _MISSING  # "no body": distinct from a JSON null body


@dataclass(frozen=True, slots=True)
class ExampleRequest:
    """A concrete request. ``path`` is the operation path with parameters filled in and no
    server base path; ``query``/``headers``/``cookies`` are ordered ``(name, value)`` pairs."""

    method: str
    path: str
    path_params: tuple[tuple[str, Any], ...]
    query: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str], ...]
    cookies: tuple[tuple[str, str], ...]
    body: Any
    media_type: str | None

    @property
    def has_body(self) -> bool:
        """Whether a body is sent."""
        return self.body is not MISSING


@dataclass(frozen=True, slots=True)
class ExampleResponse:
    """A concrete response for one documented status."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: Any
    media_type: str | None
    response: Response

    @property
    def has_body(self) -> bool:
        """Whether a body is returned."""
        return self.body is not MISSING


_JSON = re.compile(r"^application/(?:[\w.+-]+\+)?json$|^[\w.+-]+/[\w.+-]+\+json$")


def is_json(media_type: str) -> bool:
    """``application/json``, ``application/problem+json``, ``*/*+json``..."""
    return bool(_JSON.match(media_type.split(";", 1)[0].strip().lower()))


def preferred_media(content: tuple[MediaType, ...]) -> MediaType | None:
    """The media type to exemplify: JSON first (plain JSON before ``+json``), else the first."""
    for media in content:
        if media.media_type.split(";", 1)[0].strip().lower() == "application/json":
            return media
    for media in content:
        if is_json(media.media_type):
            return media
    return content[0] if content else None


def _first_example(examples: tuple[Example, ...], name: str | None) -> Example | None:
    usable = [e for e in examples if e.external_value is None and e.value is not None]
    if name is not None:
        usable = [e for e in usable if e.name == name] or usable
    return usable[0] if usable else None


def _value(
    api: API,
    schema_owner: Parameter | MediaType,
    direction: Direction,
    seed: int,
    example_name: str | None = None,
) -> Any:
    example = _first_example(schema_owner.examples, example_name)
    if example is not None:
        return example.value
    if schema_owner.schema is None:
        return "" if isinstance(schema_owner, Parameter) else MISSING
    return example_value(api, schema_owner.schema, direction=direction, seed=seed)


def parameter_value(api: API, param: Parameter, *, seed: int = 0) -> Any:
    """A valid value for one parameter (its example, else one synthesised from its schema;
    a parameter described by ``content`` uses that media type's schema)."""
    if param.schema is None and param.content:
        return _value(api, param.content[0], Direction.REQUEST, seed)
    return _value(api, param, Direction.REQUEST, seed)


def example_request(
    api: API,
    op: Operation,
    *,
    seed: int = 0,
    overrides: dict[str, Any] | None = None,
    optional_params: bool = False,
) -> ExampleRequest:
    """A valid request for ``op``. ``overrides`` maps parameter names to values to use
    instead (e.g. the ids a provider state creates)."""
    overrides = overrides or {}
    path = op.path.split("?", 1)[0].split("#", 1)[0]
    path_params: list[tuple[str, Any]] = []
    query: list[tuple[str, str]] = []
    headers: list[tuple[str, str]] = []
    cookies: list[tuple[str, str]] = []
    for param in op.parameters:
        if not (param.required or param.location is ParameterLocation.PATH or optional_params):
            continue
        value = (
            overrides[param.name]
            if param.name in overrides
            else parameter_value(api, param, seed=seed)
        )
        if param.location is ParameterLocation.PATH:
            path_params.append((param.name, value))
            path = path.replace("{" + param.name + "}", ser.path_segment(param, value))
        elif param.location is ParameterLocation.QUERY:
            query.extend(ser.query_pairs(param, value))
        elif param.location is ParameterLocation.HEADER:
            if param.name.lower() not in ("accept", "content-type", "authorization"):
                headers.append((param.name, ser.header_value(param, value)))
        else:
            cookies.append((param.name, ser.header_value(param, value)))
    body: Any = MISSING
    media_type = None
    if op.request_body is not None:
        media = preferred_media(op.request_body.content)
        if media is not None:
            media_type = media.media_type
            body = _value(api, media, Direction.REQUEST, seed)
    return ExampleRequest(
        op.method,
        path,
        tuple(path_params),
        tuple(query),
        tuple(headers),
        tuple(cookies),
        body,
        media_type,
    )


def concrete_status(response: Response) -> int:
    """The status a documented response stands for: itself, the first of a range
    (``4XX`` -> 400), or 500 for ``default`` (the caller picks better when it knows)."""
    if response.is_default:
        return 500
    if response.is_range:
        return int(response.status[0]) * 100
    return int(response.status)


def example_response(
    api: API, response: Response, *, seed: int = 0, status: int | None = None
) -> ExampleResponse:
    """A valid response for one documented status: its example body (or one synthesised
    from its schema) in the preferred media type, and every declared header (required or
    not) with a valid value."""
    media = preferred_media(response.content)
    body: Any = MISSING
    if media is not None:
        body = _value(api, media, Direction.RESPONSE, seed)  # MISSING without schema/example
    headers: list[tuple[str, str]] = []
    for header in response.headers:
        if header.name.lower() == "content-type":
            continue
        example = _first_example(header.examples, None)
        if example is not None:
            value = example.value
        elif header.schema is not None:
            value = example_value(api, header.schema, direction=Direction.RESPONSE, seed=seed)
        else:
            value = "x"
        headers.append((header.name, ser.string_form_or_json(value)))
    return ExampleResponse(
        status if status is not None else concrete_status(response),
        tuple(headers),
        body,
        media.media_type if media else None,
        response,
    )
