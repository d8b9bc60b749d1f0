"""Rules about where an interaction goes: is there an operation for it, do its path
parameters fit, and the interactions and specs that cannot be checked at all."""

from __future__ import annotations

from collections.abc import Iterator

from specgen.check.context import InteractionContext, MessageContext
from specgen.check.explain import describe, explain
from specgen.check.params import path_value, typing_for
from specgen.check.registry import check_rule
from specgen.errors import SpecError
from specgen.findings import Finding, Severity
from specgen.schema import Direction, violations
from specgen.spec.model import ParameterLocation

E, W = Severity.ERROR, Severity.WARNING


@check_rule(
    "request.path-or-method.unknown",
    severity=E,
    summary="No operation serves the request's method and path, or a path parameter "
    "does not fit its schema",
    pactflow=True,
)
def path_or_method_unknown(ctx: InteractionContext) -> Iterator[Finding]:
    """The consumer calls a method and path the spec does not declare, so the provider
    does not promise to serve it. Reported as well when a path parameter does not fit its
    schema (``/items/42`` where the id is a UUID), as PactFlow does.

    Server base paths count: with ``servers: [{url: https://x.example/api/v1}]`` both
    ``/api/v1/users/1`` and ``/users/1`` reach ``/users/{id}``. PactFlow's comparator ignores
    OAS 3 ``servers`` and rejects the first (a deliberate difference). Path parameters are
    read with their ``style`` (``simple``, ``label``, ``matrix``) and ``explode``. Unlike
    PactFlow, a bad path parameter does not end the check of the interaction: the
    operation is known, so the rest is still checked."""
    req = ctx.request
    where = ctx.pact_pointer("request", "path")
    if ctx.match is None:
        others = ctx.api.operations_at(req.path) if "?" not in req.path else ()
        if "?" in req.path:
            why = "the path contains '?': a pact carries its query in 'query', not in 'path'"
        elif others:
            why = f"the path exists, but not for {req.method}"
        else:
            why = "no path of the spec matches it"
        yield ctx.finding(
            "request.path-or-method.unknown",
            f"no operation for {req.method} {req.path}: {why}",
            pact=where,
            spec="/paths",
            expected=", ".join(op.key for op in others) or "a method and path the spec declares",
            actual=f"{req.method} {req.path}",
        )
        return
    op = ctx.match.operation
    for param in op.parameters:
        text = ctx.match.path_params.get(param.name)
        if param.location is not ParameterLocation.PATH or text is None or not param.schema:
            continue
        typing = typing_for(ctx.api, param.schema)
        value = path_value(param, text, typing)
        for violation in violations(ctx.api, param.schema, value, Direction.REQUEST):
            explained = explain(ctx.api, violation, value)
            yield ctx.finding(
                "request.path-or-method.unknown",
                f"path parameter '{param.name}' does not fit its schema: {explained.message}",
                pact=where,
                spec=explained.spec_pointer,
                expected=explained.expected,
                actual=describe(text),
            )


@check_rule(
    "spec.schema.unusable",
    severity=E,
    summary="A schema needed to check the interaction cannot be used",
    pactflow=False,
)
def schema_unusable(ctx: InteractionContext) -> Iterator[Finding]:
    """A schema the interaction must be checked against cannot be converted (a broken
    ``$ref``, a keyword of the wrong kind): the interaction is not fully checked. specgen's
    own code; the engine reports it in place of the rule that needed the schema."""
    return iter(())


def unusable(ctx: InteractionContext, error: SpecError, rule: str) -> Finding:
    """The ``spec.schema.unusable`` finding for ``error`` raised while running ``rule``."""
    return ctx.finding(
        "spec.schema.unusable",
        f"{rule} could not run: {error.message}",
        pact=ctx.interaction.pointer,
        spec=None,
        details={"spec_location": error.location or "", "rule": rule},
    )


@check_rule(
    "message.spec.missing",
    severity=W,
    summary="A message interaction is not checked: an OpenAPI spec describes no messages",
    scope="message",
    pactflow=True,
)
def message_not_checked(ctx: MessageContext) -> Iterator[Finding]:
    """A v3 message pact's messages and v4 ``Asynchronous/Messages`` and
    ``Synchronous/Messages`` interactions (and plugin types) are not HTTP, so no OpenAPI
    spec can check them. Each is reported, never silently dropped. PactFlow's comparator
    uses this code, as an error, when it is asked to compare messages without an AsyncAPI
    document; given only an OpenAPI document it skips them without a word."""
    yield ctx.finding(
        "message.spec.missing",
        f"{ctx.interaction.type} interaction '{ctx.interaction.description}' not checked: "
        "an OpenAPI spec describes HTTP only",
    )
