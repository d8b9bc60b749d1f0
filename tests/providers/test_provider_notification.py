"""The NotificationService reference provider conforms to specs/notification-service.yaml
(Swagger 2.0, checked through specgen's conversion to OpenAPI 3.0)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from examples.providers import PROVIDERS
from tests.providers.provider_support import Checked

USER = "usr_8f3k2m9q"
ORDER = "3f6c1f2e-8a4b-4c1d-9e2f-5b7a0c9d1e23"
TOKEN = "eyJ1IjoidXNyXzhmM2sybTlxIn0.c2lnbmF0dXJl"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def notifications() -> Checked:
    return Checked(PROVIDERS["notification"])


def request_example(checked: Checked) -> dict[str, Any]:
    """The schema-level ``example`` of NotificationRequest."""
    schema = checked.api.document["components"]["schemas"]["NotificationRequest"]
    example: dict[str, Any] = copy.deepcopy(schema["example"])
    return example


def test_send_get_and_list(notifications: Checked) -> None:
    response = notifications.call("POST", "/notifications", json=request_example(notifications))
    assert response.status_code == 202 and notifications.errors(response) == []
    sent = response.get_json()
    assert response.headers["Location"] == f"/v1/notifications/{sent['id']}"
    assert sent["status"] == "queued" and sent["recipient"] == {"userId": USER}
    assert notifications.ok("GET", f"/notifications/{sent['id']}", 200) == sent
    sms = {**request_example(notifications), "channel": "sms", "references": {"orderId": ORDER}}
    other = notifications.ok("POST", "/notifications", 202, json=sms)
    everything = notifications.ok("GET", "/notifications", 200)["items"]
    assert [n["id"] for n in everything] == [other["id"], sent["id"]]
    filters = {
        "userId": USER,
        "orderId": ORDER,
        "channel": "sms",
        "status": "queued,sent",
        "since": "2020-01-01T00:00:00Z",
        "limit": "1",
    }
    assert notifications.ok("GET", "/notifications", 200, query=filters)["items"] == [other]
    assert notifications.ok("GET", "/notifications", 200, query={"channel": "email"})["items"] == [
        sent
    ]


def test_idempotency_key_never_sends_twice(notifications: Checked) -> None:
    headers = {"Idempotency-Key": "receipt-0000000001"}
    body = request_example(notifications)
    first = notifications.ok("POST", "/notifications", 202, json=body, headers=headers)
    again = notifications.ok("POST", "/notifications", 202, json=body, headers=headers)
    assert again == first
    assert len(notifications.ok("GET", "/notifications", 200)["items"]) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"template": "welcome"},
        {"channel": "fax"},
        {"recipient": {}},
        {"recipient": {"userId": USER, "phone": "0123"}},
        {"data": {"amount": 49.9}},
    ],
)
def test_invalid_requests_are_400_as_application_json(
    notifications: Checked, change: dict[str, Any]
) -> None:
    body = {**request_example(notifications), **change}
    response = notifications.call("POST", "/notifications", json=body)
    assert response.status_code == 400 and notifications.errors(response) == []
    assert response.mimetype == "application/json" and response.get_json()["errors"]


def test_invalid_list_filters_are_400(notifications: Checked) -> None:
    for query in ({"status": "queued,lost"}, {"userId": "bob"}, {"limit": "0"}, {"cursor": "x!"}):
        notifications.ok("GET", "/notifications", 400, query=query)


def test_unreachable_recipients_are_422(notifications: Checked) -> None:
    body = {**request_example(notifications), "channel": "sms"}
    notifications.state({"state": f"recipient {USER} has no phone", "params": {"phone": None}})
    assert notifications.ok("POST", "/notifications", 422, json=body)["detail"].endswith(
        "phone number."
    )
    body["recipient"] = {"userId": USER, "phone": "+4915112345678"}  # given explicitly: fine
    notifications.ok("POST", "/notifications", 202, json=body)
    notifications.state({"state": f"no user {USER} exists"})  # deleted
    notifications.ok("POST", "/notifications", 422, json=body)


def test_unsubscribe_is_anonymous_form_post(notifications: Checked) -> None:
    form = {"token": TOKEN, "channel": "sms", "reason": "too many"}
    response = notifications.call("POST", "/subscriptions/unsubscribe", data=form, auth=False)
    assert (
        response.status_code == 204
        and response.data == b""
        and notifications.errors(response) == []
    )
    notifications.ok("POST", "/subscriptions/unsubscribe", 204, data={"token": TOKEN}, auth=False)
    for bad in (
        {"token": "expired" + TOKEN},
        {"token": TOKEN + " <script>"},
        {"token": "short"},
        {"channel": "sms"},
        {"token": TOKEN, "channel": "fax"},
    ):
        notifications.ok("POST", "/subscriptions/unsubscribe", 400, data=bad, auth=False)
    notifications.ok("POST", "/subscriptions/unsubscribe", 400, json={"token": TOKEN}, auth=False)


def test_api_key_and_404(notifications: Checked) -> None:
    for method, path in (
        ("POST", "/notifications"),
        ("GET", "/notifications"),
        ("GET", "/notifications/ntf_000000000000"),
    ):
        response = notifications.call(method, path, auth=False, json={})
        assert response.status_code == 401 and notifications.errors(response) == []
        assert response.mimetype == "application/json"
    notifications.ok("GET", "/notifications/ntf_000000000000", 404)
    notifications.ok("GET", "/notifications/nope", 404)


def test_provider_states_set_up_notifications(notifications: Checked) -> None:
    for status in ("delivered", "failed", "sent"):
        answer = notifications.state(
            {
                "state": "notification exists",
                "params": {"status": status, "userId": USER, "orderId": ORDER},
            }
        )
        got = notifications.ok("GET", f"/notifications/{answer['notificationId']}", 200)
        assert got["status"] == status and got["references"] == {"orderId": ORDER}
    assert len(notifications.ok("GET", "/notifications", 200, query={"userId": USER})["items"]) == 3
    notifications.state({"state": "notification ntf_a1b2c3d4e5f6 exists"})
    notifications.ok("GET", "/notifications/ntf_a1b2c3d4e5f6", 200)
    notifications.state({"state": "notification ntf_a1b2c3d4e5f6 does not exist"})
    notifications.ok("GET", "/notifications/ntf_a1b2c3d4e5f6", 404)


@pytest.mark.parametrize("bug", ["wrong-type", "missing-field", "wrong-status"])
def test_each_bug_breaks_conformance(bug: str) -> None:
    broken = Checked(PROVIDERS["notification"], frozenset({bug}))
    sent = broken.call("POST", "/notifications", json=request_example(broken))
    assert broken.errors(sent) != []
    for response in (
        broken.call("GET", f"/notifications/{sent.get_json()['id']}"),
        broken.call("GET", "/notifications"),
    ):
        assert broken.errors(response) != [], response.get_json()
    unsubscribed = broken.call("POST", "/subscriptions/unsubscribe", data={"token": TOKEN})
    assert (broken.errors(unsubscribed) != []) == (bug == "wrong-status")
