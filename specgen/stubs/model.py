"""WireMock 3 stub mappings as typed values, each with one serialisation point (``to_json``).

Only what specgen generates is modelled: string value patterns (``matches``, ``equalTo``,
``absent``, ``or``...), ``matchesJsonSchema`` body patterns, the request pattern (method, URL
path template or pattern, parameters, headers, cookies, form fields, body) and a response
with an inline body.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any, TypeAlias

JSON = Any


@dataclass(frozen=True, slots=True)
class Matches:
    """The whole value matches ``regex`` (Java syntax; WireMock full-matches)."""

    regex: str

    def to_json(self) -> dict[str, JSON]:
        return {"matches": self.regex}


@dataclass(frozen=True, slots=True)
class DoesNotMatch:
    """The value does not match ``regex``; an absent value does not match anything."""

    regex: str

    def to_json(self) -> dict[str, JSON]:
        return {"doesNotMatch": self.regex}


@dataclass(frozen=True, slots=True)
class EqualTo:
    """The value equals ``value`` exactly."""

    value: str

    def to_json(self) -> dict[str, JSON]:
        return {"equalTo": self.value}


@dataclass(frozen=True, slots=True)
class Absent:
    """The parameter, header, cookie or body is not there."""

    def to_json(self) -> dict[str, JSON]:
        return {"absent": True}


@dataclass(frozen=True, slots=True)
class JsonSchema:
    """The body is JSON valid against ``schema`` (a self-contained JSON Schema 2020-12)."""

    schema: JSON = field(repr=False)

    def to_json(self) -> dict[str, JSON]:
        return {"matchesJsonSchema": self.schema, "schemaVersion": "V202012"}


@dataclass(frozen=True, slots=True)
class AnyOf:
    """At least one of ``patterns`` holds (WireMock's ``or``)."""

    patterns: tuple[Pattern, ...]

    def to_json(self) -> dict[str, JSON]:
        return {"or": [p.to_json() for p in self.patterns]}


Pattern: TypeAlias = Matches | DoesNotMatch | EqualTo | Absent | JsonSchema | AnyOf
PRESENT = Matches(r"[\s\S]*")
NON_EMPTY = Matches(r"[\s\S]+")


def optional(pattern: Pattern) -> Pattern:
    """``pattern`` when the value is there; an absent value is fine too."""
    return AnyOf((Absent(), pattern))


Named = tuple[tuple[str, Pattern], ...]


def _named(items: Named) -> dict[str, JSON]:
    return {name: pattern.to_json() for name, pattern in items}


@dataclass(frozen=True, slots=True)
class RequestPattern:
    """What a request must look like. ``path_template`` (WireMock's ``urlPathTemplate``,
    with ``path_params``) or ``path_regex`` (``urlPathPattern``) is set, not both."""

    method: str
    path_template: str | None = None
    path_regex: str | None = None
    path_params: Named = ()
    query: Named = ()
    headers: Named = ()
    cookies: Named = ()
    form: Named = ()
    body: tuple[Pattern, ...] = ()

    def to_json(self) -> dict[str, JSON]:
        out: dict[str, JSON] = {"method": self.method}
        if self.path_template is not None:
            out["urlPathTemplate"] = self.path_template
            if self.path_params:
                out["pathParameters"] = _named(self.path_params)
        else:
            out["urlPathPattern"] = self.path_regex
        for key, items in (
            ("queryParameters", self.query),
            ("headers", self.headers),
            ("cookies", self.cookies),
            ("formParameters", self.form),
        ):
            if items:
                out[key] = _named(items)
        if self.body:
            out["bodyPatterns"] = [p.to_json() for p in self.body]
        return out


MISSING_BODY: Any = type("NoBody", (), {"__repr__": lambda self: "NO_BODY"})()


@dataclass(frozen=True, slots=True)
class StubResponse:
    """The canned response: status, headers (``Content-Type`` among them) and a body that
    is JSON (``json_body``), text, bytes, or ``MISSING_BODY``."""

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: Any = MISSING_BODY
    json_body: bool = False

    def to_json(self) -> dict[str, JSON]:
        out: dict[str, JSON] = {"status": self.status}
        if self.headers:
            out["headers"] = dict(self.headers)
        if self.body is MISSING_BODY:
            return out
        if self.json_body and self.body is not None:
            out["jsonBody"] = self.body  # WireMock drops a null jsonBody: that is text below
        elif isinstance(self.body, bytes):
            out["base64Body"] = base64.b64encode(self.body).decode("ascii")
        elif isinstance(self.body, str):
            out["body"] = self.body
        else:
            out["body"] = json.dumps(self.body, ensure_ascii=False)
        return out


@dataclass(frozen=True, slots=True)
class StubMapping:
    """One WireMock stub mapping. ``name`` is also its file name (without ``.json``)."""

    id: str
    name: str
    priority: int
    request: RequestPattern
    response: StubResponse
    metadata: dict[str, JSON] = field(default_factory=dict, hash=False, compare=False)

    def to_json(self) -> dict[str, JSON]:
        return {
            "id": self.id,
            "name": self.name,
            "priority": self.priority,
            "request": self.request.to_json(),
            "response": self.response.to_json(),
            "metadata": self.metadata,
        }
