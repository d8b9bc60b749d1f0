"""The hypothesis engine: schemathesis strategies driven by hypothesis, per operation.

First the requests every operation documents: the spec's examples and pact interactions
(``--pacts``). Then, per operation: schemathesis'
deterministic coverage cases (boundaries, missing parts), then random positive and
negative requests, and in negative mode a few stray bodies (``stray_bodies``) for an
operation that takes none. Every example goes through ``Session.probe``; the test never
fails, so hypothesis neither stops at the first failure nor shrinks (specgen's own
shrinker does that afterwards, for every deduplicated failure). The time budget is shared
out: operation ``i`` of ``n`` must finish by ``start + budget * (i + 1) / n``.
"""

from __future__ import annotations

import contextlib
import time
import zlib
from collections.abc import Callable, Sequence

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable

from specgen.probe.events import Note, PhaseStarted
from specgen.probe.messages import Draft
from specgen.probe.session import Session
from specgen.probe.stray_bodies import ORIGIN, stray_bodies
from specgen.spec.model import Operation

#: The coverage phase sends at most this many times ``max_examples`` cases.
COVERAGE_FACTOR = 4


class _Stop(BaseException):
    """Ends a hypothesis run early (a BaseException, so hypothesis does not shrink it)."""


def _seed(base: int, *parts: str) -> int:
    return zlib.crc32("\0".join([str(base), *parts]).encode())


def drive(
    session: Session,
    op: Operation,
    strategy: st.SearchStrategy[Draft],
    *,
    max_examples: int,
    label: str,
    deadline: float | None,
    until: Callable[[Draft], bool] | None = None,
) -> None:
    """Run ``strategy`` through ``Session.probe`` for up to ``max_examples`` examples, or
    through ``until`` (which sends the draft itself) until it returns True."""
    if max_examples <= 0 or session.expired(deadline):
        return

    @settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        derandomize=False,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        report_multiple_bugs=False,
    )
    @seed(_seed(session.options.seed, op.key, label))
    @given(strategy)
    def run(draft: Draft) -> None:
        if session.expired(deadline):
            raise _Stop
        if until is None:
            session.probe(op, draft)
        elif until(draft):
            raise _Stop

    try:
        with contextlib.suppress(_Stop):
            run()
    except Unsatisfiable:
        session.emit(Note("info", f"{op.label}: no {label} requests can be generated"))


def replay_documented(
    session: Session, op: Operation, seeds: Sequence[Draft], deadline: float | None
) -> None:
    """The requests the spec's examples and the pacts (``--pacts``) spell out for ``op``:
    cheap, and where a documented case is broken the fastest way to show it."""
    gen, options = session.generator, session.options
    if options.examples:
        examples = gen.examples(op)
        if examples is not None:
            session.emit(PhaseStarted(op.label, "examples"))
            drive(
                session,
                op,
                examples,
                max_examples=min(options.max_examples, 20),
                label="examples",
                deadline=deadline,
            )
    if seeds:
        session.emit(PhaseStarted(op.label, "pacts"))
        for draft in seeds:
            if session.expired(deadline):
                break
            session.probe(op, draft)


def explore(session: Session, op: Operation, deadline: float | None) -> None:
    """The generated phases for one operation (``replay_documented`` ran before)."""
    gen, options = session.generator, session.options
    if options.coverage:
        session.emit(PhaseStarted(op.label, "coverage"))
        for draft in gen.coverage(op, options.modes)[: options.max_examples * COVERAGE_FACTOR]:
            if session.expired(deadline):
                break
            session.probe(op, draft)
    for mode in options.modes:
        session.emit(PhaseStarted(op.label, mode))
        drive(
            session,
            op,
            gen.drafts(op, mode),
            max_examples=options.max_examples,
            label=mode,
            deadline=deadline,
        )
        if mode == "negative" and op.request_body is None:
            send_stray_bodies(session, op, deadline)


def send_stray_bodies(session: Session, op: Operation, deadline: float | None) -> None:
    """The stray-body drafts of ``op``, on the parameters of one valid draft."""
    session.emit(PhaseStarted(op.label, ORIGIN))

    def send(base: Draft) -> bool:
        for draft in stray_bodies(op, session.options.seed, base):
            if session.expired(deadline):
                break
            session.probe(op, draft)
        return True

    strategy = session.generator.drafts(op, "positive")
    drive(session, op, strategy, max_examples=1, label=ORIGIN, deadline=deadline, until=send)


def run(
    session: Session,
    operations: Sequence[Operation],
    seeds: dict[str, list[Draft]] | None = None,
) -> None:
    """Explore every operation in turn, sharing the time budget out evenly."""
    budget = session.options.time_budget
    start = time.monotonic()

    def deadline(index: int) -> float | None:
        return None if budget is None else start + budget * (index + 1) / len(operations)

    # Every operation's documented requests first, then generation operation by operation.
    for index, op in enumerate(operations):
        if session.expired():
            return
        replay_documented(session, op, (seeds or {}).get(op.key, []), deadline(index))
    for index, op in enumerate(operations):
        if session.expired():
            break
        explore(session, op, deadline(index))
