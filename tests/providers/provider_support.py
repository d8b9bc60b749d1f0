"""Driving a reference provider in-process and judging its answers with openapi-core.

Not a test module: the ``test_provider_*`` modules import it. Requests go through
``werkzeug.test.Client`` (werkzeug comes with openapi-core) to the spec's first server URL,
so openapi-core finds the operation the way a real client's request would be found; the
response is then checked against the spec (status declared, headers, content type, body).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from openapi_core.contrib.werkzeug import WerkzeugOpenAPIResponse
from openapi_core.testing import MockRequest
from werkzeug.test import Client, TestResponse

import specgen
from examples.providers import Provider
from specgen.spec.openapi_core import openapi_for

CREDENTIALS = {
    "bearer": {"Authorization": "Bearer test-token"},
    "apiKey": {"X-API-Key": "test-key"},
}


def first_server_url(api: specgen.API) -> str:
    """The spec's first server URL with variables at their defaults, made absolute."""
    url = api.servers[0].default_url
    return url if urlsplit(url).scheme else "http://localhost" + url


class Checked:
    """One provider app plus an openapi-core oracle for its spec."""

    def __init__(self, provider: Provider, bugs: frozenset[str] = frozenset(), **kw: Any) -> None:
        self.provider = provider
        self.api = specgen.load_spec(provider.spec)
        self.app = provider.make_app(bugs, **kw)
        self.client = Client(self.app)
        parts = urlsplit(first_server_url(self.api))
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.base_path = parts.path.rstrip("/")
        self.openapi = openapi_for(self.api)
        self.credentials = CREDENTIALS["bearer" if provider.title != "PaymentService" else "apiKey"]
        if provider.title == "NotificationService":
            self.credentials = CREDENTIALS["apiKey"]

    def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        base: bool = True,
        content_type: str | None = None,
        query: Mapping[str, str] | str | None = None,
    ) -> TestResponse:
        """Send one request (under the base path unless ``base=False``)."""
        all_headers = {**(self.credentials if auth else {}), **(headers or {})}
        return self.client.open(
            (self.base_path if base else "") + path,
            base_url=self.origin,
            method=method,
            json=json,
            data=data,
            headers=list(all_headers.items()),
            content_type=content_type,
            query_string=query,
        )

    def errors(self, response: TestResponse) -> list[str]:
        """What openapi-core finds wrong with ``response`` (empty: it conforms)."""
        sent = response.request  # its body stream was read by the app: leave it out
        request = MockRequest(self.origin, sent.method.lower(), sent.path, args=sent.args)
        found = self.openapi.iter_response_errors(request, WerkzeugOpenAPIResponse(response))
        return [_describe(e) for e in found]

    def ok(self, method: str, path: str, status: int, **kw: Any) -> Any:
        """Send, expect ``status`` and a conforming response; the JSON body (or None)."""
        response = self.call(method, path, **kw)
        assert response.status_code == status, (response.status_code, response.get_data(True))
        assert self.errors(response) == [], response.get_data(True)
        return response.get_json(force=True, silent=True)

    def state(self, payload: Any, *, base: bool = False) -> Any:
        """POST a provider-state payload; the JSON answer."""
        response = self.call("POST", "/_pact/provider-states", json=payload, base=base)
        assert response.status_code == 200, response.get_data(True)
        return response.get_json()


def _describe(error: Exception) -> str:
    parts = [type(error).__name__, str(error)]
    cause = error.__cause__
    parts += [getattr(e, "message", str(e)) for e in getattr(cause, "schema_errors", None) or ()]
    return ": ".join(parts)


def walk(value: Any) -> Iterator[Any]:
    """Every value nested in JSON data, the data itself first."""
    yield value
    children = (
        value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    )
    for child in children:
        yield from walk(child)
