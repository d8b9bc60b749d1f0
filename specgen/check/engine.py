"""Running the rules: every rule of the registry on every interaction of a pact.

Rules are pure functions of an ``InteractionContext``; the context computes what several
rules share (route, negotiation, the response body walk) once. A rule that meets a schema
it cannot use yields a located ``spec.schema.unusable`` finding in place of its own, and the
other rules still run: one broken schema is one finding, not a failed run.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass

from specgen.check.context import InteractionContext, MessageContext
from specgen.check.registry import rules_for
from specgen.errors import SpecError
from specgen.findings import Finding, sort_findings
from specgen.pact.model import HttpInteraction, Pact
from specgen.rules import RULE_MODULES
from specgen.spec.api import API

#: The modules whose import registers the check rules: ``RULE_MODULES``' check part.
CHECK_RULE_MODULES = tuple(m for m in RULE_MODULES if m.startswith("specgen.check."))

for _name in CHECK_RULE_MODULES:
    importlib.import_module(_name)


@dataclass(frozen=True, slots=True)
class PactResult:
    """The findings for one pact against one spec, and what was checked."""

    pact: Pact
    findings: tuple[Finding, ...]
    checked: tuple[str, ...]  # operation labels of the HTTP interactions checked
    not_checked: int  # message interactions

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for f in self.findings if f.severity == "error")


def check_interaction(
    api: API, pact: Pact, interaction: HttpInteraction, index: int
) -> list[Finding]:
    """Every finding for one HTTP interaction of ``pact`` against ``api``."""
    return _run(InteractionContext(api, pact, interaction, index))


def _run(ctx: InteractionContext) -> list[Finding]:
    from specgen.check.rules_route import unusable

    found: list[Finding] = []
    broken: set[str] = set()
    for rule in rules_for("interaction"):
        try:
            found.extend(rule(ctx))
        except SpecError as error:
            if str(error) not in broken:  # one schema, one finding, whichever rule met it
                broken.add(str(error))
                found.append(unusable(ctx, error, rule.__name__))
    return found


def check_spec(api: API, spec_file: str | None = None) -> list[Finding]:
    """The findings about a spec itself, whatever the pacts (operations it could not load)."""
    from specgen.check.rules_pair import PairContext

    ctx = PairContext(api, None, spec_file)
    return sort_findings(f for rule in rules_for("spec") for f in rule(ctx))


def check_pact(api: API, pact: Pact) -> PactResult:
    """Check ``pact`` against ``api``: every HTTP interaction by every rule, and every
    message interaction reported as not checked. Findings come sorted."""
    found: list[Finding] = []
    checked: list[str] = []
    messages = 0
    for index, interaction in enumerate(pact.interactions):
        if isinstance(interaction, HttpInteraction):
            ctx = InteractionContext(api, pact, interaction, index)
            found.extend(_run(ctx))
            op = ctx.operation
            checked.append(
                op.key if op else f"{interaction.request.method} {interaction.request.path}"
            )
        else:
            messages += 1
            message = MessageContext(pact, interaction, index)
            for rule in rules_for("message"):
                found.extend(rule(message))
    return PactResult(pact, tuple(sort_findings(found)), tuple(dict.fromkeys(checked)), messages)


def check_pacts(api: API, pacts: Iterable[Pact]) -> list[PactResult]:
    """``check_pact`` for each pact, in order (the API's compiled schemas are shared)."""
    return [check_pact(api, pact) for pact in pacts]
