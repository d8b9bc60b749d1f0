"""How cross-check rules register: into ``specgen.rules.RULES`` (category ``check``), each
function under its code, tagged with its scope so the engine knows when to call it.

Scopes: ``interaction`` rules take an ``InteractionContext`` and run once per HTTP
interaction; ``message`` rules take a ``MessageContext``; ``pair`` rules report on a whole
consumer/provider pair (a pact without a spec, a spec without pacts) and are called by
``specgen.check.matrix``; ``spec`` rules report on a spec once, whatever the pacts. The
engine reads the registry; no second list exists.

``pactflow=True`` marks PactFlow's own codes (OPC and SMV): the differential test compares
specgen with OPC on exactly those.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from specgen.findings import Finding, Severity
from specgen.rules import RULES

F = TypeVar("F", bound=Callable[..., Iterable[Finding]])
SCOPES = ("interaction", "message", "pair", "spec")


def check_rule(
    code: str, *, severity: Severity, summary: str, scope: str = "interaction", pactflow: bool
) -> Callable[[F], F]:
    """Register the decorated function as check rule ``code`` (doc: its docstring)."""
    if scope not in SCOPES:
        raise ValueError(f"unknown check rule scope {scope!r}")

    def decorate(func: F) -> F:
        func_any: Any = func
        func_any.check_scope = scope
        func_any.pactflow = pactflow
        RULES.register(code, severity=severity, summary=summary, category="check")(func)
        return func

    return decorate


def rules_for(scope: str) -> tuple[Callable[..., Iterable[Finding]], ...]:
    """The registered functions of ``scope``, in code order."""
    return tuple(
        rule.func  # type: ignore[misc]
        for rule in RULES.all()
        if rule.category == "check" and getattr(rule.func, "check_scope", None) == scope
    )


def pactflow_codes() -> frozenset[str]:
    """The codes specgen shares with PactFlow's comparators."""
    return frozenset(
        rule.code
        for rule in RULES.all()
        if rule.category == "check" and getattr(rule.func, "pactflow", False)
    )
