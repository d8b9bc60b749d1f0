"""The openapi-core ``OpenAPI`` object for an API, built once per spec.

openapi-core only deserialises ``application/json`` out of the box; specs routinely use
``application/problem+json``, ``application/merge-patch+json`` and vendor ``+json`` types,
so every JSON-like media type the spec mentions gets a JSON deserialiser here. Everything
that validates HTTP traffic with openapi-core (probes, stub tests, providers) uses this.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from specgen.spec.api import API

if TYPE_CHECKING:
    from openapi_core.datatypes import RequestParameters


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


def _served_at_root(document: Mapping[str, Any]) -> dict[str, Any]:
    """``document`` with one server, ``/``: path-item and operation ``servers`` (absolute
    URLs or other base paths) would otherwise keep openapi-core from finding a request the
    caller has already routed."""

    def without_servers(node: Any) -> Any:
        if not isinstance(node, Mapping):
            return node
        return {k: v for k, v in node.items() if k != "servers"}

    paths = {
        key: {k: without_servers(op) for k, op in without_servers(item).items()}
        if isinstance(item, Mapping)
        else item
        for key, item in (document.get("paths") or {}).items()
    }
    return {**document, "servers": [{"url": "/"}], "paths": paths}


class _AcceptAll:
    """A security provider factory whose providers accept any credentials."""

    def create(self, scheme: Any) -> Any:
        return lambda parameters: None


@dataclass(slots=True)
class RoutedRequest:
    """openapi-core's request protocol for a request already matched to its operation:
    ``path_pattern`` is the operation's path template (no server base path), for an
    ``openapi_for(api, routed=True)`` object."""

    path_pattern: str
    method: str  # lower case
    body: bytes | None
    content_type: str
    parameters: RequestParameters
    host_url: str = "http://provider"

    @property
    def path(self) -> str:
        return self.path_pattern


def openapi_for(api: API, *, routed: bool = False) -> Any:
    """``openapi_core.OpenAPI`` over the bundled document (cached on the API).

    By default openapi-core checks the document itself (it refuses one that
    openapi-spec-validator rejects), finds each request's operation under the spec's servers
    and checks its credentials. ``routed=True`` is for callers that have done the routing
    and the authentication themselves (the probe, the example providers) and send
    ``RoutedRequest``s: servers become ``/``, any credentials pass, and the document is not
    validated again (whatever the loader accepted can be probed).
    """

    def build() -> Any:
        from openapi_core import Config, OpenAPI

        media: set[str] = set()
        for op in (*api.operations, *api.webhooks):
            media.update(op.request_media_types())
            media.update(op.response_media_types())
        extra: dict[str, Callable[[bytes], Any]] = {
            m: _loads for m in sorted(media) if _json_like(m)
        }
        if not routed:
            config = Config(
                extra_media_type_deserializers=extra,
                security_provider_factory=_security_factory(),
            )
            return OpenAPI.from_dict(api.document, config=config)
        config = Config(
            extra_media_type_deserializers=extra,
            security_provider_factory=_AcceptAll(),  # type: ignore[arg-type]
            spec_validator_cls=None,
        )
        return OpenAPI.from_dict(_served_at_root(api.document), config=config)

    return api.cached("openapi-core routed" if routed else "openapi-core", build)
