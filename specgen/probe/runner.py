"""One fuzz run, start to end: open the target, explore with the chosen engine, run the
resource flows, shrink and describe the findings."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from specgen.errors import UsageError
from specgen.findings import Finding
from specgen.probe import engine_atheris, engine_hypothesis, flows
from specgen.probe.checks import Check
from specgen.probe.credentials import Credentials
from specgen.probe.events import Handler, Note, OperationSummary, RunFinished, RunStarted, ignore
from specgen.probe.messages import Draft
from specgen.probe.pacts import pact_seeds
from specgen.probe.results import Context, build
from specgen.probe.session import FuzzOptions, Session
from specgen.probe.strategies import Generator
from specgen.probe.targets import Target, open_transport
from specgen.spec.api import API
from specgen.spec.model import Operation

ENGINES = ("hypothesis", "atheris")
#: Share of the time budget the engine gets when resource flows run after it.
ENGINE_SHARE = 0.85


@dataclass(slots=True)
class FuzzResult:
    """Findings, reproducer files (name -> text) and run totals."""

    findings: list[Finding]
    files: dict[str, str] = field(default_factory=dict)
    sent: int = 0
    seconds: float = 0.0
    first_finding_after: float | None = None
    operations: list[str] = field(default_factory=list)
    summaries: tuple[OperationSummary, ...] = ()


def fuzz(
    api: API,
    target: Target,
    operations: Sequence[Operation],
    *,
    spec: str,
    checks: dict[str, Check],
    options: FuzzOptions | None = None,
    credentials: Credentials | None = None,
    emit: Handler = ignore,
) -> FuzzResult:
    """Fuzz ``operations`` of ``api`` at ``target``; findings are deduplicated, shrunk and
    redacted."""
    options = options or FuzzOptions()
    credentials = credentials or Credentials()
    if options.engine not in ENGINES:
        raise UsageError(f"unknown engine {options.engine!r} (choose from {', '.join(ENGINES)})")
    if options.engine == "atheris" and target.app_ref is None:
        raise UsageError("--engine atheris needs --app: coverage comes from the app's own code")
    seeds: dict[str, list[Draft]] = pact_seeds(api, options.pacts) if options.pacts else {}
    transport = open_transport(target, rate_limit=options.rate_limit, timeout=options.timeout)
    started = time.monotonic()
    try:
        generator = Generator(
            api, target.base_path, credentials=credentials.per_operation(api, operations)
        )
        session = Session(api, target, transport, generator, checks, options, emit)
        emit(
            RunStarted(
                options.engine,
                target.label,
                tuple(op.label for op in operations),
                options.seed,
                options.max_examples,
                options.time_budget,
            )
        )
        _explore(session, operations, seeds)
        shown = credentials.display().per_operation(api, operations)
        display = Generator(api, target.base_path, credentials=shown)
        context = Context(spec, credentials, credentials.redactor(), options.engine, display)
        built = build(session, context)
    finally:
        transport.close()
    seconds = time.monotonic() - started
    summaries = tuple(
        OperationSummary(
            op.label,
            sum(session.statuses.get(op.key, {}).values()),
            dict(sorted(session.statuses.get(op.key, {}).items())),
            sum(1 for f in built.findings if f.location.operation == op.label),
        )
        for op in operations
    )
    if session.unsendable:
        emit(Note("info", f"{session.unsendable} generated requests could not be encoded"))
    first = session.collector.first_after
    emit(RunFinished(tuple(built.findings), session.sent, seconds, first, summaries))
    return FuzzResult(
        built.findings,
        built.files,
        session.sent,
        seconds,
        first,
        [op.label for op in operations],
        summaries,
    )


def _explore(
    session: Session, operations: Sequence[Operation], seeds: dict[str, list[Draft]]
) -> None:
    options = session.options
    has_flows = options.flows and bool(flows.resource_flows(operations))
    if options.engine == "atheris":
        engine_atheris.run(session, operations, seeds)
        return
    budget = options.time_budget
    if has_flows and budget is not None:
        engine_session = replace(options, time_budget=budget * ENGINE_SHARE)
        session.options = engine_session
        engine_hypothesis.run(session, operations, seeds)
        session.options = options
    else:
        engine_hypothesis.run(session, operations, seeds)
    if has_flows:
        flows.run(session, operations)
