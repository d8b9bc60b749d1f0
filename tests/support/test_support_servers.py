"""serve_wsgi and serve_asgi: real HTTP on 127.0.0.1, clean shutdown."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from collections.abc import Iterable
from urllib.parse import urlsplit
from wsgiref.types import StartResponse, WSGIEnvironment

import pytest

from tests.support.servers import Message, Receive, Scope, Send, serve_asgi, serve_wsgi

pytestmark = pytest.mark.timeout(30)


def call(
    base_url: str,
    method: str,
    path: str,
    body: bytes | Iterable[bytes] | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One request with the stdlib client; header names lower-cased."""
    url = urlsplit(base_url)
    assert url.hostname == "127.0.0.1" and url.port
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        found = {name.lower(): value for name, value in response.getheaders()}
        return response.status, found, response.read()
    finally:
        conn.close()


def echo_wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    if environ["PATH_INFO"] == "/boom":
        raise RuntimeError("boom")
    size = int(environ.get("CONTENT_LENGTH") or 0)
    echoed = {
        "method": environ["REQUEST_METHOD"],
        "path": environ["PATH_INFO"],
        "query": environ["QUERY_STRING"],
        "body": environ["wsgi.input"].read(size).decode(),
        "thread": threading.current_thread().name,
    }
    start_response("201 Created", [("Content-Type", "application/json")])
    return [json.dumps(echoed).encode()]


def port_is_closed(base_url: str) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", urlsplit(base_url).port or 0)) != 0


def test_serve_wsgi_serves_the_app_and_shuts_down(capsys: pytest.CaptureFixture[str]) -> None:
    threads_before = threading.active_count()
    with serve_wsgi(echo_wsgi) as base_url:
        status, headers, body = call(base_url, "POST", "/items/a%20b?x=1", b"hello")
        assert status == 201 and headers["content-type"] == "application/json"
        echoed = json.loads(body)
        assert echoed["method"] == "POST" and echoed["path"] == "/items/a b"
        assert echoed["query"] == "x=1" and echoed["body"] == "hello"
        assert echoed["thread"] != threading.main_thread().name
        assert call(base_url, "GET", "/boom")[0] == 500
    assert port_is_closed(base_url)
    assert threading.active_count() == threads_before
    err = capsys.readouterr().err
    assert "RuntimeError: boom" in err  # app errors are shown...
    assert '"POST /items' not in err  # ...but no access log


def test_serve_wsgi_answers_requests_in_parallel() -> None:
    gate = threading.Barrier(2, timeout=5)

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        gate.wait()  # both requests must be in flight at once to get past this
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    with serve_wsgi(app) as base_url:
        results: list[int] = []
        workers = [
            threading.Thread(target=lambda: results.append(call(base_url, "GET", "/")[0]))
            for _ in range(2)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert results == [200, 200]


async def echo_asgi(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                scope["state"]["ready"] = "yes"
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["path"] == "/boom":
        raise RuntimeError("boom")
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    echoed = {
        "method": scope["method"],
        "path": scope["path"],
        "raw_path": scope["raw_path"].decode(),
        "query": scope["query_string"].decode(),
        "headers": {k.decode(): v.decode() for k, v in scope["headers"]},
        "body": body.decode(),
        "state": scope["state"],
    }
    await send({"type": "http.response.start", "status": 201, "headers": [(b"x-a", b"1")]})
    await send(
        {"type": "http.response.body", "body": json.dumps(echoed).encode()[:5], "more_body": True}
    )
    await send({"type": "http.response.body", "body": json.dumps(echoed).encode()[5:]})


def test_serve_asgi_serves_the_app_with_its_lifespan(capsys: pytest.CaptureFixture[str]) -> None:
    with serve_asgi(echo_asgi) as base_url:
        status, headers, body = call(
            base_url, "PUT", "/a%20b?x=1", b"hello", {"Content-Type": "text/plain"}
        )
        assert status == 201 and headers["x-a"] == "1" and headers["connection"] == "close"
        assert headers["content-length"] == str(len(body))
        echoed = json.loads(body)
        assert echoed["method"] == "PUT" and echoed["path"] == "/a b"
        assert echoed["raw_path"] == "/a%20b" and echoed["query"] == "x=1"
        assert echoed["body"] == "hello" and echoed["headers"]["content-type"] == "text/plain"
        assert echoed["state"] == {"ready": "yes"}

        chunked = call(base_url, "POST", "/", iter([b"he", b"llo"]))  # sent chunked
        assert json.loads(chunked[2])["body"] == "hello"
        assert json.loads(chunked[2])["headers"]["transfer-encoding"] == "chunked"

        head = call(base_url, "HEAD", "/")
        assert head[0] == 201 and head[2] == b""

        assert call(base_url, "GET", "/boom")[0] == 500
    assert port_is_closed(base_url)
    assert "RuntimeError: boom" in capsys.readouterr().err


def test_serve_asgi_serves_apps_without_lifespan_support() -> None:
    async def plain(scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http", "no lifespan here"
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    with serve_asgi(plain) as base_url:
        assert call(base_url, "DELETE", "/x")[0] == 204


def test_serve_asgi_raises_when_the_app_startup_fails() -> None:
    async def failing(scope: Scope, receive: Receive, send: Send) -> None:
        message: Message = await receive()
        assert message["type"] == "lifespan.startup"
        await send({"type": "lifespan.startup.failed", "message": "no database"})

    with pytest.raises(RuntimeError, match="no database"), serve_asgi(failing):
        pass
