"""Small helpers more than one service uses: cursor pages, instants, decimal money."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from examples.providers.states import Record, public
from examples.providers.validation import FieldError
from examples.providers.wsgi import Response, problem

# Currencies nobody sells in: the "currency not sold / not supported" 422 of order and payment.
UNSOLD_CURRENCIES = frozenset({"XAU", "XAG", "XPT", "XPD", "XTS", "XXX"})
CENT = Decimal("0.01")


def page(records: Sequence[Record], cursor: str | None, limit: int) -> Response:
    """A cursor page ``{"items": [...], "page": PageInfo}`` of ``records`` (already sorted);
    400 when ``cursor`` is not one this provider handed out."""
    offset = 0
    if cursor is not None:
        try:
            offset = int(
                json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))["o"]
            )
        except (ValueError, TypeError, KeyError, binascii.Error):
            offset = -1
        if offset < 0:
            error = FieldError("cursor", "is not a cursor from a previous page", "cursor")
            return problem(
                400,
                "validation-error",
                "Request validation failed",
                "The request has 1 invalid value.",
                errors=[error.to_json()],
            )
    items = [public(r) for r in records[offset : offset + limit]]
    info: dict[str, Any] = {"limit": limit, "hasMore": offset + limit < len(records)}
    if info["hasMore"]:
        token = json.dumps({"o": offset + limit}).encode()
        info["nextCursor"] = base64.urlsafe_b64encode(token).decode().rstrip("=")
    return Response(200, {"items": items, "page": info})


def aware(moment: datetime) -> datetime:
    """``moment`` with a time zone (UTC when it had none), for comparing instants."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def amount(value: Decimal) -> str:
    """A ``DecimalAmount`` string: at least two fraction digits, at most three."""
    if value == value.quantize(CENT):
        value = value.quantize(CENT)
    return f"{value:f}"


def money(value: Decimal, currency: str) -> dict[str, str]:
    """A ``Money`` object."""
    return {"amount": amount(value), "currency": currency}
