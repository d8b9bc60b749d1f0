"""openapi-core against ``api.document``: is a request valid, does a response conform?

The openapi-core object is ``openapi_for(api, routed=True)``, built once per API. Requests
are matched to their operation by specgen (the probe knows which operation it called), so
openapi-core gets the path template and the path parameters directly and the server base
path does not matter. Security is not validated here: credentials are the user's business
(``--header``/``--auth-env``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote

from openapi_core.datatypes import RequestParameters
from openapi_core.templating.media_types.exceptions import MediaTypeNotFound
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_core.validation.request.exceptions import ParameterValidationError
from openapi_core.validation.response.exceptions import (
    HeaderValidationError,
    MissingHeaderError,
)
from werkzeug.datastructures import Headers, ImmutableMultiDict

from specgen.probe.messages import ProbeRequest, ProbeResponse
from specgen.spec.api import API
from specgen.spec.model import Operation
from specgen.spec.openapi_core import RoutedRequest, openapi_for


@dataclass(frozen=True, slots=True)
class Problem:
    """One way a request or response breaks the spec. ``kind`` is one of ``status``,
    ``media-type``, ``body``, ``schema``, ``header-missing``, ``header-invalid``,
    ``parameter``; ``cause`` is stable across examples (no values), for deduplication."""

    kind: str
    cause: str
    message: str


@dataclass(slots=True)
class _CoreResponse:
    status_code: int
    content_type: str
    headers: Headers
    data: bytes


class Validator:
    """openapi-core's request and response validators for one API document."""

    def __init__(self, api: API) -> None:
        self._openapi = openapi_for(api, routed=True)

    @classmethod
    def of(cls, api: API) -> Validator:
        """The validator of ``api``, built on first use."""
        return api.cached("probe.validator", lambda: cls(api))

    def _request(self, op: Operation, request: ProbeRequest, base_path: str) -> RoutedRequest:
        content_type = request.header("content-type") or ""
        return RoutedRequest(
            path_pattern=op.path,
            method=op.method.lower(),
            body=request.body if request.body or content_type else None,
            content_type=content_type.lower(),
            parameters=RequestParameters(
                query=ImmutableMultiDict(parse_qsl(request.query, keep_blank_values=True)),
                header=Headers(list(request.headers)),
                cookie=ImmutableMultiDict(_cookies(request.header("cookie") or "")),
                path=path_parameters(op, request.path, base_path),
            ),
        )

    def request_problems(
        self, op: Operation, request: ProbeRequest, base_path: str
    ) -> list[Problem]:
        """How ``request`` breaks the spec; [] when it is valid."""
        core = self._request(op, request, base_path)
        try:
            errors = list(self._openapi.iter_request_errors(core))
        except Exception as exc:  # validator crashes on odd input: the request is odd
            return [Problem("body", "unvalidatable", f"cannot be validated: {_text(exc)}")]
        return [p for e in errors for p in _request_problems(e)]

    def response_problems(
        self, op: Operation, request: ProbeRequest, response: ProbeResponse, base_path: str
    ) -> list[Problem]:
        """How ``response`` breaks the spec for ``request``; [] when it conforms."""
        core = _CoreResponse(
            response.status,
            (response.header("content-type") or "").lower(),
            Headers(list(response.headers)),
            response.body,
        )
        try:
            errors = list(
                self._openapi.iter_response_errors(self._request(op, request, base_path), core)
            )
        except Exception as exc:
            return [Problem("body", "unvalidatable", f"cannot be validated: {_text(exc)}")]
        return [p for e in errors for p in _response_problems(e, response)]


def path_parameters(op: Operation, path: str, base_path: str) -> dict[str, str]:
    """The decoded path parameters of ``path`` (a wire path) for ``op``'s template."""
    if base_path and (path == base_path or path.startswith(base_path + "/")):
        path = path[len(base_path) :] or "/"
    pattern = re.sub(r"\\\{([^}]+)\\\}", r"(?P<_\1>[^/]*)", re.escape(op.path))
    names = re.findall(r"\{([^}]+)\}", op.path)
    try:
        found = re.fullmatch(pattern, path)
    except re.error:
        found = None
    if found is None:
        return {}
    return {name: unquote(value) for name, value in zip(names, found.groups(), strict=True)}


def _cookies(header: str) -> list[tuple[str, str]]:
    pairs = (part.strip().partition("=") for part in header.split(";") if part.strip())
    return [(name, value) for name, _, value in pairs]


def _text(error: BaseException) -> str:
    try:
        return str(error)[:500]
    except Exception:
        return type(error).__name__


def _instance_path(path: Any) -> str:
    return "/" + "/".join("*" if isinstance(p, int) else str(p) for p in path)


def _schema_errors(error: BaseException) -> list[Any]:
    cause = error.__cause__
    return list(getattr(cause, "schema_errors", None) or ())


def _request_problems(error: Exception) -> list[Problem]:
    if isinstance(error, ParameterValidationError):
        where = f"{error.location} {error.name}"
        found = [
            Problem(
                "parameter", f"{where}{_instance_path(e.absolute_path)}: {e.validator}", e.message
            )
            for e in _schema_errors(error)
        ]
        return found or [Problem("parameter", f"{where}: {type(error).__name__}", _text(error))]
    found = [
        Problem("body", f"body{_instance_path(e.absolute_path)}: {e.validator}", e.message)
        for e in _schema_errors(error)
    ]
    cause = error.__cause__
    label = type(cause).__name__ if cause is not None else type(error).__name__
    return found or [Problem("body", f"body: {label}", _text(cause or error))]


def _response_problems(error: Exception, response: ProbeResponse) -> list[Problem]:
    if isinstance(error, ResponseNotFound):
        return [Problem("status", str(response.status), _text(error))]
    if isinstance(error, MissingHeaderError):
        return [Problem("header-missing", f"{error.name}: missing", _text(error))]
    if isinstance(error, HeaderValidationError):
        detail = _text(error.__cause__ or error)
        return [Problem("header-invalid", f"{error.name}: invalid", detail)]
    cause = error.__cause__
    if isinstance(cause, MediaTypeNotFound):
        return [Problem("media-type", f"{response.status} {response.media_type}", _text(cause))]
    found = [
        Problem(
            "schema",
            f"{response.status} {_instance_path(e.absolute_path)}: {e.validator}",
            e.message[:300],
        )
        for e in _schema_errors(error)
    ]
    label = type(cause).__name__ if cause is not None else type(error).__name__
    return found or [Problem("body", f"{response.status} {label}", _text(cause or error))]
