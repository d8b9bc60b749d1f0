"""Request rules: headers, content negotiation, query and cookie parameters.

As in PactFlow's tools, parameter values and unknown names are checked only when the
consumer expects success (status < 400): a pact may send a bad request on purpose to see
the error. ``Accept`` and ``Content-Type`` are checked always.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from specgen.check.context import InteractionContext
from specgen.check.media import find_matching_type
from specgen.check.parameters import (
    STANDARD_REQUEST_HEADERS,
    cookie_map,
    parameter_findings,
    query_map,
    security_names,
)
from specgen.check.registry import check_rule
from specgen.findings import Finding, Severity
from specgen.spec.model import ParameterLocation

E, W = Severity.ERROR, Severity.WARNING


def _headers(ctx: InteractionContext) -> tuple[list[Finding], set[str]]:
    return ctx.memo(
        "headers",
        lambda: parameter_findings(
            ctx,
            ParameterLocation.HEADER,
            {name: ctx.request.headers[name] for name in ctx.request.headers},
            "request.header.incompatible",
            lambda key: (
                ctx.header_pointer("request", key)
                if key
                else ctx.pact_pointer("request", "headers")
            ),
        ),
    )


def _query(ctx: InteractionContext) -> tuple[list[Finding], set[str]]:
    return ctx.memo(
        "query",
        lambda: parameter_findings(
            ctx,
            ParameterLocation.QUERY,
            query_map(ctx),
            "request.query.incompatible",
            lambda key: ctx.query_pointer(key) if key else ctx.pact_pointer("request", "query"),
        ),
    )


def _cookies(ctx: InteractionContext) -> tuple[list[Finding], set[str]]:
    return ctx.memo(
        "cookies",
        lambda: parameter_findings(
            ctx,
            ParameterLocation.COOKIE,
            cookie_map(ctx),
            "request.cookie.incompatible",
            lambda _key: ctx.header_pointer("request", "cookie"),
        ),
    )


def _undeclared(
    ctx: InteractionContext,
    code: str,
    what: str,
    names: Iterable[str],
    pointer: Callable[[str], str],
) -> Iterator[Finding]:
    """A ``code`` finding for each of ``names``: sent, but not declared for the operation."""
    spec = ctx.operation.pointer if ctx.operation else None
    for name in names:
        yield ctx.finding(
            code,
            f"{what} '{name}' is not declared for the operation",
            pact=pointer(name),
            spec=spec,
            actual=name,
        )


@check_rule(
    "request.header.incompatible",
    severity=E,
    summary="A request header does not fit its parameter schema, or a required one is missing",
    pactflow=True,
)
def header_incompatible(ctx: InteractionContext) -> Iterator[Finding]:
    """A declared header parameter's value fails its schema (read with ``simple`` style:
    ``a,b`` is an array, ``k=v,k2=v2`` an exploded object), or a required header is absent."""
    yield from _headers(ctx)[0]


@check_rule(
    "request.header.unknown",
    severity=W,
    summary="The request sends a header the operation does not declare",
    pactflow=True,
)
def header_unknown(ctx: InteractionContext) -> Iterator[Finding]:
    """A request header that is neither a declared parameter, nor a standard HTTP request
    header (``Accept``, ``Authorization``, ``Cookie``, ``User-Agent``... PactFlow's list of
    33), nor the header of an API key scheme. The provider may ignore it or reject it."""
    if ctx.operation is None or not ctx.valid_request:
        return
    known = _headers(ctx)[1] | STANDARD_REQUEST_HEADERS | security_names(ctx, "header")
    sent = [name for name in ctx.request.headers if name.lower() not in known]
    yield from _undeclared(
        ctx,
        "request.header.unknown",
        "request header",
        sent,
        lambda name: ctx.header_pointer("request", name),
    )


@check_rule(
    "request.query.incompatible",
    severity=E,
    summary="A query parameter does not fit its schema, or a required one is missing",
    pactflow=True,
)
def query_incompatible(ctx: InteractionContext) -> Iterator[Finding]:
    """A declared query parameter's value fails its schema, or a required one is absent.

    Values are read with the parameter's ``style`` and ``explode``: ``form`` (repeated keys
    or ``a,b``), ``spaceDelimited``, ``pipeDelimited``, ``deepObject`` (``filter[color]=red``)
    and exploded objects (their properties as separate keys). PactFlow's comparator ignores
    ``style`` and splits arrays on commas only, so it rejects ``ids=1|2`` for a
    ``pipeDelimited`` integer array (a deliberate difference)."""
    yield from _query(ctx)[0]


@check_rule(
    "request.query.unknown",
    severity=W,
    summary="The request sends a query parameter the operation does not declare",
    pactflow=True,
)
def query_unknown(ctx: InteractionContext) -> Iterator[Finding]:
    """A query parameter that is neither declared nor an API key scheme's query name."""
    if ctx.operation is None or not ctx.valid_request:
        return
    known = _query(ctx)[1] | security_names(ctx, "query")
    sent = [name for name in ctx.request.query if name not in known]
    yield from _undeclared(ctx, "request.query.unknown", "query parameter", sent, ctx.query_pointer)


@check_rule(
    "request.cookie.incompatible",
    severity=E,
    summary="A cookie parameter does not fit its schema, or a required one is missing",
    pactflow=False,
)
def cookie_incompatible(ctx: InteractionContext) -> Iterator[Finding]:
    """A declared ``in: cookie`` parameter's value (from the pact's ``Cookie`` header) fails
    its schema, or a required cookie is absent. specgen's own code: PactFlow's tools do
    not check cookies at all."""
    yield from _cookies(ctx)[0]


@check_rule(
    "request.cookie.unknown",
    severity=W,
    summary="The request sends a cookie the operation does not declare",
    pactflow=False,
)
def cookie_unknown(ctx: InteractionContext) -> Iterator[Finding]:
    """A cookie in the pact's ``Cookie`` header that is neither a declared cookie parameter
    nor an API key scheme's cookie. specgen's own code."""
    if ctx.operation is None or not ctx.valid_request:
        return
    known = _cookies(ctx)[1] | security_names(ctx, "cookie")
    sent = [name for name in cookie_map(ctx) if name not in known]
    yield from _undeclared(
        ctx,
        "request.cookie.unknown",
        "cookie",
        sent,
        lambda _name: ctx.header_pointer("request", "cookie"),
    )


@check_rule(
    "request.accept.incompatible",
    severity=E,
    summary="The request's Accept header matches none of the operation's response media types",
    pactflow=True,
)
def accept_incompatible(ctx: InteractionContext) -> Iterator[Finding]:
    """The consumer asks (``Accept``) only for media types the operation never produces.
    Checked when the response the pact expects declares content; matching is PactFlow's:
    exact, without parameters, ignoring ``+suffix`` vendor types, then wildcards."""
    op, accept = ctx.operation, ctx.request.headers.first("accept")
    response = ctx.spec_response
    if op is None or not accept or response is None or not response.content:
        return
    produced = op.response_media_types()
    if ctx.memo("accept", lambda: _matches(accept, produced)):
        return
    yield ctx.finding(
        "request.accept.incompatible",
        f"Accept '{accept}' matches none of the media types the operation produces",
        pact=ctx.header_pointer("request", "accept"),
        spec=response.pointer,
        expected=", ".join(produced),
        actual=accept,
    )


def _matches(accept: str, produced: tuple[str, ...]) -> bool:
    return find_matching_type(accept, produced) is not None


@check_rule(
    "request.accept.unknown",
    severity=W,
    summary="The request sends Accept but the operation declares no response media types",
    pactflow=True,
)
def accept_unknown(ctx: InteractionContext) -> Iterator[Finding]:
    """``Accept`` is sent, but no response of the operation declares content."""
    op, accept = ctx.operation, ctx.request.headers.first("accept")
    if op is None or not accept or op.response_media_types():
        return
    yield ctx.finding(
        "request.accept.unknown",
        "the request sends Accept but the operation declares no response media types",
        pact=ctx.header_pointer("request", "accept"),
        spec=op.pointer,
        actual=accept,
    )


@check_rule(
    "request.content-type.incompatible",
    severity=E,
    summary="The request's Content-Type is none of the media types the operation consumes",
    pactflow=True,
)
def content_type_incompatible(ctx: InteractionContext) -> Iterator[Finding]:
    """The request body's ``Content-Type`` matches no ``requestBody.content`` media type
    (Swagger 2.0: ``consumes``). The body is then not checked against any schema."""
    choice = ctx.request_media
    if ctx.operation is None or not choice.incompatible:
        return
    body = ctx.operation.request_body
    yield ctx.finding(
        "request.content-type.incompatible",
        f"Content-Type '{choice.header}' is not a media type the operation consumes",
        pact=ctx.header_pointer("request", "content-type"),
        spec=body.pointer if body else ctx.operation.pointer,
        expected=", ".join(m.media_type for m in choice.declared),
        actual=choice.header,
    )


@check_rule(
    "request.content-type.unknown",
    severity=W,
    summary="The request sends Content-Type but the operation takes no request body",
    pactflow=True,
)
def content_type_unknown(ctx: InteractionContext) -> Iterator[Finding]:
    """``Content-Type`` is sent but the operation declares no request body media types."""
    choice = ctx.request_media
    if ctx.operation is None or not choice.header or choice.declared:
        return
    yield ctx.finding(
        "request.content-type.unknown",
        "the request sends Content-Type but the operation declares no request body",
        pact=ctx.header_pointer("request", "content-type"),
        spec=ctx.operation.pointer,
        actual=choice.header,
    )


@check_rule(
    "request.content-type.missing",
    severity=W,
    summary="The request has a body but no Content-Type",
    pactflow=True,
)
def content_type_missing(ctx: InteractionContext) -> Iterator[Finding]:
    """The request carries a body without ``Content-Type`` while the operation consumes
    media types. The body is checked as ``application/json`` (or the first declared type)."""
    choice = ctx.request_media
    if ctx.operation is None or choice.header or not choice.declared:
        return
    if not ctx.request.body.is_present:
        return
    yield ctx.finding(
        "request.content-type.missing",
        "the request has a body but no Content-Type header",
        pact=ctx.pact_pointer("request", "headers"),
        spec=ctx.operation.request_body.pointer if ctx.operation.request_body else None,
        expected=", ".join(m.media_type for m in choice.declared),
        actual="absent",
    )
