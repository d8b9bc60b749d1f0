"""Hypothesis strategies for spec schemas: property tests of stubs, and the fuzzer.

The strategy is built from the converted schema, unrolled (``unroll``) so recursion is
finite, with only Hypothesis's public strategies. hypothesis-jsonschema was the plan, but
its 0.23.1 (the latest) draws object properties through a Hypothesis internal
(``many.more()``) that Hypothesis 6.170 removed: every object schema fails with
``AttributeError``. Building our own also lets formats use specgen's definitions directly.

The build follows the schema closely but not perfectly (two ``allOf`` patterns, ``not``,
``oneOf`` exclusivity); every value drawn is checked with the schema's validator, so what
the build misses filters instead of producing an invalid value.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from hypothesis import strategies as st

from specgen.schema.convert import as_schema, cache_key, unroll
from specgen.schema.dialects import Direction
from specgen.schema.formats import FORMAT_REGEX, INT_RANGES, check_format
from specgen.schema.merge import ALL_TYPES, merge, type_set
from specgen.schema.validation import compiled
from specgen.spec.api import API
from specgen.spec.model import Schema

Raw = dict[str, Any]
_EXTRA_ITEMS = 2  # items beyond minItems, at most: big arrays find few extra bugs
_EXTRA_KEYS = 2  # additional properties, at most

_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
)
JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    _SCALARS | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=3,
)


def _format_strategy(name: str) -> st.SearchStrategy[str]:
    if name == "ipv6":
        return st.ip_addresses(v=6).map(str)
    if name == "regex":
        return st.sampled_from(["^[a-z]+$", "[0-9]{3}", "^(?:ab|cd)*$"])
    return st.from_regex(FORMAT_REGEX[name], fullmatch=True).filter(lambda s: check_format(name, s))


#: Strategies for the string formats specgen's format checker asserts.
FORMAT_STRATEGIES: dict[str, st.SearchStrategy[str]] = {
    name: _format_strategy(name) for name in (*FORMAT_REGEX, "ipv6", "regex")
}


def strategy_for(
    api: API,
    schema: Schema | Any,
    direction: Direction,
    *,
    pointer: str | None = None,
    depth: int = 2,
) -> st.SearchStrategy[Any]:
    """A strategy of values valid for ``schema`` in ``direction`` (recursion unrolled to
    ``depth``), built once per API and schema. Raises ``SpecError`` for a schema that
    cannot be converted."""
    schema = as_schema(schema, pointer)
    found = compiled(api, schema, direction)
    key = f"specgen.schema.strategy:{direction}:{depth}:{cache_key(api, schema)}"

    def build() -> st.SearchStrategy[Any]:
        unrolled = unroll(found.converted.schema, depth)
        return _Builder().build(unrolled).filter(found.is_valid)

    return api.cached(key, build)


class _Builder:
    def __init__(self) -> None:
        self.memo: dict[int, st.SearchStrategy[Any]] = {}  # unrolled schemas share subtrees

    def build(self, node: Any) -> st.SearchStrategy[Any]:
        if node is False:
            return st.nothing()
        if not isinstance(node, dict):
            return JSON_VALUES
        if id(node) not in self.memo:
            self.memo[id(node)] = st.deferred(lambda: self._build(node))
        return self.memo[id(node)]

    def _build(self, node: Raw) -> st.SearchStrategy[Any]:
        if "const" in node:
            return st.just(node["const"])
        if "enum" in node:
            return st.sampled_from(node["enum"]) if node["enum"] else st.nothing()
        if "allOf" in node:
            merged = merge([{k: v for k, v in node.items() if k != "allOf"}, *node["allOf"]])
            return self.build(merged)
        for key in ("anyOf", "oneOf"):
            if node.get(key):
                rest = {k: v for k, v in node.items() if k != key}
                return st.one_of([self.build(merge([rest, b])) for b in node[key]])
        if "if" in node:
            rest = {k: v for k, v in node.items() if k not in ("if", "then", "else")}
            then = merge([rest, node["if"], node.get("then", True)])
            return self.build(then) | self.build(merge([rest, node.get("else", True)]))
        allowed = type_set(node)
        names = [t for t in ALL_TYPES if allowed is None or t in allowed]
        if "number" in names:
            names.remove("integer")  # numbers draw integers too
        return st.one_of([self._typed(name, node) for name in names])

    def _typed(self, name: str, node: Raw) -> st.SearchStrategy[Any]:
        if name == "null":
            return st.none()
        if name == "boolean":
            return st.booleans()
        if name == "string":
            return _strings(node)
        if name == "integer":
            return _integers(node)
        if name == "number":
            return _integers(node) | _floats(node)
        if name == "array":
            return self._arrays(node)
        return self._objects(node)

    def _arrays(self, node: Raw) -> st.SearchStrategy[Any]:
        low = node.get("minItems", 0)
        high = node.get("maxItems")
        prefix = [self.build(item) for item in node.get("prefixItems", [])]
        cap = low + _EXTRA_ITEMS if high is None else min(high, low + _EXTRA_ITEMS)
        rest_low = max(0, low - len(prefix))
        rest_high = max(0, cap - len(prefix))
        unique = node.get("uniqueItems") is True
        rest = st.lists(
            self.build(node.get("items", True)),
            min_size=rest_low,
            max_size=max(rest_low, rest_high),
            unique_by=_canonical if unique else None,
        )
        return st.tuples(*prefix, rest).map(lambda parts: [*parts[:-1], *parts[-1]])

    def _objects(self, node: Raw) -> st.SearchStrategy[Any]:
        props: Raw = node.get("properties", {})
        required = [n for n in node.get("required", []) if props.get(n, True) is not False]
        fixed = {n: self._property(node, n) for n in required}
        optional = {n: self.build(s) for n, s in props.items() if n not in fixed and s is not False}
        known = st.fixed_dictionaries(fixed, optional=optional)
        extra = node.get("additionalProperties", True)
        if extra is False or node.get("patternProperties") or node.get("propertyNames"):
            return known
        names = st.text(min_size=1, max_size=8).filter(lambda n: n not in props)
        more = st.dictionaries(names, self.build(extra), max_size=_EXTRA_KEYS)
        return st.tuples(known, more).map(lambda parts: {**parts[1], **parts[0]})

    def _property(self, node: Raw, name: str) -> st.SearchStrategy[Any]:
        props: Raw = node.get("properties", {})
        if name in props:
            return self.build(props[name])
        for pattern, schema in node.get("patternProperties", {}).items():
            if re.search(pattern, name):
                return self.build(schema)
        return self.build(node.get("additionalProperties", True))


def _canonical(value: Any) -> str:
    # JSON Schema equality: 1 and 1.0 are equal, 1 and True are not
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return json.dumps(value, sort_keys=True)


def _strings(node: Raw) -> st.SearchStrategy[str]:
    low = node.get("minLength", 0)
    high = node.get("maxLength")
    fmt = node.get("format")
    pattern = node.get("pattern")
    if isinstance(fmt, str) and fmt in FORMAT_STRATEGIES:
        base = FORMAT_STRATEGIES[fmt]
    elif isinstance(pattern, str):
        # Python's `$` also matches before a final newline; Java's and Rust's do not, so
        # such values would pass our validator and fail the regexes handed to others.
        base = st.from_regex(pattern).filter(lambda s: not s.endswith("\n"))
    else:
        text = st.characters(codec="utf-8")
        return st.text(text, min_size=low, max_size=high if high is not None else low + 20)
    return base.filter(lambda s: len(s) >= low and (high is None or len(s) <= high))


def _bounds(node: Raw) -> tuple[float | None, float | None]:
    low = node.get("minimum")
    high = node.get("maximum")
    fmt = node.get("format")
    if isinstance(fmt, str) and fmt in INT_RANGES:
        f_low, f_high = INT_RANGES[fmt]
        low = f_low if low is None else max(low, f_low)
        high = f_high if high is None else min(high, f_high)
    return low, high


def _integers(node: Raw) -> st.SearchStrategy[int]:
    low, high = _bounds(node)
    lo = None if low is None else math.ceil(low)
    hi = None if high is None else math.floor(high)
    if "exclusiveMinimum" in node:
        bound = math.floor(node["exclusiveMinimum"]) + 1
        lo = bound if lo is None else max(lo, bound)
    if "exclusiveMaximum" in node:
        bound = math.ceil(node["exclusiveMaximum"]) - 1
        hi = bound if hi is None else min(hi, bound)
    if lo is not None and hi is not None and lo > hi:
        return st.nothing()
    step = node.get("multipleOf")
    if isinstance(step, int) and step > 0:
        k_lo = None if lo is None else -(-lo // step)
        k_hi = None if hi is None else hi // step
        return st.integers(k_lo, k_hi).map(lambda k: k * step)
    return st.integers(lo, hi)


def _floats(node: Raw) -> st.SearchStrategy[float]:
    low, high = _bounds(node)
    ex_low = node.get("exclusiveMinimum")
    ex_high = node.get("exclusiveMaximum")
    if ex_low is not None and (low is None or ex_low >= low):
        low = ex_low
    if ex_high is not None and (high is None or ex_high <= high):
        high = ex_high
    step = node.get("multipleOf")
    if isinstance(step, float) and step > 0:
        k_lo = None if low is None else math.ceil(low / step)
        k_hi = None if high is None else math.floor(high / step)
        return st.integers(k_lo, k_hi).map(lambda k: k * step)
    exclude_min = low is not None and low == ex_low
    exclude_max = high is not None and high == ex_high
    if (
        low is not None
        and high is not None
        and (low > high or (low == high and (exclude_min or exclude_max)))
    ):
        return st.nothing()
    return st.floats(
        min_value=low,
        max_value=high,
        exclude_min=exclude_min,
        exclude_max=exclude_max,
        allow_nan=False,
        allow_infinity=False,
    )
