"""What a fuzz run tells the world while it runs. Engines emit these; renderers (the console
progress, the CLI's summary) consume them. Nothing in the engines prints."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from specgen.findings import Finding


@dataclass(frozen=True, slots=True)
class RunStarted:
    """The run begins: which engine, target and operations."""

    engine: str
    target: str
    operations: tuple[str, ...]
    seed: int
    max_examples: int
    time_budget: float | None


@dataclass(frozen=True, slots=True)
class PhaseStarted:
    """An operation's phase begins (examples, pacts, positive, negative, flows, atheris)."""

    operation: str
    phase: str


@dataclass(frozen=True, slots=True)
class RequestSent:
    """One request went out and came back."""

    operation: str
    status: int
    sent: int


@dataclass(frozen=True, slots=True)
class FailureFound:
    """A check failed; ``new`` when its (operation, check, cause) was not seen before."""

    operation: str
    code: str
    cause: str
    new: bool
    after_seconds: float


@dataclass(frozen=True, slots=True)
class Shrunk:
    """A failing example was shrunk: sizes are of the draft as JSON."""

    operation: str
    code: str
    attempts: int
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class Note:
    """Something the user should know (an engine limit, a skipped phase)."""

    level: str
    text: str


@dataclass(frozen=True, slots=True)
class OperationSummary:
    """Per-operation totals once the run is over."""

    operation: str
    sent: int
    statuses: Mapping[int, int] = field(default_factory=dict)
    findings: int = 0


@dataclass(frozen=True, slots=True)
class RunFinished:
    """The run is over: its findings (deduplicated, shrunk, redacted) and totals."""

    findings: tuple[Finding, ...]
    sent: int
    seconds: float
    first_finding_after: float | None
    summaries: tuple[OperationSummary, ...] = ()


Event = RunStarted | PhaseStarted | RequestSent | FailureFound | Shrunk | Note | RunFinished
Handler = Callable[[Event], None]


def ignore(event: Event) -> None:
    """A handler that drops every event."""
