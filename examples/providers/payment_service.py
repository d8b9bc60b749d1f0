"""PaymentService (``specs/payment-service.yaml``, OpenAPI 3.0): authorize, capture, refund.

Served under ``/api/v1`` (and without it). API key in ``X-API-Key``. Every response has an
``X-Request-Id`` (echoed when the caller sent a valid one). Behaviour beyond the schemas:

* ``Idempotency-Key``: the same key with the same body replays the first result (201 or
  402, with ``Idempotent-Replayed: true``); with another body it is a 409. Refunds too.
* sandbox values: card tokens starting ``tok_decline`` / ``tok_expired`` / ``tok_fraud`` and
  IBANs starting ``XX`` are declined (402, the payment is kept as ``declined``);
* 422 for currencies nobody sells in (``XAU``...), a zero amount or one above 1,000,000;
* capture: only ``authorized`` payments (else 409), at most the amount (else 422);
* refunds: only ``captured`` / ``partially_refunded`` payments (else 409), at most what is
  left (else 422); a refund starts ``pending``.
"""

from __future__ import annotations

import copy
import json
import re
import string
from decimal import Decimal
from typing import Any

from examples.providers.base import COMMON_BUGS, SPECS, App, Provider, Request, Response, WSGIApp
from examples.providers.shared import UNSOLD_CURRENCIES, amount
from examples.providers.states import Kind, Record, StateChange, Store, now, public, remove
from examples.providers.wsgi import problem

SPEC = SPECS / "payment-service.yaml"
BASE_PATH = "/api/v1"
KINDS = (
    Kind("payment", "paymentId", re.compile(r"pay_[0-9A-Za-z]{16}"), ("payment",)),
    Kind("key", "idempotencyKey", re.compile(r"[A-Za-z0-9_-]{16,64}"), ("idempotency", "key")),
)
LIMIT = Decimal(1_000_000)
DECLINES = {
    "tok_decline": "insufficient_funds",
    "tok_expired": "card_expired",
    "tok_fraud": "suspected_fraud",
    "XX": "invalid_account",
}
ALNUM = string.ascii_letters + string.digits


class PaymentService:
    """The handlers, over one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.payments = store.table("payments")
        self.keys = store.table("idempotency-keys")

    def authorize_payment(self, request: Request) -> Response:
        key = request.headers["Idempotency-Key"]
        replay = self._replay("authorize:" + key, request.body)
        if replay is not None:
            return replay
        body = request.body
        value = Decimal(body["amount"])
        if body["currency"] in UNSOLD_CURRENCIES:
            detail = f"Payments in {body['currency']} are not supported."
            return problem(422, "unsupported-currency", "Currency not supported", detail)
        if not 0 < value <= LIMIT:
            detail = f"The amount must be above 0 and at most {LIMIT} {body['currency']}."
            return problem(422, "invalid-amount", "Amount not accepted", detail)
        payment = self._new_payment(self._new_id(), body["orderId"])
        payment.update({k: body[k] for k in ("customerId", "description", "metadata") if k in body})
        payment.update(
            amount=body["amount"], currency=body["currency"], method=_summary(body["method"])
        )
        payment["captureMode"] = body.get("captureMode", "manual")
        decline = _decline_code(body["method"])
        if decline is not None:
            payment.update(status="declined", declineCode=decline, authorizedAt=None)
            response = problem(
                402,
                "payment-declined",
                "Payment declined",
                "The payment was declined.",
                declineCode=decline,
                paymentId=payment["id"],
            )
        else:
            if payment["captureMode"] == "automatic":
                payment.update(status="captured", capturedAmount=body["amount"], capturedAt=now())
            location = f"{BASE_PATH}/payments/{payment['id']}"
            response = Response(201, public(payment), headers={"Location": location})
        self.payments[payment["id"]] = payment
        return self._remember("authorize:" + key, request.body, response)

    def list_payments(self, request: Request) -> Response:
        order_id, status = str(request.query["orderId"]), request.query.get("status")
        found = [p for p in self.payments.values() if p["orderId"] == order_id]
        found = [p for p in found if status is None or p["status"] == status]
        found.sort(key=lambda p: p["_seq"])
        return Response(200, {"items": [public(p) for p in found]})

    def get_payment(self, request: Request) -> Response:
        payment = self.payments.get(request.path_params["paymentId"])
        return Response(200, public(payment)) if payment else _not_found(request)

    def capture_payment(self, request: Request) -> Response:
        payment = self.payments.get(request.path_params["paymentId"])
        if payment is None:
            return _not_found(request)
        if payment["status"] != "authorized":
            detail = f"Payment {payment['id']} is {payment['status']}."
            return problem(409, "invalid-payment-state", "Payment cannot be captured", detail)
        wanted = Decimal(str((request.body or {}).get("amount", payment["amount"])))
        if not 0 < wanted <= Decimal(payment["amount"]):
            detail = f"At most {payment['amount']} {payment['currency']} can be captured."
            return problem(422, "capture-exceeds-authorized", "Capture amount too high", detail)
        payment.update(status="captured", capturedAmount=amount(wanted), capturedAt=now())
        return Response(200, public(payment))

    def create_refund(self, request: Request) -> Response:
        payment_id = request.path_params["paymentId"]
        payment = self.payments.get(payment_id)
        if payment is None:
            return _not_found(request)
        key = request.headers.get("Idempotency-Key")
        replay = self._replay(f"refund:{payment_id}:{key}", request.body) if key else None
        if replay is not None:
            return replay
        if payment["status"] not in ("captured", "partially_refunded"):
            detail = f"Payment {payment_id} is {payment['status']}."
            return problem(409, "payment-not-refundable", "Payment cannot be refunded", detail)
        left = Decimal(payment["capturedAmount"]) - Decimal(payment["refundedAmount"])
        wanted = Decimal(request.body.get("amount", amount(left)))
        if not 0 < wanted <= left:
            detail = f"At most {amount(left)} {payment['currency']} can still be refunded."
            return problem(422, "refund-exceeds-captured", "Refund amount too high", detail)
        refund = {
            "id": "re_" + self.store.token(16, ALNUM),
            "paymentId": payment_id,
            "amount": amount(wanted),
            "currency": payment["currency"],
            "reason": request.body["reason"],
            "status": "pending",
            "createdAt": now(),
        }
        refunded = Decimal(payment["refundedAmount"]) + wanted
        status = (
            "refunded" if refunded == Decimal(payment["capturedAmount"]) else "partially_refunded"
        )
        payment.update(refundedAmount=amount(refunded), status=status)
        payment["refunds"].append(refund)
        location = f"{BASE_PATH}/payments/{payment_id}/refunds/{refund['id']}"
        response = Response(201, dict(refund), headers={"Location": location})
        return (
            self._remember(f"refund:{payment_id}:{key}", request.body, response)
            if key
            else response
        )

    def on_state(self, change: StateChange) -> dict[str, Any]:
        """``payment`` states (params are Payment fields) and used ``idempotency key``s."""
        if change.kind.name == "key":
            key = f"authorize:{change.entity_id}"
            if change.absent:
                self.keys.pop(key, None)
            elif change.entity_id is not None:
                self.keys[key] = {"body": "<used by a provider state>"}
            return {"idempotencyKey": change.entity_id}
        if change.absent:
            remove(self.payments, change)
            return {}
        payment_id = change.entity_id or self._new_id()
        payment = self.payments.get(payment_id) or self._new_payment(payment_id, self.store.uuid())
        payment.update(
            {k: v for k, v in change.fields.items() if k in payment or k == "customerId"}
        )
        _consistent(payment, change.fields)
        self.payments[payment_id] = payment
        return {"paymentId": payment_id, **public(payment)}

    def _replay(self, key: str, body: Any) -> Response | None:
        seen = self.keys.get(key)
        if seen is None:
            return None
        if seen["body"] != json.dumps(body, sort_keys=True):
            detail = f"Key {key.split(':')[-1]} was used for a different request."
            return problem(409, "idempotency-key-reused", "Idempotency key reused", detail)
        first: Response = seen["response"]
        headers = {**first.headers, "Idempotent-Replayed": "true"}
        return Response(first.status, copy.deepcopy(first.body), first.media_type, headers)

    def _remember(self, key: str, body: Any, response: Response) -> Response:
        response.headers.setdefault("Idempotent-Replayed", "false")
        self.keys[key] = {"body": json.dumps(body, sort_keys=True), "response": response}
        copied = copy.deepcopy(response.body)  # the app may still change what it sends
        return Response(response.status, copied, response.media_type, dict(response.headers))

    def _new_id(self) -> str:
        return "pay_" + self.store.token(16, ALNUM)

    def _new_payment(self, payment_id: str, order_id: str) -> Record:
        return {
            "id": payment_id,
            "orderId": order_id,
            "status": "authorized",
            "amount": "67.30",
            "currency": "EUR",
            "capturedAmount": "0.00",
            "refundedAmount": "0.00",
            "captureMode": "manual",
            "method": {"type": "card", "brand": "visa", "last4": "4242"},
            "description": None,
            "metadata": {},
            "refunds": [],
            "createdAt": now(),
            "authorizedAt": now(),
            "capturedAt": None,
            "_seq": self.store.seq(),
        }


def _consistent(payment: Record, fields: Any) -> None:
    """Amounts and times that match a status a provider state asked for."""
    status = payment["status"]
    if status in ("captured", "partially_refunded", "refunded"):
        if "capturedAmount" not in fields:
            payment["capturedAmount"] = payment["amount"]
        payment["capturedAt"] = payment["capturedAt"] or now()
    if status == "refunded" and "refundedAmount" not in fields:
        payment["refundedAmount"] = payment["capturedAmount"]
    if status == "partially_refunded" and "refundedAmount" not in fields:
        payment["refundedAmount"] = "0.01"
    if status == "declined":
        payment.update(authorizedAt=None, declineCode=fields.get("declineCode", "do_not_honor"))


def _summary(method: dict[str, Any]) -> dict[str, Any]:
    if method["type"] == "card":
        return {"type": "card", "brand": "visa", "last4": "4242"}
    digits = "".join(c for c in method["iban"] if c.isdigit())
    return {"type": "bank_transfer", "brand": None, "last4": digits[-4:].rjust(4, "0")}


def _decline_code(method: dict[str, Any]) -> str | None:
    value = method.get("token") or method.get("iban") or ""
    return next((code for prefix, code in DECLINES.items() if value.startswith(prefix)), None)


def _not_found(request: Request) -> Response:
    detail = f"No payment with id {request.path_params['paymentId']}."
    return problem(404, "not-found", "Payment not found", detail)


def make_app(bugs: frozenset[str] = frozenset(), *, seed: int = 0) -> WSGIApp:
    """The PaymentService provider; ``bugs`` from ``base.COMMON_BUGS`` break its responses."""
    store = Store(seed)
    service = PaymentService(store)
    app = App(SPEC, store, KINDS, service.on_state, "amount", "capturedAmount", bugs)
    app.route("authorizePayment", service.authorize_payment)
    app.route("listPayments", service.list_payments)
    app.route("getPayment", service.get_payment)
    app.route("capturePayment", service.capture_payment)
    app.route("createRefund", service.create_refund)
    return app


PROVIDER = Provider("PaymentService", SPEC, BASE_PATH, 8083, make_app, COMMON_BUGS)
