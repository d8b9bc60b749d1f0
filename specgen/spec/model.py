"""The typed, immutable model of an API that every feature works from.

Schemas stay JSON (``Schema.raw``, with local ``$ref``s into ``API.document``); the helpers in
``specgen.schema`` resolve and compile them once per API. Everything else is a frozen value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

JSON = Any


class ParameterLocation(StrEnum):
    """Where a parameter travels."""

    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"


class Dialect(StrEnum):
    """Which schema dialect the spec's schemas use (3.0's ``nullable`` vs 3.1's JSON Schema)."""

    OAS30 = "oas30"
    OAS31 = "oas31"


@dataclass(frozen=True, slots=True)
class Schema:
    """A schema as written (bool or object), and where it is in the bundled document."""

    raw: JSON
    pointer: str


@dataclass(frozen=True, slots=True)
class Example:
    """A named example value (``""`` for the single ``example`` field)."""

    name: str
    value: JSON
    pointer: str
    summary: str | None = None
    external_value: str | None = None


@dataclass(frozen=True, slots=True)
class MediaType:
    """One media type of a body: its schema and examples."""

    media_type: str
    schema: Schema | None
    examples: tuple[Example, ...]
    pointer: str
    encoding: Mapping[str, JSON] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Parameter:
    """A path, query, header or cookie parameter, with its serialisation style."""

    name: str
    location: ParameterLocation
    required: bool
    schema: Schema | None
    style: str
    explode: bool
    pointer: str
    allow_reserved: bool = False
    allow_empty_value: bool = False
    deprecated: bool = False
    content: tuple[MediaType, ...] = ()
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True, slots=True)
class RequestBody:
    """The request body: whether it is required and its media types."""

    required: bool
    content: tuple[MediaType, ...]
    pointer: str
    description: str | None = None

    def media_types(self) -> tuple[str, ...]:
        """The declared media types, in spec order."""
        return tuple(m.media_type for m in self.content)


@dataclass(frozen=True, slots=True)
class Header:
    """A response header."""

    name: str
    required: bool
    schema: Schema | None
    pointer: str
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True, slots=True)
class Link:
    """An OpenAPI link from a response to another operation."""

    name: str
    operation_id: str | None
    operation_ref: str | None
    parameters: Mapping[str, JSON]
    request_body: JSON
    pointer: str


_RANGE = re.compile(r"^[1-5]XX$")


@dataclass(frozen=True, slots=True)
class Response:
    """One documented response: an exact status (``"404"``), a range (``"4XX"``) or
    ``"default"``."""

    status: str
    description: str
    headers: tuple[Header, ...]
    content: tuple[MediaType, ...]
    links: tuple[Link, ...]
    pointer: str

    @property
    def is_range(self) -> bool:
        """True for ``1XX``..``5XX``."""
        return bool(_RANGE.match(self.status))

    @property
    def is_default(self) -> bool:
        """True for the ``default`` response."""
        return self.status == "default"

    def covers(self, code: int) -> bool:
        """Whether this entry documents the concrete status ``code`` by itself."""
        if self.is_default:
            return True
        if self.is_range:
            return str(code)[0] == self.status[0]
        return self.status == str(code)


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    """A security scheme from ``components.securitySchemes``."""

    name: str
    type: str
    pointer: str
    scheme: str | None = None
    bearer_format: str | None = None
    location: str | None = None  # apiKey: header, query or cookie
    parameter_name: str | None = None  # apiKey: the header/query/cookie name
    flows: Mapping[str, JSON] = field(default_factory=dict)
    open_id_connect_url: str | None = None


@dataclass(frozen=True, slots=True)
class SecurityRequirement:
    """One alternative of a ``security`` list: all its schemes together (AND), with scopes.
    An empty requirement means anonymous access is allowed."""

    schemes: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class ServerVariable:
    """A server URL variable."""

    default: str
    enum: tuple[str, ...] = ()


_SERVER_VARIABLE = re.compile(r"\{([^{}]*)\}")


def concrete_url(url: str, variables: Mapping[str, ServerVariable]) -> str:
    """A server URL template with each variable at its default (an undeclared one empty)."""
    return _SERVER_VARIABLE.sub(
        lambda m: variables[m.group(1)].default if m.group(1) in variables else "", url
    )


@dataclass(frozen=True, slots=True)
class Server:
    """A server: its URL template and the base path that requests start with."""

    url: str
    base_path: str
    description: str | None = None
    variables: Mapping[str, ServerVariable] = field(default_factory=dict)

    @property
    def default_url(self) -> str:
        """The URL with every variable at its default."""
        return concrete_url(self.url, self.variables)


@dataclass(frozen=True, slots=True)
class Callback:
    """A callback: a runtime expression and the operations it describes."""

    name: str
    expression: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation: a method on a path template, with everything that describes it."""

    method: str  # upper case
    path: str
    operation_id: str | None
    pointer: str
    summary: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    deprecated: bool = False
    parameters: tuple[Parameter, ...] = ()
    request_body: RequestBody | None = None
    responses: tuple[Response, ...] = ()
    security: tuple[SecurityRequirement, ...] = ()
    servers: tuple[Server, ...] = ()
    callbacks: tuple[Callback, ...] = ()
    extensions: Mapping[str, JSON] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """``"GET /users/{id}"``: how findings and listings name the operation."""
        return f"{self.method} {self.path}"

    @property
    def label(self) -> str:
        """The operationId when there is one, else the key."""
        return self.operation_id or self.key

    @property
    def base_path(self) -> str:
        """The base path of the operation's first server (its own, its path item's or the
        document's); ``""`` without servers."""
        return self.servers[0].base_path if self.servers else ""

    def statuses(self) -> tuple[str, ...]:
        """The documented statuses, as written (``"200"``, ``"4XX"``, ``"default"``)."""
        return tuple(r.status for r in self.responses)

    def response_for(self, code: int) -> Response | None:
        """The response documenting ``code``: exact beats range beats ``default``."""
        exact = str(code)
        ranked = sorted(
            (r for r in self.responses if r.covers(code)),
            key=lambda r: 0 if r.status == exact else 1 if r.is_range else 2,
        )
        return ranked[0] if ranked else None

    def parameter(self, location: ParameterLocation, name: str) -> Parameter | None:
        """A parameter by location and name (header names compare case-insensitively)."""
        for p in self.parameters:
            if p.location is location and (
                p.name == name
                or (location is ParameterLocation.HEADER and p.name.lower() == name.lower())
            ):
                return p
        return None

    def request_media_types(self) -> tuple[str, ...]:
        """Media types the request body may have."""
        return self.request_body.media_types() if self.request_body else ()

    def response_media_types(self) -> tuple[str, ...]:
        """Media types any response may have, deduplicated in spec order."""
        seen: dict[str, None] = {}
        for r in self.responses:
            for m in r.content:
                seen.setdefault(m.media_type, None)
        return tuple(seen)
