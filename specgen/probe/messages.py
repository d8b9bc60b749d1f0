"""The values a fuzz run passes around: drafts (structured requests), wire requests and
responses. Everything here is immutable and JSON-round-trippable, so the atheris worker
process and the generated reproducers can carry it."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

JSON = Any
Pairs = tuple[tuple[str, str], ...]


def _encode(value: JSON) -> JSON:
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


def _decode(value: JSON) -> JSON:
    if isinstance(value, dict):
        if set(value) == {"$bytes"} and isinstance(value["$bytes"], str):
            return base64.b64decode(value["$bytes"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Draft:
    """A request before serialisation: what generation produces and shrinking simplifies.

    Parameter values are as the spec's style serialises them (``"paid,shipped"`` for a
    ``form`` array without explode). ``has_body`` tells "no body" from a ``null`` body.
    ``origin`` says where it came from: positive, negative, example, pact, flow, fuzzer.
    """

    operation: str
    path_parameters: Mapping[str, JSON] = field(default_factory=dict)
    query: Mapping[str, JSON] = field(default_factory=dict)
    headers: Mapping[str, JSON] = field(default_factory=dict)
    cookies: Mapping[str, JSON] = field(default_factory=dict)
    body: JSON = None
    has_body: bool = False
    media_type: str | None = None
    origin: str = "positive"

    def with_parts(self, **parts: Any) -> Draft:
        """A copy with some fields replaced."""
        return replace(self, **parts)

    def to_json(self) -> dict[str, JSON]:
        """A JSON-ready dict (bytes as ``{"$bytes": base64}``)."""
        out: dict[str, JSON] = {"operation": self.operation, "origin": self.origin}
        for name in ("path_parameters", "query", "headers", "cookies"):
            out[name] = _encode(dict(getattr(self, name)))
        if self.has_body:
            out["body"] = _encode(self.body)
            out["media_type"] = self.media_type
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, JSON]) -> Draft:
        """Inverse of ``to_json``."""
        return cls(
            operation=str(data["operation"]),
            path_parameters=_decode(data.get("path_parameters", {})),
            query=_decode(data.get("query", {})),
            headers=_decode(data.get("headers", {})),
            cookies=_decode(data.get("cookies", {})),
            body=_decode(data.get("body")),
            has_body="body" in data,
            media_type=data.get("media_type"),
            origin=str(data.get("origin", "positive")),
        )


@dataclass(frozen=True, slots=True)
class ProbeRequest:
    """A request as it goes on the wire. ``path`` is percent-encoded and includes the
    server base path; ``query`` is the raw query string (without ``?``)."""

    method: str
    path: str
    query: str = ""
    headers: Pairs = ()
    body: bytes = b""

    @property
    def target(self) -> str:
        """Path and query, as in an HTTP request line."""
        return self.path + (f"?{self.query}" if self.query else "")

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        return _header(self.headers, name)

    def with_headers(self, extra: Pairs) -> ProbeRequest:
        """A copy with ``extra`` headers set (replacing same-named ones)."""
        names = {k.lower() for k, _ in extra}
        kept = tuple((k, v) for k, v in self.headers if k.lower() not in names)
        return replace(self, headers=kept + tuple(extra))

    def to_json(self) -> dict[str, JSON]:
        """A JSON-ready dict."""
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": [list(pair) for pair in self.headers],
            "body": _encode(self.body),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, JSON]) -> ProbeRequest:
        """Inverse of ``to_json``."""
        return cls(
            method=str(data["method"]),
            path=str(data["path"]),
            query=str(data.get("query", "")),
            headers=tuple((str(k), str(v)) for k, v in data.get("headers", [])),
            body=_decode(data.get("body", {"$bytes": ""})),
        )


@dataclass(frozen=True, slots=True)
class ProbeResponse:
    """A response: status, headers as sent, body bytes, and how long it took."""

    status: int
    headers: Pairs = ()
    body: bytes = b""
    elapsed: float = 0.0

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        return _header(self.headers, name)

    @property
    def media_type(self) -> str | None:
        """The Content-Type without parameters, lower case; None when absent."""
        value = self.header("content-type")
        return value.split(";")[0].strip().lower() if value else None


def _header(headers: Pairs, name: str) -> str | None:
    wanted = name.lower()
    return next((v for k, v in headers if k.lower() == wanted), None)
