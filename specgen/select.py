"""Operation selectors, shared by every command that takes ``--include``/``--exclude``.

A selector is one of:
- ``tag:NAME`` — operations tagged NAME;
- ``METHOD PATH-GLOB`` — e.g. ``GET /users/*`` (``*`` matches across ``/`` too; the method
  may be ``*``);
- anything else — an operationId, or a glob over operationIds (``list*``).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from specgen.errors import UsageError
from specgen.spec.model import Operation

_METHODS = {"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "*"}


@dataclass(frozen=True, slots=True)
class Selector:
    """One parsed selector."""

    text: str

    def matches(self, op: Operation) -> bool:
        """Whether ``op`` is selected by this selector."""
        text = self.text.strip()
        if text.startswith("tag:"):
            return text[4:] in op.tags
        method, _, path = text.partition(" ")
        if path and method.upper() in _METHODS:
            return (method == "*" or op.method == method.upper()) and fnmatch.fnmatchcase(
                op.path, path.strip()
            )
        return op.operation_id is not None and fnmatch.fnmatchcase(op.operation_id, text)


def select(
    operations: Iterable[Operation], include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> list[Operation]:
    """The operations matching any ``include`` selector (all, when none is given) and no
    ``exclude`` selector. A selector that matches no operation at all is a usage error:
    it is almost always a typo."""
    ops = list(operations)
    inc = [Selector(s) for s in include]
    exc = [Selector(s) for s in exclude]
    for sel in (*inc, *exc):
        if not any(sel.matches(op) for op in ops):
            raise UsageError(f"selector {sel.text!r} matches no operation")
    return [
        op
        for op in ops
        if (not inc or any(s.matches(op) for s in inc)) and not any(s.matches(op) for s in exc)
    ]
