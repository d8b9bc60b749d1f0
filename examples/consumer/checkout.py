"""What the consumers do: OrderService checks the customer and takes the payment of an order;
WebFrontend signs a user up. Each step says what it sent and what came back, and a reply the
consumer cannot work with is a ``ConsumerError``."""

from __future__ import annotations

from collections.abc import Iterator

from examples.consumer.clients import PaymentClient, Reply, UserClient

CUSTOMER = "usr_8f3k2m9q"
ORDER = "3f6c1f2e-8a4b-4c1d-9e2f-5b7a0c9d1e23"
CARD_TOKEN = "tok_4eC39HqLyjWDarjtT1zdp7dc"


class ConsumerError(Exception):
    """A provider reply the consumer cannot use."""


def _expect(what: str, reply: Reply, status: int, *fields: str) -> Reply:
    if reply.status != status or not isinstance(reply.body, dict):
        got = f"{reply.status} {reply.body!r}"
        raise ConsumerError(f"{what}: expected {status} with JSON, got {got}")
    missing = [f for f in fields if f not in reply.body]
    if missing:
        raise ConsumerError(f"{what}: the reply lacks {', '.join(missing)}: {reply.body!r}")
    return reply


def checkout(users: UserClient, payments: PaymentClient) -> Iterator[str]:
    """OrderService accepting an order: the customer exists, the card is authorized, the
    payment captured; then a malformed payment request, which must get the spec's 400."""
    user = _expect("get user", users.get_user(CUSTOMER), 200, "id", "name", "status").body
    yield (
        f"OrderService -> UserService     GET  /users/{CUSTOMER}  200  "
        f"{user['name']} ({user['status']})"
    )
    reply = payments.authorize(ORDER, CUSTOMER, "67.30", CARD_TOKEN)
    payment = _expect("authorize", reply, 201, "id", "status", "amount").body
    yield (
        f"OrderService -> PaymentService  POST /payments  201  {payment['id']} "
        f"{payment['status']} {payment['amount']} {payment.get('currency', '')}"
    )
    captured = _expect("capture", payments.capture(payment["id"]), 200, "status").body
    yield (
        f"OrderService -> PaymentService  POST /payments/{payment['id']}/capture  200  "
        f"{captured['status']}"
    )
    bad = payments.authorize(ORDER, CUSTOMER, "a lot", CARD_TOKEN)
    if bad.status != 400:
        raise ConsumerError(f"a malformed amount got {bad.status}, the spec says 400")
    yield (
        f"OrderService -> PaymentService  POST /payments (amount 'a lot')  400  {bad.content_type}"
        " (the spec's error, not WireMock's 404)"
    )


def sign_up(users: UserClient) -> Iterator[str]:
    """WebFrontend's sign-up form."""
    reply = users.sign_up("grace.hopper@example.com", "Grace Hopper")
    user = _expect("sign up", reply, 201, "id", "email").body
    yield f"WebFrontend  -> UserService     POST /users  201  {user['id']} {user['email']}"
