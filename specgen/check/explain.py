"""Turning schema violations into a finding's parts: a message, what the spec expects (the
failing keyword and its value) and what the pact has (the offending value)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from specgen.schema.validation import Violation
from specgen.spec import pointer as jp
from specgen.spec.api import API

_LONG = 200


def describe(value: Any) -> str:
    """A value as compact JSON text (shortened when long), for messages."""
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= _LONG else text[: _LONG - 3] + "..."


def value_at(instance: Any, pointer: str) -> Any:
    """The value at ``pointer`` in ``instance`` (None if there is none)."""
    try:
        return jp.resolve(instance, pointer)
    except (LookupError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class Explained:
    """A violation in words."""

    message: str
    expected: str
    actual: str
    spec_pointer: str
    instance_pointer: str


def explain(api: API, violation: Violation, instance: Any) -> Explained:
    """What failed, what the spec wants there, and the value the pact has."""
    wanted: Any = None
    try:
        wanted = jp.resolve(api.document, violation.schema_pointer)
    except (LookupError, ValueError):
        wanted = None
    last = jp.split(violation.schema_pointer)[-1:] if violation.schema_pointer else []
    if last == [violation.keyword]:
        expected = f"{violation.keyword}: {describe(wanted)}"
    else:
        expected = f"{violation.keyword} (see the schema)"
    return Explained(
        message=violation.message,
        expected=expected,
        actual=describe(value_at(instance, violation.instance_pointer)),
        spec_pointer=violation.schema_pointer,
        instance_pointer=violation.instance_pointer,
    )
