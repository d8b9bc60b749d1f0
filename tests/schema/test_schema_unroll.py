"""Unrolling: no refs left, recursion cut at a depth, impossibility propagated."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from schema_support import api_for, component

from specgen.schema import Direction, to_json_schema, unroll
from specgen.schema.formats import FORMAT_CHECKER

RES = Direction.RESPONSE
LIST = {
    "type": "object",
    "required": ["value"],
    "properties": {"value": {"type": "integer"}, "next": {"$ref": "#/components/schemas/List"}},
}
TREE = {
    "type": "object",
    "properties": {"kids": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}},
}


def unrolled(name: str, depth: int = 2, **schemas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    api = api_for(schemas)
    original = to_json_schema(api, component(api, name), direction=RES)
    out = unroll(original, depth)
    assert "$ref" not in json.dumps(out)
    assert "$defs" not in out
    Draft202012Validator.check_schema(out)
    return original, out


def test_optional_recursive_property_is_forbidden_past_the_depth() -> None:
    _, out = unrolled("List", 2, List=LIST)
    assert out["properties"]["next"]["properties"]["next"] is False
    check = Draft202012Validator(out)
    assert check.is_valid({"value": 1, "next": {"value": 2}})
    assert not check.is_valid({"value": 1, "next": {"value": 2, "next": {"value": 3}}})


def test_depth_counts_levels() -> None:
    for depth in (1, 2, 3):
        _, out = unrolled("List", depth, List=LIST)
        levels, node = 0, out
        while isinstance(node, dict):
            levels += 1
            node = node["properties"]["next"]
        assert levels == depth


def test_array_items_past_the_depth_mean_an_empty_array() -> None:
    _, out = unrolled("Tree", 1, Tree=TREE)
    assert out["properties"]["kids"]["maxItems"] == 0


def test_required_recursion_makes_the_branch_impossible() -> None:
    looped = {
        "type": "object",
        "required": ["self"],
        "properties": {"self": {"$ref": "#/components/schemas/Loop"}},
    }
    _, out = unrolled("Loop", 2, Loop=looped)
    assert out == {"$schema": "https://json-schema.org/draft/2020-12/schema", "not": {}}
    either = {"anyOf": [{"$ref": "#/components/schemas/Loop"}, {"type": "null"}]}
    _, out = unrolled("Either", 2, Loop=looped, Either=either)
    assert out["anyOf"] == [{"type": "null"}]


def test_a_nullable_required_recursion_keeps_its_null() -> None:
    chain = {
        "type": "object",
        "required": ["next"],
        "properties": {"next": {"$ref": "#/components/schemas/Chain", "nullable": True}},
    }
    original, out = unrolled("Chain", 2, Chain=chain)
    value = {"next": {"next": None}}
    assert Draft202012Validator(out).is_valid(value)
    assert Draft202012Validator(original, format_checker=FORMAT_CHECKER).is_valid(value)


def test_non_recursive_refs_are_inlined_and_shared() -> None:
    schemas = {
        "Money": {"type": "object", "properties": {"amount": {"type": "string"}}},
        "Order": {
            "type": "object",
            "properties": {
                "total": {"$ref": "#/components/schemas/Money"},
                "tax": {"$ref": "#/components/schemas/Money"},
            },
        },
    }
    _, out = unrolled("Order", 2, **schemas)
    assert out["properties"]["total"] is out["properties"]["tax"]


def test_depth_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        unroll({"type": "string"}, 0)
