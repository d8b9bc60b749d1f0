"""Request validation against the spec, with openapi-core.

The providers do not re-implement the spec's schemas by hand: every request is checked by
openapi-core against ``specgen.load_spec(...).document`` (the bundled OpenAPI 3.x document;
Swagger 2.0 converted), so what a provider accepts is what its spec declares. Routing and
authentication happen before, in the app (hence ``openapi_for(api, routed=True)``); this
module only turns openapi-core's verdict into typed parameters or field errors for a
``ValidationProblem``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from openapi_core.datatypes import RequestParameters
from openapi_core.templating.media_types.exceptions import MediaTypeNotFound
from openapi_core.validation.request.exceptions import (
    MissingParameterError,
    MissingRequestBodyError,
    ParameterValidationError,
    RequestBodyValidationError,
)
from werkzeug.datastructures import Headers, ImmutableMultiDict

import specgen
from specgen.spec.openapi_core import RoutedRequest, openapi_for


@dataclass(frozen=True, slots=True)
class FieldError:
    """One entry of a ValidationProblem's ``errors`` (lengths capped as the schema says)."""

    field: str
    message: str
    code: str

    def to_json(self) -> dict[str, str]:
        """The FieldError object."""
        return {"field": self.field[:200], "message": self.message[:500], "code": self.code[:50]}


@dataclass(slots=True)
class Checked:
    """openapi-core's verdict on one request."""

    errors: list[FieldError] = field(default_factory=list)
    bad_path: bool = False  # a path parameter is invalid: the resource cannot exist
    path: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, Any] = field(default_factory=dict)


class RequestChecker:
    """Validates requests against one spec (openapi-core built once per API)."""

    def __init__(self, api: specgen.API) -> None:
        self._openapi = openapi_for(api, routed=True)

    def check(
        self,
        method: str,
        template: str,
        path_params: Mapping[str, str],
        query_string: str,
        headers: Mapping[str, str],
        body: bytes,
    ) -> Checked:
        """Check one request routed to ``template``."""
        content_type = headers.get("content-type", "")
        request = RoutedRequest(
            path_pattern=template,
            method=method.lower(),
            body=body if body or content_type else None,
            content_type=content_type.lower(),
            parameters=RequestParameters(
                query=ImmutableMultiDict(parse_qsl(query_string, keep_blank_values=True)),
                header=Headers(list(headers.items())),
                path=dict(path_params),
            ),
        )
        try:
            result = self._openapi.unmarshal_request(request)
        except Exception as exc:
            # openapi-schema-validator 0.8.1 raises TypeError for a discriminator property
            # that is a list or an object: the request is invalid, not the provider broken.
            return Checked([FieldError("/", f"cannot be validated: {_text(exc)}", "invalid")])
        checked = Checked()
        for error in result.errors:
            if isinstance(error, ParameterValidationError) and error.location == "path":
                checked.bad_path = True
            checked.errors.extend(field_errors(error))
        if not checked.errors:
            checked.path = dict(result.parameters.path)
            checked.query = dict(result.parameters.query)
            checked.headers = dict(result.parameters.header)
        return checked


def parse_body(body: bytes, content_type: str) -> Any:
    """The body as sent (call after ``check`` passed): JSON data, a form dict, or None."""
    if not body:
        return None
    media_type = content_type.split(";")[0].strip().lower()
    if media_type == "application/x-www-form-urlencoded":
        return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    return json.loads(body)


def field_errors(error: Exception) -> list[FieldError]:
    """FieldErrors for one openapi-core request error."""
    cause = error.__cause__
    schema_errors: Iterable[Any] = getattr(cause, "schema_errors", None) or ()
    if isinstance(error, ParameterValidationError):
        found = [FieldError(error.name, e.message, str(e.validator)) for e in schema_errors]
        if found:
            return found
        code = "required" if isinstance(error, MissingParameterError) else "invalid"
        return [FieldError(error.name, _text(cause or error), code)]
    if isinstance(error, RequestBodyValidationError):
        found = [
            FieldError(_pointer(e.absolute_path), e.message, str(e.validator))
            for e in schema_errors
        ]
        if found:
            return found
        if isinstance(error, MissingRequestBodyError):
            return [FieldError("/", "a request body is required", "required")]
        if isinstance(cause, MediaTypeNotFound):
            return [FieldError("Content-Type", _text(cause), "mediaType")]
        return [FieldError("/", _text(cause or error), "parse")]
    return [FieldError("/", _text(error), "invalid")]


def _text(error: BaseException) -> str:
    try:
        return str(error)
    except UnicodeDecodeError:  # openapi-core's message quotes the body, assuming UTF-8
        return f"the body is not valid {getattr(error, 'mimetype', 'text')}"


def _pointer(path: Iterable[Any]) -> str:
    parts = [str(p).replace("~", "~0").replace("/", "~1") for p in path]
    return "/" + "/".join(parts) if parts else "/"
