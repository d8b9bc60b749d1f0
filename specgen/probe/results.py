"""From observed failures to findings: shrink each, describe it, write its reproducer.

Runs after exploration. Each deduplicated failure is shrunk, unless it came from a flow
(whose steps depend on each other); a failure found with a valid request is shrunk among
valid requests only, so a crash on valid input is not "simplified" into one on invalid
input. The minimal example is sent once more to describe it, and becomes a ``Finding`` with
the curl command and the reproducer's file name in its details. Curl commands are rendered
with placeholder credentials; every string value that leaves here has also gone through the
redactor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specgen.findings import Finding, Location
from specgen.probe.credentials import Credentials, Redactor
from specgen.probe.dedupe import Observed
from specgen.probe.events import Shrunk
from specgen.probe.exchange import Failure
from specgen.probe.flows import DeleteFlow
from specgen.probe.reproducers import curl_command, pytest_file, reproducer_name, shell_secrets
from specgen.probe.session import Session
from specgen.probe.shrink import shrink, size
from specgen.probe.strategies import Generator
from specgen.rules import RULES


@dataclass(frozen=True, slots=True)
class Context:
    """What findings and reproducers need to know about the run."""

    spec: str
    credentials: Credentials
    redactor: Redactor
    engine: str
    display: Generator


@dataclass(slots=True)
class Built:
    """Findings and reproducer files (relative name -> text)."""

    findings: list[Finding] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)


def _redact(value: Any, redact: Redactor) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _redact(item, redact) for key, item in value.items()}
    return value


def _redact_finding(finding: Finding, redact: Redactor) -> Finding:
    """The finding with secrets scrubbed from its string values (never its keys)."""
    if not redact:
        return finding
    return Finding.from_dict(_redact(finding.to_dict(), redact))


def _recorded_credentials(credentials: Credentials) -> dict[str, Any]:
    secret = {name for name, _ in credentials.secret_headers()}
    return {
        "auth_env": credentials.token_var,
        "headers": [[k, "" if k in secret else v] for k, v in credentials.headers],
        "secret_headers": sorted(secret),
    }


def spec_location(session: Session, pointer: str) -> str:
    """``pointer`` in the spec's own files: ``/paths/...`` in the main file, else
    ``FILE#/pointer`` (multi-file specs)."""
    main, _ = session.api.locate("")
    file, local = session.api.locate(pointer)
    return local if file == main else f"{file}#{local}"


def build(session: Session, ctx: Context) -> Built:
    """Findings (and reproducer files) for every observed failure of ``session``."""
    built = Built()
    counts: dict[tuple[str, str], int] = {}
    for observed in session.collector.observed.values():
        finding, name, text = _one(session, ctx, observed, counts)
        built.findings.append(_redact_finding(finding, ctx.redactor))
        built.files[name] = text
    return built


def _one(
    session: Session, ctx: Context, observed: Observed, counts: dict[tuple[str, str], int]
) -> tuple[Finding, str, str]:
    op_key, code, cause = observed.key
    op = session.api.operation(op_key)
    assert op is not None
    draft = observed.exchange.draft
    failure: Failure = observed.failure
    shrunk_note = "not shrunk (a multi-request flow)" if observed.flow else "already minimal"
    budget = session.options.shrink_budget
    if observed.flow is None and budget > 0:
        found: list[Failure] = []
        keep_valid = not observed.exchange.request_problems

        def still_fails(candidate: Any) -> bool:
            again = session.recheck(op, candidate, code, cause, keep_valid=keep_valid)
            if again is not None:
                found.append(again)
            return again is not None

        before = size(draft)
        draft, attempts = shrink(draft, still_fails, budget)
        if found:
            failure = found[-1]
        session.emit(Shrunk(op.label, code, attempts, before, size(draft)))
        if size(draft) < before:
            shrunk_note = f"from {before} to {size(draft)} bytes in {attempts} requests"
    request = session.generator.render(draft)
    base_url = session.target.url.rstrip("/") if session.target.url else None
    if base_url and session.target.base_path and base_url.endswith(session.target.base_path):
        base_url = base_url[: -len(session.target.base_path)]
    shown = ctx.display.render(draft)
    curl = shell_secrets(ctx.redactor(curl_command(shown, base_url)))
    index = counts[(op.label, code)] = counts.get((op.label, code), 0) + 1
    name = reproducer_name(op.label, code, index)
    flow = observed.flow.to_json() if isinstance(observed.flow, DeleteFlow) else None
    text = pytest_file(
        name=name,
        summary=f"{code} on {op.label} ({op.key})",
        curl=curl,
        spec=ctx.spec,
        target={
            "app": session.target.app_ref,
            "factory": session.target.factory,
            "url": session.target.url,
            "base_path": session.target.base_path,
        },
        credentials=_recorded_credentials(ctx.credentials),
        check=code,
        draft=draft.to_json(),
        flow=flow,
    )
    details = {
        "cause": cause,
        "request": f"{request.method} {request.target}"[:300],
        "curl": curl,
        "origin": f"{ctx.engine}/{draft.origin}",
        "seen": str(observed.count),
        "first_seen_after": f"{observed.after_seconds:.2f}s",
        "shrunk": shrunk_note,
        "reproducer": f"{name}.py",
    }
    finding = RULES.get(code).finding(
        failure.message,
        location=Location(
            operation=op.label, spec_pointer=spec_location(session, failure.pointer or op.pointer)
        ),
        expected=failure.expected,
        actual=failure.actual,
        details=details,
    )
    return finding, f"{name}.py", text
