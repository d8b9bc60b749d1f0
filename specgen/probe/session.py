"""The state one fuzz run shares between its engines: API, generator, transport, checks,
collector, budget and counters. ``Session.probe`` is the one place a draft becomes a
request, a response and check verdicts."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from specgen.errors import UsageError
from specgen.probe.checks import Check, run_checks
from specgen.probe.dedupe import Collector
from specgen.probe.events import FailureFound, Handler, RequestSent
from specgen.probe.exchange import Exchange, Failure
from specgen.probe.messages import Draft, ProbeRequest, ProbeResponse
from specgen.probe.strategies import Generator
from specgen.probe.targets import Target
from specgen.probe.transports import Transport, TransportError
from specgen.spec.api import API
from specgen.spec.model import Operation

#: Consecutive requests without an answer after which the run stops.
MAX_SILENCE = 10


@dataclass(frozen=True, slots=True)
class FuzzOptions:
    """How to fuzz. ``max_examples`` is per operation and generation mode."""

    engine: str = "hypothesis"
    max_examples: int = 100
    time_budget: float | None = None
    seed: int = 0
    modes: tuple[str, ...] = ("positive", "negative")
    examples: bool = True
    coverage: bool = True
    flows: bool = True
    max_response_time: float | None = None
    shrink_budget: int = 100
    corpus: Path | None = None
    pacts: Path | None = None
    workers: int = 1
    rate_limit: float | None = None
    timeout: float = 30.0


@dataclass(slots=True)
class Session:
    """One run in progress."""

    api: API
    target: Target
    transport: Transport
    generator: Generator
    checks: dict[str, Check]
    options: FuzzOptions
    emit: Handler
    collector: Collector = field(default_factory=Collector)
    started: float = field(default_factory=time.monotonic)
    deadline: float | None = None
    sent: int = 0
    unsendable: int = 0
    statuses: dict[str, Counter[int]] = field(default_factory=dict)
    _silent: int = 0

    def __post_init__(self) -> None:
        if self.options.time_budget is not None:
            self.deadline = self.started + self.options.time_budget

    def expired(self, deadline: float | None = None) -> bool:
        """Whether the run's (or the given) deadline has passed."""
        limit = deadline if deadline is not None else self.deadline
        return limit is not None and time.monotonic() >= limit

    def _exchange(
        self,
        op: Operation,
        draft: Draft,
        request: ProbeRequest,
        response: ProbeResponse,
        *,
        after_delete: bool = False,
    ) -> Exchange:
        return Exchange(
            self.api,
            op,
            draft,
            request,
            response,
            self.target.base_path,
            self.options.max_response_time,
            after_delete,
        )

    def probe(
        self,
        op: Operation,
        draft: Draft,
        *,
        after_delete: bool = False,
        flow: object = None,
        found_after: float | None = None,
    ) -> Exchange | None:
        """Send ``draft``, check the response, record failures; None if it could not be
        sent (a draft requests cannot encode, or no answer). ``found_after`` dates the
        failures (for ones a fuzzer process found earlier)."""
        try:
            request = self.generator.render(draft)
        except Exception:  # e.g. a negative header value no HTTP library will send
            self.unsendable += 1
            return None
        try:
            response = self.transport.send(request)
        except TransportError as exc:
            self._silent += 1
            if self._silent >= MAX_SILENCE:
                raise UsageError(f"the provider stopped answering: {exc}") from None
            return None
        self._silent = 0
        self.sent += 1
        self.statuses.setdefault(op.key, Counter())[response.status] += 1
        ex = self._exchange(op, draft, request, response, after_delete=after_delete)
        failures = run_checks(ex, self.checks)
        new = set(self.collector.add(ex, failures, flow, found_after))
        self.emit(RequestSent(op.label, response.status, self.sent))
        for failure in failures:
            key = (op.key, failure.code, failure.cause)
            elapsed = time.monotonic() - self.started if found_after is None else found_after
            self.emit(FailureFound(op.label, failure.code, failure.cause, key in new, elapsed))
        return ex

    def recheck(
        self, op: Operation, draft: Draft, code: str, cause: str, *, keep_valid: bool = False
    ) -> Failure | None:
        """The failure of ``code`` with ``cause`` that ``draft`` still shows, or None
        (also None when ``keep_valid`` and the request breaks the spec)."""
        try:
            request = self.generator.render(draft)
            response = self.transport.send(request)
        except Exception:
            return None
        ex = self._exchange(op, draft, request, response)
        check = self.checks.get(code)
        if check is None or (keep_valid and ex.request_problems):
            return None
        found = [f for f in check(ex) if f.cause == cause]
        return found[0] if found else None
