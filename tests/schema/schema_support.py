"""Helpers for the schema tests: small APIs around given schemas, and a hypothesis strategy
of OpenAPI schemas that some value satisfies (by construction)."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from specgen.spec.api import API
from specgen.spec.loader import load_spec_data
from specgen.spec.model import Schema
from tests.conftest import minimal_spec


def api_for(schemas: dict[str, Any], *, openapi: str = "3.0.3") -> API:
    """An API whose ``components.schemas`` are ``schemas`` (deep-copied)."""
    doc = minimal_spec(openapi=openapi)
    doc["components"]["schemas"].update(copy.deepcopy(schemas))
    return load_spec_data(doc)


def component(api: API, name: str) -> Schema:
    """The component schema ``name`` as the model's ``Schema``."""
    return Schema(api.document["components"]["schemas"][name], f"/components/schemas/{name}")


def schema_api(raw: Any, *, openapi: str = "3.0.3", **others: Any) -> tuple[API, Schema]:
    """An API holding ``raw`` as component ``S`` (and ``others``), and that schema."""
    api = api_for({"S": raw, **others}, openapi=openapi)
    return api, component(api, "S")


# Patterns with the lengths their matches can have (None: unbounded); every length in
# between is possible, so any length limits within those bounds can be met.
PATTERNS: list[tuple[str, int, int | None]] = [
    (r"^[a-z]+$", 1, None),
    (r"^[A-Z]{2}-\d{3}$", 6, 6),
    (r"abc", 3, None),
    (r"^\d{4}$", 4, 4),
    (r"^(foo|bar)$", 3, 3),
    (r"[0-9a-f]{8}", 8, None),
    (r"^usr_[0-9a-z]{8}$", 12, 12),
    (r"^[A-Za-z0-9_.-]{3,16}$", 3, 16),
    (r"^\+?[1-9]\d{1,14}$", 2, 16),
    (r"(?i)^[a-z]+x$", 2, None),
    (r"^[^\s@]+@[^\s@]+$", 3, None),
]
FORMATS = ["date", "date-time", "time", "email", "uuid", "uri", "ipv4", "ipv6", "hostname"]
FORMATS += ["byte", "x-unknown-format", "password"]
NAMES = st.sampled_from(["id", "name", "email", "count", "tags", "kind", "price", "note"])


@st.composite
def string_schemas(draw: st.DrawFn) -> dict[str, Any]:
    """``type: string`` with a format, a pattern (with compatible lengths), or lengths."""
    choice = draw(st.sampled_from(["format", "pattern", "length", "plain"]))
    out: dict[str, Any] = {"type": "string"}
    if choice == "format":
        out["format"] = draw(st.sampled_from(FORMATS))
    elif choice == "pattern":
        pattern, low, high = draw(st.sampled_from(PATTERNS))
        out["pattern"] = pattern
        if draw(st.booleans()):
            top = high if high is not None else low + 20
            out["minLength"] = draw(st.integers(0, top))
            out["maxLength"] = draw(st.integers(max(out["minLength"], low), max(top, low)))
    elif choice == "length":
        out["minLength"] = draw(st.integers(0, 10))
        out["maxLength"] = out["minLength"] + draw(st.integers(0, 10))
    return out


@st.composite
def integer_schemas(draw: st.DrawFn, *, dialect31: bool = False) -> dict[str, Any]:
    """``type: integer`` with bounds (some exclusive) and ``multipleOf`` that fit."""
    out: dict[str, Any] = {"type": "integer"}
    step = draw(st.sampled_from([None, 1, 2, 5, 10]))
    if step:
        out["multipleOf"] = step
    if draw(st.booleans()):
        low = draw(st.integers(-1000, 1000))
        out["minimum"] = low
        out["maximum"] = low + draw(st.integers(3 * (step or 1), 500))
        if draw(st.booleans()):
            if dialect31:
                out["exclusiveMinimum"] = out.pop("minimum")
            else:
                out["exclusiveMinimum"] = True
    if draw(st.booleans()):
        out["format"] = draw(st.sampled_from(["int32", "int64"]))
    return out


@st.composite
def number_schemas(draw: st.DrawFn, *, dialect31: bool = False) -> dict[str, Any]:
    """``type: number`` with bounds and a fractional ``multipleOf``."""
    out: dict[str, Any] = {"type": "number"}
    if draw(st.booleans()):
        out["minimum"] = draw(st.sampled_from([0, 0.5, -10, 1.25, 100]))
        out["maximum"] = out["minimum"] + draw(st.sampled_from([1, 2.5, 10, 1000]))
        if draw(st.booleans()):
            if dialect31:
                out["exclusiveMaximum"] = out.pop("maximum")
            else:
                out["exclusiveMaximum"] = True
    width = out.get("maximum", out.get("exclusiveMaximum", 1000)) - out.get("minimum", 0)
    steps = [s for s in (0.5, 0.25, 2) if s * 2 <= width]
    if steps and draw(st.booleans()):
        out["multipleOf"] = draw(st.sampled_from(steps))
    return out


def enum_schemas() -> st.SearchStrategy[dict[str, Any]]:
    """Enums of strings or integers."""
    strings = st.lists(st.text("abcxyz-_.", min_size=1, max_size=6), min_size=1, max_size=4)
    ints = st.lists(st.integers(-5, 50), min_size=1, max_size=4)
    return st.one_of(
        strings.map(lambda v: {"type": "string", "enum": sorted(set(v))}),
        ints.map(lambda v: {"type": "integer", "enum": sorted(set(v))}),
    )


def primitive_schemas(*, dialect31: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Strings, numbers, booleans and enums."""
    return st.one_of(
        string_schemas(),
        integer_schemas(dialect31=dialect31),
        number_schemas(dialect31=dialect31),
        st.just({"type": "boolean"}),
        enum_schemas(),
    )


def _nullable(schema: dict[str, Any], dialect31: bool) -> dict[str, Any]:
    out = dict(schema)
    if dialect31:
        out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    else:
        out["nullable"] = True
    return out


@st.composite
def _object(draw: st.DrawFn, inner: st.SearchStrategy[dict[str, Any]]) -> dict[str, Any]:
    props = draw(st.dictionaries(NAMES, inner, min_size=1, max_size=4))
    names = sorted(props)
    required = draw(st.lists(st.sampled_from(names), unique=True))
    for name in draw(st.lists(st.sampled_from(names), unique=True, max_size=2)):
        props[name] = {**props[name], draw(st.sampled_from(["readOnly", "writeOnly"])): True}
    out: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        out["required"] = required
    if draw(st.booleans()):
        out["additionalProperties"] = draw(st.sampled_from([False, {"type": "string"}]))
    return out


def _array(inner: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        items = draw(inner)
        low = draw(st.integers(0, 3))
        out = {
            "type": "array",
            "items": items,
            "minItems": low,
            "maxItems": low + draw(st.integers(0, 3)),
        }
        if items.get("type") == "string" and set(items) <= {"type", "format"}:
            out["uniqueItems"] = draw(st.booleans()) and items.get("format") is None
        return out

    return build()


@st.composite
def _all_of(draw: st.DrawFn, inner: st.SearchStrategy[dict[str, Any]]) -> dict[str, Any]:
    first = draw(st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, min_size=1, max_size=2))
    second = draw(st.dictionaries(st.sampled_from(["x", "y"]), inner, min_size=1, max_size=2))
    return {
        "allOf": [
            {"type": "object", "properties": first, "required": sorted(first)[:1]},
            {"type": "object", "properties": second, "required": sorted(second)[:1]},
        ]
    }


@st.composite
def _one_of(draw: st.DrawFn) -> dict[str, Any]:
    # branches of different JSON types: exactly one matches any value
    branches = {
        "string": string_schemas(),
        "integer": integer_schemas(),
        "boolean": st.just({"type": "boolean"}),
        "array": st.just({"type": "array", "items": {"type": "string"}}),
    }
    kinds = draw(st.lists(st.sampled_from(sorted(branches)), min_size=2, max_size=3, unique=True))
    return {"oneOf": [draw(branches[k]) for k in kinds]}


def openapi_schemas(*, dialect31: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """OpenAPI schemas (3.0 style, or 3.1 with ``dialect31``) that some value satisfies:
    primitives with formats, patterns, bounds and enums; nullable ones; nested objects
    (with read-only and write-only properties) and arrays; allOf and oneOf."""
    leaves = primitive_schemas(dialect31=dialect31)
    leaves = st.one_of(leaves, leaves.map(lambda s: _nullable(s, dialect31)))

    def extend(inner: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
        return st.one_of(_object(inner), _array(inner), _all_of(inner), _one_of())

    return st.recursive(leaves, extend, max_leaves=6)
