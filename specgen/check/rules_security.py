"""Security: does the request carry the credentials the operation requires?

A ``security`` list is a choice of requirements; each requirement needs *all* its schemes
(OpenAPI's rule). PactFlow's comparator accepts any single scheme of any requirement, does
not look at cookie API keys, and takes OAuth2 and OpenID Connect as always met; specgen
checks each of these (deliberate differences).
"""

from __future__ import annotations

from collections.abc import Iterator

from specgen.check.context import InteractionContext
from specgen.check.parameters import cookie_map
from specgen.check.registry import check_rule
from specgen.findings import Finding, Severity
from specgen.spec import pointer as jp
from specgen.spec.model import SecurityRequirement, SecurityScheme


def _missing(ctx: InteractionContext, scheme: SecurityScheme) -> str | None:
    """What the request lacks for ``scheme`` (None: nothing, or nothing checkable)."""
    kind = scheme.type.lower()
    headers = ctx.request.headers
    if kind == "apikey":
        name = scheme.parameter_name or ""
        where = (scheme.location or "").lower()
        if where == "header" and name not in headers:
            return f"header '{name}'"
        if where == "query" and name not in ctx.request.query:
            return f"query parameter '{name}'"
        if where == "cookie" and name not in cookie_map(ctx):
            return f"cookie '{name}'"
        return None
    authorization = headers.first("authorization") or ""
    if kind == "http":
        wanted = (scheme.scheme or "").lower()
        if not authorization.lower().startswith(wanted + " "):
            return f"'Authorization: {scheme.scheme} ...' header"
        return None
    if kind in ("oauth2", "openidconnect") and not authorization:
        return "'Authorization' header with an access token"
    return None  # mutualTLS happens below HTTP: nothing in a pact shows it


def _requirement(ctx: InteractionContext, requirement: SecurityRequirement) -> list[str]:
    missing: list[str] = []
    for name, _scopes in requirement.schemes:
        scheme = ctx.api.security_schemes.get(name)
        if scheme is not None:
            lack = _missing(ctx, scheme)
            if lack:
                missing.append(f"{name}: {lack}")
    return missing


@check_rule(
    "request.authorization.missing",
    severity=Severity.ERROR,
    summary="The request does not carry the credentials the operation's security requires",
    pactflow=True,
)
def authorization_missing(ctx: InteractionContext) -> Iterator[Finding]:
    """No security requirement of the operation is met: every scheme of one requirement
    must be present (API key in a header, query parameter or cookie; ``Authorization:
    Basic``/``Bearer``/other HTTP scheme; an ``Authorization`` header for OAuth2 and OpenID
    Connect). An empty requirement (``{}``) makes security optional. Checked only when the
    consumer expects success (status < 400).

    Deliberate differences from PactFlow's comparator, which accepts any one scheme of any
    requirement, ignores cookie API keys and assumes OAuth2/OpenID Connect are met."""
    op = ctx.operation
    if op is None or not op.security or not ctx.valid_request:
        return
    lacking: list[str] = []
    for requirement in op.security:
        missing = _requirement(ctx, requirement)
        if not missing:
            return
        lacking.append(" and ".join(missing))
    alternatives = [
        " + ".join(name for name, _ in requirement.schemes) for requirement in op.security
    ]
    yield ctx.finding(
        "request.authorization.missing",
        "the request meets none of the operation's security requirements: it lacks "
        + "; or ".join(lacking),
        pact=ctx.pact_pointer("request", "headers"),
        spec=op.pointer + "/security" if "security" in _raw(ctx) else "/security",
        expected=" or ".join(alternatives),
        actual="no matching credentials",
    )


def _raw(ctx: InteractionContext) -> dict[str, object]:
    op = ctx.operation
    try:
        node = jp.resolve(ctx.api.document, op.pointer) if op else {}
    except (LookupError, ValueError):
        return {}
    return node if isinstance(node, dict) else {}
