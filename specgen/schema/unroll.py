"""Converted schemas without ``$ref``s, recursion cut at a bounded depth.

hypothesis-jsonschema (and some other consumers) cannot follow recursive refs. ``unroll``
inlines every def; a recursive group of defs (defs that reach each other) is entered at most
``depth`` times per member along any path. Past that the ref is ``false``: an optional
property becomes forbidden (``"next": false``), an array's items must be absent
(``maxItems: 0``), and a branch that *requires* it is impossible, which propagates up
(``required`` on an object makes the object impossible, an ``anyOf`` drops the branch...).
Every value the result accepts is accepted by the input.

Inlined defs are shared objects, so the result is a DAG in memory; treat it as read-only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Raw = dict[str, Any]
_PREFIX = "#/$defs/"
_ALL_TYPES = ["string", "number", "integer", "boolean", "array", "object", "null"]
_ONE = ("items", "additionalProperties", "not", "contains", "propertyNames", "if", "then")
_ONE_MORE = ("else", "unevaluatedItems", "unevaluatedProperties", "contentSchema")
_MAPS = ("properties", "patternProperties", "dependentSchemas")
_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")


def _refs(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith(_PREFIX):
                yield ref[len(_PREFIX) :]
            stack.extend(v for k, v in item.items() if k not in ("enum", "const", "examples"))
        elif isinstance(item, list):
            stack.extend(item)


def _groups(defs: Raw) -> dict[str, frozenset[str]]:
    """For each recursive def, the defs it reaches that reach it back (its group)."""
    edges = {name: set(_refs(body)) & set(defs) for name, body in defs.items()}
    reach: dict[str, set[str]] = {}
    for name in defs:
        seen: set[str] = set()
        stack = list(edges[name])
        while stack:
            nxt = stack.pop()
            if nxt not in seen:
                seen.add(nxt)
                stack.extend(edges[nxt])
        reach[name] = seen
    return {
        name: frozenset(other for other in reach[name] if name in reach[other])
        for name in defs
        if name in reach[name]
    }


def unroll(json_schema: Raw, depth: int = 2) -> Raw:
    """``json_schema`` (from ``to_json_schema``) with every ``$ref`` inlined and recursion
    cut after ``depth`` levels (``depth >= 1``); see the module docstring."""
    if depth < 1:
        raise ValueError(f"depth must be at least 1, not {depth}")
    defs = json_schema.get("$defs", {})
    top = {k: v for k, v in json_schema.items() if k not in ("$defs", "$schema")}
    result = _Unroller(defs, depth).node(top, {})
    header = {k: v for k, v in json_schema.items() if k == "$schema"}
    if isinstance(result, dict):
        return {**header, **result}
    return header if result is True else {**header, "not": {}}


class _Unroller:
    def __init__(self, defs: Raw, depth: int) -> None:
        self.defs = defs
        self.depth = depth
        self.groups = _groups(defs)
        self.memo: dict[tuple[str, tuple[tuple[str, int], ...]], Any] = {}

    def ref(self, name: str, counts: dict[str, int]) -> Any:
        if name not in self.defs:
            return False
        group = self.groups.get(name)
        if group is None:  # not recursive: the same expansion everywhere
            key: tuple[str, tuple[tuple[str, int], ...]] = (name, ())
        else:
            if counts.get(name, 0) >= self.depth:
                return False
            counts = {**counts, name: counts.get(name, 0) + 1}
            # only the counts of this group matter below: refs leaving it never return
            key = (name, tuple(sorted((n, c) for n, c in counts.items() if n in group)))
        if key not in self.memo:
            self.memo[key] = None  # guards against a cycle the groups missed
            self.memo[key] = self.node(self.defs[name], counts)
        found = self.memo[key]
        return False if found is None else found

    def node(self, node: Any, counts: dict[str, int]) -> Any:
        if not isinstance(node, dict):
            return node
        out: Raw = {}
        for key, value in node.items():
            if key == "$ref":
                continue
            if key in _ONE or key in _ONE_MORE:
                out[key] = self.node(value, counts)
            elif key in _MAPS and isinstance(value, dict):
                out[key] = {k: self.node(v, counts) for k, v in value.items()}
            elif key in _LISTS and isinstance(value, list):
                out[key] = [self.node(v, counts) for v in value]
            else:
                out[key] = value
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_PREFIX):
            target = self.ref(ref[len(_PREFIX) :], counts)
            if target is False:
                return False
            if out and target is not True:
                out = {"allOf": [target, *out.pop("allOf", [])], **out}
            elif not out:
                return target
        return _simplify(out)


def _without_type(node: Raw, name: str) -> Any:
    """``node`` minus the values of JSON type ``name`` (``false`` if nothing is left)."""
    raw = node.get("type", _ALL_TYPES)
    types = [t for t in (raw if isinstance(raw, list) else [raw]) if t != name]
    if name == "number":
        types = [t for t in types if t != "integer"]
    if not types:
        return False
    return {**node, "type": types}


def _simplify(node: Raw) -> Any:
    """Propagate ``false`` subschemas upwards (see the module docstring)."""
    if any(member is False for member in node.get("allOf", ())):
        return False
    if "allOf" in node:
        node["allOf"] = [m for m in node["allOf"] if m is not True]
        if not node["allOf"]:
            del node["allOf"]
    for key in ("anyOf", "oneOf"):
        if key in node:
            node[key] = [m for m in node[key] if m is not False]
            if not node[key]:
                return False
    if node.get("not") is True:
        return False
    if node.get("not") is False:
        del node["not"]
    props = node.get("properties", {})
    if any(props.get(name) is False for name in node.get("required", ())):
        return _without_type(_strip(node, "properties", "required"), "object")
    result: Any = node
    prefix = node.get("prefixItems", [])
    cut = next((i for i, item in enumerate(prefix) if item is False), None)
    if node.get("items") is False and cut is None:
        cut = len(prefix)
    if cut is not None:
        if node.get("minItems", 0) > cut:
            return _without_type(_strip(node, "prefixItems", "items", "minItems"), "array")
        result = {**node, "maxItems": min(cut, node.get("maxItems", cut))}
    return result


def _strip(node: Raw, *keys: str) -> Raw:
    return {k: v for k, v in node.items() if k not in keys}
