"""Test support for generated stubs: spec-generated requests, sending them to a real
WireMock, and judging request and response with openapi-core."""

from __future__ import annotations

import http.client
import json
import shutil
import urllib.parse
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st
from openapi_core.testing import MockRequest, MockResponse
from werkzeug.datastructures import ImmutableMultiDict

from specgen.generate import params as ser
from specgen.generate.examples import example_request, is_json, preferred_media
from specgen.schema import Direction, strategy_for, string_form
from specgen.spec.api import API
from specgen.spec.loader import load_spec
from specgen.spec.model import Operation, ParameterLocation
from specgen.spec.openapi_core import openapi_for
from specgen.stubs import errors
from specgen.stubs.generate import generate_stubs
from specgen.stubs.wiremock import WireMock
from tests.conftest import ROOT

SPECS = (
    "user-service.yaml",
    "order-service/openapi.yaml",
    "payment-service.yaml",
    "notification-service.yaml",
)
needs_java = pytest.mark.skipif(
    shutil.which("java") is None, reason="java is not installed: WireMock needs Java 11+"
)
WIREMOCK_UNMATCHED = b"Request was not matched"


def load(spec: str) -> API:
    """A demo spec, loaded (and cached by name)."""
    if spec not in _APIS:
        _APIS[spec] = load_spec(ROOT / "specs" / spec)
    return _APIS[spec]


_APIS: dict[str, API] = {}


def start_wiremock(root: Path, specs: tuple[str, ...] = SPECS) -> WireMock:
    """A WireMock serving the stubs of ``specs`` from mapping files under ``root`` (one
    folder for all: a spec's files never replace another's)."""
    for spec in specs:
        stubs = generate_stubs(load(spec))
        assert not stubs.problems, stubs.problems
        stubs.write(root)
    return WireMock(root_dir=root).start()


@dataclass(frozen=True)
class Request:
    """A concrete HTTP request for one operation; ``path`` is without the base path."""

    op: Operation
    path: str
    query: tuple[tuple[str, str], ...] = ()
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    content_type: str | None = None

    def without_header(self, name: str) -> Request:
        return replace(self, headers={k: v for k, v in self.headers.items() if k != name})


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def stub(self) -> str:
        """The name of the stub that answered ("" for WireMock's own 404)."""
        return self.headers.get("matched-stub-name", "")


def base_path(api: API) -> str:
    return api.base_path


def credentials(api: API, op: Operation) -> dict[str, str]:
    """Headers that satisfy the first security alternative of ``op``."""
    headers: dict[str, str] = {}
    for requirement in op.security[:1]:
        for name, _scopes in requirement.schemes:
            scheme = api.security_schemes[name]
            if scheme.type == "apiKey" and scheme.location == "header":
                headers[scheme.parameter_name or ""] = "key-123"
            elif scheme.type in ("oauth2", "openIdConnect") or scheme.scheme == "bearer":
                headers["Authorization"] = "Bearer token-123"
    return headers


def _encode_body(media_type: str, value: Any) -> bytes:
    if is_json(media_type):
        return json.dumps(value).encode()
    pairs = [(k, string_form(v) or "") for k, v in value.items()]
    return urllib.parse.urlencode(pairs).encode()


def example(api: API, op: Operation) -> Request:
    """The valid example request of ``op`` (``specgen.generate.examples``)."""
    ex = example_request(api, op)
    headers = {**dict(ex.headers), **credentials(api, op)}
    body = None
    if ex.has_body and ex.media_type:
        body = _encode_body(ex.media_type, ex.body)
        headers["Content-Type"] = ex.media_type
    return Request(op, ex.path, ex.query, headers, body, ex.media_type)


@st.composite
def requests(draw: st.DrawFn, api: API, op: Operation) -> Request:
    """Valid requests of ``op`` drawn from its schemas (optional parts sometimes)."""
    path = op.path
    query: list[tuple[str, str]] = []
    headers = credentials(api, op)
    for param in op.parameters:
        if param.schema is None or not (param.required or draw(st.booleans())):
            continue
        value = draw(strategy_for(api, param.schema, Direction.REQUEST))
        if param.location is ParameterLocation.PATH:
            path = path.replace("{" + param.name + "}", ser.path_segment(param, value))
        elif param.location is ParameterLocation.QUERY:
            query.extend(ser.query_pairs(param, value))
        elif param.location is ParameterLocation.HEADER:
            headers[param.name] = ser.header_value(param, value)
    body = content_type = None
    rb = op.request_body
    media = preferred_media(rb.content) if rb else None
    if rb and media and media.schema is not None and (rb.required or draw(st.booleans())):
        value = draw(strategy_for(api, media.schema, Direction.REQUEST))
        body = _encode_body(media.media_type, value)
        content_type = headers["Content-Type"] = media.media_type
    return Request(op, path, tuple(query), headers, body, content_type)


def send(wiremock: WireMock, api: API, request: Request) -> Reply:
    """Send ``request`` (under the API's base path) and read the reply."""
    target = base_path(api) + request.path
    if request.query:
        target += "?" + urllib.parse.urlencode(request.query, quote_via=urllib.parse.quote)
    conn = http.client.HTTPConnection("127.0.0.1", wiremock.port, timeout=30)
    try:
        conn.request(request.op.method, target, body=request.body, headers=request.headers)
        response = conn.getresponse()
        return Reply(
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            response.read(),
        )
    finally:
        conn.close()


def _host(api: API) -> str:
    url = api.servers[0].default_url
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else "http://localhost"


def core_request(api: API, request: Request) -> MockRequest:
    return MockRequest(
        _host(api),
        request.op.method.lower(),
        base_path(api) + urllib.parse.unquote(request.path),
        args=ImmutableMultiDict(list(request.query)),  # type: ignore[arg-type]
        headers=request.headers,
        data=request.body,
        content_type=request.content_type or "application/json",
    )


def request_errors(api: API, request: Request) -> list[str]:
    """How openapi-core finds ``request`` breaks the spec ([] when valid)."""
    return [str(e) for e in openapi_for(api).iter_request_errors(core_request(api, request))]


def response_errors(api: API, request: Request, reply: Reply) -> list[str]:
    """How ``reply`` breaks the spec for ``request``: status not declared, headers, content
    type, body ([] when it conforms)."""
    mock = MockResponse(
        reply.body,
        status_code=reply.status,
        headers=reply.headers,
        content_type=reply.headers.get("content-type", ""),
    )
    found = openapi_for(api).iter_response_errors(core_request(api, request), mock)
    return [f"{type(e).__name__}: {e} {getattr(e, '__cause__', '')}" for e in found]


def success_status(op: Operation) -> int:
    chosen = errors.success(op)
    assert chosen is not None
    return chosen.status
