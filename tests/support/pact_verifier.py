"""Run pact-python 4.x's Verifier (the Rust core) against a provider and get the results as data.

What it takes care of (see also /work/shared/PITFALLS.md): the verifier's ``host`` must equal
the provider URL's hostname; ``verify()`` raises ``RuntimeError`` whenever an interaction
fails, so the outcome is read from ``verifier.results`` instead; the Rust core prints its
report to file descriptors 1 and 2, bypassing ``sys.stdout``, so both are redirected to a
temporary file during the run and the text is returned; telemetry is switched off.

Provider states: the ``states_url`` gets ``POST {"action": "setup", "params": {...},
"state": "..."}`` before each interaction, and ``{"action": "setup", "params": {}, "state":
""}`` before interactions without a state. It must answer 2xx (a 4xx fails the interaction
at once); a 5xx makes the verifier retry with exponential backoff for about 127 s per
interaction, which ``timeout`` does not bound.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit


class InteractionResult(NamedTuple):
    """One interaction: its description, whether it passed, and why not."""

    description: str
    passed: bool
    mismatches: list[str]


@dataclass(frozen=True, slots=True)
class VerificationResult:
    """The outcome of one verification run."""

    passed: bool
    interactions: list[InteractionResult]
    output: str
    report: dict[str, Any] = field(default_factory=dict, repr=False)

    def failures(self) -> list[InteractionResult]:
        """The interactions that failed."""
        return [result for result in self.interactions if not result.passed]


def verify_pact(
    pact_file: str | Path,
    provider_base_url: str,
    *,
    provider_name: str,
    states_url: str | None = None,
    teardown: bool = False,
    timeout: float = 10.0,
) -> VerificationResult:
    """Replay the interactions of ``pact_file`` against ``provider_base_url``.

    ``states_url`` receives the provider-state changes (in the JSON body), and the teardown
    ones too with ``teardown=True``. ``timeout`` bounds each request to the provider, in
    seconds. A failing interaction is a result, never an exception; an unreadable pact file
    raises.
    """
    os.environ.setdefault("PACT_DO_NOT_TRACK", "true")
    from pact import Verifier  # imported late: it loads the Rust library

    host = urlsplit(provider_base_url).hostname
    if host is None:
        raise ValueError(f"no host in provider URL {provider_base_url!r}")
    pact_path = Path(pact_file)
    if not pact_path.is_file():
        raise FileNotFoundError(f"pact file not found: {pact_path}")
    verifier = Verifier(provider_name, host=host).add_transport(url=provider_base_url)
    verifier.add_source(pact_path)
    verifier.set_coloured_output(enabled=False)
    verifier.set_request_timeout(int(timeout * 1000))
    if states_url is not None:
        verifier.state_handler(states_url, teardown=teardown, body=True)
    with _captured_output() as captured:
        try:
            verifier.verify()
            raised = False
        except RuntimeError:  # any failed interaction; the details are in the results
            raised = True
    report: dict[str, Any] = verifier.results
    interactions = [_interaction(item) for item in report.get("interactionResults", [])]
    passed = not raised and report.get("result") is True
    output = captured[0] or str(verifier.output(strip_ansi=True))
    return VerificationResult(passed, interactions, output, report)


def _interaction(item: dict[str, Any]) -> InteractionResult:
    """One entry of ``interactionResults``, with each mismatch as one line."""
    mismatch = item.get("mismatch") or {}
    lines = [_mismatch_line(entry) for entry in mismatch.get("mismatches", [])]
    if mismatch.get("type") == "error":  # the request failed, or a state change did
        lines.append(f"error: {mismatch.get('message', '')}")
    return InteractionResult(str(item.get("description", "")), item.get("result") == "OK", lines)


def _mismatch_line(entry: dict[str, Any]) -> str:
    """``BodyMismatch $.id: ...``, ``HeaderMismatch X-Ver: ...``, ``StatusMismatch: ...``.

    The message's wording can swap expected and actual (header mismatches say "Expected
    'actual' to be equal to 'expected'"); the ``expected``/``actual`` fields are right.
    """
    kind, where = entry.get("type", "Mismatch"), entry.get("path") or entry.get("key")
    head = f"{kind} {where}" if where else kind
    return f"{head}: {entry.get('mismatch', '')}"


@contextlib.contextmanager
def _captured_output() -> Iterator[list[str]]:
    """Send file descriptors 1 and 2 to a temporary file; the text lands in the list.

    The redirection is process-wide: other threads printing meanwhile (a provider's
    traceback) end up in the text too, which is where one wants them.
    """
    captured: list[str] = []
    sys.stdout.flush()
    sys.stderr.flush()
    saved = {fd: os.dup(fd) for fd in (1, 2)}
    with tempfile.TemporaryFile() as sink:
        try:
            for fd in saved:
                os.dup2(sink.fileno(), fd)
            yield captured
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            for fd, copy in saved.items():
                os.dup2(copy, fd)
                os.close(copy)
            sink.seek(0)
            captured.append(sink.read().decode("utf-8", "replace"))
