"""Candidate values for a converted schema, most realistic first.

``Synth.values(node)`` proposes; whoever asks validates. Objects and arrays validate each
member as they build (so one bad guess does not sink the whole value), compositions just
pass candidates up and the enclosing check decides (``oneOf``: exactly one branch). A budget
of validations bounds the work on hostile schemas.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from specgen.schema.merge import ALL_TYPES, merge, type_set
from specgen.schema.scalars import integers, numbers, strings

Raw = dict[str, Any]
_PREFIX = "#/$defs/"
_RECURSION = 2  # how often one def may be entered along a path
_CANDIDATES = 12  # candidates tried per property or item before giving up on it


class OutOfBudget(Exception):
    """Too many validations: stop searching."""


class Synth:
    """Proposes values for the nodes of one converted schema (``root``)."""

    def __init__(
        self, root: Raw, validator: Any, *, seed: int, optional: bool, budget: int
    ) -> None:
        self.defs: Raw = root.get("$defs", {})
        self.validator = validator
        self.seed = seed
        self.optional = optional
        self.budget = budget
        self.failed: list[Any] = []  # nodes that yielded nothing valid, deepest first
        self._validators: dict[int, Any] = {}
        self._keep: list[Any] = []  # nodes whose id keys `_validators`

    def valid(self, node: Any, value: Any) -> bool:
        """Whether ``value`` is valid for ``node`` (refs resolve against the root)."""
        self.budget -= 1
        if self.budget < 0:
            raise OutOfBudget
        found = self._validators.get(id(node))
        if found is None:
            found = self.validator.evolve(schema=node)
            self._validators[id(node)] = found
            self._keep.append(node)
        return bool(found.is_valid(value))

    def first(
        self, node: Any, stack: tuple[str, ...], hint: str, seed: int, *, needed: bool = True
    ) -> tuple[bool, Any]:
        """The first valid candidate for ``node``: ``(True, value)`` or ``(False, None)``.
        A ``needed`` node that has none is remembered, to say where a value is impossible."""
        for count, value in enumerate(self.values(node, stack, hint, seed)):
            if self.valid(node, value):
                return True, value
            if count >= _CANDIDATES:
                break
        if needed:
            self.failed.append(node)
        return False, None

    def values(
        self, node: Any, stack: tuple[str, ...], hint: str, seed: int, full: bool = False
    ) -> Iterator[Any]:
        """Candidates for ``node`` (not yet validated); ``full`` adds the optional
        properties of the object it makes, whatever ``optional`` says."""
        if node is False:
            return
        if node is True or not isinstance(node, dict):
            node = {}
        if "const" in node:
            yield node["const"]
            return
        yield from self._declared(node, seed)
        if "enum" in node:
            return  # nothing else can be valid
        if "$ref" in node or "allOf" in node:
            resolved = self._resolve(node, stack)
            if resolved is not None:
                yield from self.values(resolved[0], resolved[1], hint, seed, full)
            return
        branches = node.get("oneOf") or node.get("anyOf")
        if branches:
            rest = {k: v for k, v in node.items() if k not in ("oneOf", "anyOf")}
            # null branches (nullable wrappers) last: a value is more telling than null
            ordered = sorted(branches, key=lambda b: b == {"type": "null"})
            for branch in ordered:
                merged = merge([rest, branch]) if rest else branch
                yield from self.values(merged, stack, hint, seed, full)
                if not full and not self.optional:
                    # optional properties often tell overlapping branches apart
                    yield from self.values(merged, stack, hint, seed, True)
            return
        if "if" in node:
            rest = {k: v for k, v in node.items() if k not in ("if", "then", "else")}
            then = merge([rest, node["if"], node.get("then", True)])
            yield from self.values(then, stack, hint, seed, full)
            yield from self.values(merge([rest, node.get("else", True)]), stack, hint, seed, full)
            return
        yield from self._typed(node, stack, hint, seed, full)

    def _declared(self, node: Raw, seed: int) -> Iterator[Any]:
        """The schema's own values: examples, default, then enum members (from ``seed``)."""
        yield from node.get("examples", ())
        if "default" in node:
            yield node["default"]
        enum = [v for v in node.get("enum", ()) if v is not None]
        if enum:
            start = seed % len(enum)
            yield from enum[start:] + enum[:start]
        if None in node.get("enum", ()):
            yield None  # a value says more than null

    def _resolve(self, node: Raw, stack: tuple[str, ...]) -> tuple[Any, tuple[str, ...]] | None:
        """``node`` with ``$ref`` and ``allOf`` merged away; ``None`` past the recursion
        bound."""
        parts: list[Any] = []
        pending: list[Any] = [node]
        while pending:
            part = pending.pop(0)
            if not isinstance(part, dict):
                parts.append(part)
                continue
            ref = part.get("$ref")
            if isinstance(ref, str) and ref.startswith(_PREFIX):
                name = ref[len(_PREFIX) :]
                if stack.count(name) >= _RECURSION or name not in self.defs:
                    return None
                stack = (*stack, name)
                pending.append(self.defs[name])
            members = part.get("allOf", [])
            pending.extend(members)
            parts.append({k: v for k, v in part.items() if k not in ("$ref", "allOf")})
        return merge(parts), stack

    def _typed(
        self, node: Raw, stack: tuple[str, ...], hint: str, seed: int, full: bool
    ) -> Iterator[Any]:
        allowed = type_set(node)
        for name in _guess_types(node) if allowed is None else ALL_TYPES:
            if allowed is not None and name not in allowed:
                continue
            if name == "integer" and allowed is not None and "number" in allowed:
                continue  # `number` proposes integers too when they fit
            if name == "string":
                yield from strings(node, seed, hint)
            elif name == "integer":
                yield from integers(node, seed)
            elif name == "number":
                yield from numbers(node, seed)
            elif name == "boolean":
                yield seed % 2 == 0
                yield seed % 2 == 1
            elif name == "null":
                yield None
            elif name == "array":
                yield from self._arrays(node, stack, hint, seed)
            elif name == "object":
                yield from self._objects(node, stack, seed, self.optional or full)

    def _arrays(self, node: Raw, stack: tuple[str, ...], hint: str, seed: int) -> Iterator[Any]:
        low = node.get("minItems", 0)
        high = node.get("maxItems")
        prefix = node.get("prefixItems", [])
        items = node.get("items", True)
        # one item at least: an example of a list should show what its items look like
        count = max(low, 1, len(prefix) if self.optional else 0)
        if high is not None:
            count = min(count, high)
        unique = node.get("uniqueItems") is True
        out: list[Any] = []
        for index in range(count):
            schema = prefix[index] if index < len(prefix) else items
            value = self._item(schema, stack, hint, seed + index, out if unique else None)
            if value is _NOTHING:
                break
            out.append(value)
        if len(out) >= low:
            yield out
        if "contains" in node and out:
            contains = merge([items, node["contains"]])
            found, extra = self.first(contains, stack, hint, seed, needed=False)
            if found:
                yield [extra, *out[1:]]
        if low == 0 and out:
            yield []

    def _item(
        self, schema: Any, stack: tuple[str, ...], hint: str, seed: int, taken: list[Any] | None
    ) -> Any:
        for count, value in enumerate(self.values(schema, stack, hint, seed)):
            if (taken is None or value not in taken) and self.valid(schema, value):
                return value
            if count >= _CANDIDATES * 2:
                break
        self.failed.append(schema)
        return _NOTHING

    def _objects(
        self, node: Raw, stack: tuple[str, ...], seed: int, optional: bool
    ) -> Iterator[Any]:
        props: Raw = node.get("properties", {})
        required: list[str] = list(node.get("required", []))
        wanted = list(required)
        if optional:
            wanted += [p for p in props if p not in wanted]
        depends: Raw = node.get("dependentRequired", {})
        out: Raw = {}
        ok = True
        for name in wanted:
            for extra in depends.get(name, []):
                if extra not in wanted:
                    wanted.append(extra)
            needed = name in required
            found, value = self.first(self._property(node, name), stack, name, seed, needed=needed)
            if found:
                out[name] = value
            elif needed:
                ok = False
                break
        if not ok:
            return
        extra_schema = node.get("additionalProperties", True)
        low = node.get("minProperties", 0)
        optional_left = [p for p in props if p not in out]
        while len(out) < low and optional_left:
            name = optional_left.pop(0)
            found, value = self.first(props[name], stack, name, seed, needed=False)
            if found:
                out[name] = value
        wants_map = optional and not props and isinstance(extra_schema, dict)
        index = 1
        while (len(out) < low or wants_map) and extra_schema is not False and index < 50:
            found, value = self.first(extra_schema, stack, "value", seed + index)
            if not found:
                break
            out[f"additionalProp{index}"] = value
            index += 1
            wants_map = False
        yield out

    def _property(self, node: Raw, name: str) -> Any:
        """The schema a property named ``name`` must match."""
        props: Raw = node.get("properties", {})
        if name in props:
            return props[name]
        for pattern, schema in node.get("patternProperties", {}).items():
            if re.search(pattern, name):
                return schema
        return node.get("additionalProperties", True)


_NOTHING = object()


def _guess_types(node: Raw) -> tuple[str, ...]:
    """Types to try for a node without ``type``: what its keywords suggest, then the rest."""
    hints = {
        "object": ("properties", "required", "additionalProperties", "patternProperties"),
        "array": ("items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"),
        "string": ("pattern", "minLength", "maxLength", "format"),
        "number": ("minimum", "maximum", "multipleOf", "exclusiveMinimum", "exclusiveMaximum"),
    }
    first = [t for t, keys in hints.items() if any(k in node for k in keys)]
    rest = ["string", "integer", "number", "boolean", "object", "array", "null"]
    return tuple(dict.fromkeys([*first, *rest]))
