"""Regexes for the string forms of primitive values, for Pact ``regex`` matchers and
WireMock ``matches``/``urlPathPattern``.

``string_regex`` returns ``^...$`` in the syntax Python, Java and Rust share (no lookaround,
no possessive repeats, no ``\\Z``), or ``None`` when no exact regex exists. "Exact" means:
the regex fully matches the string form (a string itself, ``true``/``false``, a number's
JSON text) of every valid non-null value, and of nothing else, with two deliberate
exceptions: ``date``/``date-time`` regexes check each field's range but not the calendar
(``2024-02-30`` passes), and the ``int32``/``int64`` formats are not folded into integer
regexes (their exact regexes run to hundreds of characters). Null has no string form: a
nullable schema gets the regex of its other values.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from specgen.schema.convert import as_schema
from specgen.schema.dialects import Direction
from specgen.schema.formats import FORMAT_REGEX
from specgen.schema.intrange import int_regex
from specgen.schema.merge import merge, type_set
from specgen.schema.patterns import (
    MAXREPEAT,
    Pattern,
    anchored_body,
    emit_items,
    escape,
    fullmatch_regex,
    has_top_level_bar,
    is_group,
    item_width,
    width,
)
from specgen.schema.patterns import parse as parse_pattern
from specgen.schema.validation import compiled
from specgen.spec.api import API
from specgen.spec.model import Schema

Raw = dict[str, Any]
_PREFIX = "#/$defs/"
ANY_STRING = r"[\s\S]"
NUMBER = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
_ANNOTATIONS = frozenset({"title", "examples", "default", "$schema", "$defs"})
_MERGEABLE = frozenset({"type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"})
_MERGEABLE |= {"minLength", "maxLength"} | _ANNOTATIONS
_ATOMIC = frozenset({"LITERAL", "NOT_LITERAL", "ANY", "IN"})


def string_form(value: Any) -> str | None:
    """How a primitive value is written in a path, query or header: strings as they are,
    booleans and numbers as JSON; ``None`` for null, objects and arrays."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float) and not (
        isinstance(value, float) and not math.isfinite(value)
    ):
        return json.dumps(value)
    return None


def string_regex(api: API, schema: Schema | Any, *, pointer: str | None = None) -> str | None:
    """A ``^...$`` regex matching exactly the string forms of the valid values of a
    primitive ``schema`` (see the module docstring), or ``None`` when there is none. Raises
    ``SpecError`` for a schema that cannot be converted."""
    found = compiled(api, as_schema(schema, pointer), Direction.REQUEST)
    root = found.converted.schema
    alternatives = _Regexes(root, found.validator).of(root, ())
    if alternatives is None:
        return None
    unique = list(dict.fromkeys(alternatives))
    if not unique:
        return None
    if len(unique) == 1:
        return f"^{_grouped(unique[0])}$"
    return "^(?:" + "|".join(unique) + ")$"


def _grouped(alternative: str) -> str:
    """``alternative`` safe between ``^`` and ``$`` (a bare ``a|b`` would bind to them)."""
    return f"(?:{alternative})" if has_top_level_bar(alternative) else alternative


class _Regexes:
    def __init__(self, root: Raw, validator: Any) -> None:
        self.defs: Raw = root.get("$defs", {})
        self.validator = validator

    def of(self, node: Any, stack: tuple[str, ...]) -> list[str] | None:
        """Alternatives whose union is exact for ``node``; ``[]``: no non-null value."""
        if node is False:
            return []
        if node is True or not isinstance(node, dict):
            return None
        if "const" in node or "enum" in node:
            values = [node["const"]] if "const" in node else node["enum"]
            check = self.validator.evolve(schema=node)
            forms = [string_form(v) for v in values if v is not None and check.is_valid(v)]
            if any(f is None for f in forms):
                return None
            return [escape(f) for f in forms if f is not None]
        if "$ref" in node or "allOf" in node:
            flat = self._flatten(node, stack)
            return None if flat is None else self.of(flat[0], flat[1])
        for key in ("anyOf", "oneOf"):
            if key in node:
                return self._union(node, key, stack)
        if any(k in node for k in ("not", "if", "dependentSchemas")):
            return None
        return self._typed(node)

    def _flatten(self, node: Raw, stack: tuple[str, ...]) -> tuple[Any, tuple[str, ...]] | None:
        """``$ref``/``allOf`` merged into one node, when that merge is exact."""
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
                if name in stack or name not in self.defs:
                    return None  # recursion: not a primitive
                stack = (*stack, name)
                pending.append(self.defs[name])
            pending.extend(part.get("allOf", []))
            parts.append({k: v for k, v in part.items() if k not in ("$ref", "allOf")})
        constraining = [
            p
            for p in parts
            if p is not True and not (isinstance(p, dict) and set(p) <= _ANNOTATIONS)
        ]
        keys = [k for p in constraining if isinstance(p, dict) for k in p if k not in _ANNOTATIONS]
        if len(constraining) > 1 and (
            any(k not in _MERGEABLE for k in keys) or len(set(keys)) != len(keys)
        ):
            return None  # two patterns, an enum beside a pattern...: not one regex
        return merge(parts), stack

    def _union(self, node: Raw, key: str, stack: tuple[str, ...]) -> list[str] | None:
        rest = {k: v for k, v in node.items() if k not in (key, *_ANNOTATIONS)}
        if rest:
            return None
        branches = node[key]
        if key == "oneOf":
            # exact only when no value can match two branches: their types are disjoint
            seen: set[str] = set()
            for branch in branches:
                types = type_set(branch) if isinstance(branch, dict) else None
                if types is None or seen & types:
                    return None
                seen |= types
        out: list[str] = []
        for branch in branches:
            found = self.of(branch, stack)
            if found is None:
                return None
            out += found
        return out

    def _typed(self, node: Raw) -> list[str] | None:
        types = type_set(node)
        if types is None:
            return None
        out: list[str] = []
        for name in sorted(types - {"null"}):
            if name == "integer" and "number" in types:
                continue
            found = _BY_TYPE[name](node) if name in _BY_TYPE else None
            if found is None:
                return None
            out.append(found)
        return out


def _string(node: Raw) -> str | None:
    low: int = node.get("minLength", 0)
    high: int | None = node.get("maxLength")
    fmt = node.get("format")
    pattern = node.get("pattern")
    if isinstance(fmt, str) and fmt in FORMAT_REGEX:
        if pattern is not None:
            return None
        portable = parse_pattern(FORMAT_REGEX[fmt]).portable
        return None if portable is None else _within(portable, low, high)
    if fmt in ("ipv6", "regex"):
        return None  # checked by code, not by a regex
    if isinstance(pattern, str):
        return _pattern(pattern, low, high)
    if high is None:
        return f"{ANY_STRING}*" if low == 0 else f"{ANY_STRING}{{{low},}}"
    return f"{ANY_STRING}{{{low},{high}}}" if low != high else f"{ANY_STRING}{{{low}}}"


def _within(body: str, low: int, high: int | None) -> str | None:
    """``body`` when all its matches have an allowed length."""
    shortest, longest = width(parse_pattern(body))
    fits = shortest >= low and (high is None or (longest is not None and longest <= high))
    return body if fits else None


def _pattern(pattern: str, low: int, high: int | None) -> str | None:
    parsed = parse_pattern(pattern)
    full = fullmatch_regex(parsed)
    if full is None or not parsed.exact:
        return None
    body = full[1:-1]
    if low == 0 and high is None:
        return body
    items = anchored_body(parsed)
    if items is None:  # unanchored: any length above the match's is possible
        shortest, _ = width(parsed)
        return body if high is None and shortest >= low else None
    if _within(body, low, high) is not None:
        return body
    return _stretch(parsed, items, low, high)


def _stretch(parsed: Pattern, items: list[Any], low: int, high: int | None) -> str | None:
    """Fold length limits into an anchored pattern made of fixed-width parts and one repeat
    of a single character (``^[a-z]+$`` with maxLength 8 is ``^[a-z]{1,8}$``)."""
    widths = [item_width(item) for item in items]
    variable = [i for i, (few, most) in enumerate(widths) if few != most]
    if len(variable) != 1:
        return None
    index = variable[0]
    op, av = items[index]
    if str(op) not in ("MAX_REPEAT", "MIN_REPEAT") or av[2].getwidth() != (1, 1):
        return None
    few, most, sub = av
    fixed = sum(w for i, (w, _) in enumerate(widths) if i != index)
    new_few = max(few, low - fixed)
    new_most = None if most >= MAXREPEAT else most
    if high is not None:
        new_most = high - fixed if new_most is None else min(new_most, high - fixed)
    if new_most is not None and new_few > new_most:
        return None
    count = f"{{{new_few},}}" if new_most is None else f"{{{new_few},{new_most}}}"
    unit = emit_items(parsed, list(sub))
    if not (len(sub) == 1 and str(sub[0][0]) in _ATOMIC) and not is_group(unit):
        unit = f"(?:{unit})"
    lazy = "?" if str(op) == "MIN_REPEAT" else ""
    before = emit_items(parsed, items[:index])
    after = emit_items(parsed, items[index + 1 :])
    return f"{before}{unit}{count}{lazy}{after}"


def _integer(node: Raw) -> str | None:
    step = node.get("multipleOf")
    if step is not None and step != 1:
        return None
    low, high = _int_bounds(node)
    return int_regex(low, high)


def _int_bounds(node: Raw) -> tuple[int | None, int | None]:
    low: int | None = None
    high: int | None = None
    for key in ("minimum", "exclusiveMinimum"):
        value = node.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            bound = math.floor(value) + 1 if key == "exclusiveMinimum" else math.ceil(value)
            low = bound if low is None else max(low, bound)
    for key in ("maximum", "exclusiveMaximum"):
        value = node.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            bound = math.ceil(value) - 1 if key == "exclusiveMaximum" else math.floor(value)
            high = bound if high is None else min(high, bound)
    return low, high


def _number(node: Raw) -> str | None:
    if any(k in node for k in ("multipleOf", "maximum", "exclusiveMaximum", "exclusiveMinimum")):
        return None
    minimum = node.get("minimum")
    if minimum is None:
        return NUMBER
    if minimum == 0:
        return NUMBER[2:]  # without the sign
    return None


def _boolean(_node: Raw) -> str:
    return "(?:true|false)"


_BY_TYPE: dict[str, Callable[[Raw], str | None]] = {
    "string": _string,
    "integer": _integer,
    "number": _number,
    "boolean": _boolean,
}
