"""Merging the members of an ``allOf`` (or a branch with its parent) into one schema to
synthesise values from.

The merge is a *generation hint*, not a new truth: where two members cannot be combined
exactly (two patterns, two ``oneOf``s, two ``additionalProperties``) it keeps the first and
lets the final validation against the original schema judge the value.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from typing import Any

Raw = dict[str, Any]
_LOWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_UPPER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
_NUMERIC_TYPES = {"number": {"number", "integer"}, "integer": {"integer"}}
ALL_TYPES = ("string", "number", "integer", "boolean", "array", "object", "null")


def _key(value: Any) -> str:
    # JSON equality: 1 and True differ, 1 and 1.0 do not
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return json.dumps(value, sort_keys=True, default=str)


def type_set(node: Raw) -> set[str] | None:
    """The types ``node`` allows (``integer`` included in ``number``), or ``None``: any."""
    raw = node.get("type")
    if raw is None:
        return None
    names = raw if isinstance(raw, list) else [raw]
    out: set[str] = set()
    for name in names:
        out |= _NUMERIC_TYPES.get(name, {name})
    return out


def merge(nodes: list[Any]) -> Any:
    """One schema that (roughly) means all of ``nodes`` together; ``False`` when they
    visibly contradict each other (no common type, disjoint enums, different consts)."""
    out: Raw = {}
    types: set[str] | None = None
    for node in nodes:
        if node is True:
            continue
        if node is False or not isinstance(node, dict):
            return False
        node_types = type_set(node)
        if node_types is not None:
            types = node_types if types is None else types & node_types
        for key, value in node.items():
            if key == "type":
                continue
            if key not in out:
                out[key] = value
            else:
                merged = _combine(key, out[key], value)
                if merged is _CONFLICT:
                    return False
                out[key] = merged
    if types is not None:
        if not types:
            return False
        if "number" in types:
            types.discard("integer")
        out["type"] = [t for t in ALL_TYPES if t in types]
    return out


_CONFLICT = object()


def _combine(key: str, first: Any, second: Any) -> Any:
    if key in _LOWER and _is_number(first) and _is_number(second):
        return max(first, second)
    if key in _UPPER and _is_number(first) and _is_number(second):
        return min(first, second)
    if key in ("properties", "patternProperties", "dependentSchemas"):
        out = dict(first)
        for name, sub in second.items():
            out[name] = {"allOf": [out[name], sub]} if name in out else sub
        return out
    if key in ("required", "examples"):
        return list({_key(v): v for v in [*first, *second]}.values())
    if key == "enum":
        wanted = {_key(v) for v in second}
        both = [v for v in first if _key(v) in wanted]
        return both if both else _CONFLICT
    if key == "const":
        return first if _key(first) == _key(second) else _CONFLICT
    if key == "multipleOf" and _is_number(first) and _is_number(second):
        return _lcm(first, second)
    if key in ("items", "contains", "propertyNames", "additionalProperties"):
        return {"allOf": [first, second]}
    if key == "prefixItems":
        longer, shorter = (first, second) if len(first) >= len(second) else (second, first)
        return [{"allOf": [a, shorter[i]]} if i < len(shorter) else a for i, a in enumerate(longer)]
    if key == "not":
        return {"anyOf": [first, second]}
    if key == "dependentRequired":
        return {**first, **second}
    return first  # patterns, formats, oneOf...: the first one guides, validation decides


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _lcm(first: float, second: float) -> float:
    a, b = Fraction(first), Fraction(second)
    numerator = math.lcm(a.numerator, b.numerator)
    denominator = math.gcd(a.denominator, b.denominator)
    result = Fraction(numerator, denominator)
    return int(result) if result.denominator == 1 else float(result)
