"""The real Pact verifier (pact-python's Rust core) drives a provider through its provider
states, with the state change in the body and in the query string."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from examples.providers import PROVIDERS

pact = pytest.importorskip("pact")

AUTH = {"Authorization": "Bearer consumer-token"}
INTERACTIONS: list[dict[str, Any]] = [
    {
        "description": "get an existing user",
        "providerStates": [
            {
                "name": "user usr_12345678 exists",
                "params": {"userId": "usr_12345678", "status": "active"},
            }
        ],
        "request": {"method": "GET", "path": "/api/v1/users/usr_12345678", "headers": AUTH},
        "response": {
            "status": 200,
            "headers": {"Content-Type": "application/json"},
            "body": {"id": "usr_12345678", "status": "active", "email": "a@example.com"},
            "matchingRules": {"body": {"$.email": {"matchers": [{"match": "type"}]}}},
        },
    },
    {
        "description": "get a user that does not exist",
        "providerStates": [
            {"name": "no user usr_00000000 exists", "params": {"userId": "usr_00000000"}}
        ],
        "request": {"method": "GET", "path": "/api/v1/users/usr_00000000", "headers": AUTH},
        "response": {"status": 404, "headers": {"Content-Type": "application/problem+json"}},
    },
    {
        "description": "register an e-mail address that is taken",
        "providerStates": [
            {
                "name": "a user with e-mail ada@example.com exists",
                "params": {"email": "ada@example.com"},
            }
        ],
        "request": {
            "method": "POST",
            "path": "/api/v1/users",
            "headers": {**AUTH, "Content-Type": "application/json"},
            "body": {"email": "ada@example.com", "name": "Ada"},
        },
        "response": {"status": 409},
    },
    {
        "description": "list users, no state",
        "request": {"method": "GET", "path": "/api/v1/users", "headers": AUTH},
        "response": {"status": 200, "body": {"items": []}},
    },
]


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[WSGIServer]:
    httpd = make_server("127.0.0.1", 0, PROVIDERS["user"].make_app(), handler_class=_Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.mark.parametrize("in_body", [True, False], ids=["body", "query"])
def test_verifier_passes_with_provider_states(
    server: WSGIServer, tmp_path: Path, in_body: bool
) -> None:
    document = {
        "consumer": {"name": "WebFrontend"},
        "provider": {"name": "UserService"},
        "interactions": INTERACTIONS,
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }
    source = tmp_path / "WebFrontend-UserService.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    url = f"http://127.0.0.1:{server.server_port}"
    verifier = (
        pact.Verifier("UserService", host="127.0.0.1")
        .add_transport(url=url)
        .add_source(source)
        .state_handler(f"{url}/_pact/provider-states", body=in_body, teardown=True)
    )
    verifier.verify()  # raises on any failing interaction
