"""Which documented responses become interactions, and what makes the provider answer each.

A request and a provider state produce one response, so an operation gets:

- its **primary** success response (the lowest ``2xx``, else ``2XX``, else ``default`` when
  nothing else says what success is) with the plain request and the derived (or declared)
  state;
- every other response that has a **trigger**: a provider state written for it
  (``x-specgen-state``/``x-provider-state`` on the response, or ``states={"op STATUS": ...}``)
  and/or a request example paired with one of its examples by name (a body or parameter
  example ``outOfStock`` and a ``422`` example ``outOfStock``: the request that documents
  the response). One interaction per paired name.

Responses without a trigger are skipped, and say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from specgen.errors import UsageError
from specgen.generate.examples import preferred_media
from specgen.pact.states import EXTENSIONS, StateSpec, parse_states
from specgen.spec import pointer as jp
from specgen.spec.api import API
from specgen.spec.model import Operation, Response


@dataclass(frozen=True, slots=True)
class Trigger:
    """How to make the provider answer one response: states (None: derive them) and the
    name of the paired request/response example (None: none)."""

    response: Response
    states: tuple[StateSpec, ...] | None
    example: str | None
    label: str


@dataclass(frozen=True, slots=True)
class Untriggered:
    """A response no interaction is made for, and why."""

    response: Response
    reason: str


def primary(op: Operation) -> Response | None:
    """The success response a plain request gets."""
    exact = sorted(
        (r for r in op.responses if r.status.startswith("2") and not r.is_range),
        key=lambda r: r.status,
    )
    ranged = [r for r in op.responses if r.status == "2XX"]
    # `default` is what success looks like when no 1xx-3xx response is documented
    informal = not any(r.status[0] in "123" for r in op.responses if not r.is_default)
    defaults = [r for r in op.responses if r.is_default] if informal else []
    found = exact or ranged or defaults
    return found[0] if found else None


def parse_state_options(api: API, options: Mapping[str, Any]) -> dict[tuple[str, str], Any]:
    """``{"createRefund": ..., "getUser 404": ...}`` keyed by (operation key, status or "");
    ``UsageError`` for a key naming no operation or a value that is no state."""
    out: dict[tuple[str, str], Any] = {}
    for key, value in options.items():
        ident, status = key.strip(), ""
        head, _, tail = ident.rpartition(" ")
        if head and (tail.isdigit() or tail.upper().endswith("XX") or tail == "default"):
            ident, status = head.strip(), tail.upper() if tail != "default" else tail
        op = api.operation(ident)
        if op is None:
            raise UsageError(f"states: {key!r} names no operation (use an operationId)")
        try:
            out[(op.key, status)] = parse_states(value)
        except ValueError as exc:
            raise UsageError(f"states: {key!r}: {exc}") from None
    return out


def _extension(api: API, op: Operation, response: Response | None) -> Any:
    if response is None:
        found = {k: op.extensions[k] for k in EXTENSIONS if k in op.extensions}
    else:
        try:
            raw = jp.resolve(api.document, response.pointer)
        except (LookupError, ValueError):
            raw = {}
        found = {k: raw[k] for k in EXTENSIONS if isinstance(raw, dict) and k in raw}
    return next(iter(found.values()), None)


def _request_examples(op: Operation) -> list[str]:
    names: dict[str, None] = {}
    for param in op.parameters:
        names.update((e.name, None) for e in param.examples if e.name)
    if op.request_body is not None:
        for media in op.request_body.content:
            names.update((e.name, None) for e in media.examples if e.name)
    return list(names)


def triggers(
    api: API, op: Operation, options: Mapping[tuple[str, str], Any]
) -> tuple[list[Trigger], list[Untriggered]]:
    """The triggered responses of ``op`` (primary first) and the ones left out."""
    main = primary(op)
    requested = _request_examples(op)
    found: list[Trigger] = []
    left: list[Untriggered] = []
    op_states = options.get((op.key, ""))
    if op_states is None and (value := _extension(api, op, None)) is not None:
        try:
            op_states = parse_states(value)
        except ValueError as exc:
            left += [Untriggered(r, f"x-specgen-state: {exc}") for r in op.responses]
            return [], left
    ordered = sorted(op.responses, key=lambda r: (r is not main, r.status))
    for response in ordered:
        states = options.get((op.key, response.status))
        if states is None and (value := _extension(api, op, response)) is not None:
            try:
                states = parse_states(value)
            except ValueError as exc:
                left.append(Untriggered(response, f"x-specgen-state: {exc}"))
                continue
        media = preferred_media(response.content)
        examples = [e.name for e in media.examples if e.name] if media else []
        paired = [name for name in examples if name in requested]
        if states is None and response is main:
            states = op_states
        if paired:
            found += [Trigger(response, states, name, name) for name in paired]
        elif response is main:
            found.append(Trigger(response, states, None, ""))
        elif states is not None:
            found.append(Trigger(response, states, None, states[0].name))
        else:
            left.append(Untriggered(response, "no trigger (x-specgen-state or a paired example)"))
    return found, left
