"""The app every provider is: routing, auth, validation, provider states and planted bugs.

A service module builds an ``App`` for its spec, registers one handler per operationId and
gets a WSGI application. The app, for each request:

1. strips the spec's base path when present (``/api/v1/users`` and ``/users`` both work);
2. answers ``POST /_pact/provider-states`` itself (see ``states.py``);
3. routes by path template (404 unknown path, 405 known path with another method);
4. checks credentials as the operation's ``security`` declares (any non-empty bearer token
   or API key passes; 401 otherwise);
5. validates the request with openapi-core (400 ``ValidationProblem``; 404 when a path
   parameter cannot be an id);
6. calls the handler, then applies the ``bugs`` asked for (success responses only), adds an
   ``X-Request-Id`` and serialises. An exception becomes a bare ``500 text/plain``, as in a
   provider with no error handling: that is how planted crashes show.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl
from wsgiref.types import StartResponse, WSGIEnvironment

import specgen
from examples.providers.states import Kind, StateChange, Store, parse_state_call
from examples.providers.validation import RequestChecker, parse_body
from examples.providers.wsgi import (
    PROBLEM_JSON,
    RawRequest,
    Request,
    Response,
    WSGIApp,
    problem,
    read_request,
    write_response,
)

SPECS = Path(__file__).resolve().parents[2] / "specs"
STATE_PATH = "/_pact/provider-states"
COMMON_BUGS = frozenset({"wrong-type", "missing-field", "wrong-status"})
WRONG_STATUS = {200: 201, 201: 200, 202: 200, 204: 200}
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")

Handler = Callable[[Request], Response]
StateHandler = Callable[[StateChange], dict[str, Any]]
Prepare = Callable[[RawRequest], RawRequest]

__all__ = ["COMMON_BUGS", "SPECS", "App", "Provider", "Request", "Response", "WSGIApp"]


@dataclass(frozen=True, slots=True)
class Provider:
    """A reference provider, as tools and the runner find it."""

    title: str
    spec: Path
    base_path: str
    port: int
    make_app: Callable[..., WSGIApp]
    bugs: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Route:
    operation: specgen.Operation
    pattern: re.Pattern[str]
    handler: Handler
    prepare: Prepare | None


@cache
def load(spec: Path) -> tuple[specgen.API, RequestChecker]:
    """The spec and its request checker, built once per process."""
    api = specgen.load_spec(spec)
    return api, RequestChecker(api)


@dataclass(slots=True)
class App:
    """One provider; call ``route`` for every operation, then use it as a WSGI app.

    The ``wrong-type`` bug gives the success body's field ``wrong_type`` another JSON type,
    ``missing-field`` drops its field ``missing`` (in each of ``items`` for a page)."""

    spec: Path
    store: Store
    kinds: Sequence[Kind]
    on_state: StateHandler
    wrong_type: str
    missing: str
    bugs: frozenset[str] = frozenset()
    supported_bugs: frozenset[str] = COMMON_BUGS
    problem_media_type: str = PROBLEM_JSON
    api: specgen.API = field(init=False)
    checker: RequestChecker = field(init=False)
    base_path: str = field(init=False)
    _routes: list[_Route] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        unknown = self.bugs - self.supported_bugs
        if unknown:
            raise ValueError(
                f"unknown bugs {sorted(unknown)}; known: {sorted(self.supported_bugs)}"
            )
        self.api, self.checker = load(self.spec)
        self.base_path = self.api.base_path

    def route(self, operation_id: str, handler: Handler, prepare: Prepare | None = None) -> None:
        """Serve the spec's operation ``operation_id`` with ``handler``; ``prepare`` may
        rewrite the request before it is validated (only planted bugs do that)."""
        operation = self.api.operation(operation_id)
        if operation is None:
            raise ValueError(f"{self.spec.name} has no operation {operation_id!r}")
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(operation.path))
        self._routes.append(_Route(operation, re.compile(f"^{regex}$"), handler, prepare))
        # literal segments first: /users/me before /users/{id}
        self._routes.sort(key=lambda r: (r.operation.path.count("{"), r.operation.path))

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        raw = read_request(environ)
        try:
            with self.store.lock:
                response = self._dispatch(raw)
        except Exception:  # what a provider without error handling answers
            response = Response(500, b"Internal Server Error", "text/plain")
        if response.media_type == PROBLEM_JSON:
            response.media_type = self.problem_media_type
        incoming = raw.header("x-request-id") or ""
        request_id = incoming if _REQUEST_ID.match(incoming) else f"req_{self.store.token(20)}"
        response.headers.setdefault("X-Request-Id", request_id)
        return write_response(response, start_response)

    def _dispatch(self, raw: RawRequest) -> Response:
        path = raw.path
        if self.base_path and (path == self.base_path or path.startswith(self.base_path + "/")):
            path = path[len(self.base_path) :] or "/"
        if path == STATE_PATH:
            return self._provider_state(raw)
        allowed: list[str] = []
        for route in self._routes:
            found = route.pattern.match(path)
            if found is None:
                continue
            if route.operation.method != raw.method:
                allowed.append(route.operation.method)
                continue
            return self._serve(route, raw, path, found.groupdict())
        if allowed:
            return _with(
                problem(405, "method-not-allowed", "Method not allowed"),
                Allow=", ".join(sorted(set(allowed))),
            )
        return problem(404, "not-found", "Not found", f"Nothing at {path}.")

    def _serve(self, route: _Route, raw: RawRequest, path: str, params: dict[str, str]) -> Response:
        operation = route.operation
        if not self._authorized(operation, raw):
            response = problem(401, "unauthorized", "Unauthorized", "Credentials are missing.")
            if self._wants_bearer(operation):
                response.headers["WWW-Authenticate"] = f'Bearer realm="{self.api.title}"'
            return response
        if route.prepare is not None:
            raw = route.prepare(raw)
        checked = self.checker.check(
            raw.method, operation.path, params, raw.query_string, raw.headers, raw.body
        )
        if checked.bad_path:
            return problem(404, "not-found", "Not found", f"Nothing at {path}.")
        if checked.errors:
            n = len(checked.errors)
            return problem(
                400,
                "validation-error",
                "Request validation failed",
                f"The request has {n} invalid value{'s' if n > 1 else ''}.",
                errors=[e.to_json() for e in checked.errors],
            )
        request = Request(
            raw.method,
            path,
            checked.path,
            checked.query,
            checked.headers,
            # A body the operation does not take is ignored, whatever it holds.
            parse_body(raw.body, raw.header("content-type") or "")
            if operation.request_body is not None
            else None,
            raw,
        )
        return self._break(route.handler(request))

    def _authorized(self, operation: specgen.Operation, raw: RawRequest) -> bool:
        if not operation.security:
            return True
        return any(
            all(self._has_credentials(name, raw) for name, _scopes in requirement.schemes)
            for requirement in operation.security
        )

    def _wants_bearer(self, operation: specgen.Operation) -> bool:
        schemes = (
            self.api.security_schemes.get(name) for r in operation.security for name, _ in r.schemes
        )
        return any(s is not None and s.type != "apiKey" for s in schemes)

    def _has_credentials(self, scheme_name: str, raw: RawRequest) -> bool:
        scheme = self.api.security_schemes.get(scheme_name)
        if scheme is None:
            return False
        if scheme.type == "apiKey":
            if scheme.location == "header":
                return bool((raw.header(scheme.parameter_name or "") or "").strip())
            return False  # the demo specs only use header keys
        kind, _, credentials = (raw.header("authorization") or "").partition(" ")
        expected = "basic" if scheme.type == "http" and scheme.scheme == "basic" else "bearer"
        return kind.lower() == expected and bool(credentials.strip())

    def _provider_state(self, raw: RawRequest) -> Response:
        if raw.method != "POST":
            return _with(problem(405, "method-not-allowed", "Method not allowed"), Allow="POST")
        try:
            payload = json.loads(raw.body) if raw.body else _state_query(raw.query_string)
            call = parse_state_call(payload, self.kinds)
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            return problem(400, "invalid-provider-state", "Invalid provider state", str(exc))
        if call.action == "teardown":
            self.store.reset()
            return Response(200, {})
        result: dict[str, Any] = {}
        for change in call.changes:
            result.update(self.on_state(change))
        return Response(200, result)

    def _break(self, response: Response) -> Response:
        if not 200 <= response.status < 300 or not self.bugs:
            return response
        if "wrong-status" in self.bugs:
            response.status = WRONG_STATUS.get(response.status, 299)
        body = response.body
        is_page = isinstance(body, dict) and "items" in body and set(body) <= {"items", "page"}
        targets = body["items"] if is_page else [body]
        for target in (t for t in targets if isinstance(t, dict)):
            if "wrong-type" in self.bugs and self.wrong_type in target:
                target[self.wrong_type] = _other_type(target[self.wrong_type])
            if "missing-field" in self.bugs:
                target.pop(self.missing, None)
        return response


def _other_type(value: Any) -> Any:
    """A value of another JSON type that a careless serialiser might produce."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        try:
            return float(value)  # "49.90" -> 49.9, the classic
        except ValueError:
            return len(value)
    return json.dumps(value)


def _state_query(query_string: str) -> dict[str, Any]:
    """A state change sent in the query string (the verifier's ``body=False`` mode)."""
    fields = dict(parse_qsl(query_string, keep_blank_values=True))
    payload: dict[str, Any] = {k: fields.pop(k) for k in ("state", "action") if k in fields}
    return {**payload, "params": fields}


def _with(response: Response, **headers: str) -> Response:
    response.headers.update(headers)
    return response
