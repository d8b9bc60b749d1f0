"""The openapi-core ``OpenAPI`` object for an API, built once per spec.

openapi-core only deserialises ``application/json`` out of the box; specs routinely use
``application/problem+json``, ``application/merge-patch+json`` and vendor ``+json`` types,
so every JSON-like media type the spec mentions gets a JSON deserialiser here. Everything
that validates HTTP traffic with openapi-core (probes, stub tests, providers) uses this.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from specgen.spec.api import API


def _json_like(media_type: str) -> bool:
    base = media_type.split(";", 1)[0].strip().lower()
    return base != "application/json" and (base.endswith("+json") or base.endswith("/json"))


def _loads(data: bytes) -> Any:
    return json.loads(data)


def _security_factory() -> Any:
    """openapi-core's security providers, with OAuth 2 and OpenID Connect (which it leaves
    unsupported, with a warning per request) checked as what they are on the wire: an
    ``Authorization: Bearer`` token."""
    from openapi_core.security.exceptions import SecurityProviderError
    from openapi_core.security.factories import SecurityProviderFactory
    from openapi_core.security.providers import BaseProvider

    class BearerTokenProvider(BaseProvider):
        def __call__(self, parameters: Any) -> Any:
            value = parameters.header.get("Authorization", "")
            scheme, _, token = value.partition(" ")
            if scheme.lower() != "bearer" or not token:
                raise SecurityProviderError("Missing bearer token.")
            return token

    class Factory(SecurityProviderFactory):
        PROVIDERS = {  # noqa: RUF012 - the shape of the base class
            **SecurityProviderFactory.PROVIDERS,
            "oauth2": BearerTokenProvider,
            "openIdConnect": BearerTokenProvider,
        }

    return Factory()


def openapi_for(api: API) -> Any:
    """``openapi_core.OpenAPI`` over the bundled document (cached on the API)."""

    def build() -> Any:
        from openapi_core import Config, OpenAPI

        media: set[str] = set()
        for op in (*api.operations, *api.webhooks):
            media.update(op.request_media_types())
            media.update(op.response_media_types())
        extra: dict[str, Callable[[bytes], Any]] = {
            m: _loads for m in sorted(media) if _json_like(m)
        }
        config = Config(
            extra_media_type_deserializers=extra, security_provider_factory=_security_factory()
        )
        return OpenAPI.from_dict(api.document, config=config)

    return api.cached("openapi-core", build)
