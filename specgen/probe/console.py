"""Console rendering of fuzz events: live progress on stderr (rich) and the per-operation
summary table. A renderer: it consumes events and never feeds anything back."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import IO

from rich.console import Console
from rich.status import Status
from rich.table import Table

from specgen.probe.events import (
    Event,
    FailureFound,
    Note,
    OperationSummary,
    PhaseStarted,
    RequestSent,
    RunFinished,
    RunStarted,
    Shrunk,
)
from specgen.report.text import safe_text
from specgen.report.words import counted


class Progress:
    """An event handler writing progress to ``stream`` (a spinner when it is a terminal)."""

    def __init__(self, stream: IO[str]) -> None:
        self.console = Console(file=stream, highlight=False, markup=False, emoji=False)
        self.status: Status | None = None
        self.phase = ""

    def __call__(self, event: Event) -> None:
        """Handle one event."""
        if isinstance(event, RunStarted):
            budget = f", budget {event.time_budget:g}s" if event.time_budget else ""
            operations = counted(len(event.operations), "operation")
            self.console.print(
                f"specgen fuzz: {event.engine} engine, {operations}, "
                f"{event.max_examples} examples per mode{budget}, seed {event.seed}, "
                f"target {safe_text(event.target)}"
            )
            if self.console.is_terminal:
                self.status = self.console.status("starting")
                self.status.start()
        elif isinstance(event, PhaseStarted):
            self.phase = f"{safe_text(event.operation)}: {event.phase}"
            self._update(self.phase)
        elif isinstance(event, RequestSent) and event.sent % 10 == 0:
            self._update(f"{self.phase} ({event.sent} requests)")
        elif isinstance(event, FailureFound) and event.new:
            self.console.print(
                f"  found {event.code} on {safe_text(event.operation)} "
                f"after {event.after_seconds:.1f}s"
            )
        elif isinstance(event, Shrunk):
            self._update(f"shrinking {event.code} on {safe_text(event.operation)}")
        elif isinstance(event, Note):
            self.console.print(f"  {event.level}: {safe_text(event.text)}")
        elif isinstance(event, RunFinished):
            if self.status is not None:
                self.status.stop()
            first = (
                f", first finding after {event.first_finding_after:.1f}s"
                if event.first_finding_after is not None
                else ""
            )
            self.console.print(
                f"done: {event.sent} requests in {event.seconds:.1f}s, "
                f"{len(event.findings)} findings{first}"
            )

    def _update(self, text: str) -> None:
        if self.status is not None:
            self.status.update(text)


def summary_table(summaries: Sequence[OperationSummary], width: int = 100) -> str:
    """The per-operation table: requests, statuses seen, findings."""
    table = Table(box=None, pad_edge=False, show_edge=False)
    for column in ("OPERATION", "REQUESTS", "STATUSES", "FINDINGS"):
        table.add_column(column, no_wrap=column != "STATUSES")
    for s in summaries:
        statuses = " ".join(f"{code}x{n}" for code, n in s.statuses.items()) or "-"
        table.add_row(safe_text(s.operation), str(s.sent), statuses, str(s.findings))
    out = io.StringIO()
    console = Console(file=out, width=width, no_color=True, highlight=False, markup=False)
    console.print(table)
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())
