"""OpenAPI schemas to self-contained JSON Schema 2020-12, once per schema and direction.

Every schema a ``$ref`` reaches becomes an entry of ``$defs`` named after its pointer
(``#/components/schemas/User`` is ``User``; anything else is its last token plus a short hash
of the pointer), and the ref becomes ``{"$ref": "#/$defs/User"}``. Refs are never inlined,
even when they could be: the output stays linear in the size of the spec (inlining a
schema graph can grow exponentially), recursion needs no special case, a def is converted
once per API and shared by every schema that uses it, and validation errors inside a def
point back into the document. Consumers that cannot follow refs use ``unroll``.

Results are cached on the API and shared: treat them as read-only.
"""

from __future__ import annotations

import hashlib
import re
from collections import deque
from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from typing import Any

from specgen.errors import SpecError
from specgen.schema.dialects import DIALECTS, Direction
from specgen.schema.unroll import unroll
from specgen.schema.walker import Walker
from specgen.spec import pointer as jp
from specgen.spec.api import API
from specgen.spec.model import Schema

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
_COMPONENT = re.compile(r"/components/schemas/([A-Za-z0-9._-]+)")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

__all__ = ["DRAFT_2020_12", "Converted", "Direction", "converted", "to_json_schema", "unroll"]


def def_name(pointer: str) -> str:
    """The ``$defs`` name of the schema at ``pointer``: stable across runs and schemas, and
    unique (a component name is unique; anything else carries a hash of its pointer)."""
    match = _COMPONENT.fullmatch(pointer)
    if match:
        return match.group(1)
    tail = jp.split(pointer)[-1] if pointer else "document"
    readable = _UNSAFE.sub("_", tail)[:40] or "schema"
    return f"{readable}-{hashlib.sha1(pointer.encode()).hexdigest()[:8]}"


@dataclass(frozen=True, slots=True)
class Converted:
    """A converted schema, with what explains it: the document pointer each node came from
    (by ``id``) and which nodes are ``anyOf: [null, X]`` wrappers made for ``nullable``."""

    schema: dict[str, Any] = field(repr=False)
    pointer: str
    origins: Mapping[int, str] = field(repr=False)
    wrappers: Set[int] = field(repr=False)


class _State:
    """Per API and direction: converted defs and roots, built on demand."""

    def __init__(self, api: API, direction: Direction) -> None:
        self.api = api
        self.direction = direction
        self.rules = DIALECTS[api.dialect]
        self.defs: dict[str, Any] = {}
        self.refs: dict[str, tuple[str, ...]] = {}
        self.in_place: dict[str, tuple[str, ...]] = {}
        self.failed: dict[str, SpecError] = {}
        self.acyclic: set[str] = set()  # defs known not to reach themselves in place
        self.origins: dict[int, str] = {}
        self.wrappers: set[int] = set()
        self.roots: dict[str, Converted | SpecError] = {}
        self.pinned: list[Any] = []  # schemas given from outside the document, kept alive

    def error(self, message: str, pointer: str) -> SpecError:
        file, local = self.api.locate(pointer)
        return SpecError(message, file=file, pointer=local)

    def walker(self) -> Walker:
        return Walker(
            self.api.document,
            self.rules,
            self.direction,
            name_for=def_name,
            error=self.error,
            origins=self.origins,
            wrappers=self.wrappers,
        )

    def define(self, target: str) -> None:
        """Convert the def at ``target`` once (a failure is remembered too)."""
        if target in self.defs:
            return
        if target in self.failed:
            raise _again(self.failed[target])
        walker = self.walker()
        try:
            self.defs[target] = walker.schema(
                jp.resolve(self.api.document, target), target, in_place=True
            )
        except SpecError as err:
            self.failed[target] = err
            raise
        self.refs[target] = tuple(walker.refs)
        self.in_place[target] = tuple(walker.in_place)

    def root(self, raw: Any, pointer: str) -> Converted:
        walker = self.walker()
        body = walker.schema(raw, pointer, in_place=True)
        order: list[str] = []
        queue = deque(walker.refs)
        seen = set(queue)
        while queue:
            target = queue.popleft()
            self.define(target)
            order.append(target)
            for nxt in self.refs[target]:
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        self._check_cycles(tuple(walker.in_place))
        schema: dict[str, Any] = {"$schema": DRAFT_2020_12}
        if pointer in self.defs and pointer in order:
            # a recursive schema converted at its own pointer: the root *is* that def, so
            # recursion is counted from the root (what `unroll`'s depth means)
            schema["$ref"] = "#/$defs/" + def_name(pointer)
        elif body is False:
            schema["not"] = {}
        elif isinstance(body, dict):
            schema.update(body)
            if id(body) in self.wrappers:
                self.wrappers.add(id(schema))
        if order:
            schema["$defs"] = {def_name(t): self.defs[t] for t in sorted(order, key=def_name)}
        self.origins[id(schema)] = pointer
        return Converted(schema, pointer, self.origins, self.wrappers)

    def _check_cycles(self, start: tuple[str, ...]) -> None:
        """Refuse a schema that reaches itself without descending into a property or item
        (``A: {allOf: [B]}``, ``B: {oneOf: [A]}``): evaluating it would never end."""
        for first in start:
            if first in self.acyclic:
                continue
            path = [first]
            stack = [iter(self.in_place.get(first, ()))]
            while stack:
                child = next(stack[-1], None)
                if child is None:
                    self.acyclic.add(path.pop())
                    stack.pop()
                elif child in path:
                    cycle = " -> ".join(def_name(p) for p in [*path[path.index(child) :], child])
                    raise self.error(
                        "the schema refers to itself without descending into a property or "
                        f"item ({cycle}), so no value can be checked against it",
                        child,
                    )
                elif child not in self.acyclic:
                    path.append(child)
                    stack.append(iter(self.in_place.get(child, ())))


def _again(err: SpecError) -> SpecError:
    return SpecError(err.message, file=err.file, pointer=err.pointer)


def cache_key(api: API, schema: Schema) -> str:
    """How caches name ``schema``: its pointer, when the document holds that very object
    there; else its pointer and identity (the object is kept alive by the state)."""
    try:
        if jp.resolve(api.document, schema.pointer) is schema.raw:
            return schema.pointer
    except (LookupError, ValueError):
        pass
    return f"{schema.pointer}@{id(schema.raw)}"


def as_schema(schema: Schema | Any, pointer: str | None) -> Schema:
    """A ``Schema`` from either a ``Schema`` or raw JSON plus its pointer."""
    if isinstance(schema, Schema):
        return schema
    return Schema(schema, pointer or "")


def converted(
    api: API, schema: Schema | Any, direction: Direction, pointer: str | None = None
) -> Converted:
    """The cached conversion of ``schema`` with its provenance (see ``Converted``)."""
    schema = as_schema(schema, pointer)
    state = api.cached(f"specgen.schema.convert:{direction}", lambda: _State(api, direction))
    key = cache_key(api, schema)
    found = state.roots.get(key)
    if isinstance(found, Converted):
        return found
    if isinstance(found, SpecError):
        raise _again(found)
    try:
        result = state.root(schema.raw, schema.pointer)
    except SpecError as err:
        state.roots[key] = err
        raise
    except RecursionError:
        deep = state.error("the schema is nested too deeply to convert", schema.pointer)
        state.roots[key] = deep
        raise deep from None
    if "@" in key:
        state.pinned.append(schema.raw)
    state.roots[key] = result
    return result


def to_json_schema(
    api: API, schema: Schema | Any, *, direction: Direction, pointer: str | None = None
) -> dict[str, Any]:
    """``schema`` (a ``Schema``, or raw JSON with its ``pointer`` into ``api.document``) as a
    self-contained JSON Schema 2020-12 document for ``direction``: OpenAPI 3.0's dialect
    converted, read-only (request) or write-only (response) properties removed, refs as
    ``$defs``. Cached per API, pointer and direction; the result is shared, so do not modify
    it. Raises ``SpecError`` (located) for a schema that cannot be converted."""
    return converted(api, schema, direction, pointer).schema
