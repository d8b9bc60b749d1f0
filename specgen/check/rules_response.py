"""Response rules: the status, the content type and the headers the consumer relies on."""

from __future__ import annotations

from collections.abc import Iterator

from specgen.check.context import InteractionContext
from specgen.check.explain import describe, explain
from specgen.check.params import header_value, typing_for
from specgen.check.registry import check_rule
from specgen.findings import Finding, Severity
from specgen.schema import Direction, violations
from specgen.spec.model import Parameter, ParameterLocation

E, W = Severity.ERROR, Severity.WARNING

#: Response headers any HTTP server may send (PactFlow's list of 40): relying on one the
#: spec does not declare is a warning, not an error.
STANDARD_RESPONSE_HEADERS = frozenset(
    [
        "access-control-allow-origin",
        "accept-patch",
        "accept-ranges",
        "age",
        "allow",
        "alt-svc",
        "cache-control",
        "connection",
        "content-disposition",
        "content-encoding",
        "content-language",
        "content-length",
        "content-location",
        "content-md5",
        "content-range",
        "date",
        "etag",
        "expires",
        "last-modified",
        "link",
        "location",
        "p3p",
        "pragma",
        "proxy-authenticate",
        "public-key-pins",
        "refresh",
        "retry-after",
        "server",
        "set-cookie",
        "status",
        "strict-transport-security",
        "trailer",
        "transfer-encoding",
        "tsv",
        "upgrade",
        "vary",
        "via",
        "warning",
        "www-authenticate",
        "x-frame-options",
    ]
)


@check_rule(
    "response.status.unknown",
    severity=E,
    summary="The spec documents no response for the status the consumer expects",
    pactflow=True,
)
def status_unknown(ctx: InteractionContext) -> Iterator[Finding]:
    """The expected status matches no documented response: not the exact code, not its
    range (``2XX``) and there is no ``default``."""
    op = ctx.operation
    if op is None or ctx.spec_response is not None:
        return
    yield ctx.finding(
        "response.status.unknown",
        f"the operation documents no response for status {ctx.response.status}",
        pact=ctx.pact_pointer("response", "status"),
        spec=op.pointer + "/responses",
        expected=", ".join(op.statuses()),
        actual=str(ctx.response.status),
    )


@check_rule(
    "response.status.default",
    severity=W,
    summary="Only the 'default' response documents the status the consumer expects",
    pactflow=True,
)
def status_default(ctx: InteractionContext) -> Iterator[Finding]:
    """The expected status is covered by ``default`` alone: the spec says little about it.
    The location is the response that matched (``2XX`` or ``default``), not the pact's
    status as PactFlow reports it."""
    response = ctx.spec_response
    if response is None or not response.is_default:
        return
    yield ctx.finding(
        "response.status.default",
        f"status {ctx.response.status} is documented only by the 'default' response",
        pact=ctx.pact_pointer("response", "status"),
        spec=response.pointer,
        actual=str(ctx.response.status),
    )


@check_rule(
    "response.content-type.incompatible",
    severity=E,
    summary="The response's Content-Type is none of the documented response media types",
    pactflow=True,
)
def content_type_incompatible(ctx: InteractionContext) -> Iterator[Finding]:
    """The consumer expects a ``Content-Type`` the matched response does not declare. The
    body is then not checked against any schema."""
    choice, response = ctx.response_media, ctx.spec_response
    if response is None or not choice.incompatible:
        return
    yield ctx.finding(
        "response.content-type.incompatible",
        f"Content-Type '{choice.header}' is not a media type of the {response.status} response",
        pact=ctx.header_pointer("response", "content-type"),
        spec=response.pointer + "/content",
        expected=", ".join(m.media_type for m in choice.declared),
        actual=choice.header,
    )


@check_rule(
    "response.content-type.unknown",
    severity=W,
    summary="The response has a Content-Type but the documented response has no content",
    pactflow=True,
)
def content_type_unknown(ctx: InteractionContext) -> Iterator[Finding]:
    """The consumer expects a ``Content-Type`` while the matched response declares no
    content at all."""
    choice, response = ctx.response_media, ctx.spec_response
    header = ctx.response.headers.first("content-type")
    if response is None or not header or choice.declared:
        return
    yield ctx.finding(
        "response.content-type.unknown",
        f"the {response.status} response declares no content, the pact expects '{header}'",
        pact=ctx.header_pointer("response", "content-type"),
        spec=response.pointer,
        actual=header,
    )


def _as_parameter(name: str, pointer: str) -> Parameter:
    return Parameter(name, ParameterLocation.HEADER, False, None, "simple", False, pointer)


@check_rule(
    "response.header.incompatible",
    severity=E,
    summary="A response header value does not fit the documented header schema",
    pactflow=True,
)
def header_incompatible(ctx: InteractionContext) -> Iterator[Finding]:
    """The consumer expects a header value the documented header's schema forbids."""
    response = ctx.spec_response
    if response is None:
        return
    for header in response.headers:
        values = ctx.response.headers.get(header.name)
        if values is None or header.schema is None or header.name.lower() == "content-type":
            continue
        typing = typing_for(ctx.api, header.schema)
        value = header_value(_as_parameter(header.name, header.pointer), values, typing)
        for violation in violations(ctx.api, header.schema, value, Direction.REQUEST):
            why = explain(ctx.api, violation, value)
            yield ctx.finding(
                "response.header.incompatible",
                f"response header '{header.name}' does not fit its schema: {why.message}",
                pact=ctx.header_pointer("response", header.name),
                spec=why.spec_pointer,
                expected=why.expected,
                actual=describe(", ".join(values)),
            )


def _undeclared(ctx: InteractionContext) -> list[str]:
    response = ctx.spec_response
    if response is None:
        return []
    declared = {h.name.lower() for h in response.headers} | {"content-type"}
    return [name for name in ctx.response.headers if name.lower() not in declared]


@check_rule(
    "response.header.undefined",
    severity=W,
    summary="The consumer relies on a standard response header the spec does not declare",
    pactflow=True,
)
def header_undefined(ctx: InteractionContext) -> Iterator[Finding]:
    """A standard HTTP response header (``Location``, ``ETag``, ``Cache-Control``...) that
    the matched response does not declare: servers often send these, but this one is not
    promised."""
    response = ctx.spec_response
    for name in _undeclared(ctx):
        if name.lower() in STANDARD_RESPONSE_HEADERS and response is not None:
            yield ctx.finding(
                "response.header.undefined",
                f"the {response.status} response does not declare standard header '{name}'",
                pact=ctx.header_pointer("response", name),
                spec=response.pointer,
                actual=name,
            )


@check_rule(
    "response.header.unknown",
    severity=E,
    summary="The consumer relies on a response header the spec does not declare",
    pactflow=True,
)
def header_unknown(ctx: InteractionContext) -> Iterator[Finding]:
    """A non-standard response header the consumer expects but the matched response does
    not declare: the provider never promised to send it."""
    response = ctx.spec_response
    for name in _undeclared(ctx):
        if name.lower() not in STANDARD_RESPONSE_HEADERS and response is not None:
            yield ctx.finding(
                "response.header.unknown",
                f"the {response.status} response does not declare header '{name}'",
                pact=ctx.header_pointer("response", name),
                spec=response.pointer,
                expected=", ".join(h.name for h in response.headers) or "no headers",
                actual=name,
            )
