"""The JSON Schema a stub's ``matchesJsonSchema`` checks request bodies with.

It starts from ``to_json_schema`` (request direction: read-only properties gone) and changes
it in three ways, each never rejecting a body the spec accepts:

- **Formats become patterns.** WireMock's validator treats ``format`` as an annotation, so
  ``email``, ``uuid``, ``date-time``... get the anchored regex specgen's own validator uses
  (``FORMAT_REGEX``), and ``int32``/``int64`` their ranges.
- **Annotations go** (``description``, ``examples``, ``default``...): they only add bytes.
- **Big schemas are cut to a budget.** A body schema carries every ``$defs`` entry it
  reaches; in Microsoft Graph some reach 1,300 of them (900 KB), repeated in each stub. Past
  ``budget`` bytes the defs the root names are kept, then the others breadth-first while
  they fit; a ``$ref``
  to a def left out accepts anything, and the keywords that would then reject more instead
  of less are loosened (``oneOf`` becomes ``anyOf``; ``not``, ``if``/``then``/``else``,
  ``unevaluated*`` and ``maxContains`` are dropped). Required properties and types near the
  root are still checked.

Defs are transformed once per API and shared by every body that uses them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from specgen.schema import Direction, to_json_schema
from specgen.schema.convert import DRAFT_2020_12, cache_key
from specgen.schema.formats import FORMAT_REGEX, INT_RANGES
from specgen.spec.api import API
from specgen.spec.model import Schema

Raw = dict[str, Any]
BUDGET = 16 * 1024
_PREFIX = "#/$defs/"
_ONE = (
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
)
_MAPS = ("properties", "patternProperties", "dependentSchemas")
_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_ANNOTATIONS = frozenset(
    {"title", "description", "default", "examples", "$comment", "deprecated"}
    | {"readOnly", "writeOnly", "$schema"}
)
_NARROWING = ("not", "if", "then", "else", "unevaluatedItems", "unevaluatedProperties")


@dataclass(frozen=True, slots=True)
class BodySchema:
    """A body schema ready for WireMock, and whether it was cut to the budget."""

    schema: Raw
    cut: bool
    size: int


def body_schema(api: API, schema: Schema, *, budget: int = BUDGET) -> BodySchema:
    """The ``matchesJsonSchema`` schema for request bodies of ``schema`` (see the module
    docstring). Raises ``SpecError`` when the schema cannot be converted."""
    converted = to_json_schema(api, schema, direction=Direction.REQUEST)
    defs = api.cached("specgen.stubs.bodyschema.defs", lambda: _Defs(converted.get("$defs", {})))
    key = f"specgen.stubs.bodyschema:{cache_key(api, schema)}:{budget}"
    return api.cached(key, lambda: _build(converted, defs, budget))


class _Defs:
    """Transformed defs (``name -> (schema, size, refs)``), each built on first use."""

    def __init__(self, first: Raw) -> None:
        self.raw: Raw = dict(first)
        self.done: dict[str, tuple[Any, int, tuple[str, ...]]] = {}

    def get(self, name: str) -> tuple[Any, int, tuple[str, ...]]:
        if name not in self.done:
            node = transform(self.raw.get(name, True))
            refs = tuple(dict.fromkeys(_refs(node)))
            self.done[name] = (node, _size(node), refs)
        return self.done[name]


def _build(converted: Raw, defs: _Defs, budget: int) -> BodySchema:
    for name, node in converted.get("$defs", {}).items():
        defs.raw.setdefault(name, node)
    root = transform({k: v for k, v in converted.items() if k != "$defs"})
    order: list[str] = []  # reachable defs, breadth first
    seen: set[str] = set()
    frontier = list(dict.fromkeys(_refs(root)))
    while frontier:
        nxt: list[str] = []
        for name in frontier:
            if name not in seen:
                seen.add(name)
                order.append(name)
                nxt.extend(defs.get(name)[2])
        frontier = nxt
    size = _size(root) + sum(defs.get(n)[1] for n in order)
    if size <= budget:
        return BodySchema(_document(root, {n: defs.get(n)[0] for n in order}), False, size)
    kept: dict[str, Any] = {}
    used = _size(root)
    first = set(_refs(root))  # what the root is made of stays, whatever its size
    for name in order:
        node, node_size, _ = defs.get(name)
        if used + node_size > budget and name not in first:
            break
        kept[name] = node
        used += node_size
    loosen = _Loosener(set(kept))
    cut = {name: loosen(node) for name, node in kept.items()}
    document = _document(loosen(root), cut)
    return BodySchema(document, True, _size(document))


def _document(root: Any, defs: Raw) -> Raw:
    body: Raw = root if isinstance(root, dict) else ({} if root else {"not": {}})
    out: Raw = {"$schema": DRAFT_2020_12, **body}
    if defs:
        out["$defs"] = {name: defs[name] for name in sorted(defs)}
    return out


def _size(node: Any) -> int:
    return len(json.dumps(node, separators=(",", ":")))


def _refs(node: Any) -> list[str]:
    found: list[str] = []
    _walk(node, lambda n: found.append(n["$ref"][len(_PREFIX) :]) if _is_ref(n) else None)
    return found


def _is_ref(node: Raw) -> bool:
    ref = node.get("$ref")
    return isinstance(ref, str) and ref.startswith(_PREFIX)


def _walk(node: Any, visit: Callable[[Raw], None]) -> None:
    if not isinstance(node, dict):
        return
    visit(node)
    for key in _ONE:
        if key in node:
            _walk(node[key], visit)
    for key in _MAPS:
        if isinstance(node.get(key), dict):
            for child in node[key].values():
                _walk(child, visit)
    for key in _LISTS:
        if isinstance(node.get(key), list):
            for child in node[key]:
                _walk(child, visit)


def _children(node: Raw, each: Callable[[Any], Any]) -> Raw:
    """A copy of ``node`` with ``each`` applied to every direct subschema."""
    out: Raw = {}
    for key, value in node.items():
        if key in _ONE:
            out[key] = each(value)
        elif key in _MAPS and isinstance(value, dict):
            out[key] = {name: each(child) for name, child in value.items()}
        elif key in _LISTS and isinstance(value, list):
            out[key] = [each(child) for child in value]
        else:
            out[key] = value
    return out


def transform(node: Any) -> Any:
    """Annotations dropped, formats asserted as patterns and ranges (a copy)."""
    if not isinstance(node, dict):
        return node
    out = _children(
        {k: v for k, v in node.items() if k not in _ANNOTATIONS and not k.startswith("x-")},
        transform,
    )
    fmt = out.get("format")
    extra: Raw = {}
    if isinstance(fmt, str) and fmt in FORMAT_REGEX:
        extra = {"pattern": f"^(?:{FORMAT_REGEX[fmt]})$"}
    elif isinstance(fmt, str) and fmt in INT_RANGES:
        low, high = INT_RANGES[fmt]
        extra = {"minimum": low, "maximum": high}
    if extra:
        out["allOf"] = [*out.get("allOf", []), extra]
    return out


class _Loosener:
    """Refs outside ``kept`` accept anything; keywords that could then reject more go."""

    def __init__(self, kept: set[str]) -> None:
        self.kept = kept

    def __call__(self, node: Any) -> Any:
        if not isinstance(node, dict):
            return node
        out = {k: v for k, v in node.items() if k not in _NARROWING and k != "maxContains"}
        if _is_ref(out) and out["$ref"][len(_PREFIX) :] not in self.kept:
            del out["$ref"]
        if "oneOf" in out:
            alternatives = out.pop("oneOf")
            out["allOf"] = [*out.get("allOf", []), {"anyOf": alternatives}]
        return _children(out, self)
