"""Reference providers for the four demo services in ``specs/``.

Each service module has ``make_app(bugs=frozenset()) -> WSGIApp``; ``asgi_app`` wraps any of
them for ASGI. ``PROVIDERS`` names them for tools and the ``python -m examples.providers``
runner. See README.md in this folder for the provider-state convention and the planted bugs.
"""

from __future__ import annotations

from examples.providers import (
    notification_service,
    order_service,
    payment_service,
    user_service,
)
from examples.providers.asgi import asgi_app
from examples.providers.base import Provider, WSGIApp

PROVIDERS: dict[str, Provider] = {
    "user": user_service.PROVIDER,
    "order": order_service.PROVIDER,
    "payment": payment_service.PROVIDER,
    "notification": notification_service.PROVIDER,
}

__all__ = ["PROVIDERS", "Provider", "WSGIApp", "asgi_app"]
