"""verify_pact against a tiny WSGI provider: results as data, and what the verifier sends."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from wsgiref.types import StartResponse, WSGIEnvironment

import pytest

from tests.support.pact_verifier import InteractionResult, verify_pact
from tests.support.servers import Receive, Scope, Send, serve_asgi, serve_wsgi

pytestmark = pytest.mark.timeout(60)

CREATE = {
    "description": "create a user",
    "providerStates": [{"name": "no users", "params": {"tenant": "t1"}}],
    "request": {
        "method": "POST",
        "path": "/users",
        "query": {"dry": ["false"]},
        "headers": {"Content-Type": "application/json"},
        "body": {"name": "Ann"},
    },
    "response": {
        "status": 201,
        "headers": {"Content-Type": "application/json"},
        "body": {"id": "u1", "name": "Ann"},
    },
}
MISSING = {
    "description": "get a missing user",
    "request": {"method": "GET", "path": "/users/u2"},
    "response": {"status": 200, "body": {"id": "u2"}},
}


def write_pact(path: Path, *interactions: dict[str, Any]) -> Path:
    """A hand-written Pact v3 file."""
    pact = {
        "consumer": {"name": "web"},
        "provider": {"name": "users"},
        "interactions": list(interactions),
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }
    path.write_text(json.dumps(pact), encoding="utf-8")
    return path


class Provider:
    """A WSGI provider that records every request: ``/_states`` and the API calls."""

    def __init__(self) -> None:
        self.states: list[dict[str, Any]] = []
        self.calls: list[dict[str, Any]] = []

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        if environ["PATH_INFO"] == "/_states":
            # wsgiref fills a missing CONTENT_TYPE with text/plain, so only trust it with a body
            assert environ["REQUEST_METHOD"] == "POST"
            assert environ["CONTENT_TYPE"] == "application/json"
            self.states.append(json.loads(body))
            return self._reply(start_response, "200 OK", {})
        self.calls.append(
            {
                "method": environ["REQUEST_METHOD"],
                "path": environ["PATH_INFO"],
                "query": environ["QUERY_STRING"],
                "content_type": environ["CONTENT_TYPE"] if body else None,
                "body": json.loads(body) if body else None,
            }
        )
        if environ["PATH_INFO"] == "/users" and environ["REQUEST_METHOD"] == "POST":
            return self._reply(start_response, "201 Created", {"id": "u1", **json.loads(body)})
        return self._reply(start_response, "404 Not Found", {"error": "no such user"})

    @staticmethod
    def _reply(start_response: StartResponse, status: str, data: Any) -> list[bytes]:
        start_response(status, [("Content-Type", "application/json")])
        return [json.dumps(data).encode()]


def test_reports_each_interaction_and_what_the_verifier_sent(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    pact = write_pact(tmp_path / "web-users.json", CREATE, MISSING)
    provider = Provider()
    with serve_wsgi(provider) as base_url:
        result = verify_pact(
            pact,
            base_url,
            provider_name="users",
            states_url=f"{base_url}/_states",
            teardown=True,
        )

    assert not result.passed
    assert result.interactions == [
        InteractionResult("create a user", True, []),
        InteractionResult(
            "get a missing user",
            False,
            [
                "BodyMismatch $: Actual map is missing the following keys: id",
                "StatusMismatch: expected 200 but was 404",
            ],
        ),
    ]
    assert [r.description for r in result.failures()] == ["get a missing user"]
    assert "Verifying a pact between web and users" in result.output
    assert "There were 1 pact failures" in result.output
    assert result.report["result"] is False
    out, err = capfd.readouterr()
    assert "Verifying a pact" not in out + err  # the Rust core's report was captured

    # The state changes: setup before, teardown after, and the "" state when there is none.
    assert provider.states == [
        {"action": "setup", "params": {"tenant": "t1"}, "state": "no users"},
        {"action": "teardown", "params": {"tenant": "t1"}, "state": "no users"},
        {"action": "setup", "params": {}, "state": ""},
        {"action": "teardown", "params": {}, "state": ""},
    ]
    assert provider.calls == [
        {
            "method": "POST",
            "path": "/users",
            "query": "dry=false",
            "content_type": "application/json",
            "body": {"name": "Ann"},
        },
        {"method": "GET", "path": "/users/u2", "query": "", "content_type": None, "body": None},
    ]


def test_a_passing_pact_passes_without_states(tmp_path: Path) -> None:
    pact = write_pact(tmp_path / "web-users.json", {**CREATE, "providerStates": []})
    provider = Provider()
    with serve_wsgi(provider) as base_url:
        result = verify_pact(pact, base_url, provider_name="users")
    assert result.passed, result.output
    assert result.interactions == [InteractionResult("create a user", True, [])]
    assert provider.states == []


def test_an_asgi_provider_served_by_serve_asgi(tmp_path: Path) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        request = json.loads((await receive())["body"])
        reply = json.dumps({"id": "u1", **request}).encode()
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 201, "headers": headers})
        await send({"type": "http.response.body", "body": reply})

    pact = write_pact(tmp_path / "web-users.json", {**CREATE, "providerStates": []})
    with serve_asgi(app, lifespan=False) as base_url:
        result = verify_pact(pact, base_url, provider_name="users")
    assert result.passed, result.output


def test_an_unreachable_provider_is_a_failed_interaction(tmp_path: Path) -> None:
    pact = write_pact(tmp_path / "web-users.json", MISSING)
    result = verify_pact(pact, "http://127.0.0.1:1", provider_name="users", timeout=2)
    assert not result.passed
    [(description, passed, mismatches)] = result.interactions
    assert (description, passed) == ("get a missing user", False)
    assert mismatches[0].startswith("error: error sending request for url")


def test_a_missing_pact_file_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"nope\.json"):
        verify_pact(tmp_path / "nope.json", "http://127.0.0.1:1", provider_name="users")
