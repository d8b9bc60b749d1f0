"""Deduplication: failures are keyed by (operation, check, cause); the first example of
each key is kept (to be shrunk), later ones only counted."""

from __future__ import annotations

import time
from dataclasses import dataclass

from specgen.probe.exchange import Exchange, Failure

Key = tuple[str, str, str]


@dataclass(slots=True)
class Observed:
    """The first exchange showing one failure key, and how often the key was seen."""

    key: Key
    failure: Failure
    exchange: Exchange
    count: int = 1
    after_seconds: float = 0.0
    flow: object | None = None


class Collector:
    """Failures by key, in the order first seen."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.observed: dict[Key, Observed] = {}

    def add(
        self,
        ex: Exchange,
        failures: list[Failure],
        flow: object | None = None,
        after: float | None = None,
    ) -> list[Key]:
        """Record ``failures`` of ``ex``; return the keys seen for the first time.
        ``after`` overrides when it was found (seconds from the start)."""
        new: list[Key] = []
        for failure in failures:
            key = (ex.operation.key, failure.code, failure.cause)
            if key in self.observed:
                self.observed[key].count += 1
                continue
            elapsed = time.monotonic() - self.started if after is None else after
            self.observed[key] = Observed(key, failure, ex, after_seconds=elapsed, flow=flow)
            new.append(key)
        return new

    @property
    def first_after(self) -> float | None:
        """Seconds from the start to the first failure, or None."""
        times = [o.after_seconds for o in self.observed.values()]
        return min(times) if times else None
