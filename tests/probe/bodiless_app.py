"""A tiny WSGI provider whose only operations take no request body, for the stray-body
tests: ``crashing`` fails (500) when a GET carries a body (as a provider that parses any
``multipart/form-data`` it is sent does, boundary or not), ``ignoring`` ignores the body,
``refusing`` answers an undeclared 415 to it.

Not a test module: the tests import it (``tests/probe`` is on ``sys.path`` under pytest),
and the reproducers it yields load it with ``SPECGEN_APP=bodiless_app:crashing``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Status", "version": "1.0.0"},
    "servers": [{"url": "/api"}],
    "paths": {
        "/status": {
            "get": {
                "operationId": "getStatus",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["ok"],
                                    "properties": {"ok": {"type": "boolean"}},
                                }
                            }
                        },
                    }
                },
            }
        }
    },
}


def make_app(on_body: str) -> Any:
    """The app; ``on_body`` is ``crash``, ``ignore`` or ``refuse``."""

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        size = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(size)
        status, payload = "200 OK", {"ok": True}
        if environ.get("PATH_INFO", "").removeprefix("/api") != "/status":
            status, payload = "404 Not Found", {"ok": False}
        elif body and on_body == "crash":
            raise ValueError(f"cannot parse a {environ.get('CONTENT_TYPE')} body")
        elif body and on_body == "refuse":
            status, payload = "415 Unsupported Media Type", {"ok": False}
        start_response(status, [("Content-Type", "application/json")])
        return [json.dumps(payload).encode()]

    return app


crashing = make_app("crash")
ignoring = make_app("ignore")
refusing = make_app("refuse")
