"""Body rules: the request body the consumer sends and the response body it relies on.

Request bodies are validated as they are (``required`` holds; ``readOnly`` properties are
not expected, since the server sets them). Response bodies are compared with what the spec
*promises* (``specgen.check.promises``): a subset of the fields is fine, an undeclared field
is an error, an optional one a warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from specgen.check.bodies import parsed_body
from specgen.check.context import InteractionContext, body_value
from specgen.check.explain import describe, explain
from specgen.check.media import is_validatable
from specgen.check.params import typing_for
from specgen.check.promises import Relaxed, Walk, relaxed_for, walk_body
from specgen.check.registry import check_rule
from specgen.findings import Finding, Severity
from specgen.schema import Direction, violations
from specgen.schema.validation import Violation
from specgen.spec.model import MediaType

E, W = Severity.ERROR, Severity.WARNING


def _request_media(ctx: InteractionContext) -> MediaType | None:
    """The request media type to check the body against (None: skip the body rules)."""
    if ctx.operation is None or not ctx.valid_request or ctx.request_media.incompatible:
        return None
    return ctx.request_media.chosen


def _no_schema(media: MediaType | None) -> bool:
    """Whether a body of ``media`` has no schema to fit: no media type is declared for it,
    or one that could be validated has no schema (one that cannot be validated is the
    ``*.body.unvalidatable`` rules' business)."""
    return media is None or (media.schema is None and is_validatable(media.media_type))


@check_rule(
    "request.body.incompatible",
    severity=E,
    summary="The request body does not fit the request body schema",
    pactflow=True,
)
def request_body_incompatible(ctx: InteractionContext) -> Iterator[Finding]:
    """The body the consumer sends fails the schema of its media type, or the spec
    requires a body and the pact sends none. ``readOnly`` properties are neither required
    nor expected (PactFlow's comparator still requires them: a deliberate difference);
    form fields are typed by their property schemas. Checked when the consumer expects
    success (status < 400)."""
    op = ctx.operation
    if op is None or not ctx.valid_request or ctx.request_media.incompatible:
        return
    present, value = body_value(ctx.request.body)
    body_pointer = ctx.body_pointer(ctx.request.body)
    if not present:
        if op.request_body is not None and op.request_body.required:
            yield ctx.finding(
                "request.body.incompatible",
                "the spec requires a request body, the pact sends none",
                pact=body_pointer,
                spec=op.request_body.pointer,
                expected="a request body",
                actual="none",
            )
        return
    media = ctx.request_media.chosen
    if media is None or media.schema is None or not is_validatable(media.media_type):
        return
    typing = typing_for(ctx.api, media.schema)
    value = parsed_body(ctx.request.body, media.media_type, typing, media.encoding)
    for violation in violations(ctx.api, media.schema, value, Direction.REQUEST):
        why = explain(ctx.api, violation, value)
        yield ctx.finding(
            "request.body.incompatible",
            f"the request body does not fit the schema: {why.message}",
            pact=ctx.body_pointer(ctx.request.body, why.instance_pointer),
            spec=why.spec_pointer,
            expected=why.expected,
            actual=why.actual,
        )


@check_rule(
    "request.body.unknown",
    severity=W,
    summary="The request has a body but the spec gives no schema for it",
    pactflow=True,
)
def request_body_unknown(ctx: InteractionContext) -> Iterator[Finding]:
    """The consumer sends a body but the operation declares no request body, or none with
    a schema for its media type: nothing says the provider accepts it."""
    op = ctx.operation
    if op is None or not ctx.valid_request or ctx.request_media.incompatible:
        return
    if not ctx.request.body.is_present:
        return
    if not _no_schema(ctx.request_media.chosen):
        return
    yield ctx.finding(
        "request.body.unknown",
        "the request has a body but the spec gives no schema for it",
        pact=ctx.body_pointer(ctx.request.body),
        spec=op.request_body.pointer if op.request_body else op.pointer,
        actual=describe(ctx.request.body.content),
    )


@check_rule(
    "request.body.unvalidatable",
    severity=W,
    summary="The request body's media type is not one specgen validates",
    pactflow=True,
)
def request_body_unvalidatable(ctx: InteractionContext) -> Iterator[Finding]:
    """The request body is of a media type whose content cannot be validated against a
    schema (anything but JSON, ``application/x-www-form-urlencoded`` and
    ``multipart/form-data``): it is not checked."""
    media = _request_media(ctx)
    if media is None or not ctx.request.body.is_present or is_validatable(media.media_type):
        return
    yield ctx.finding(
        "request.body.unvalidatable",
        f"a '{media.media_type}' request body is not validated",
        pact=ctx.body_pointer(ctx.request.body),
        spec=media.pointer,
        actual=media.media_type,
    )


# -- responses ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResponseCheck:
    """A response body compared with its schema: violations of the relaxed schema, and
    the walk's findings."""

    media: MediaType
    value: Any
    relaxed: Relaxed
    violations: list[Violation]
    walk: Walk


def response_check(ctx: InteractionContext) -> ResponseCheck | None:
    """The comparison of the response body, when there is one to make (once per
    interaction)."""
    return ctx.memo("response-body", lambda: _response_check(ctx))


def _response_check(ctx: InteractionContext) -> ResponseCheck | None:
    media = ctx.response_media.chosen
    body = ctx.response.body
    if media is None or media.schema is None or not body.is_present:
        return None
    if ctx.response_media.incompatible or not is_validatable(media.media_type):
        return None
    relaxed = relaxed_for(ctx.api, media.schema)
    value = parsed_body(body, media.media_type, None)
    return ResponseCheck(
        media, value, relaxed, relaxed.violations(value), walk_body(relaxed, value)
    )


def _response_body_ready(ctx: InteractionContext) -> bool:
    return ctx.spec_response is not None and not ctx.response_media.incompatible


@check_rule(
    "response.body.incompatible",
    severity=E,
    summary="The response body the consumer expects is not one the spec promises",
    pactflow=True,
)
def response_body_incompatible(ctx: InteractionContext) -> Iterator[Finding]:
    """The body the consumer expects fails the response schema, read as a promise: the
    consumer may expect a subset of the fields (``required`` does not bind it), but every
    field it relies on must be declared (an object schema is closed unless it describes its
    other fields with a schema-valued ``additionalProperties`` or ``patternProperties``).
    ``writeOnly`` fields are never promised in a response. Nullable objects are closed too
    (PactFlow's comparator leaves them open: a deliberate difference)."""
    found = response_check(ctx) if _response_body_ready(ctx) else None
    if found is None:
        return
    body = ctx.response.body
    for violation in found.violations:
        why = explain(ctx.api, violation, found.value)
        yield ctx.finding(
            "response.body.incompatible",
            f"the response body does not fit the schema: {why.message}",
            pact=ctx.body_pointer(body, why.instance_pointer),
            spec=why.spec_pointer,
            expected=why.expected,
            actual=why.actual,
        )
    for reliance in _first_each(found.walk.undeclared):
        shown = ", ".join(reliance.declared[:20]) or "none"
        yield ctx.finding(
            "response.body.incompatible",
            f"the consumer relies on field '{reliance.name}', which the spec does not declare: "
            "the provider never promised it",
            pact=ctx.body_pointer(body, reliance.instance_pointer),
            spec=reliance.spec_pointer,
            expected=f"declared fields: {shown}",
            actual=f"{reliance.name}: {describe(reliance.value)}",
        )


@check_rule(
    "response.field.optional",
    severity=W,
    summary="The consumer relies on a response field the spec marks optional",
    pactflow=False,
)
def response_field_optional(ctx: InteractionContext) -> Iterator[Finding]:
    """A field of the expected response body is declared but not ``required``: the
    provider may leave it out, and a consumer that needs it breaks. specgen's own code
    (PactFlow's comparator accepts optional fields silently). Reported once per field of
    the schema, at its first place in the body."""
    found = response_check(ctx) if _response_body_ready(ctx) else None
    if found is None:
        return
    for reliance in _first_each(found.walk.optional):
        yield ctx.finding(
            "response.field.optional",
            f"the consumer relies on field '{reliance.name}', which the spec marks optional: "
            "the provider may leave it out",
            pact=ctx.body_pointer(ctx.response.body, reliance.instance_pointer),
            spec=reliance.spec_pointer,
            expected="a required field",
            actual=f"{reliance.name}: {describe(reliance.value)}",
        )


def _first_each(items: list[Any]) -> list[Any]:
    seen: set[tuple[str | None, str]] = set()
    out = []
    for item in items:
        key = (item.spec_pointer, item.name)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


@check_rule(
    "response.body.unknown",
    severity=E,
    summary="The consumer expects a response body the spec gives no schema for",
    pactflow=True,
)
def response_body_unknown(ctx: InteractionContext) -> Iterator[Finding]:
    """The consumer expects a body, but the matched response declares no content (or no
    schema for the media type chosen): the provider never promised one."""
    response = ctx.spec_response
    if response is None or ctx.response_media.incompatible or not ctx.response.body.is_present:
        return
    media = ctx.response_media.chosen
    if not _no_schema(media):
        return
    yield ctx.finding(
        "response.body.unknown",
        f"the consumer expects a body, the {response.status} response documents none",
        pact=ctx.body_pointer(ctx.response.body),
        spec=(media.pointer if media else response.pointer),
        expected="no body",
        actual=describe(ctx.response.body.content),
    )


@check_rule(
    "response.body.unvalidatable",
    severity=W,
    summary="The response body's media type is not one specgen validates",
    pactflow=True,
)
def response_body_unvalidatable(ctx: InteractionContext) -> Iterator[Finding]:
    """The expected response body is of a media type whose content cannot be validated
    against a schema (anything but JSON and forms): it is not checked."""
    media = ctx.response_media.chosen
    if not _response_body_ready(ctx) or media is None or not ctx.response.body.is_present:
        return
    if is_validatable(media.media_type):
        return
    yield ctx.finding(
        "response.body.unvalidatable",
        f"a '{media.media_type}' response body is not validated",
        pact=ctx.body_pointer(ctx.response.body),
        spec=media.pointer,
        actual=media.media_type,
    )
