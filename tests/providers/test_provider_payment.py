"""The PaymentService reference provider conforms to specs/payment-service.yaml."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from examples.providers import PROVIDERS
from tests.providers.provider_support import Checked

ORDER = "3f6c1f2e-8a4b-4c1d-9e2f-5b7a0c9d1e23"


@pytest.fixture
def payments() -> Checked:
    return Checked(PROVIDERS["payment"])


def examples(payments: Checked) -> dict[str, Any]:
    body = payments.api.operation("authorizePayment").request_body  # type: ignore[union-attr]
    assert body is not None
    return {e.name: copy.deepcopy(e.value) for e in body.content[0].examples}


def key(n: int) -> dict[str, str]:
    return {"Idempotency-Key": f"test-key-{n:08d}"}


def authorize(payments: Checked, n: int, **change: Any) -> dict[str, Any]:
    body = {**examples(payments)["card"], **change}
    return payments.ok("POST", "/payments", 201, json=body, headers=key(n))  # type: ignore[no-any-return]


def test_authorize_from_each_spec_example(payments: Checked) -> None:
    for n, (name, body) in enumerate(sorted(examples(payments).items())):
        response = payments.call("POST", "/payments", json=body, headers=key(n))
        assert response.status_code == 201 and payments.errors(response) == [], name
        payment = response.get_json()
        assert response.headers["Location"] == f"/api/v1/payments/{payment['id']}"
        assert response.headers["Idempotent-Replayed"] == "false"
        automatic = body.get("captureMode") == "automatic"
        assert payment["status"] == ("captured" if automatic else "authorized")
        assert payment["method"]["last4"] == ("3000" if name == "bankTransfer" else "4242")


def test_idempotency_key_replays_or_conflicts(payments: Checked) -> None:
    first = payments.call("POST", "/payments", json=examples(payments)["card"], headers=key(1))
    again = payments.call("POST", "/payments", json=examples(payments)["card"], headers=key(1))
    assert again.status_code == 201 and payments.errors(again) == []
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    other = {**examples(payments)["card"], "amount": "1.00"}
    conflict = payments.ok("POST", "/payments", 409, json=other, headers=key(1))
    assert conflict["type"].endswith("/idempotency-key-reused")
    listed = payments.ok("GET", "/payments", 200, query={"orderId": ORDER})
    assert len(listed["items"]) == 1


def test_declines_are_402_and_kept(payments: Checked) -> None:
    card = {**examples(payments)["card"]}
    card["method"] = {"type": "card", "token": "tok_declineAAAAAAAAAAAA"}
    problem = payments.ok("POST", "/payments", 402, json=card, headers=key(1))
    assert problem["declineCode"] == "insufficient_funds"
    declined = payments.ok("GET", f"/payments/{problem['paymentId']}", 200)
    assert declined["status"] == "declined" and declined["authorizedAt"] is None
    query = {"orderId": ORDER, "status": "declined"}
    assert payments.ok("GET", "/payments", 200, query=query)["items"] == [declined]


@pytest.mark.parametrize("change", [{"currency": "XAU"}, {"amount": "0"}, {"amount": "1000000.01"}])
def test_unprocessable_payments_are_422(payments: Checked, change: dict[str, str]) -> None:
    body = {**examples(payments)["card"], **change}
    payments.ok("POST", "/payments", 422, json=body, headers=key(1))


@pytest.mark.parametrize(
    ("make", "headers"),
    [
        (lambda card: {"amount": card["amount"]}, key(1)),  # orderId, currency, method missing
        (lambda card: card, {}),  # Idempotency-Key missing
        (lambda card: card, {"Idempotency-Key": "short"}),
        (
            lambda card: {**card, "method": {"type": "card", "iban": "DE89370400440532013000"}},
            key(1),
        ),
        (lambda card: {**card, "amount": "67.3000"}, key(1)),
        (lambda card: {**card, "amount": 67.3}, key(1)),
    ],
    ids=["missing-fields", "no-key", "short-key", "mixed-method", "4-decimals", "float-amount"],
)
def test_invalid_payments_are_400(
    payments: Checked, make: Callable[[dict[str, Any]], Any], headers: dict[str, str]
) -> None:
    body = make(examples(payments)["card"])
    assert payments.ok("POST", "/payments", 400, json=body, headers=headers)["errors"]


def test_capture_then_refund(payments: Checked) -> None:
    payment = authorize(payments, 1)
    path = f"/payments/{payment['id']}"
    payments.ok("POST", f"{path}/refunds", 409, json={"reason": "duplicate"})  # not captured
    payments.ok("POST", f"{path}/capture", 422, json={"amount": "67.31"})
    captured = payments.ok("POST", f"{path}/capture", 200, json={"amount": "49.90"})
    assert captured["status"] == "captured" and captured["capturedAmount"] == "49.90"
    payments.ok("POST", f"{path}/capture", 409)  # no body: capture everything, but too late
    payments.ok("POST", f"{path}/refunds", 422, json={"amount": "49.91", "reason": "duplicate"})
    refund = payments.call(
        "POST",
        f"{path}/refunds",
        json={"amount": "12.50", "reason": "order_cancelled"},
        headers=key(2),
    )
    assert refund.status_code == 201 and payments.errors(refund) == []
    assert refund.headers["Location"].endswith(refund.get_json()["id"])
    replay = payments.call(
        "POST",
        f"{path}/refunds",
        json={"amount": "12.50", "reason": "order_cancelled"},
        headers=key(2),
    )
    assert (
        replay.get_json() == refund.get_json() and replay.headers["Idempotent-Replayed"] == "true"
    )
    rest = payments.ok("POST", f"{path}/refunds", 201, json={"reason": "requested_by_customer"})
    assert rest["amount"] == "37.40"
    final = payments.ok("GET", path, 200)
    assert final["status"] == "refunded" and final["refundedAmount"] == "49.90"
    assert [r["id"] for r in final["refunds"]] == [refund.get_json()["id"], rest["id"]]
    payments.ok("POST", f"{path}/refunds", 409, json={"reason": "duplicate"})
    payments.ok("POST", f"{path}/refunds", 400, json={"reason": "because"})


def test_unknown_payments_are_404(payments: Checked) -> None:
    for suffix, body in (("", None), ("/capture", None), ("/refunds", {"reason": "duplicate"})):
        method = "GET" if not suffix else "POST"
        payments.ok(method, f"/payments/pay_0000000000000000{suffix}", 404, json=body)
        payments.ok(method, f"/payments/nope{suffix}", 404, json=body)


def test_api_key_and_request_id_on_every_response(payments: Checked) -> None:
    for operation in payments.api.operations:
        path = operation.path.replace("{paymentId}", "pay_0000000000000000")
        response = payments.call(operation.method, path, auth=False, query={"orderId": ORDER})
        assert response.status_code == 401, operation.label
        assert payments.errors(response) == [] and response.headers["X-Request-Id"]
    echoed = payments.call(
        "GET", "/payments/pay_0000000000000000", headers={"X-Request-Id": "abc.1"}
    )
    assert echoed.headers["X-Request-Id"] == "abc.1"
    fresh = payments.call("GET", "/payments/pay_0000000000000000", headers={"X-Request-Id": "a b"})
    assert fresh.headers["X-Request-Id"].startswith("req_")


def test_provider_states_set_up_payments_and_keys(payments: Checked) -> None:
    payment_id = "pay_7XkQ2mR9vT4bN8cD"
    payments.state({"state": f"payment {payment_id} exists", "params": {"status": "captured"}})
    captured = payments.ok("GET", f"/payments/{payment_id}", 200)
    assert captured["capturedAmount"] == captured["amount"] and captured["capturedAt"]
    payments.ok("POST", f"/payments/{payment_id}/refunds", 201, json={"reason": "duplicate"})
    payments.state({"state": "idempotency key test-key-00000001 was used"})
    payments.ok("POST", "/payments", 409, json=examples(payments)["card"], headers=key(1))
    payments.state({"state": f"no payment {payment_id} exists"})
    payments.ok("GET", f"/payments/{payment_id}", 404)
    for status in ("partially_refunded", "refunded", "declined", "voided"):
        payments.state(
            {"state": "payment exists", "params": {"paymentId": payment_id, "status": status}}
        )
        payments.ok("GET", f"/payments/{payment_id}", 200)


@pytest.mark.parametrize("bug", ["wrong-type", "missing-field", "wrong-status"])
def test_each_bug_breaks_conformance(bug: str) -> None:
    broken = Checked(PROVIDERS["payment"], frozenset({bug}))
    created = broken.call("POST", "/payments", json=examples(broken)["card"], headers=key(1))
    assert broken.errors(created) != []
    payment_id = created.get_json()["id"]
    for response in (
        broken.call("GET", f"/payments/{payment_id}"),
        broken.call("GET", "/payments", query={"orderId": ORDER}),
        broken.call("POST", f"/payments/{payment_id}/capture"),
    ):
        assert broken.errors(response) != [], response.get_json()
