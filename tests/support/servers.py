"""Serve a WSGI or ASGI app on 127.0.0.1 at a free port, in a background thread.

``serve_wsgi`` uses the stdlib's wsgiref with one thread per request. ``serve_asgi`` is a small
HTTP/1.1 server on asyncio (stdlib only) that is enough for tests and the Pact verifier: one
request per connection (``Connection: close``), request bodies by ``Content-Length`` or
chunked, the whole response buffered and sent with ``Content-Length`` (no streaming, no
websockets), and the ASGI lifespan protocol run around it when the app supports it.
"""

from __future__ import annotations

import asyncio
import contextlib
import http
import socketserver
import threading
import traceback
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from typing import Any
from urllib.parse import unquote, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer
from wsgiref.types import WSGIApplication

Scope = dict[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
HOST = "127.0.0.1"


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # the base's names
        """No access log; app errors still print their traceback to stderr."""


class _ThreadedWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True

    def server_bind(self) -> None:
        """Bind without ``HTTPServer``'s ``socket.getfqdn`` lookup, slow on some hosts."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = HOST, self.server_address[1]
        self.setup_environ()


@contextlib.contextmanager
def serve_wsgi(app: WSGIApplication) -> Iterator[str]:
    """Serve ``app`` until the block ends; yields its base URL, ``http://127.0.0.1:PORT``."""
    server = _ThreadedWSGIServer((HOST, 0), _QuietHandler)
    server.set_app(app)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="serve_wsgi"
    )
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextlib.contextmanager
def serve_asgi(app: ASGIApp, *, lifespan: bool = True, timeout: float = 10.0) -> Iterator[str]:
    """Serve the ASGI 3 ``app`` until the block ends; yields ``http://127.0.0.1:PORT``.

    With ``lifespan`` the app's startup runs before the first request (a failed startup
    raises here) and its shutdown after the last; apps that reject the lifespan scope are
    served anyway, as the ASGI spec asks.
    """
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=_run_loop, args=(loop,), name="serve_asgi")
    thread.start()
    server = _AsgiServer(app, timeout)
    try:
        port = asyncio.run_coroutine_threadsafe(server.start(lifespan), loop).result(timeout)
        yield f"http://{HOST}:{port}"
    finally:
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(server.stop(), loop).result(timeout)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=timeout)


def _run_loop(loop: asyncio.AbstractEventLoop) -> None:
    asyncio.set_event_loop(loop)
    try:
        loop.run_forever()
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        loop.close()


class _AsgiServer:
    def __init__(self, app: ASGIApp, timeout: float) -> None:
        self.app, self.timeout = app, timeout
        self.state: dict[str, Any] = {}
        self.server: asyncio.Server | None = None
        self.lifespan: asyncio.Task[None] | None = None
        self.to_app: asyncio.Queue[Message] = asyncio.Queue()
        self.from_app: asyncio.Queue[Message | None] = asyncio.Queue()

    async def start(self, lifespan: bool) -> int:
        if lifespan:
            self.lifespan = asyncio.create_task(self._run_lifespan())
            reply = await self._lifespan_step("startup")
            if reply is not None and reply["type"] == "lifespan.startup.failed":
                raise RuntimeError(f"ASGI app startup failed: {reply.get('message', '')}")
        self.server = await asyncio.start_server(self._handle, HOST, 0)
        return int(self.server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()
        if self.lifespan is not None and not self.lifespan.done():
            await self._lifespan_step("shutdown")
        current = asyncio.current_task()
        pending = [task for task in asyncio.all_tasks() if task is not current]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def _run_lifespan(self) -> None:
        scope: Scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": self.state}
        try:
            await self.app(scope, self.to_app.get, self.from_app.put)
        except Exception:  # an app without lifespan support raises here: serve it anyway
            pass
        finally:
            await self.from_app.put(None)  # the app returned: no more replies

    async def _lifespan_step(self, step: str) -> Message | None:
        await self.to_app.put({"type": f"lifespan.{step}"})
        return await asyncio.wait_for(self.from_app.get(), self.timeout)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await _read_request(reader, writer)
            if request is not None:
                writer.write(await self._respond(*request, writer))
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass  # the client went away or sent something that is not HTTP/1.x
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def _respond(
        self,
        method: str,
        target: str,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
        writer: asyncio.StreamWriter,
    ) -> bytes:
        parts = urlsplit(target)
        scope: Scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": unquote(parts.path or "/"),
            "raw_path": (parts.path or "/").encode("latin-1"),
            "query_string": parts.query.encode("latin-1"),
            "root_path": "",
            "headers": headers,
            "client": writer.get_extra_info("peername")[:2],
            "server": writer.get_extra_info("sockname")[:2],
            "state": dict(self.state),
        }
        inbox: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]
        start: Message = {}
        chunks: list[bytes] = []
        sent = asyncio.Event()

        async def receive() -> Message:
            if inbox:
                return inbox.pop()
            await sent.wait()  # the body was read: the client "leaves" once answered
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))
                if not message.get("more_body", False):
                    sent.set()

        try:
            await self.app(scope, receive, send)
        except Exception:
            traceback.print_exc()
            if not start:
                return _encode(500, [(b"content-type", b"text/plain")], b"ASGI app crashed", "")
        if not start:
            return _encode(500, [(b"content-type", b"text/plain")], b"no response", "")
        return _encode(start["status"], list(start.get("headers", [])), b"".join(chunks), method)


async def _read_request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> tuple[str, str, list[tuple[bytes, bytes]], bytes] | None:
    """Method, target, headers (lower-case names) and body of one HTTP/1.x request."""
    line = await reader.readline()
    if not line.strip():
        return None
    method, target, _version = line.decode("latin-1").split()
    headers: list[tuple[bytes, bytes]] = []
    while (raw := await reader.readline()).strip():
        name, _, value = raw.decode("latin-1").partition(":")
        headers.append((name.strip().lower().encode("latin-1"), value.strip().encode("latin-1")))
    found = dict(headers)
    if found.get(b"expect", b"").lower() == b"100-continue":
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
    if b"chunked" in found.get(b"transfer-encoding", b"").lower():
        body = b""
        while size := int((await reader.readline()).split(b";")[0], 16):
            body += await reader.readexactly(size)
            await reader.readline()
        while (await reader.readline()).strip():  # trailers
            pass
    else:
        body = await reader.readexactly(int(found.get(b"content-length", b"0")))
    return method, target, headers, body


def _encode(status: int, headers: list[tuple[bytes, bytes]], body: bytes, method: str) -> bytes:
    """One HTTP/1.1 response with ``Content-Length`` and ``Connection: close``."""
    try:
        reason = http.HTTPStatus(status).phrase
    except ValueError:
        reason = ""
    hop_by_hop = {b"content-length", b"transfer-encoding", b"connection"}
    kept = [(bytes(n), bytes(v)) for n, v in headers if bytes(n).lower() not in hop_by_hop]
    given = [bytes(v) for n, v in headers if bytes(n).lower() == b"content-length"]
    length = given[0] if method == "HEAD" and given else str(len(body)).encode()
    kept += [(b"content-length", length), (b"connection", b"close")]
    head = f"HTTP/1.1 {status} {reason}\r\n".encode("latin-1")
    head += b"".join(name + b": " + value + b"\r\n" for name, value in kept) + b"\r\n"
    return head if method == "HEAD" else head + body
