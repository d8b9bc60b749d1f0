"""Routing and matching corner cases, served by a real WireMock from one import document:
literal paths before templated ones, percent-encoded path values, the urlPathPattern
fallback, label style, optional parameters, form bodies, AWS-style ``/#Action=`` routes,
security alternatives, optional bodies."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from pathlib import Path

import pytest
from stubgen_support import needs_java

from specgen.spec.loader import load_spec
from specgen.stubs.generate import generate_stubs
from specgen.stubs.wiremock import WireMock

pytestmark = [needs_java, pytest.mark.timeout(120)]
SPEC = Path(__file__).with_name("routing.yaml")
BEARER = {"Authorization": "Bearer t"}
KEY = {"X-Key": "k"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def wiremock() -> Iterator[WireMock]:
    stubs = generate_stubs(load_spec(SPEC))
    assert not stubs.problems
    with WireMock() as server:
        result = server.import_mappings(stubs.document())
        assert result.accepted, result.errors
        yield server


def call(
    wiremock: WireMock,
    method: str,
    target: str,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> tuple[int, str, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", wiremock.port, timeout=10)
    try:
        conn.request(method, "/base" + target, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheader("Matched-Stub-Name") or "", response.read()
    finally:
        conn.close()


CASES = [
    # literal before templated; integer path parameter; required csv array query
    ("GET", "/things/me", BEARER, None, 200, "getMe-200"),
    ("GET", "/things/7?tags=a,c", BEARER, None, 200, "getThing-200"),
    ("GET", "/things/7?tags=a%2Cb", BEARER, None, 200, "getThing-200"),
    ("GET", "/things/0?tags=a", BEARER, None, 404, "getThing-404-not-found"),
    ("GET", "/things/x7?tags=a", BEARER, None, 404, "getThing-404-not-found"),
    ("GET", "/things/7", BEARER, None, 400, "getThing-400-invalid"),
    ("GET", "/things/7?tags=a,d", BEARER, None, 400, "getThing-400-invalid"),
    # optional query and header: absent is fine, present must be valid
    ("GET", "/things/7?tags=a&when=2024-05-01T10:00:00Z", BEARER, None, 200, "getThing-200"),
    ("GET", "/things/7?tags=a&when=yesterday", BEARER, None, 400, "getThing-400-invalid"),
    ("GET", "/things/7?tags=b", {**BEARER, "X-Trace": "0f0f"}, None, 200, "getThing-200"),
    ("GET", "/things/7?tags=b", {**BEARER, "X-Trace": "nope"}, None, 400, "getThing-400-invalid"),
    # security: either alternative; neither gets the 401
    ("GET", "/things/7?tags=a", KEY, None, 200, "getThing-200"),
    ("GET", "/things/7?tags=a", {}, None, 401, "getThing-401-unauthorized"),
    (
        "GET",
        "/things/7?tags=a",
        {"Authorization": "Basic x"},
        None,
        401,
        "getThing-401-unauthorized",
    ),
    ("GET", "/things/me", {}, None, 401, "getMe-401-unauthorized"),
    ("GET", "/anonymous", {}, None, 200, "anonymous-200"),
    # date-time in a path: ':' raw or percent-encoded
    ("GET", "/events/2024-05-01T10:00:00Z", KEY, None, 200, "getEvent-200"),
    ("GET", "/events/2024-05-01T10%3A00%3a00Z", KEY, None, 200, "getEvent-200"),
    ("GET", "/events/2024-13-01T10:00:00Z", KEY, None, 404, "getEvent-404-not-found"),
    # spaces and non-ASCII percent-encoded; nothing documented for a bad value
    ("GET", "/notes/ab%20c", KEY, None, 200, "getNote-200"),
    ("GET", "/notes/ab%C3%A9", KEY, None, 200, "getNote-200"),
    ("GET", "/notes/AB", KEY, None, 404, ""),
    # a parameter name WireMock templates cannot take: urlPathPattern
    ("GET", "/files/abc", KEY, None, 200, "getFile-200"),
    ("GET", "/files/ABC", KEY, None, 404, ""),
    # label style
    ("GET", "/labels/.red", KEY, None, 200, "getLabel-200"),
    ("GET", "/labels/red", KEY, None, 404, ""),
    # queries are decoded before matching
    ("GET", "/search?q=a%20b&limit=10", KEY, None, 200, "search-200"),
    ("GET", "/search?q=a", KEY, None, 422, "search-422-invalid"),
    ("GET", "/search?q=ab&limit=11", KEY, None, 422, "search-422-invalid"),
    ("GET", "/search", KEY, None, 422, "search-422-invalid"),
    # form bodies: required field, optional enum, content type
    ("POST", "/forms", FORM, b"token=t42&mode=y", 204, "postForm-204"),
    ("POST", "/forms", FORM, b"token=t42&mode=z", 400, "postForm-400-invalid"),
    ("POST", "/forms", FORM, b"mode=x", 400, "postForm-400-invalid"),
    ("POST", "/forms", JSON, b'{"token": "t42"}', 400, "postForm-400-invalid"),
    # AWS-style operations told apart by a query parameter
    ("GET", "/?Action=Ping", KEY, None, 200, "ping-200"),
    ("GET", "/?Action=Pong", KEY, None, 200, "pong-200"),
    (
        "GET",
        "/?Action=Ping&Prefer=x",
        {**KEY, "Prefer": "code=400"},
        None,
        400,
        "ping-400-selected",
    ),
    # an optional body: none, or a valid one
    ("POST", "/optional-body", {}, None, 201, "optionalBody-201"),
    ("POST", "/optional-body", JSON, b'{"n": 1}', 201, "optionalBody-201"),
    ("POST", "/optional-body", JSON, b'{"n": "one"}', 400, "optionalBody-400-invalid"),
]


@pytest.mark.parametrize(("method", "target", "headers", "body", "status", "stub"), CASES)
def test_routing(
    wiremock: WireMock,
    method: str,
    target: str,
    headers: dict[str, str],
    body: bytes | None,
    status: int,
    stub: str,
) -> None:
    assert call(wiremock, method, target, headers, body)[:2] == (status, stub)


def test_aws_actions_serve_their_own_examples(wiremock: WireMock) -> None:
    assert call(wiremock, "GET", "/?Action=Pong", KEY)[2] == b'{"answer":"pong"}'
