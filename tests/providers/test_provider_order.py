"""The OrderService reference provider conforms to specs/order-service/openapi.yaml (3.1),
and its planted bugs are there only when asked for."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from examples.providers import PROVIDERS
from examples.providers.order_service import PLANTED_SKU
from tests.providers.provider_support import Checked

CUSTOMER = "usr_8f3k2m9q"
ORDER = "3f6c1f2e-8a4b-4c1d-9e2f-5b7a0c9d1e23"


@pytest.fixture
def orders() -> Checked:
    return Checked(PROVIDERS["order"])


def create_examples(orders: Checked) -> dict[str, Any]:
    body = orders.api.operation("createOrder").request_body  # type: ignore[union-attr]
    assert body is not None
    return {e.name: copy.deepcopy(e.value) for e in body.content[0].examples}


def test_create_order_from_each_spec_example(orders: Checked) -> None:
    delivery = create_examples(orders)["delivery"]
    response = orders.call("POST", "/orders", json=delivery)
    assert response.status_code == 201 and orders.errors(response) == []
    order = response.get_json()
    assert response.headers["Location"] == f"/v1/orders/{order['id']}"
    assert order["status"] == "pending_payment" and order["paymentId"] is None
    assert order["subtotal"] == {"amount": "62.40", "currency": "EUR"}  # as in the 201 example
    assert order["shippingFee"]["amount"] == "4.90" and order["total"]["amount"] == "67.30"
    pickup = orders.ok("POST", "/orders", 201, json=create_examples(orders)["pickup"])
    assert pickup["couponCode"] == "SPRING24" and pickup["discount"]["amount"] == "5.00"
    assert pickup["shipping"]["pickupBy"] and pickup["total"]["amount"] == "45.00"


def test_get_list_and_cancel(orders: Checked) -> None:
    first = orders.ok("POST", "/orders", 201, json=create_examples(orders)["delivery"])
    second = orders.ok("POST", "/orders", 201, json=create_examples(orders)["delivery"])
    assert orders.ok("GET", f"/orders/{first['id']}", 200) == first
    listed = orders.ok("GET", "/orders", 200, query={"customerId": CUSTOMER})
    assert [o["id"] for o in listed["items"]] == [second["id"], first["id"]]
    cancelled = orders.ok(
        "POST",
        f"/orders/{first['id']}/cancel",
        200,
        json={"reason": "out_of_stock", "comment": None},
    )
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancellation"]["reason"] == "out_of_stock"
    orders.ok("POST", f"/orders/{first['id']}/cancel", 409)
    default = orders.ok("POST", f"/orders/{second['id']}/cancel", 200)  # no body at all
    assert default["cancellation"]["reason"] == "customer_request"
    query = {
        "customerId": CUSTOMER,
        "status": "cancelled,paid",
        "createdAfter": "2020-01-01T00:00:00Z",
    }
    assert len(orders.ok("GET", "/orders", 200, query=query)["items"]) == 2
    query["status"] = "paid,shipped"
    assert orders.ok("GET", "/orders", 200, query=query)["items"] == []


def test_notes_thread_and_replies(orders: Checked) -> None:
    orders.state({"state": f"order {ORDER} exists", "params": {"orderId": ORDER}})
    path = f"/orders/{ORDER}/notes"
    top = orders.ok("POST", path, 201, json={"body": "Leave it with the neighbour?"})
    reply = orders.ok("POST", path, 201, json={"body": "Done.", "inReplyTo": top["id"]})
    orders.ok("POST", path, 201, json={"body": "Thanks!", "inReplyTo": reply["id"]})
    later = orders.ok("POST", path, 201, json={"body": "Another thread", "inReplyTo": None})
    threads = orders.ok("GET", path, 200)["items"]
    assert [t["id"] for t in threads] == [later["id"], top["id"]]
    assert threads[1]["replies"][0]["replies"][0]["body"] == "Thanks!"
    orders.ok(
        "POST", path, 404, json={"body": "x", "inReplyTo": "00000000-0000-4000-8000-000000000000"}
    )
    orders.ok("POST", path, 400, json={"body": ""})


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("GET", ""), ("POST", "/cancel"), ("GET", "/notes"), ("POST", "/notes")],
)
def test_unknown_orders_are_404(orders: Checked, method: str, suffix: str) -> None:
    body = {"body": "x"} if suffix == "/notes" and method == "POST" else None
    orders.ok(method, f"/orders/{ORDER}{suffix}", 404, json=body)
    orders.ok(method, f"/orders/not-a-uuid{suffix}", 404, json=body)


@pytest.mark.parametrize(
    "change",
    [
        {"items": []},
        {"items": [{"sku": "lower-case", "quantity": 1}]},
        {"items": [{"sku": "BK-ENG-0042", "quantity": 100}]},
        {"shipping": {"method": "drone"}},
        {"shipping": {"method": "pickup", "storeId": "st_0042", "address": {}}},
        {"currency": "eur"},
        {"customerId": None},
    ],
)
def test_invalid_orders_are_400(orders: Checked, change: dict[str, Any]) -> None:
    body = {**create_examples(orders)["delivery"], **change}
    assert orders.ok("POST", "/orders", 400, json=body)["errors"]


def test_invalid_list_queries_are_400(orders: Checked) -> None:
    orders.ok("GET", "/orders", 400)  # customerId is required
    orders.ok("GET", "/orders", 400, query={"customerId": CUSTOMER, "status": "paid,lost"})
    orders.ok("GET", "/orders", 400, query={"customerId": CUSTOMER, "limit": "101"})


def test_unprocessable_orders_are_422(orders: Checked) -> None:
    example = create_examples(orders)["pickup"]  # usr_2b7x0c4d, 4 mugs
    orders.state({"state": "customer usr_2b7x0c4d is suspended", "params": {"status": "suspended"}})
    assert orders.ok("POST", "/orders", 422, json=example)["detail"].endswith("is suspended.")
    orders.state({"state": "customer usr_2b7x0c4d is active", "params": {"status": "active"}})
    orders.state({"state": "sku MUG-CLASSIC-01 has 2 in stock", "params": {"stock": 2}})
    problem = orders.ok("POST", "/orders", 422, json=example)
    assert problem["detail"] == "SKU MUG-CLASSIC-01 has 2 units left, 4 requested."
    orders.ok(
        "POST", "/orders", 422, json={**create_examples(orders)["delivery"], "currency": "XAU"}
    )


def test_provider_states_shape_orders(orders: Checked) -> None:
    answer = orders.state(
        {
            "action": "setup",
            "state": "an order exists for customer usr_2b7x0c4d",
            "params": {"customerId": "usr_2b7x0c4d", "status": "shipped"},
        }
    )
    order_id = answer["orderId"]
    got = orders.ok("GET", f"/orders/{order_id}", 200)
    assert got["customerId"] == "usr_2b7x0c4d" and got["status"] == "shipped"
    orders.ok("POST", f"/orders/{order_id}/cancel", 409)
    orders.state({"state": f"order {ORDER} exists", "params": {"status": "cancelled"}})
    assert orders.ok("GET", f"/orders/{ORDER}", 200)["cancellation"]["reason"]
    note = orders.state({"state": "note exists", "params": {"orderId": ORDER, "body": "Hi"}})
    assert orders.ok("GET", f"/orders/{ORDER}/notes", 200)["items"][0]["id"] == note["noteId"]
    orders.state({"state": f"no order {ORDER} exists"})
    orders.ok("GET", f"/orders/{ORDER}", 404)


def test_every_operation_needs_a_token(orders: Checked) -> None:
    for operation in orders.api.operations:
        path = operation.path.replace("{orderId}", ORDER)
        response = orders.call(operation.method, path, auth=False, query={"customerId": CUSTOMER})
        assert response.status_code == 401, operation.label
        assert orders.errors(response) == []


@pytest.mark.parametrize("bug", ["wrong-type", "missing-field", "wrong-status"])
def test_each_bug_breaks_conformance(bug: str) -> None:
    broken = Checked(PROVIDERS["order"], frozenset({bug}))
    created = broken.call("POST", "/orders", json=create_examples(broken)["delivery"])
    assert broken.errors(created) != []
    order_id = created.get_json()["id"]
    for response in (
        broken.call("GET", f"/orders/{order_id}"),
        broken.call("GET", "/orders", query={"customerId": CUSTOMER}),
        broken.call("POST", f"/orders/{order_id}/cancel"),
    ):
        assert broken.errors(response) != [], response.get_json()


def test_planted_bugs_only_when_planted(orders: Checked) -> None:
    planted = Checked(PROVIDERS["order"], frozenset({"planted"}))
    crash = create_examples(orders)["delivery"]
    crash["items"][1]["sku"] = PLANTED_SKU
    zero = create_examples(orders)["delivery"]
    zero["items"][0]["quantity"] = 0
    edge = {"customerId": CUSTOMER, "limit": "100"}
    # (a) a crash on one SKU: 500 text/plain, which the spec's 5XX (problem+json) does not allow
    response = planted.call("POST", "/orders", json=crash)
    assert response.status_code == 500 and response.mimetype == "text/plain"
    assert planted.errors(response) != []
    # (b) quantity 0 is accepted, and the response conforms: only the acceptance is wrong
    accepted = planted.ok("POST", "/orders", 201, json=zero)
    assert accepted["items"][0]["quantity"] == 1
    # (c) limit=100 answers a status listOrders does not declare
    assert planted.errors(planted.call("GET", "/orders", query=edge)) != []
    # the same requests to the faithful provider
    orders.ok("POST", "/orders", 201, json=crash)
    orders.ok("POST", "/orders", 400, json=zero)
    orders.ok("GET", "/orders", 200, query=edge)


@pytest.mark.parametrize("comment", [None, ""])
def test_planted_crash_on_an_empty_comment(orders: Checked, comment: str | None) -> None:
    planted = Checked(PROVIDERS["order"], frozenset({"planted"}))
    # (d) before the order is even looked up, so any order id crashes
    response = planted.call("POST", f"/orders/{ORDER}/cancel", json={"comment": comment})
    assert response.status_code == 500 and response.mimetype == "text/plain"
    orders.ok("POST", f"/orders/{ORDER}/cancel", 404, json={"comment": comment})
    order = planted.ok("POST", "/orders", 201, json=create_examples(planted)["delivery"])
    done = planted.ok("POST", f"/orders/{order['id']}/cancel", 200, json={"comment": "Late."})
    assert done["cancellation"]["comment"] == "Late"  # other comments pass, full stop dropped


def test_planted_breaches_on_one_enum_value_and_one_path(orders: Checked) -> None:
    planted = Checked(PROVIDERS["order"], frozenset({"planted"}))
    delivery = create_examples(orders)["delivery"]
    express = copy.deepcopy(delivery)
    express["shipping"]["speed"] = "express"
    pickup = create_examples(orders)["pickup"]  # the example with a coupon
    # (e) express only: shippingFee.amount is a number, not a decimal string
    response = planted.call("POST", "/orders", json=express)
    assert response.get_json()["shippingFee"]["amount"] == 9.9
    assert planted.errors(response) != []
    planted.ok("POST", "/orders", 201, json=delivery)  # standard speed is right
    stored = planted.ok("GET", f"/orders/{response.get_json()['id']}", 200)
    assert stored["shippingFee"]["amount"] == "9.90"  # only the create answer is wrong
    # (f) with a coupon: no Location header (declared required)
    response = planted.call("POST", "/orders", json=pickup)
    assert response.status_code == 201 and "Location" not in response.headers
    assert planted.errors(response) != []
    without = {k: v for k, v in pickup.items() if k != "couponCode"}
    assert planted.call("POST", "/orders", json=without).headers["Location"]
    # the faithful provider
    assert orders.ok("POST", "/orders", 201, json=express)["shippingFee"]["amount"] == "9.90"
    assert orders.call("POST", "/orders", json=pickup).headers["Location"]


def test_planted_refusal_of_a_valid_null(orders: Checked) -> None:
    planted = Checked(PROVIDERS["order"], frozenset({"planted"}))
    note = {"body": "Called the customer.", "inReplyTo": None}
    # (g) inReplyTo: null is allowed by the schema, refused as a 400 ValidationProblem
    refused = planted.ok("POST", f"/orders/{ORDER}/notes", 400, json=note)
    assert refused["errors"] == [
        {"field": "/inReplyTo", "message": "must be a string", "code": "type"}
    ]
    order = planted.ok("POST", "/orders", 201, json=create_examples(planted)["delivery"])
    planted.ok("POST", f"/orders/{order['id']}/notes", 201, json={"body": "No reply-to."})
    orders.ok("POST", f"/orders/{ORDER}/notes", 404, json=note)
    order = orders.ok("POST", "/orders", 201, json=create_examples(orders)["delivery"])
    orders.ok("POST", f"/orders/{order['id']}/notes", 201, json=note)
