"""Transports: in-process WSGI and ASGI, and HTTP to one origin (no redirects followed,
rate limited, no proxy from the environment)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any

import pytest

from examples.providers.asgi import asgi_app
from examples.providers.order_service import make_app
from specgen.errors import UsageError
from specgen.probe.messages import ProbeRequest
from specgen.probe.targets import is_asgi, load_app
from specgen.probe.transports import (
    ASGITransport,
    HTTPTransport,
    TransportError,
    WSGITransport,
    parse_rate,
)
from tests.support.servers import serve_wsgi

REQUEST = ProbeRequest(
    "POST",
    "/v1/things/a%20b",
    "x=1&y=%C3%A9",
    (("X-Test", "yes"), ("Content-Type", "text/plain")),
    b"hello",
)


def echo(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    if environ["PATH_INFO"] == "/crash":
        raise KeyError("boom")
    if environ["PATH_INFO"] == "/away":
        start_response("302 Found", [("Location", "http://example.invalid/")])
        return [b""]
    size = int(environ.get("CONTENT_LENGTH") or 0)
    seen = {
        "method": environ["REQUEST_METHOD"],
        "path": environ["PATH_INFO"],
        "query": environ["QUERY_STRING"],
        "header": environ.get("HTTP_X_TEST"),
        "type": environ.get("CONTENT_TYPE"),
        "body": environ["wsgi.input"].read(size).decode(),
    }
    start_response("200 OK", [("Content-Type", "application/json")])
    return [json.dumps(seen).encode()]


EXPECTED = {
    "method": "POST",
    "path": "/v1/things/a b",
    "query": "x=1&y=%C3%A9",
    "header": "yes",
    "type": "text/plain",
    "body": "hello",
}


def test_wsgi_transport_builds_a_pep3333_environ() -> None:
    response = WSGITransport(echo).send(REQUEST)
    assert response.status == 200
    assert json.loads(response.body) == EXPECTED
    assert response.media_type == "application/json"


def test_exceptions_escaping_an_app_are_a_500() -> None:
    response = WSGITransport(echo).send(ProbeRequest("GET", "/crash"))
    assert response.status == 500
    assert b"KeyError: 'boom'" in response.body
    assert response.header("x-specgen-crash") == "1"


def test_asgi_transport_runs_lifespan_and_requests() -> None:
    events: list[str] = []
    inner = asgi_app(echo)

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            events.append("lifespan")
        await inner(scope, receive, send)

    assert is_asgi(app) and not is_asgi(echo)
    transport = ASGITransport(app)
    response = transport.send(REQUEST)
    transport.close()
    assert response.status == 200
    assert json.loads(response.body) == EXPECTED
    assert events == ["lifespan"]


def test_asgi_reference_provider() -> None:
    transport = ASGITransport(asgi_app(make_app()))
    anonymous = transport.send(ProbeRequest("GET", "/v1/orders", "customerId=usr_8f3k2m9q"))
    listed = transport.send(
        ProbeRequest(
            "GET", "/v1/orders", "customerId=usr_8f3k2m9q", (("Authorization", "Bearer t"),)
        )
    )
    transport.close()
    assert (anonymous.status, listed.status) == (401, 200)


def test_http_transport_sends_to_one_origin_without_following_redirects(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # ignored: trust_env is off
    with serve_wsgi(echo) as url:
        transport = HTTPTransport(url + "/ignored/base", rate_limit=None)
        response = transport.send(REQUEST)
        moved = transport.send(ProbeRequest("GET", "/away"))
        transport.close()
    assert json.loads(response.body) == EXPECTED
    assert response.elapsed > 0
    assert moved.status == 302  # not followed to example.invalid


def test_http_rate_limit_spaces_requests() -> None:
    with serve_wsgi(echo) as url:
        transport = HTTPTransport(url, rate_limit=parse_rate("20/s"))
        started = time.perf_counter()
        for _ in range(5):
            transport.send(ProbeRequest("GET", "/x"))
        transport.close()
    assert time.perf_counter() - started >= 0.19


def test_http_transport_error_when_nothing_answers() -> None:
    transport = HTTPTransport("http://127.0.0.1:9", timeout=2)
    with pytest.raises(TransportError):
        transport.send(ProbeRequest("GET", "/"))


@pytest.mark.parametrize(
    ("text", "rate"), [("5", 5.0), ("5/s", 5.0), ("120/m", 2.0), ("36/h", 0.01)]
)
def test_parse_rate(text: str, rate: float) -> None:
    assert parse_rate(text) == pytest.approx(rate)


@pytest.mark.parametrize("text", ["0", "-1/s", "5/d", "x"])
def test_parse_rate_refuses_nonsense(text: str) -> None:
    with pytest.raises(UsageError):
        parse_rate(text)


def test_load_app_factory() -> None:
    app = load_app("examples.providers.order_service:make_app", factory=True)
    assert callable(app) and not is_asgi(app)
