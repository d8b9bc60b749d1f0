"""HTTP messages for the providers: reading a WSGI environ, writing a response, problems.

Standard library only. Handlers see a ``Request`` (validated by the app before they run) and
return a ``Response``; ``problem`` builds RFC 7807 problem details.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

WSGIApp = WSGIApplication
PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://problems.example.com/"


@dataclass(frozen=True, slots=True)
class RawRequest:
    """A request as it arrived: path decoded, headers keyed by lower-case name."""

    method: str
    path: str
    query_string: str
    headers: Mapping[str, str]
    body: bytes

    def header(self, name: str) -> str | None:
        """A header's value, or None when absent."""
        return self.headers.get(name.lower())


@dataclass(slots=True)
class Request:
    """A validated request as handlers see it.

    ``query``, ``headers`` and ``path_params`` hold the declared parameters, typed by
    openapi-core (integers, lists, ``uuid.UUID``, ``datetime``) with schema defaults filled in;
    ``body`` is the body as sent (parsed JSON, or a dict for a form), without defaults."""

    method: str
    path: str
    path_params: dict[str, Any]
    query: dict[str, Any]
    headers: dict[str, Any]
    body: Any
    raw: RawRequest


@dataclass(slots=True)
class Response:
    """A response: ``body`` is JSON data, raw ``bytes``, or None for no body."""

    status: int
    body: Any = None
    media_type: str | None = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def problem(
    status: int, slug: str, title: str, detail: str | None = None, **extra: Any
) -> Response:
    """RFC 7807 problem details (the app swaps the media type for services that serve
    problems as plain ``application/json``)."""
    body: dict[str, Any] = {"type": PROBLEM_BASE + slug, "title": title[:200], "status": status}
    if detail is not None:
        body["detail"] = detail[:2000]
    body.update(extra)
    return Response(status, body, PROBLEM_JSON)


def read_request(environ: WSGIEnvironment) -> RawRequest:
    """The request in ``environ``. WSGI passes the path as latin-1-decoded bytes: undo that."""
    path = environ.get("PATH_INFO", "") or "/"
    path = path.encode("latin-1").decode("utf-8", "replace")
    headers = {
        key[5:].replace("_", "-").lower(): value
        for key, value in environ.items()
        if key.startswith("HTTP_") and isinstance(value, str)
    }
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").lower()] = environ[key]
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    return RawRequest(
        method=environ.get("REQUEST_METHOD", "GET").upper(),
        path=path,
        query_string=environ.get("QUERY_STRING", ""),
        headers=headers,
        body=body,
    )


def write_response(response: Response, start_response: StartResponse) -> Iterable[bytes]:
    """Serialise ``response`` and hand it to the WSGI server."""
    if isinstance(response.body, bytes):
        payload = response.body
    elif response.body is None:
        payload = b""
    else:
        payload = json.dumps(response.body, separators=(",", ":")).encode()
    headers = list(response.headers.items())
    if payload and response.media_type:
        headers.append(("Content-Type", response.media_type))
    headers.append(("Content-Length", str(len(payload))))
    start_response(f"{response.status} {_reason(response.status)}", headers)
    return [payload]


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
