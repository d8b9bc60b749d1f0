"""Transports: one interface to a provider, whether it runs at a URL or in this process.

``HTTPTransport`` talks to one origin only: it builds every URL from that origin, never
follows redirects (a 3xx is a response like any other), ignores proxy and netrc settings
from the environment, and spaces requests by ``--rate-limit``. ``WSGITransport`` and
``ASGITransport`` call an app in-process, without sockets; an exception escaping the app is
answered as a bare 500, as a server without error handling would.
"""

from __future__ import annotations

import asyncio
import io
import time
import traceback
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any, Protocol
from urllib.parse import unquote_to_bytes, urlsplit

from specgen.errors import UsageError
from specgen.probe.messages import Pairs, ProbeRequest, ProbeResponse

Message = MutableMapping[str, Any]
ASGIApp = Callable[..., Awaitable[None]]
WSGIApp = Callable[..., Iterable[bytes]]
USER_AGENT = "specgen-fuzz"


class TransportError(Exception):
    """The provider could not be reached (connection refused, timeout...)."""


class Transport(Protocol):
    """Sends one request to the provider and returns its response."""

    def send(self, request: ProbeRequest) -> ProbeResponse:
        """Send ``request``; TransportError when no response came."""
        ...

    def close(self) -> None:
        """Release what the transport holds (sessions, event loops)."""
        ...


class RateLimiter:
    """At most ``per_second`` calls per second, evenly spaced (None: no limit)."""

    def __init__(self, per_second: float | None) -> None:
        self.interval = 1.0 / per_second if per_second else 0.0
        self._next = 0.0

    def wait(self) -> None:
        """Sleep until the next call is allowed."""
        if not self.interval:
            return
        now = time.monotonic()
        if now < self._next:
            time.sleep(self._next - now)
            now = self._next
        self._next = now + self.interval


def parse_rate(text: str) -> float:
    """``"20"``, ``"20/s"``, ``"300/m"`` or ``"1000/h"`` as requests per second."""
    number, _, unit = text.strip().partition("/")
    seconds = {"": 1, "s": 1, "m": 60, "h": 3600}.get(unit.strip().lower())
    try:
        rate = float(number)
    except ValueError:
        rate = 0.0
    if seconds is None or not rate > 0:
        raise UsageError(f"bad --rate-limit {text!r}: use N, N/s, N/m or N/h with N > 0")
    return rate / seconds


def _crash(exc: BaseException) -> ProbeResponse:
    """The 500 an in-process app "answers" when an exception escapes it."""
    last = traceback.format_exception_only(type(exc), exc)[-1].strip()
    body = f"Unhandled exception in the app: {last}".encode("utf-8", "replace")
    return ProbeResponse(500, (("Content-Type", "text/plain"), ("X-Specgen-Crash", "1")), body)


class HTTPTransport:
    """HTTP(S) to one origin with ``requests``; no redirects followed, optional rate limit."""

    def __init__(
        self, base_url: str, *, timeout: float = 30.0, rate_limit: float | None = None
    ) -> None:
        import requests

        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(f"--url must be an http(s) URL with a host, not {base_url!r}")
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.timeout = timeout
        self.limiter = RateLimiter(rate_limit)
        self.session = requests.Session()
        self.session.trust_env = False  # no proxies or .netrc credentials from the environment
        self.session.headers.clear()

    def send(self, request: ProbeRequest) -> ProbeResponse:
        """Send over HTTP; TransportError when there is no answer."""
        import requests

        self.limiter.wait()
        started = time.perf_counter()
        try:
            answer = self.session.request(
                request.method,
                self.origin + request.target,
                headers=dict(request.headers),
                data=request.body or None,
                allow_redirects=False,
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise TransportError(f"{request.method} {self.origin}{request.path}: {exc}") from exc
        elapsed = time.perf_counter() - started
        headers = tuple((k, v) for k, v in answer.raw.headers.items()) if answer.raw else ()
        return ProbeResponse(answer.status_code, headers, answer.content, elapsed)

    def close(self) -> None:
        """Close the session."""
        self.session.close()


class WSGITransport:
    """Calls a WSGI app in this process (PEP 3333 environ, no sockets)."""

    def __init__(self, app: WSGIApp, *, rate_limit: float | None = None) -> None:
        self.app = app
        self.limiter = RateLimiter(rate_limit)

    def environ(self, request: ProbeRequest) -> dict[str, Any]:
        """The PEP 3333 environ for ``request``."""
        environ: dict[str, Any] = {
            "REQUEST_METHOD": request.method,
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote_to_bytes(request.path).decode("latin-1"),
            "QUERY_STRING": request.query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(request.body),
            "wsgi.errors": io.StringIO(),
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "HTTP_HOST": "127.0.0.1",
        }
        for name, value in request.headers:
            key = name.upper().replace("-", "_")
            if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                environ[key] = value
            else:
                joined = environ.get(f"HTTP_{key}")
                environ[f"HTTP_{key}"] = f"{joined},{value}" if joined else value
        if request.body:
            environ["CONTENT_LENGTH"] = str(len(request.body))
        return environ

    def send(self, request: ProbeRequest) -> ProbeResponse:
        """Call the app; an exception escaping it is a bare 500."""
        self.limiter.wait()
        captured: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc: Any = None) -> Any:
            captured["status"], captured["headers"] = status, headers
            return lambda data: captured.setdefault("written", []).append(data)

        started = time.perf_counter()
        try:
            result = self.app(self.environ(request), start_response)
            try:
                body = b"".join([*captured.get("written", []), *result])
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        except Exception as exc:
            return _crash(exc)
        elapsed = time.perf_counter() - started
        if "status" not in captured:
            return _crash(RuntimeError("the app returned without calling start_response"))
        status = int(str(captured["status"]).split(" ", 1)[0])
        return ProbeResponse(status, tuple(captured["headers"]), body, elapsed)

    def close(self) -> None:
        """Nothing to release."""


class ASGITransport:
    """Calls an ASGI 3 app in this process, on an event loop of its own.

    The lifespan protocol runs around the first request and at ``close``; apps that do not
    support it are served anyway, as the ASGI spec asks."""

    def __init__(self, app: ASGIApp, *, rate_limit: float | None = None) -> None:
        self.app = app
        self.limiter = RateLimiter(rate_limit)
        self.loop = asyncio.new_event_loop()
        self._lifespan: _Lifespan | None = None

    def send(self, request: ProbeRequest) -> ProbeResponse:
        """Run one request through the app."""
        self.limiter.wait()
        if self._lifespan is None:
            self._lifespan = _Lifespan(self.app)
            self.loop.run_until_complete(self._lifespan.start())
        started = time.perf_counter()
        try:
            status, headers, body = self.loop.run_until_complete(self._call(request))
        except Exception as exc:
            return _crash(exc)
        return ProbeResponse(status, headers, body, time.perf_counter() - started)

    async def _call(self, request: ProbeRequest) -> tuple[int, Pairs, bytes]:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": request.method,
            "scheme": "http",
            "path": unquote_to_bytes(request.path).decode("utf-8", "replace"),
            "raw_path": request.path.encode("latin-1", "replace"),
            "query_string": request.query.encode("latin-1", "replace"),
            "root_path": "",
            "headers": [
                (k.lower().encode("latin-1"), v.encode("latin-1", "replace"))
                for k, v in request.headers
            ],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 80),
            "state": dict(self._lifespan.state if self._lifespan else {}),
        }
        inbox: list[Message] = [{"type": "http.request", "body": request.body, "more_body": False}]
        start: Message = {}
        chunks: list[bytes] = []

        async def receive() -> Message:
            return inbox.pop() if inbox else {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))

        await self.app(scope, receive, send)
        if not start:
            raise RuntimeError("the app returned without starting a response")
        headers = tuple(
            (bytes(k).decode("latin-1"), bytes(v).decode("latin-1"))
            for k, v in start.get("headers", [])
        )
        return int(start["status"]), headers, b"".join(chunks)

    def close(self) -> None:
        """Run the lifespan shutdown and close the loop."""
        if self._lifespan is not None:
            self.loop.run_until_complete(self._lifespan.stop())
        self.loop.close()


class _Lifespan:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.state: dict[str, Any] = {}
        self.inbox: asyncio.Queue[Message] = asyncio.Queue()
        self.outbox: asyncio.Queue[Message | None] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": self.state}
        try:
            await self.app(scope, self.inbox.get, self.outbox.put)
        except Exception:  # no lifespan support: serve anyway
            pass
        finally:
            await self.outbox.put(None)

    async def _step(self, name: str) -> None:
        await self.inbox.put({"type": f"lifespan.{name}"})
        reply = await asyncio.wait_for(self.outbox.get(), 10)
        if reply is not None and reply["type"].endswith(".failed"):
            raise UsageError(f"the ASGI app's {name} failed: {reply.get('message', '')}")

    async def start(self) -> None:
        self.task = asyncio.ensure_future(self._run())
        await self._step("startup")

    async def stop(self) -> None:
        if self.task is not None and not self.task.done():
            await self._step("shutdown")
            await asyncio.wait([self.task], timeout=5)
