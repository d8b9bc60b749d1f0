"""Which documented response each kind of stub serves, and with which status.

- **success**: the lowest documented 2xx (a ``2XX`` range serves 200, ``default`` 200 too
  when nothing else succeeds; failing that, the lowest 3xx).
- **invalid** (the request breaks the spec: a parameter, header or body): 400, else 422,
  else a ``4XX`` range or ``default``, served as 400.
- **not-found** (a path parameter that cannot name anything): 404, for operations with
  path parameters.
- **unauthorized** (credentials missing): 401, else ``4XX`` or ``default`` served as 401.
- **selected**: every other exactly documented status, served on request with
  ``Prefer: code=N`` (the convention of Prism and others).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from specgen.spec.model import Operation, Response


class Role(StrEnum):
    """Why a stub exists; also the suffix of its file name."""

    SUCCESS = "success"
    SELECTED = "selected"
    UNAUTHORIZED = "unauthorized"
    INVALID = "invalid"
    NOT_FOUND = "not-found"


@dataclass(frozen=True, slots=True)
class Chosen:
    """A documented response and the concrete status a stub serves it with."""

    response: Response
    status: int


def _exact(op: Operation, low: int, high: int) -> list[Chosen]:
    found = [
        Chosen(r, int(r.status))
        for r in op.responses
        if r.status.isdigit() and low <= int(r.status) <= high
    ]
    return sorted(found, key=lambda c: c.status)


def _range(op: Operation, first: str) -> Response | None:
    return next((r for r in op.responses if r.is_range and r.status[0] == first), None)


def _default(op: Operation) -> Response | None:
    return next((r for r in op.responses if r.is_default), None)


def success(op: Operation) -> Chosen | None:
    """The response valid requests get, or ``None`` when nothing succeeds."""
    exact = _exact(op, 200, 299)
    if exact:
        return exact[0]
    fallback = _range(op, "2") or _default(op)
    if fallback is not None:
        return Chosen(fallback, 200)
    redirects = _exact(op, 300, 399)
    return redirects[0] if redirects else None


def _error(op: Operation, codes: tuple[int, ...], status: int) -> Chosen | None:
    for code in codes:
        found = _exact(op, code, code)
        if found:
            return found[0]
    fallback = _range(op, "4") or _default(op)
    return Chosen(fallback, status) if fallback is not None else None


def invalid(op: Operation) -> Chosen | None:
    """The response for a request that breaks the spec."""
    return _error(op, (400, 422), 400)


def unauthorized(op: Operation) -> Chosen | None:
    """The response for a request without the credentials the operation demands."""
    return _error(op, (401,), 401)


def not_found(op: Operation) -> Chosen | None:
    """The documented 404 of an operation with path parameters."""
    if "{" not in op.path:
        return None
    found = _exact(op, 404, 404)
    return found[0] if found else None


def selectable(op: Operation, served: Chosen | None) -> list[Chosen]:
    """Every exactly documented status but ``served``. Ranges and ``default`` are left
    out: they stand for statuses the invalid and unauthorized stubs serve already, and in
    big specs (every Microsoft Graph operation has ``4XX`` and ``5XX``) they would double
    the number of stubs, which WireMock loads in time quadratic in their number."""
    return [c for c in _exact(op, 100, 599) if served is None or c.status != served.status]
