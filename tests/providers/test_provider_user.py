"""The UserService reference provider conforms to specs/user-service.yaml."""

from __future__ import annotations

from typing import Any

import pytest

from examples.providers import PROVIDERS
from tests.providers.provider_support import Checked

MERGE_PATCH = "application/merge-patch+json"
ADA: dict[str, Any] = {
    "email": "ada.lovelace@example.com",
    "name": "Ada Lovelace",
    "phone": "+442079460000",
    "locale": "en-GB",
    "marketingOptIn": True,
}


@pytest.fixture
def users() -> Checked:
    return Checked(PROVIDERS["user"])


def example(users: Checked, name: str) -> dict[str, object]:
    body = users.api.operation("createUser").request_body  # type: ignore[union-attr]
    assert body is not None
    return next(e.value for e in body.content[0].examples if e.name == name)


def test_create_user_from_each_spec_example(users: Checked) -> None:
    for name in ("minimal", "full"):
        response = users.call("POST", "/users", json=example(users, name))
        assert response.status_code == 201
        assert users.errors(response) == []
        created = response.get_json()
        assert response.headers["Location"] == f"/api/v1/users/{created['id']}"
        assert created["status"] == "pending_verification"
        assert created["updatedAt"] is None


def test_get_list_patch_delete_lifecycle(users: Checked) -> None:
    created = users.ok("POST", "/users", 201, json=ADA)
    path = f"/users/{created['id']}"
    assert users.ok("GET", path, 200) == created
    page = users.ok("GET", "/users", 200, query={"email": "ADA.lovelace@example.com"})
    assert [u["id"] for u in page["items"]] == [created["id"]]
    patched = users.ok(
        "PATCH", path, 200, data=b'{"phone": null, "status": "active"}', content_type=MERGE_PATCH
    )
    assert patched["phone"] is None and patched["status"] == "active" and patched["updatedAt"]
    users.ok("DELETE", path, 204)
    deleted = users.ok("GET", path, 200)
    assert deleted["status"] == "deleted" and "lovelace" not in deleted["email"]
    assert users.ok("GET", "/users", 200)["items"] == []
    assert users.ok("GET", "/users", 200, query={"status": "deleted"})["items"] == [deleted]
    users.ok("DELETE", path, 404)
    users.ok("PATCH", path, 404, data=b'{"name": "X"}', content_type=MERGE_PATCH)


def test_list_pages_with_cursor(users: Checked) -> None:
    for n in range(5):
        users.ok("POST", "/users", 201, json={"email": f"u{n}@example.com", "name": f"U{n}"})
    first = users.ok("GET", "/users", 200, query={"limit": "2"})
    assert [u["email"] for u in first["items"]] == ["u4@example.com", "u3@example.com"]
    assert first["page"] == {"limit": 2, "hasMore": True, "nextCursor": first["page"]["nextCursor"]}
    query = {"limit": "2", "cursor": first["page"]["nextCursor"]}
    second = users.ok("GET", "/users", 200, query=query)
    assert [u["email"] for u in second["items"]] == ["u2@example.com", "u1@example.com"]
    last = users.ok("GET", "/users", 200, query={"cursor": second["page"]["nextCursor"]})
    assert len(last["items"]) == 1 and last["page"]["hasMore"] is False
    assert "nextCursor" not in last["page"]


@pytest.mark.parametrize(
    ("method", "path", "kw"),
    [
        ("GET", "/users", {"query": {"limit": "0"}}),
        ("GET", "/users", {"query": {"limit": "abc"}}),
        ("GET", "/users", {"query": {"cursor": "not-a-cursor"}}),
        ("GET", "/users", {"query": {"status": "gone"}}),
        ("POST", "/users", {"json": {"email": "not-an-email", "name": "X"}}),
        ("POST", "/users", {"json": {**ADA, "id": "usr_12345678"}}),
        ("POST", "/users", {"data": b"{", "content_type": "application/json"}),
        ("POST", "/users", {"data": b"email=a@b.c", "content_type": "text/plain"}),
        ("PATCH", "/users/usr_12345678", {"data": b"{}", "content_type": MERGE_PATCH}),
        ("PATCH", "/users/usr_12345678", {"json": {"name": "X"}}),
    ],
)
def test_invalid_requests_are_400_validation_problems(
    users: Checked, method: str, path: str, kw: dict[str, object]
) -> None:
    body = users.ok(method, path, 400, **kw)
    assert body["type"].endswith("/validation-error") and body["errors"]


def test_duplicate_email_is_409_on_create_and_patch(users: Checked) -> None:
    users.ok("POST", "/users", 201, json=ADA)
    other = users.ok("POST", "/users", 201, json={"email": "grace@example.com", "name": "Grace"})
    users.ok("POST", "/users", 409, json={**ADA, "email": ADA["email"].upper()})
    users.ok(
        "PATCH",
        f"/users/{other['id']}",
        409,
        data=b'{"email": "ada.lovelace@example.com"}',
        content_type=MERGE_PATCH,
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/users"),
        ("POST", "/users"),
        ("GET", "/users/usr_12345678"),
        ("PATCH", "/users/usr_12345678"),
        ("DELETE", "/users/usr_12345678"),
    ],
)
def test_every_operation_needs_a_bearer_token(users: Checked, method: str, path: str) -> None:
    response = users.call(method, path, auth=False, json={})
    assert response.status_code == 401
    assert users.errors(response) == []
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    empty = users.call(method, path, auth=False, headers={"Authorization": "Bearer  "})
    assert empty.status_code == 401


def test_unknown_and_malformed_ids_are_404(users: Checked) -> None:
    users.ok("GET", "/users/usr_00000000", 404)
    users.ok("GET", "/users/not-an-id", 404)
    users.ok("DELETE", "/users/usr_00000000", 404)


def test_works_with_and_without_the_base_path(users: Checked) -> None:
    created = users.ok("POST", "/users", 201, json=ADA)
    bare = users.call("GET", f"/users/{created['id']}", base=False)
    assert bare.status_code == 200 and bare.get_json() == created
    assert users.call("GET", "/nothing").status_code == 404
    assert users.call("PUT", "/users").headers["Allow"] == "GET, POST"


def test_provider_states_create_and_delete_users(users: Checked) -> None:
    answer = users.state(
        {
            "action": "setup",
            "state": "user usr_12345678 exists",
            "params": {"userId": "usr_12345678", "status": "suspended"},
        }
    )
    assert answer["userId"] == "usr_12345678"
    assert users.ok("GET", "/users/usr_12345678", 200)["status"] == "suspended"
    users.state({"state": "no user usr_12345678 exists"}, base=True)  # id from the name
    users.ok("GET", "/users/usr_12345678", 404)
    users.state({"state": "user usr_abcdefgh exists"})
    users.ok("GET", "/users/usr_abcdefgh", 200)
    assert users.state({"state": ""}) == {}
    assert users.state({"state": "the moon is full"}) == {}
    email = users.state(
        {
            "state": "a user with e-mail ada@example.com exists",
            "params": {"email": "ada@example.com"},
        }
    )
    users.ok("POST", "/users", 409, json={"email": "ada@example.com", "name": "Ada"})
    users.state({"action": "teardown", "state": "user usr_abcdefgh exists"})
    users.ok("GET", f"/users/{email['userId']}", 404)
    users.ok("GET", "/users/usr_abcdefgh", 404)


@pytest.mark.parametrize("bug", ["wrong-type", "missing-field", "wrong-status"])
def test_each_bug_breaks_conformance(bug: str) -> None:
    broken = Checked(PROVIDERS["user"], frozenset({bug}))
    created = broken.call("POST", "/users", json=ADA)
    assert broken.errors(created) != []
    user_id = created.get_json()["id"]
    for response in (broken.call("GET", f"/users/{user_id}"), broken.call("GET", "/users")):
        assert broken.errors(response) != [], response.get_json()
    assert broken.errors(broken.call("GET", "/users/usr_00000000")) == []  # errors stay right


def test_planted_use_after_delete(users: Checked) -> None:
    planted = Checked(PROVIDERS["user"], frozenset({"planted"}))
    path = f"/users/{planted.ok('POST', '/users', 201, json=ADA)['id']}"
    planted.ok("DELETE", path, 204)
    # a deleted user can be deleted again and changed (even brought back) as if live
    planted.ok("DELETE", path, 204)
    patch = b'{"status": "active"}'
    assert (
        planted.ok("PATCH", path, 200, data=patch, content_type=MERGE_PATCH)["status"] == "active"
    )
    # the faithful provider: 404 for both
    path = f"/users/{users.ok('POST', '/users', 201, json=ADA)['id']}"
    users.ok("DELETE", path, 204)
    users.ok("DELETE", path, 404)
    users.ok("PATCH", path, 404, data=patch, content_type=MERGE_PATCH)
