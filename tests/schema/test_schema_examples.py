"""Example values: the author's own first, realistic synthesis next, always valid."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from schema_support import api_for, component, schema_api

from specgen.errors import SpecError
from specgen.schema import Direction, example_value, violations
from specgen.spec.loader import load_spec

REQ, RES = Direction.REQUEST, Direction.RESPONSE
SPECS = Path(__file__).resolve().parents[2] / "specs"


def example(raw: Any, direction: Direction = RES, **kw: Any) -> Any:
    openapi = kw.pop("openapi", "3.0.3")
    api, schema = schema_api(raw, openapi=openapi)
    value = example_value(api, schema, direction=direction, **kw)
    assert violations(api, schema, value, direction) == []
    return value


def test_the_schemas_own_example_comes_first() -> None:
    assert (
        example({"type": "string", "example": "Ada", "default": "x", "enum": ["Ada", "x"]}) == "Ada"
    )
    assert example({"type": "string", "default": "x", "enum": ["y", "x"]}) == "x"
    assert example({"type": "string", "enum": ["y", "x"]}) == "y"
    assert example({"const": 7}) == 7


def test_an_invalid_example_is_passed_over() -> None:
    assert example({"type": "integer", "minimum": 10, "example": 3}) == 10


def test_seed_moves_through_enum_and_synthesised_values() -> None:
    assert example({"type": "string", "enum": ["a", "b", "c"]}, seed=1) == "b"
    assert example({"type": "string", "format": "uuid"}, seed=0) != example(
        {"type": "string", "format": "uuid"}, seed=1
    )


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("date", "2024-01-01"),
        ("date-time", "2024-01-01T12:00:00Z"),
        ("email", "user@example.com"),
        ("uuid", "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        ("ipv4", "192.0.2.1"),
        ("byte", "ZXhhbXBsZQ=="),
    ],
)
def test_strings_by_format(fmt: str, expected: str) -> None:
    assert example({"type": "string", "format": fmt}) == expected


def test_uri_uses_the_property_name() -> None:
    raw = {
        "type": "object",
        "required": ["avatarUrl"],
        "properties": {"avatarUrl": {"type": "string", "format": "uri"}},
    }
    assert example(raw) == {"avatarUrl": "https://example.com/avatarurl"}


@pytest.mark.parametrize(
    "raw",
    [
        {"type": "string", "pattern": "^usr_[0-9a-z]{8}$"},
        {"type": "string", "pattern": "abc", "minLength": 10},
        {"type": "string", "pattern": r"^(?=.*[A-Z])(?=.*\d).{8,}$"},
        {"type": "string", "pattern": "^[a-z]+$", "minLength": 5, "maxLength": 6},
        {"type": "string", "format": "email", "pattern": "@example\\.com$"},
        {"type": "string", "minLength": 3, "maxLength": 3},
    ],
)
def test_strings_meet_patterns_and_lengths(raw: dict[str, Any]) -> None:
    value = example(raw)
    assert isinstance(value, str)
    if "pattern" in raw:
        assert re.search(raw["pattern"], value)


@pytest.mark.parametrize(
    "raw",
    [
        {"type": "integer", "minimum": 5, "maximum": 7},
        {"type": "integer", "exclusiveMinimum": True, "minimum": 5, "maximum": 6},
        {"type": "integer", "multipleOf": 7, "minimum": 20},
        {"type": "integer", "maximum": -100},
        {"type": "number", "multipleOf": 0.01, "minimum": 0.05, "maximum": 0.07},
        {
            "type": "number",
            "minimum": 0,
            "exclusiveMinimum": True,
            "maximum": 1,
            "exclusiveMaximum": True,
        },
        {"type": "integer", "format": "int64", "minimum": 2**40},
    ],
)
def test_numbers_fit_their_bounds(raw: dict[str, Any]) -> None:
    value = example(raw)
    assert isinstance(value, int | float) and not isinstance(value, bool)


def test_objects_have_required_properties_and_optional_ones_on_request() -> None:
    raw = {
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
    }
    assert example(raw) == {"id": 1}
    assert example(raw, optional=True) == {"id": 1, "name": "name"}


def test_read_only_properties_stay_out_of_requests() -> None:
    raw = {
        "type": "object",
        "required": ["id", "name"],
        "properties": {"id": {"type": "string", "readOnly": True}, "name": {"type": "string"}},
    }
    assert example(raw, REQ) == {"name": "name"}
    assert example(raw, RES) == {"id": "id", "name": "name"}


def test_arrays_show_an_item_and_respect_unique_items() -> None:
    assert example({"type": "array", "items": {"type": "integer"}}) == [1]
    value = example(
        {
            "type": "array",
            "items": {"type": "string", "enum": ["a", "b", "c"]},
            "minItems": 3,
            "uniqueItems": True,
        }
    )
    assert sorted(value) == ["a", "b", "c"]
    assert example({"type": "array", "items": {"type": "string"}, "maxItems": 0}) == []


def test_compositions() -> None:
    all_of = {
        "allOf": [
            {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
            {"required": ["b"], "properties": {"b": {"type": "boolean"}}},
        ]
    }
    assert example(all_of) == {"a": "a", "b": True}
    one_of = {"oneOf": [{"type": "string", "maxLength": 0}, {"type": "string", "minLength": 0}]}
    assert example(one_of) not in ("",)  # "" matches both branches
    assert example({"anyOf": [{"type": "integer", "minimum": 3}, {"type": "string"}]}) == 3
    assert example({"not": {"type": "string"}}) == 1


def test_nullable_prefers_a_value() -> None:
    assert example({"type": "string", "nullable": True}) == "string"
    assert example({"type": ["null", "integer"]}, openapi="3.1.0") == 1


def test_recursion_is_bounded() -> None:
    node = {
        "type": "object",
        "required": ["children"],
        "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/S"}}},
    }
    value = example(node, optional=True)
    assert value == {"children": [{"children": []}]}  # S appears twice along a path


def test_same_inputs_same_value() -> None:
    api = load_spec(SPECS / "payment-service.yaml")
    first = [
        example_value(api, m.schema, direction=RES, seed=3, optional=True)
        for op in api.operations
        for r in op.responses
        for m in r.content
        if m.schema
    ]
    api = load_spec(SPECS / "payment-service.yaml")
    again = [
        example_value(api, m.schema, direction=RES, seed=3, optional=True)
        for op in api.operations
        for r in op.responses
        for m in r.content
        if m.schema
    ]
    assert first == again


def test_every_demo_schema_has_a_valid_example() -> None:
    for path in [*sorted(SPECS.glob("*.yaml")), SPECS / "order-service" / "openapi.yaml"]:
        api = load_spec(path)
        for op in api.operations:
            bodies = [(m, REQ) for m in (op.request_body.content if op.request_body else ())]
            bodies += [(m, RES) for r in op.responses for m in r.content]
            for media, direction in bodies:
                if media.schema is None:
                    continue
                for optional in (False, True):
                    value = example_value(api, media.schema, direction=direction, optional=optional)
                    assert violations(api, media.schema, value, direction) == [], (path, op.key)


@pytest.mark.parametrize(
    ("raw", "pointer"),
    [
        ({"type": "string", "minLength": 5, "maxLength": 2}, "/components/schemas/S"),
        ({"allOf": [{"type": "string"}, {"type": "integer"}]}, "/components/schemas/S"),
        (
            {
                "type": "object",
                "required": ["a"],
                "properties": {"a": {"type": "integer", "minimum": 3, "maximum": 1}},
            },
            "/components/schemas/S/properties/a",
        ),
        (
            {
                "type": "object",
                "required": ["self"],
                "properties": {"self": {"$ref": "#/components/schemas/S"}},
            },
            "/components/schemas/S/properties/self",
        ),
        ({"type": "string", "pattern": "^a$", "minLength": 2}, "/components/schemas/S"),
        ({"oneOf": [{"type": "string"}, {"type": "string"}]}, "/components/schemas/S"),
        ({"type": "integer", "format": "int32", "minimum": 2**40}, "/components/schemas/S"),
    ],
)
def test_unsatisfiable_schemas_raise_a_located_spec_error(
    raw: dict[str, Any], pointer: str
) -> None:
    api, schema = schema_api(raw)
    with pytest.raises(SpecError) as caught:
        example_value(api, schema, direction=RES)
    assert caught.value.pointer == pointer
    assert caught.value.file == "<data>"
    with pytest.raises(SpecError):  # the failure is cached, and raised again
        example_value(api, schema, direction=RES)


def test_a_schema_of_another_component_is_found_through_the_api() -> None:
    api = api_for({"A": {"type": "integer", "minimum": 4}})
    assert example_value(api, component(api, "A"), direction=RES) == 4
