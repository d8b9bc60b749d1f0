"""Rules about a consumer/provider pair as a whole: a pact with no spec to check it
against, a spec no pact uses, a spec with operations that could not be loaded."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from specgen.check.registry import check_rule
from specgen.findings import Finding, Location, Severity
from specgen.pact.model import Pact
from specgen.rules import RULES
from specgen.spec.api import API


@dataclass(frozen=True, slots=True)
class PairContext:
    """A pair: a spec and/or a pact (one of them may be missing), and their files."""

    api: API | None
    pact: Pact | None
    spec_file: str | None = None
    provider: str | None = None

    def finding(
        self, code: str, message: str, *, spec_pointer: str | None = None, operation: str | None
    ) -> Finding:
        """A finding of rule ``code`` about this pair."""
        return RULES.get(code).finding(
            message,
            location=Location(
                operation=operation,
                spec_pointer=spec_pointer,
                source_file=self.pact.file if self.pact else self.spec_file,
            ),
            details={"provider": self.provider} if self.provider else {},
        )


@check_rule(
    "request.spec.missing",
    severity=Severity.ERROR,
    summary="No spec was found for the provider of a pact",
    scope="pair",
    pactflow=True,
)
def spec_missing(ctx: PairContext) -> Iterator[Finding]:
    """``specgen matrix`` found no spec whose provider name (``x-pact-provider``,
    ``info.title`` or the ``--providers`` map) is the pact's provider: none of its HTTP
    interactions can be checked. PactFlow's comparator uses this code for an HTTP
    interaction compared without an OpenAPI document."""
    if ctx.api is not None or ctx.pact is None:
        return
    yield ctx.finding(
        "request.spec.missing",
        f"no spec for provider '{ctx.pact.provider}': the pact's "
        f"{len(ctx.pact.http_interactions)} HTTP interaction(s) are not checked",
        operation=f"{ctx.pact.consumer} -> {ctx.pact.provider}",
    )


@check_rule(
    "pact-broker.no-pacts-found",
    severity=Severity.WARNING,
    summary="No pact names the provider of a spec",
    scope="pair",
    pactflow=True,
)
def no_pacts(ctx: PairContext) -> Iterator[Finding]:
    """``specgen matrix`` found no pact for a provider it has a spec of: nothing tells
    whether a change to that spec breaks a consumer. (PactFlow's tools use this code when
    the broker returns no pacts for a provider.)"""
    if ctx.api is None or ctx.pact is not None:
        return
    yield ctx.finding(
        "pact-broker.no-pacts-found",
        f"no pact names provider '{ctx.provider}'",
        spec_pointer="/info",
        operation=f"(no consumer) -> {ctx.provider}",
    )


@check_rule(
    "spec.operation.unusable",
    severity=Severity.WARNING,
    summary="An operation of the spec could not be loaded, so no pact can be checked against it",
    scope="spec",
    pactflow=False,
)
def operation_unusable(ctx: PairContext) -> Iterator[Finding]:
    """The spec has a broken operation (a response status that is no status, a parameter
    without a name...). The loader keeps the rest of the spec; a pact calling the broken
    operation gets ``request.path-or-method.unknown``. Reported once per problem and spec."""
    if ctx.api is None:
        return
    for problem in ctx.api.problems:
        yield RULES.get("spec.operation.unusable").finding(
            f"the spec has a part specgen could not load: {problem.message}",
            location=Location(
                operation="(spec)", spec_pointer=problem.pointer, source_file=problem.file
            ),
        )
