"""What all reference providers share: registry, routing, provider states, ASGI adapter."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import pytest

import specgen
from examples.providers import PROVIDERS, asgi_app
from examples.providers.states import Kind, parse_state_call
from tests.providers.provider_support import Checked

KINDS = (
    Kind("order", "orderId", re.compile(r"ord_[0-9]+"), ("order",)),
    Kind("customer", "customerId", re.compile(r"usr_[0-9a-z]{8}"), ("customer", "user")),
)


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_provider_matches_its_spec(name: str) -> None:
    provider = PROVIDERS[name]
    api = specgen.load_spec(provider.spec)
    assert provider.base_path == api.servers[0].base_path
    app = provider.make_app()
    routed = {route.operation.operation_id for route in app._routes}  # type: ignore[attr-defined]
    assert routed == {op.operation_id for op in api.operations}  # every operation, no more
    assert {"wrong-type", "missing-field", "wrong-status"} <= provider.bugs


def test_unknown_bugs_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown bugs"):
        PROVIDERS["payment"].make_app(frozenset({"planted"}))


def test_same_seed_same_ids() -> None:
    ids = []
    for _ in range(2):
        users = Checked(PROVIDERS["user"], seed=7)
        ids.append(
            users.ok("POST", "/users", 201, json={"email": "a@b.example", "name": "A"})["id"]
        )
    assert ids[0] == ids[1]


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"state": ""}, []),
        ({"state": "the moon is full"}, []),
        (
            {"action": "setup", "state": "order ord_1 exists", "params": {}},
            [("order", "ord_1", {}, False)],
        ),
        (
            {
                "state": "an order for customer usr_12345678",
                "params": {"customerId": "usr_12345678"},
            },
            [("order", None, {"customerId": "usr_12345678"}, False)],
        ),
        (
            {"state": "customer usr_12345678 is suspended", "params": {"status": "suspended"}},
            [("customer", "usr_12345678", {"status": "suspended"}, False)],
        ),
        ({"state": "no order ord_2 exists"}, [("order", "ord_2", {}, True)]),
        ({"state": "order ord_3 does not exist"}, [("order", "ord_3", {}, True)]),
        (
            {"state": "there are no orders", "params": {"status": "paid"}},
            [("order", None, {"status": "paid"}, True)],
        ),
        (
            {"states": ["order ord_4 exists", "user usr_abcdefgh exists"]},
            [("order", "ord_4", {}, False), ("customer", "usr_abcdefgh", {}, False)],
        ),
        (
            {"state": "order exists", "params": {"orderId": "ord_5", "n": 1}},
            [("order", "ord_5", {"n": 1}, False)],
        ),
    ],
)
def test_state_names_follow_the_convention(payload: dict[str, Any], expected: list[Any]) -> None:
    call = parse_state_call(payload, KINDS)
    assert call.action == payload.get("action", "setup")
    found = [(c.kind.name, c.entity_id, dict(c.fields), c.absent) for c in call.changes]
    assert found == expected


@pytest.mark.parametrize(
    "payload", [[], {"action": "bogus"}, {"state": 3}, {"params": [1]}, {"states": "x"}]
)
def test_bad_state_payloads_are_refused(payload: Any) -> None:
    with pytest.raises(ValueError):
        parse_state_call(payload, KINDS)


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_state_endpoint_answers_each_service(name: str) -> None:
    checked = Checked(PROVIDERS[name])
    assert checked.state({"state": ""}) == {}
    assert checked.state({"action": "teardown", "state": "", "params": {}}) == {}
    assert checked.call("POST", "/_pact/provider-states", data=b"{", base=False).status_code == 400
    query = "action=setup&state=an+unknown+state"  # the verifier's body=False mode
    assert checked.call("POST", "/_pact/provider-states", query=query, base=False).get_json() == {}
    wrong = checked.call("GET", "/_pact/provider-states", base=False)
    assert wrong.status_code == 405 and wrong.headers["Allow"] == "POST"


def run_asgi(
    app: Any, scope: dict[str, Any], messages: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent


def test_asgi_adapter_serves_http_and_lifespan() -> None:
    app = asgi_app(PROVIDERS["user"].make_app())
    lifespan = run_asgi(
        app, {"type": "lifespan"}, [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    )
    assert [m["type"] for m in lifespan] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.complete",
    ]
    body = json.dumps({"email": "ada@example.com", "name": "Ada Ł"}).encode()
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/v1/users",
        "query_string": b"",
        "headers": [(b"authorization", b"Bearer t"), (b"content-type", b"application/json")],
        "server": ("testserver", 80),
        "scheme": "http",
        "http_version": "1.1",
        "root_path": "",
    }
    chunks: list[dict[str, Any]] = [
        {"type": "http.request", "body": body[:10], "more_body": True},
        {"type": "http.request", "body": body[10:]},
    ]
    start, payload = run_asgi(app, scope, chunks)
    headers = dict(start["headers"])
    assert start["status"] == 201 and headers[b"location"].startswith(b"/api/v1/users/usr_")
    assert json.loads(payload["body"])["name"] == "Ada Ł"
    get = {**scope, "method": "GET", "path": "/users", "query_string": b"limit=1"}
    start, payload = run_asgi(app, get, [{"type": "http.request", "body": b""}])
    assert start["status"] == 200 and len(json.loads(payload["body"])["items"]) == 1


def test_unknown_paths_and_methods() -> None:
    users = Checked(PROVIDERS["user"])
    missing = users.call("GET", "/users/usr_12345678/avatar")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    assert users.call("HEAD", "/users").status_code == 405


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_a_body_the_operation_does_not_take_is_ignored(name: str) -> None:
    """Regression (found by schemathesis): a GET with a body that is not JSON and a
    multipart content type crashed the provider (500) instead of being ignored."""
    provider = Checked(PROVIDERS[name])
    api = specgen.load_spec(PROVIDERS[name].spec)
    op = next(op for op in api.operations if op.method == "GET" and "{" not in op.path)
    reply = provider.call(
        "GET", op.path, data=b"--b\r\nnot json", content_type="multipart/form-data"
    )
    assert reply.status_code < 500, reply.get_data()
