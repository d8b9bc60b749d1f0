"""OpenAPI schemas to JSON Schema 2020-12: one test per conversion rule, per dialect."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator
from schema_support import api_for, component, schema_api

from specgen.errors import SpecError
from specgen.schema import Direction, to_json_schema, validator_for
from specgen.schema.convert import DRAFT_2020_12, def_name
from specgen.spec.loader import load_spec_data

REQ, RES = Direction.REQUEST, Direction.RESPONSE


def convert(raw: Any, direction: Direction = RES, **kw: Any) -> dict[str, Any]:
    api, schema = schema_api(raw, **kw)
    out = to_json_schema(api, schema, direction=direction)
    Draft202012Validator.check_schema(out)
    return out


def valid(raw: Any, value: Any, direction: Direction = RES, **kw: Any) -> bool:
    api, schema = schema_api(raw, **kw)
    return bool(validator_for(api, schema, direction).is_valid(value))


def test_output_is_self_contained_2020_12() -> None:
    out = convert({"type": "string"})
    assert out == {"$schema": DRAFT_2020_12, "type": "string"}


# -- OpenAPI 3.0: nullable ---------------------------------------------------------------


def test_nullable_adds_null_to_type() -> None:
    assert convert({"type": "string", "nullable": True})["type"] == ["string", "null"]
    assert valid({"type": "string", "nullable": True}, None)
    assert not valid({"type": "string"}, None)


def test_nullable_adds_null_to_enum_too() -> None:
    raw = {"type": "string", "enum": ["a", "b"], "nullable": True}
    out = convert(raw)
    assert out["enum"] == ["a", "b", None]
    assert valid(raw, None)
    assert not valid(raw, "c")


def test_nullable_false_changes_nothing() -> None:
    assert convert({"type": "integer", "nullable": False}) == convert({"type": "integer"})


def test_nullable_beside_ref_wraps_in_any_of() -> None:
    # 3.0 ignores $ref siblings, except the ones people write meaning exactly this
    raw = {"$ref": "#/components/schemas/Name", "nullable": True}
    others = {"Name": {"type": "string", "minLength": 2}}
    out = convert(raw, Name=others["Name"])
    assert out["anyOf"] == [{"type": "null"}, {"$ref": "#/$defs/Name"}]
    assert valid(raw, None, Name=others["Name"])
    assert valid(raw, "ab", Name=others["Name"])
    assert not valid(raw, "a", Name=others["Name"])


def test_nullable_with_all_of_wraps_in_any_of() -> None:
    raw = {"allOf": [{"$ref": "#/components/schemas/Name"}], "nullable": True}
    others = {"Name": {"type": "string"}}
    assert valid(raw, None, **others)
    assert valid(raw, "x", **others)
    assert not valid(raw, 3, **others)


def test_other_ref_siblings_are_ignored_in_3_0() -> None:
    raw = {"$ref": "#/components/schemas/Name", "maxLength": 1, "description": "d"}
    assert convert(raw, Name={"type": "string"})["$ref"] == "#/$defs/Name"
    assert "maxLength" not in convert(raw, Name={"type": "string"})
    assert valid(raw, "long", Name={"type": "string"})


# -- OpenAPI 3.0: numbers, keywords ------------------------------------------------------------


def test_boolean_exclusive_bounds_become_numeric() -> None:
    out = convert({"type": "number", "minimum": 1, "exclusiveMinimum": True, "maximum": 5})
    assert out["exclusiveMinimum"] == 1
    assert "minimum" not in out
    assert out["maximum"] == 5
    out = convert({"type": "number", "maximum": 5, "exclusiveMaximum": False})
    assert out["maximum"] == 5
    assert "exclusiveMaximum" not in out


def test_openapi_only_keywords_are_dropped_and_example_becomes_examples() -> None:
    raw = {
        "type": "object",
        "discriminator": {"propertyName": "kind"},
        "xml": {"name": "x"},
        "externalDocs": {"url": "https://example.com"},
        "deprecated": True,
        "description": "words",
        "x-internal": 1,
        "example": {"kind": "a"},
    }
    assert convert(raw) == {"$schema": DRAFT_2020_12, "type": "object", "examples": [{"kind": "a"}]}


def test_unknown_formats_pass_through() -> None:
    assert convert({"type": "string", "format": "x-semver"})["format"] == "x-semver"
    assert valid({"type": "string", "format": "x-semver"}, "anything")


def test_required_true_on_a_property_is_dropped() -> None:
    raw = {"type": "object", "properties": {"a": {"type": "string", "required": True}}}
    assert convert(raw)["properties"]["a"] == {"type": "string"}


def test_draft4_tuple_items_become_prefix_items() -> None:
    raw = {"type": "array", "items": [{"type": "string"}], "additionalItems": False}
    out = convert(raw)
    assert out["prefixItems"] == [{"type": "string"}]
    assert out["items"] is False


def test_ecma_pattern_is_rewritten_portably() -> None:
    assert convert({"type": "string", "pattern": r"^\d+(?<tail>x)?$"})["pattern"] == "^[0-9]+x?$"
    # a backreference has no portable form: Python's spelling is kept
    assert convert({"type": "string", "pattern": r"^(?<d>\d)\k<d>$"})["pattern"] == (
        r"^(?P<d>\d)(?P=d)$"
    )
    assert (
        convert({"type": "string", "pattern": r"^\d{2}\w$"})["pattern"] == "^[0-9]{2}[A-Za-z0-9_]$"
    )
    assert not valid({"type": "string", "pattern": r"^\d$"}, "\u0663")  # ECMA \d is ASCII


# -- read-only and write-only -----------------------------------------------------------------


USER = {
    "type": "object",
    "required": ["id", "name", "password"],
    "properties": {
        "id": {"type": "string", "readOnly": True},
        "name": {"type": "string"},
        "password": {"type": "string", "writeOnly": True},
    },
}


def test_read_only_properties_are_dropped_from_requests() -> None:
    out = convert(USER, REQ)
    assert sorted(out["properties"]) == ["name", "password"]
    assert out["required"] == ["name", "password"]
    assert valid(USER, {"name": "n", "password": "p"}, REQ)


def test_write_only_properties_are_dropped_from_responses() -> None:
    out = convert(USER, RES)
    assert sorted(out["properties"]) == ["id", "name"]
    assert out["required"] == ["id", "name"]
    assert valid(USER, {"id": "1", "name": "n"}, RES)


def test_read_only_through_ref_and_ref_sibling() -> None:
    raw = {
        "type": "object",
        "required": ["id", "when"],
        "properties": {
            "id": {"$ref": "#/components/schemas/Id"},
            "when": {"$ref": "#/components/schemas/Stamp", "readOnly": True},
        },
    }
    others = {"Id": {"type": "string", "readOnly": True}, "Stamp": {"type": "string"}}
    out = convert(raw, REQ, **others)
    assert out["properties"] == {}
    assert out["required"] == []


def test_read_only_property_of_an_all_of_member_is_not_required_beside_it() -> None:
    raw = {"allOf": [{"$ref": "#/components/schemas/Base"}, {"required": ["id", "extra"]}]}
    base = {"type": "object", "properties": {"id": {"type": "string", "readOnly": True}}}
    assert valid(raw, {"extra": 1}, REQ, Base=base)
    assert not valid(raw, {"extra": 1}, RES, Base=base)


def test_directions_are_cached_separately() -> None:
    api, schema = schema_api(USER)
    request = to_json_schema(api, schema, direction=REQ)
    assert to_json_schema(api, schema, direction=REQ) is request
    assert to_json_schema(api, schema, direction=RES) is not request


# -- refs and recursion -------------------------------------------------------------------------

NODE = {
    "type": "object",
    "required": ["value"],
    "properties": {
        "value": {"type": "integer"},
        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
    },
}


def test_refs_become_defs_and_recursion_stays_recursive() -> None:
    api = api_for({"Node": NODE, "Tree": {"$ref": "#/components/schemas/Node"}})
    out = to_json_schema(api, component(api, "Tree"), direction=RES)
    assert out["$ref"] == "#/$defs/Node"
    assert out["$defs"]["Node"]["properties"]["children"]["items"] == {"$ref": "#/$defs/Node"}
    check = validator_for(api, component(api, "Tree"), RES)
    assert check.is_valid({"value": 1, "children": [{"value": 2, "children": [{"value": 3}]}]})
    assert not check.is_valid({"value": 1, "children": [{"children": []}]})


def test_def_names_are_stable_and_unique() -> None:
    assert def_name("/components/schemas/User") == "User"
    other = def_name("/paths/~1users/get/responses/200/content/application~1json/schema")
    assert other.startswith("schema-")
    assert other == def_name("/paths/~1users/get/responses/200/content/application~1json/schema")
    assert def_name("/components/schemas/a b") != def_name("/components/schemas/a_b")


def test_defs_are_shared_between_schemas_of_one_api() -> None:
    api = api_for(
        {
            "Node": NODE,
            "A": {"$ref": "#/components/schemas/Node"},
            "B": {"items": {"$ref": "#/components/schemas/Node"}},
        }
    )
    a = to_json_schema(api, component(api, "A"), direction=RES)
    b = to_json_schema(api, component(api, "B"), direction=RES)
    assert a["$defs"]["Node"] is b["$defs"]["Node"]


def test_raw_json_with_a_pointer_is_accepted() -> None:
    api = api_for({"Node": NODE})
    out = to_json_schema(api, {"$ref": "#/components/schemas/Node"}, direction=RES, pointer="/x")
    assert out["$ref"] == "#/$defs/Node"


# -- 3.1 ---------------------------------------------------------------------------------------


def test_3_1_is_json_schema_already() -> None:
    raw = {"type": ["string", "null"], "const": "x", "exclusiveMinimum": 3, "examples": ["x"]}
    assert convert(raw, openapi="3.1.0") == {"$schema": DRAFT_2020_12, **raw}


def test_3_1_applies_ref_siblings() -> None:
    raw = {"$ref": "#/components/schemas/Name", "maxLength": 3}
    assert valid(raw, "abc", openapi="3.1.0", Name={"type": "string"})
    assert not valid(raw, "abcd", openapi="3.1.0", Name={"type": "string"})


def test_3_1_has_no_nullable_keyword() -> None:
    assert not valid({"type": "string", "nullable": True}, None, openapi="3.1.0")


def test_3_1_read_only() -> None:
    out = convert(USER, REQ, openapi="3.1.0")
    assert "id" not in out["properties"]


def test_swagger_2_x_nullable_arrives_as_nullable() -> None:
    doc = {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "definitions": {"N": {"type": "string", "x-nullable": True}},
    }
    api = load_spec_data(doc)
    raw = api.document["components"]["schemas"]["N"]
    assert validator_for(api, raw, RES, pointer="/components/schemas/N").is_valid(None)


# -- discriminators -------------------------------------------------------------------------------

PETS = {
    "Pet": {
        "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
        "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat"}},
    },
    "Cat": {
        "type": "object",
        "properties": {"kind": {"type": "string"}, "lives": {"type": "integer"}},
    },
    "Dog": {
        "type": "object",
        "properties": {"kind": {"type": "string"}, "bark": {"type": "string"}},
    },
}


def test_discriminator_makes_overlapping_one_of_members_exclusive() -> None:
    api = api_for(PETS)
    check = validator_for(api, component(api, "Pet"), RES)
    assert check.is_valid({"kind": "cat", "lives": 9})
    assert check.is_valid({"kind": "Cat"})  # the implicit name works too
    assert check.is_valid({"kind": "Dog", "bark": "woof"})
    assert not check.is_valid({"kind": "Bird"})


def test_discriminator_inherited_through_all_of() -> None:
    schemas = {
        "Pet": {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"type": "string"}},
            "discriminator": {"propertyName": "kind"},
        },
        "Cat": {"allOf": [{"$ref": "#/components/schemas/Pet"}]},
        "Dog": {"allOf": [{"$ref": "#/components/schemas/Pet"}]},
        "Any": {
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]
        },
    }
    api = api_for(schemas)
    check = validator_for(api, component(api, "Any"), RES)
    assert check.is_valid({"kind": "Dog"})
    assert not check.is_valid({"kind": "Cow"})


# -- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "pointer", "message"),
    [
        ({"type": "strnig"}, "/components/schemas/S/type", "unknown type"),
        ({"type": "string", "minLength": "3"}, "/components/schemas/S/minLength", "non-negative"),
        ({"type": "string", "pattern": r"\p"}, None, None),
        ({"type": "string", "pattern": "(a"}, "/components/schemas/S/pattern", "not a regular"),
        (
            {"type": "integer", "multipleOf": 0},
            "/components/schemas/S/multipleOf",
            "greater than 0",
        ),
        (
            {"type": "object", "properties": {"a": 3}},
            "/components/schemas/S/properties/a",
            "schema must be",
        ),
    ],
)
def test_bad_schemas_are_located_spec_errors(
    raw: Any, pointer: str | None, message: str | None
) -> None:
    api, schema = schema_api(raw)
    if pointer is None:  # ECMA without the u flag reads `\p` as `p`: fine
        to_json_schema(api, schema, direction=RES)
        return
    with pytest.raises(SpecError) as caught:
        to_json_schema(api, schema, direction=RES)
    assert caught.value.pointer == pointer
    assert message is not None and message in caught.value.message
    with pytest.raises(SpecError):  # remembered, raised again
        to_json_schema(api, schema, direction=RES)


def test_a_schema_that_reaches_itself_in_place_is_refused() -> None:
    schemas = {
        "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}]},
        "Cat": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "object"}]},
    }
    api = api_for(schemas)
    with pytest.raises(SpecError, match="refers to itself"):
        to_json_schema(api, component(api, "Pet"), direction=RES)
