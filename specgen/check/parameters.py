"""What the request rules share: the pact's parameter values by location, each declared
parameter's value read with its style, and the findings a value or its absence makes."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from specgen.check.context import InteractionContext
from specgen.check.explain import describe, explain
from specgen.check.params import (
    Typing,
    cookie_value,
    header_value,
    parse_cookies,
    query_value,
    typing_for,
)
from specgen.findings import Finding
from specgen.schema import Direction, violations
from specgen.schema.validation import Violation
from specgen.spec.model import Operation, Parameter, ParameterLocation, Schema

#: Header parameters OpenAPI says to ignore (their meaning comes from elsewhere).
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})

#: Request headers every HTTP client may send, never "unknown" (PactFlow's list).
STANDARD_REQUEST_HEADERS = frozenset(
    [
        "accept",
        "accept-charset",
        "accept-datetime",
        "accept-encoding",
        "accept-language",
        "authorization",
        "cache-control",
        "connection",
        "content-length",
        "content-md5",
        "content-type",
        "cookie",
        "date",
        "expect",
        "forwarded",
        "from",
        "host",
        "if-match",
        "if-modified-since",
        "if-none-match",
        "if-range",
        "if-unmodified-since",
        "max-forwards",
        "origin",
        "pragma",
        "proxy-authorization",
        "range",
        "referer",
        "te",
        "upgrade",
        "user-agent",
        "via",
        "warning",
    ]
)


def query_map(ctx: InteractionContext) -> dict[str, tuple[str, ...]]:
    """The pact's query as name -> values."""
    return {name: ctx.request.query[name] for name in ctx.request.query}


def cookie_map(ctx: InteractionContext) -> dict[str, tuple[str, ...]]:
    """The pact's cookies (from its ``Cookie`` headers) as name -> values."""
    return parse_cookies(ctx.request.headers.get("cookie", ()))


def declared(op: Operation, location: ParameterLocation) -> list[Parameter]:
    """The operation's parameters in ``location`` (headers OpenAPI ignores left out)."""
    return [
        p
        for p in op.parameters
        if p.location is location
        and not (location is ParameterLocation.HEADER and p.name.lower() in IGNORED_HEADERS)
    ]


def parameter_schema(param: Parameter) -> Schema | None:
    """The schema of a parameter, or of its single ``content`` media type."""
    if param.schema is not None:
        return param.schema
    return next((m.schema for m in param.content if m.schema is not None), None)


def _json_or_text(values: tuple[str, ...]) -> Any:
    text = ",".join(values)
    try:
        return json.loads(text)
    except ValueError:
        return text


@dataclass(frozen=True, slots=True)
class Read:
    """A parameter as the pact sends it: whether it is there, its value, the keys that
    carried it, and properties that were sent but cannot be read (taken as fitting)."""

    present: bool
    value: Any = None
    keys: tuple[str, ...] = ()
    unread: tuple[str, ...] = ()


def read_value(
    ctx: InteractionContext, param: Parameter, typing: Typing, sent: Mapping[str, Any]
) -> Read:
    """A header, query or cookie parameter's value as the pact sends it."""
    if param.schema is None:  # a `content` parameter: JSON text
        key = next((k for k in sent if k.lower() == param.name.lower()), None)
        return Read(True, _json_or_text(sent[key]), (key,)) if key else Read(False)
    if param.location is ParameterLocation.QUERY:
        found = query_value(param, dict(sent), typing)
        return Read(True, found.value, found.keys, found.unread) if found else Read(False)
    if param.location is ParameterLocation.HEADER:
        values = ctx.request.headers.get(param.name)
        if values is None:
            return Read(False)
        return Read(True, header_value(param, values, typing), (param.name.lower(),))
    values = sent.get(param.name)
    if values is None:
        return Read(False)
    return Read(True, cookie_value(param, values, typing), (param.name,))


def _unread_required(violation: Violation, read: Read) -> bool:
    return (
        violation.keyword == "required"
        and not violation.instance_pointer
        and any(violation.message == f"{k!r} is a required property" for k in read.unread)
    )


def parameter_findings(
    ctx: InteractionContext,
    location: ParameterLocation,
    sent: Mapping[str, Any],
    code: str,
    pointer_of: Callable[[str | None], str],
) -> tuple[list[Finding], set[str]]:
    """Findings of rule ``code`` for the declared ``location`` parameters, and the keys of
    ``sent`` those parameters account for. ``pointer_of(key)`` locates a key in the pact
    (``None``: where a missing one would be)."""
    op = ctx.operation
    found: list[Finding] = []
    consumed: set[str] = set()
    if op is None:
        return found, consumed
    label = location.value
    for param in declared(op, location):
        schema = parameter_schema(param)
        if schema is None:
            consumed.add(param.name)
            continue
        typing = typing_for(ctx.api, schema)
        read = read_value(ctx, param, typing, sent)
        value, keys = read.value, read.keys
        consumed.update(keys)
        if not ctx.valid_request:
            continue
        if read.present and param.name in read.unread:
            continue
        if not read.present:
            if param.required:
                found.append(
                    ctx.finding(
                        code,
                        f"the spec requires {label} parameter '{param.name}', the pact does "
                        "not send it",
                        pact=pointer_of(None),
                        spec=param.pointer,
                        expected=f"{label} parameter '{param.name}'",
                        actual="absent",
                    )
                )
            continue
        for violation in violations(ctx.api, schema, value, Direction.REQUEST):
            if _unread_required(violation, read):
                continue
            why = explain(ctx.api, violation, value)
            found.append(
                ctx.finding(
                    code,
                    f"{label} parameter '{param.name}' does not fit its schema: {why.message}",
                    pact=pointer_of(keys[0] if keys else param.name),
                    spec=why.spec_pointer,
                    expected=why.expected,
                    actual=why.actual if why.instance_pointer else describe(value),
                )
            )
    return found, consumed


def security_names(ctx: InteractionContext, where: str) -> set[str]:
    """Names of API keys sent ``where`` (header, query, cookie) by the operation's security
    schemes: never unknown parameters."""
    op = ctx.operation
    names: set[str] = set()
    for requirement in op.security if op else ():
        for name, _ in requirement.schemes:
            scheme = ctx.api.security_schemes.get(name)
            if scheme and scheme.type.lower() == "apikey" and scheme.location == where:
                names.add(
                    (scheme.parameter_name or "").lower()
                    if where == "header"
                    else (scheme.parameter_name or "")
                )
    return names
