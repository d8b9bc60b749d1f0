"""OrderService (``specs/order-service/openapi.yaml``, OpenAPI 3.1): checkout and orders.

Served under ``/v1`` (and without it). OAuth2 bearer tokens: any non-empty token has every
scope, so 403 is never answered. Behaviour beyond the schemas:

* prices come from a tiny catalogue; an unknown SKU gets a stable made-up name and price, so
  any well-formed order is accepted. 422 when the customer is not ``active``, the currency is
  not sold (``XAU`` and the other metal/test codes) or a SKU has too little stock (both set
  by provider states);
* shipping: pickup is free (``pickupBy`` = today + 7 days), delivery costs 4.90 (standard)
  or 9.90 (express); any coupon takes 10 % off the subtotal;
* new orders are ``pending_payment`` (``paymentId`` null); ``pending_payment``,
  ``payment_failed`` and ``paid`` orders can be cancelled, others answer 409;
* notes: threads newest first, replies oldest first; staff author.

``bugs={"planted"}`` adds the bugs the fuzzing demo must find (README.md, "Planted bugs");
each is marked ``planted:`` below.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from examples.providers.base import COMMON_BUGS, SPECS, App, Provider, Request, Response, WSGIApp
from examples.providers.shared import UNSOLD_CURRENCIES, aware, money, page
from examples.providers.states import Kind, Record, StateChange, Store, now, public, remove
from examples.providers.validation import FieldError
from examples.providers.wsgi import RawRequest, problem

SPEC = SPECS / "order-service" / "openapi.yaml"
BASE_PATH = "/v1"
PLANTED_SKU = "SKU-FUZZ-42"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
KINDS = (
    Kind("order", "orderId", _UUID, ("order",)),
    Kind("note", "noteId", _UUID, ("note", "reply")),
    Kind("customer", "customerId", re.compile(r"usr_[0-9a-z]{8}"), ("customer", "user")),
    Kind("sku", "sku", re.compile(r"\b[A-Z0-9]+(-[A-Z0-9]+)+\b"), ("sku", "product", "stock")),
)
CATALOGUE = {
    "BK-ENG-0042": ("Notes on the Analytical Engine (paperback)", Decimal("24.95")),
    "MUG-CLASSIC-01": ("Classic mug", Decimal("12.50")),
}
SHIPPING_FEES = {"pickup": Decimal("0.00"), "standard": Decimal("4.90"), "express": Decimal("9.90")}
CANCELLABLE = ("pending_payment", "payment_failed", "paid")


class OrderService:
    """The handlers, over one store."""

    def __init__(self, store: Store, planted: bool = False) -> None:
        self.store = store
        self.planted = planted
        self.orders = store.table("orders")
        self.notes = store.table("notes")
        self.customers = store.table("customers")
        self.stock = store.table("stock")

    def list_orders(self, request: Request) -> Response:
        query = request.query
        limit = query.get("limit", 20)
        if self.planted and limit == 100:  # planted: off-by-one at the documented maximum
            return problem(422, "limit-too-large", "Limit too large", "limit must be below 100.")
        statuses = query.get("status") or ()
        after: datetime | None = query.get("createdAfter")
        orders = [
            o
            for o in self.orders.values()
            if o["customerId"] == query["customerId"]
            and (not statuses or o["status"] in statuses)
            and (after is None or datetime.fromisoformat(o["createdAt"]) >= aware(after))
        ]
        orders.sort(key=lambda o: o["_seq"], reverse=True)
        return page(orders, query.get("cursor"), limit)

    def create_order(self, request: Request) -> Response:
        body = request.body
        customer = self.customers.get(body["customerId"], {})
        if customer.get("status", "active") != "active":
            detail = f"User {body['customerId']} is {customer['status']}."
            return problem(422, "customer-not-active", "Customer is not active", detail)
        currency = body["currency"]
        if currency in UNSOLD_CURRENCIES:
            detail = f"Orders in {currency} are not accepted."
            return problem(422, "currency-not-sold", "Currency not sold", detail)
        lines = []
        for item in body["items"]:
            sku, quantity = item["sku"], int(item["quantity"])
            if self.planted and sku == PLANTED_SKU:  # planted: a legacy SKU the pricing chokes on
                raise LookupError(f"no price list entry for {sku}")
            left = self.stock.get(sku, {}).get("stock", 99)
            if quantity > left:
                detail = f"SKU {sku} has {left} units left, {quantity} requested."
                return problem(422, "out-of-stock", "Item out of stock", detail)
            lines.append(_line(sku, quantity, currency))
        order = self._new_order(self.store.uuid(), body["customerId"])
        order.update(items=lines, couponCode=body.get("couponCode"))
        order.update(status="pending_payment", paymentId=None)  # authorization is still running
        order["shipping"] = _shipping(body["shipping"])
        _price(order, currency)
        self.orders[order["id"]] = order
        answer = public(order)
        if self.planted and order["shipping"].get("speed") == "express":
            # planted: the express rate is passed on as the carrier's float
            answer["shippingFee"]["amount"] = float(answer["shippingFee"]["amount"])
        if self.planted and order["couponCode"]:
            return Response(201, answer)  # planted: the promotions path forgets Location
        location = f"{BASE_PATH}/orders/{order['id']}"
        return Response(201, answer, headers={"Location": location})

    def get_order(self, request: Request) -> Response:
        order = self.orders.get(str(request.path_params["orderId"]))
        return Response(200, public(order)) if order else _not_found("Order", request)

    def cancel_order(self, request: Request) -> Response:
        body = request.body or {}
        comment = body.get("comment")
        if self.planted and "comment" in body and body["comment"][-1] == ".":
            comment = body["comment"][:-1]  # planted: drops a full stop; null and "" crash
        order = self.orders.get(str(request.path_params["orderId"]))
        if order is None:
            return _not_found("Order", request)
        if order["status"] not in CANCELLABLE:
            detail = f"Order {order['id']} is {order['status']}."
            return problem(409, "order-not-cancellable", "Order cannot be cancelled", detail)
        cancellation = {"reason": body.get("reason", "customer_request"), "cancelledAt": now()}
        if "comment" in body:
            cancellation["comment"] = comment
        order.update(status="cancelled", cancellation=cancellation, updatedAt=now())
        return Response(200, public(order))

    def list_order_notes(self, request: Request) -> Response:
        order_id = str(request.path_params["orderId"])
        if order_id not in self.orders:
            return _not_found("Order", request)
        return Response(200, {"items": self._thread(order_id, None)})

    def add_order_note(self, request: Request) -> Response:
        order_id = str(request.path_params["orderId"])
        parent = request.body.get("inReplyTo")
        if self.planted and "inReplyTo" in request.body and parent is None:
            return _null_reply_to()  # planted: a stricter hand-written check than the schema
        if order_id not in self.orders:
            return _not_found("Order", request)
        if parent is not None and self.notes.get(parent, {}).get("_order") != order_id:
            return problem(404, "not-found", "Note not found", f"No note {parent} on this order.")
        note = self._new_note(self.store.uuid(), order_id, request.body["body"], parent)
        self.notes[note["id"]] = note
        return Response(201, {**public(note), "replies": []})

    def on_state(self, change: StateChange) -> dict[str, Any]:
        """``order``, ``note``, ``customer`` (its status) and ``sku`` (its stock) states."""
        tables = {"order": self.orders, "note": self.notes, "customer": self.customers}
        table = tables.get(change.kind.name, self.stock)
        if change.absent:
            remove(table, change)
            return {}
        if change.kind.name == "order":
            return self._state_order(change.entity_id, dict(change.fields))
        if change.kind.name == "note":
            fields = change.fields
            note_id = change.entity_id or self.store.uuid()
            order_id = fields.get("orderId") or self._state_order(None, {})["orderId"]
            body = fields.get("body", "Customer called about the delivery.")
            self.notes[note_id] = self._new_note(note_id, order_id, body, fields.get("inReplyTo"))
            return {"noteId": note_id, "orderId": order_id}
        if change.entity_id is None:
            return {}
        table.setdefault(change.entity_id, {}).update(change.fields)
        return {change.kind.id_param: change.entity_id, **change.fields}

    def _state_order(self, order_id: str | None, fields: dict[str, Any]) -> dict[str, Any]:
        order_id = order_id or self.store.uuid()
        customer = fields.get("customerId")
        if not isinstance(customer, str):
            customer = "usr_" + self.store.token(8)
        order = self.orders.get(order_id) or self._new_order(order_id, customer)
        _state_order(order, fields)
        self.orders[order_id] = order
        return {"orderId": order_id, **public(order)}

    def _new_order(self, order_id: str, customer_id: str) -> Record:
        order: Record = {
            "id": order_id,
            "customerId": customer_id,
            "status": "paid",
            "items": [],
            "shipping": {
                "method": "pickup",
                "storeId": "st_0042",
                "pickupBy": (date.today() + timedelta(days=7)).isoformat(),
            },
            "paymentId": "pay_" + self.store.token(16, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"),
            "couponCode": None,
            "cancellation": None,
            "createdAt": now(),
            "updatedAt": now(),
            "_seq": self.store.seq(),
        }
        return order

    def _new_note(self, note_id: str, order_id: str, body: str, parent: str | None) -> Record:
        author = {"kind": "staff", "id": "agent-api"}
        return {
            "id": note_id,
            "author": author,
            "body": body,
            "createdAt": now(),
            "_order": order_id,
            "_parent": parent,
            "_seq": self.store.seq(),
        }

    def _thread(self, order_id: str, parent: str | None) -> list[Record]:
        notes = [
            n for n in self.notes.values() if n["_order"] == order_id and n["_parent"] == parent
        ]
        notes.sort(key=lambda n: n["_seq"], reverse=parent is None)
        return [{**public(n), "replies": self._thread(order_id, n["id"])} for n in notes]


def _state_order(order: Record, fields: dict[str, Any]) -> None:
    """Apply a state's fields to an order and keep the order self-consistent."""
    order.update({k: v for k, v in fields.items() if k in order and not k.startswith("_")})
    order["items"] = order["items"] or [_line("BK-ENG-0042", 2, "EUR")]
    if "paymentId" not in fields and order["status"] == "pending_payment":
        order["paymentId"] = None
    if order["status"] == "cancelled" and not order["cancellation"]:
        order["cancellation"] = {"reason": "customer_request", "cancelledAt": now()}
    _price(order, str(fields.get("currency", order["items"][0]["unitPrice"]["currency"])))


def _price(order: Record, currency: str) -> None:
    """Fill subtotal, shipping fee, coupon discount and total from the lines."""
    for line in order["items"]:
        for key in ("unitPrice", "lineTotal"):
            line[key]["currency"] = currency
    subtotal = sum((Decimal(line["lineTotal"]["amount"]) for line in order["items"]), Decimal(0))
    shipping = order["shipping"]
    fee = SHIPPING_FEES[
        shipping.get("speed", "standard") if shipping["method"] == "delivery" else "pickup"
    ]
    order.update(subtotal=money(subtotal, currency), shippingFee=money(fee, currency))
    discount = Decimal(0)
    if order.get("couponCode"):
        discount = (subtotal / 10).quantize(Decimal("0.01"))
        order["discount"] = money(discount, currency)
    order["total"] = money(subtotal + fee - discount, currency)


def _shipping(requested: dict[str, Any]) -> dict[str, Any]:
    if requested["method"] == "pickup":
        pickup_by = (date.today() + timedelta(days=7)).isoformat()
        return {"method": "pickup", "storeId": requested["storeId"], "pickupBy": pickup_by}
    return {"speed": "standard", **requested}


def _line(sku: str, quantity: int, currency: str) -> Record:
    """A priced line: catalogue price, or a stable made-up one for an unknown SKU."""
    name, price = CATALOGUE.get(sku) or (
        f"Catalogue item {sku}",
        Decimal(500 + zlib.crc32(sku.encode()) % 9500) / 100,
    )
    unit, total = money(price, currency), money(price * quantity, currency)
    return {"sku": sku, "name": name, "quantity": quantity, "unitPrice": unit, "lineTotal": total}


def _not_found(what: str, request: Request) -> Response:
    detail = f"No {what.lower()} with id {request.path_params['orderId']}."
    return problem(404, "not-found", f"{what} not found", detail)


def _null_reply_to() -> Response:
    """Planted: refuses ``"inReplyTo": null``, which the schema allows (``[string, 'null']``)."""
    error = FieldError("/inReplyTo", "must be a string", "type")
    detail = "The request has 1 invalid value."
    return problem(
        400, "validation-error", "Request validation failed", detail, errors=[error.to_json()]
    )


def _quantity_zero_means_one(raw: RawRequest) -> RawRequest:
    """Planted: a "lenient" pre-validation step that turns quantity 0 into 1."""
    try:
        body = json.loads(raw.body)
        for item in body["items"]:
            if item.get("quantity") == 0 and item["quantity"] is not False:
                item["quantity"] = 1
    except (ValueError, TypeError, KeyError, AttributeError):
        return raw
    return replace(raw, body=json.dumps(body).encode())


def make_app(bugs: frozenset[str] = frozenset(), *, seed: int = 0) -> WSGIApp:
    """The OrderService provider; ``bugs`` from ``base.COMMON_BUGS`` plus ``"planted"``."""
    store = Store(seed)
    planted = "planted" in bugs
    service = OrderService(store, planted=planted)
    app = App(SPEC, store, KINDS, service.on_state, "customerId", "paymentId", bugs, BUGS)
    app.route("listOrders", service.list_orders)
    app.route("createOrder", service.create_order, _quantity_zero_means_one if planted else None)
    app.route("getOrder", service.get_order)
    app.route("cancelOrder", service.cancel_order)
    app.route("listOrderNotes", service.list_order_notes)
    app.route("addOrderNote", service.add_order_note)
    return app


BUGS = COMMON_BUGS | {"planted"}
PROVIDER = Provider("OrderService", SPEC, BASE_PATH, 8082, make_app, BUGS)
