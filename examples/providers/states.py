"""Provider states for the Pact verifier, and the in-memory store they act on.

The verifier POSTs ``{"action": "setup"|"teardown", "state": "...", "params": {...}}`` (or a
bare ``{"state": ""}``, or the Pact v2 ``{"states": [...]}``). A state name is free text; this
module reads it with one data-driven convention (README.md has the details):

* the first resource word in the name (``user``, ``order``, ``payment``...) picks the *kind*;
* the entity id is ``params[kind.id_param]``, else the first id in the name that matches the
  kind's id pattern ("user usr_12345678 exists" works without params);
* every other param is a field of that entity;
* names that start with "no " / "there is no", or say "does not exist", ask for absence;
* a name with neither an id nor params is unknown: nothing happens.

Teardown resets the store, so interactions do not leak into each other.
"""

from __future__ import annotations

import itertools
import random
import re
import string
import threading
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

Record = dict[str, Any]

_ABSENT = re.compile(
    r"^\s*(no|there (is|are) no)\b|\b(does not|doesn't|do not|don't|not) exists?\b", re.I
)


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of entity a service keeps, as provider states name it."""

    name: str
    id_param: str
    id_pattern: re.Pattern[str]
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StateChange:
    """One provider state, read with the convention above."""

    name: str
    kind: Kind
    entity_id: str | None
    fields: Mapping[str, Any]
    absent: bool


@dataclass(frozen=True, slots=True)
class StateCall:
    """One call of the provider-state endpoint."""

    action: str
    changes: tuple[StateChange, ...]


def parse_state_call(payload: Any, kinds: Sequence[Kind]) -> StateCall:
    """Read a provider-state payload; ``ValueError`` when it is not one."""
    if not isinstance(payload, dict):
        raise ValueError("the body must be a JSON object")
    action = payload.get("action", "setup")
    if action not in ("setup", "teardown"):
        raise ValueError(f"unknown action {action!r}")
    params = payload.get("params") or {}
    if not isinstance(params, dict):
        raise ValueError("params must be an object")
    names = payload.get("states")
    if names is None:
        names = [payload.get("state") or ""]
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ValueError("state must be a string")
    changes = [read_state(name, params, kinds) for name in names]
    return StateCall(action, tuple(c for c in changes if c is not None))


def read_state(name: str, params: Mapping[str, Any], kinds: Sequence[Kind]) -> StateChange | None:
    """The change a state asks for, or None for a state that names nothing."""
    kind = _kind_named(name, kinds)
    entity_id = params.get(kind.id_param)
    if not isinstance(entity_id, str):
        found = kind.id_pattern.search(name)
        entity_id = found.group(0) if found else None
    fields = {k: v for k, v in params.items() if k != kind.id_param}
    if entity_id is None and not fields:
        return None
    return StateChange(name, kind, entity_id, fields, bool(_ABSENT.search(name)))


def _kind_named(name: str, kinds: Sequence[Kind]) -> Kind:
    best: tuple[int, Kind] | None = None
    for kind in kinds:
        for word in kind.words:
            found = re.search(rf"\b{re.escape(word)}", name, re.I)
            if found and (best is None or found.start() < best[0]):
                best = (found.start(), kind)
    return best[1] if best else kinds[0]


class Store:
    """In-memory tables of records, a sequence for "newest first", and seeded ids.

    Keys starting with ``_`` are private to the provider; ``public`` drops them."""

    def __init__(self, seed: int = 0) -> None:
        self.lock = threading.RLock()
        self._rng = random.Random(seed)
        self._tables: dict[str, dict[str, Record]] = {}
        self._seq = itertools.count(1)

    def table(self, name: str) -> dict[str, Record]:
        """The table ``name`` (the same dict for the store's lifetime)."""
        return self._tables.setdefault(name, {})

    def reset(self) -> None:
        """Forget every record (ids keep coming from the same random stream)."""
        for table in self._tables.values():
            table.clear()

    def seq(self) -> int:
        """A number larger than every earlier one."""
        return next(self._seq)

    def token(self, length: int, alphabet: str = string.ascii_lowercase + string.digits) -> str:
        """A random string from ``alphabet``."""
        return "".join(self._rng.choice(alphabet) for _ in range(length))

    def uuid(self) -> str:
        """A random version 4 UUID."""
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))


def public(record: Record) -> Record:
    """The record without the provider's private ``_`` keys (a deep-enough copy for JSON)."""
    return {k: _copy(v) for k, v in record.items() if not k.startswith("_")}


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return public(value)
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def now() -> str:
    """The current UTC time as an RFC 3339 ``date-time``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def remove(table: dict[str, Record], change: StateChange) -> list[str]:
    """Delete what an absence state names: its id, or every record whose fields match."""
    if change.entity_id is not None:
        return [change.entity_id] if table.pop(change.entity_id, None) is not None else []
    gone = [
        key
        for key, record in table.items()
        if all(record.get(k) == v for k, v in change.fields.items())
    ]
    for key in gone:
        del table[key]
    return gone
