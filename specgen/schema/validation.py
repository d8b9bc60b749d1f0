"""Validating JSON values against spec schemas: compiled once per API, every violation
reported, each located in the instance and, where possible, in the API document.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from specgen.schema.convert import Converted, as_schema, cache_key, converted
from specgen.schema.dialects import Direction
from specgen.schema.formats import FORMAT_CHECKER
from specgen.spec import pointer as jp
from specgen.spec.api import API
from specgen.spec.model import Schema


@dataclass(frozen=True, slots=True)
class Violation:
    """One way an instance breaks a schema.

    ``instance_pointer`` locates the offending value in the instance (``""``: the whole);
    ``schema_pointer`` locates the broken keyword in ``API.document`` (the nearest schema
    when the keyword was made by the conversion, e.g. a ``nullable`` wrapper); ``keyword``
    is the JSON Schema keyword that failed."""

    instance_pointer: str
    schema_pointer: str
    message: str
    keyword: str


@dataclass(frozen=True, slots=True)
class Compiled:
    """A converted schema and its validator, built once per API, schema and direction."""

    converted: Converted = field(repr=False)
    validator: Any = field(repr=False)  # a jsonschema Draft202012Validator

    def is_valid(self, instance: Any) -> bool:
        """Whether ``instance`` is valid."""
        return bool(self.validator.is_valid(instance))


def compiled(
    api: API, schema: Schema | Any, direction: Direction, pointer: str | None = None
) -> Compiled:
    """The cached ``Compiled`` for ``schema``; ``SpecError`` if it cannot be converted."""
    schema = as_schema(schema, pointer)
    conv = converted(api, schema, direction)

    def build() -> Compiled:
        return Compiled(conv, Draft202012Validator(conv.schema, format_checker=FORMAT_CHECKER))

    return api.cached(f"specgen.schema.validator:{direction}:{cache_key(api, schema)}", build)


def validator_for(
    api: API, schema: Schema | Any, direction: Direction, *, pointer: str | None = None
) -> Any:
    """A jsonschema ``Draft202012Validator`` (with specgen's format checker: date,
    date-time, time, email, uuid, uri, uri-reference, ipv4, ipv6, hostname, byte/base64,
    int32, int64, regex) for ``schema`` in ``direction``, compiled once per API. Raises
    ``SpecError`` for a schema that cannot be converted."""
    return compiled(api, schema, direction, pointer).validator


def violations(
    api: API,
    schema: Schema | Any,
    instance: Any,
    direction: Direction,
    *,
    pointer: str | None = None,
) -> list[Violation]:
    """Every violation of ``schema`` by ``instance`` (empty when valid), sorted by instance
    location. Raises ``SpecError`` for a schema that cannot be converted."""
    found = compiled(api, schema, direction, pointer)
    conv = found.converted
    out = {
        _violation(api, conv, error)
        for top in found.validator.iter_errors(instance)
        for error in _unwrapped(conv, top)
    }
    return sorted(out, key=lambda v: (v.instance_pointer, v.schema_pointer, v.keyword, v.message))


def _unwrapped(conv: Converted, error: ValidationError) -> Iterator[ValidationError]:
    """A failed ``nullable`` wrapper reports why the non-null branch failed, which is what
    the author wrote; "not valid under any of the given schemas" would hide it."""
    if error.validator == "anyOf" and id(error.schema) in conv.wrappers and error.context:
        for sub in error.context:
            if sub.relative_schema_path and sub.relative_schema_path[0] == 1:
                yield from _unwrapped(conv, sub)
        return
    yield error


def _violation(api: API, conv: Converted, error: ValidationError) -> Violation:
    keyword = str(error.validator)
    base = conv.origins.get(id(error.schema))
    parent = error.parent
    while base is None and parent is not None:  # a node the conversion made: nearest origin
        base = conv.origins.get(id(parent.schema))
        parent = parent.parent
    if base is None:
        base = conv.pointer
    schema_pointer = base
    try:
        source = jp.resolve(api.document, base)
    except (LookupError, ValueError):
        source = None
    if isinstance(source, dict) and keyword in source:
        schema_pointer = jp.join(base, keyword)
    instance_pointer = "".join("/" + jp.escape(str(token)) for token in error.absolute_path)
    return Violation(instance_pointer, schema_pointer, error.message, keyword)
