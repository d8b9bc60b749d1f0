"""HTTP clients of the demo providers, written the way a consumer team writes them: the
standard library, JSON, and what the provider's spec says about paths, headers and auth."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: Any

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class Client:
    """JSON over HTTP to one provider at ``base_url`` (scheme, host, port and base path)."""

    def __init__(self, base_url: str, headers: dict[str, str], timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.headers = headers
        self.timeout = timeout

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        headers: dict[str, str] | None = None,
        content_type: str = "application/json",
    ) -> Reply:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base_url + path, data=data, method=method,
            headers={"Accept": "application/json", **self.headers, **(headers or {})},
        )
        if data is not None:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return _reply(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return _reply(error.code, error.headers, error.read())


def _reply(status: int, headers: Any, raw: bytes) -> Reply:
    content_type = (headers.get("Content-Type") or "").split(";")[0].strip()
    body: Any = raw.decode("utf-8", "replace")
    if content_type.endswith("json") and raw:
        body = json.loads(raw)
    return Reply(status, content_type, body)


class UserClient(Client):
    """UserService (specs/user-service.yaml): bearer token."""

    def __init__(self, base_url: str, token: str) -> None:
        super().__init__(base_url, {"Authorization": f"Bearer {token}"})

    def get_user(self, user_id: str) -> Reply:
        return self.call("GET", f"/users/{user_id}")

    def sign_up(self, email: str, name: str) -> Reply:
        return self.call("POST", "/users", {"email": email, "name": name})


class PaymentClient(Client):
    """PaymentService (specs/payment-service.yaml): API key, idempotency keys."""

    def __init__(self, base_url: str, api_key: str) -> None:
        super().__init__(base_url, {"X-API-Key": api_key})

    def authorize(self, order_id: str, customer_id: str, amount: str, token: str) -> Reply:
        body = {
            "orderId": order_id,
            "customerId": customer_id,
            "amount": amount,
            "currency": "EUR",
            "method": {"type": "card", "token": token},
        }
        key = {"Idempotency-Key": uuid.uuid5(uuid.NAMESPACE_URL, order_id).hex}
        return self.call("POST", "/payments", body, headers=key)

    def capture(self, payment_id: str) -> Reply:
        return self.call("POST", f"/payments/{payment_id}/capture")
