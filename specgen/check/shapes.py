"""Reading a converted schema (``specgen.schema.to_json_schema`` output) for the shape of its
values: which JSON types, which item and property schemas, following ``$ref``s into
``$defs`` and ``allOf`` members. Parameters use it to split and type their text; matchers to
compare what a rule admits with what the schema allows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from specgen.schema.merge import ALL_TYPES

Raw = dict[str, Any]
_DEFS = "#/$defs/"


def json_type(value: Any) -> str:
    """The JSON Schema type name of a parsed JSON value (integers are ``integer``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


class Shapes:
    """Shape queries over one converted schema (its ``$defs`` resolve ``$ref``s)."""

    __slots__ = ("defs",)

    def __init__(self, root: Any) -> None:
        self.defs: Raw = root.get("$defs", {}) if isinstance(root, dict) else {}

    def deref(self, node: Any) -> Any:
        """``node`` with ``$ref``-only chains followed (a ref to nowhere is ``True``)."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if not ref.startswith(_DEFS) or ref in seen or len(node) > 1:
                break
            seen.add(ref)
            node = self.defs.get(ref[len(_DEFS) :], True)
        return node

    def parts(self, node: Any, depth: int = 0) -> Iterator[Raw]:
        """``node`` and, in place, what it is made of: its ``$ref`` target and ``allOf``
        members (recursively), each a dict."""
        if not isinstance(node, dict) or depth > 32:
            return
        yield node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_DEFS):
            yield from self.parts(self.defs.get(ref[len(_DEFS) :]), depth + 1)
        for member in node.get("allOf", ()):
            yield from self.parts(member, depth + 1)

    def types(self, node: Any, depth: int = 0) -> frozenset[str]:
        """The JSON types a value may have (``integer`` is also a ``number``)."""
        if node is False:
            return frozenset()
        if not isinstance(node, dict) or depth > 32:
            return frozenset(ALL_TYPES)
        allowed = frozenset(ALL_TYPES)
        for part in self.parts(node, depth):
            allowed &= self._own_types(part, depth)
        return allowed

    def _own_types(self, node: Raw, depth: int) -> frozenset[str]:
        allowed = frozenset(ALL_TYPES)
        declared = node.get("type")
        if isinstance(declared, str | list):
            names = {declared} if isinstance(declared, str) else set(declared)
            if "number" in names:
                names.add("integer")
            allowed &= frozenset(names)
        if "const" in node:
            allowed &= {json_type(node["const"])} | (
                {"number"} if json_type(node["const"]) == "integer" else set()
            )
        elif isinstance(node.get("enum"), list):
            found = {json_type(v) for v in node["enum"]}
            allowed &= found | ({"number"} if "integer" in found else set())
        for key in ("anyOf", "oneOf"):
            if isinstance(node.get(key), list):
                union: frozenset[str] = frozenset()
                for member in node[key]:
                    union |= self.types(member, depth + 1)
                allowed &= union
        return allowed

    def first(self, node: Any, keyword: str) -> Any:
        """The first value of ``keyword`` on ``node`` or its in-place parts (None if none)."""
        for part in self.parts(node):
            if keyword in part:
                return part[keyword]
        return None

    def items(self, node: Any) -> Any:
        """The schema every array item must satisfy (``True`` when unconstrained)."""
        found = self.first(node, "items")
        return True if found is None else found

    def properties(self, node: Any) -> dict[str, Any]:
        """Declared properties of ``node`` and its in-place parts (first declaration wins)."""
        out: dict[str, Any] = {}
        for part in self.parts(node):
            props = part.get("properties")
            if isinstance(props, dict):
                for name, sub in props.items():
                    out.setdefault(name, sub)
        return out

    def enum(self, node: Any) -> list[Any] | None:
        """The values of an ``enum``/``const`` on ``node`` or its parts, if any."""
        for part in self.parts(node):
            if "const" in part:
                return [part["const"]]
            if isinstance(part.get("enum"), list):
                return list(part["enum"])
        return None
