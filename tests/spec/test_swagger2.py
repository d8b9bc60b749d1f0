"""Swagger 2.0 -> OpenAPI 3.0.3 conversion: one test per feature, errors, fuzzing, corpus."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import OpenAPIV2SpecValidator, OpenAPIV30SpecValidator, validate

from specgen.errors import SpecError
from specgen.spec.swagger2 import convert_swagger2

EXAMPLES = Path(__file__).resolve().parents[2] / ".corpus/node_modules/@readme/oas-examples/2.0"


def swagger(**extra: Any) -> dict[str, Any]:
    """A minimal valid Swagger 2.0 document with ``extra`` top-level fields."""
    doc: dict[str, Any] = {"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {}}
    doc.update(extra)
    return doc


def with_op(op: dict[str, Any], path: str = "/p", method: str = "post", **extra: Any) -> Any:
    """Convert a document holding just ``op``; return (converted operation, whole output)."""
    out = convert(swagger(paths={path: {method: op}}, **extra))
    return out["paths"][path][method], out


def convert(doc: dict[str, Any]) -> dict[str, Any]:
    """Convert, checking on the way that the input is left untouched."""
    before = copy.deepcopy(doc)
    out = convert_swagger2(doc, file="in.yaml")
    assert doc == before
    return out


def error(doc: Any) -> SpecError:
    with pytest.raises(SpecError) as info:
        convert_swagger2(doc, file="in.yaml")
    assert info.value.file == "in.yaml"
    return info.value


def valid_v2(doc: dict[str, Any]) -> bool:
    try:
        validate(doc, cls=OpenAPIV2SpecValidator)
    except Exception:
        return False
    return True


OK = {"200": {"description": "ok"}}

# A document using most features; valid Swagger 2.0 (asserted below), so its conversion
# must be valid OpenAPI 3.0.
KITCHEN_SINK: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "Sink", "version": "1", "x-logo": "l.png"},
    "host": "api.example.com",
    "basePath": "/v1",
    "schemes": ["http", "https"],
    "consumes": ["application/json"],
    "produces": ["application/json", "application/xml"],
    "tags": [{"name": "pets", "externalDocs": {"url": "https://docs.example.com"}}],
    "externalDocs": {"url": "https://docs.example.com"},
    "security": [{"key": []}],
    "x-top": {"kept": True},
    "securityDefinitions": {
        "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
        "basic": {"type": "basic", "description": "user/password"},
        "oauth": {
            "type": "oauth2",
            "flow": "accessCode",
            "authorizationUrl": "https://a.example.com/auth",
            "tokenUrl": "https://a.example.com/token",
            "scopes": {"read": "read things"},
        },
    },
    "parameters": {
        "limit": {"name": "limit", "in": "query", "type": "integer", "maximum": 100},
        "petBody": {
            "name": "pet",
            "in": "body",
            "required": True,
            "schema": {"$ref": "#/definitions/Pet"},
        },
        "tags": {
            "name": "tags",
            "in": "query",
            "type": "array",
            "items": {"type": "string"},
            "collectionFormat": "pipes",
        },
    },
    "responses": {
        "NotFound": {"description": "nope", "schema": {"$ref": "#/definitions/Error"}},
    },
    "definitions": {
        "Pet": {
            "type": "object",
            "required": ["name"],
            "discriminator": "kind",
            "properties": {
                "name": {"type": "string", "x-nullable": True},
                "kind": {"type": "string"},
                "tags": {"type": "array", "items": {"$ref": "#/definitions/Tag"}},
                "owner": {"$ref": "#/x-specgen-files/common.yaml/definitions/Owner"},
            },
        },
        "Cat": {
            "allOf": [
                {"$ref": "#/definitions/Pet"},
                {"type": "object", "properties": {"lives": {"type": "integer"}}},
            ]
        },
        "Tag": {"type": "object", "additionalProperties": {"type": "string", "x-nullable": True}},
        "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
        "a/b~c": {"type": "string"},
    },
    "paths": {
        "/pets": {
            "parameters": [{"$ref": "#/parameters/limit"}],
            "get": {
                "operationId": "listPets",
                "parameters": [
                    {"$ref": "#/parameters/tags"},
                    {"name": "X-Trace", "in": "header", "type": "string", "x-internal": True},
                    {"name": "odd", "in": "query", "type": "string", "allowEmptyValue": True},
                ],
                "responses": {
                    "200": {
                        "description": "pets",
                        "schema": {"type": "array", "items": {"$ref": "#/definitions/Pet"}},
                        "headers": {"X-Rate": {"type": "integer", "format": "int32"}},
                        "examples": {"application/json": [{"name": "Rex"}]},
                    },
                    "404": {"$ref": "#/responses/NotFound"},
                    "x-resp-ext": 1,
                },
                "x-op-ext": "kept",
            },
            "post": {
                "parameters": [{"$ref": "#/parameters/petBody"}],
                "responses": {"201": {"description": "created"}},
                "security": [{"oauth": ["read"]}],
            },
        },
        "/pets/{id}/photo": {
            "parameters": [{"name": "id", "in": "path", "required": True, "type": "string"}],
            "put": {
                "consumes": ["multipart/form-data"],
                "produces": ["image/png"],
                "parameters": [
                    {"name": "file", "in": "formData", "type": "file", "required": True},
                    {"name": "note", "in": "formData", "type": "string", "description": "a note"},
                ],
                "responses": {
                    # `type: file` is legal here, but the 2.0 validator rejects it
                    "200": {
                        "description": "the photo",
                        "schema": {"type": "string", "format": "binary"},
                    },
                    "404": {"$ref": "#/responses/NotFound"},
                },
            },
        },
        "/weird/{a~b}": {
            "get": {
                "parameters": [{"name": "a~b", "in": "path", "required": True, "type": "string"}],
                "responses": {
                    "200": {"description": "ok", "schema": {"$ref": "#/definitions/a~1b~0c"}}
                },
            }
        },
        "x-paths-ext": {"kept": True},
    },
    "x-specgen-files": {
        "common.yaml": {
            "definitions": {
                "Owner": {
                    "type": "object",
                    "properties": {
                        "pet": {"$ref": "#/definitions/Pet"},
                        "doc": {"type": "string", "x-nullable": True},
                        "friend": {"$ref": "#/x-specgen-files/common.yaml/definitions/Owner"},
                    },
                },
                "Unused": {"type": "file"},
            }
        }
    },
}


# --- the document as a whole ----------------------------------------------------------------


def test_kitchen_sink_is_valid_swagger_and_converts_to_valid_openapi_30() -> None:
    assert valid_v2(copy.deepcopy(KITCHEN_SINK))
    out = convert(KITCHEN_SINK)
    assert out["openapi"] == "3.0.3"
    validate(out, cls=OpenAPIV30SpecValidator)
    assert list(out)[:3] == ["openapi", "info", "servers"]
    assert "swagger" not in out and "definitions" not in out and "host" not in out


def test_top_level_fields_and_extensions_are_kept() -> None:
    out = convert(KITCHEN_SINK)
    for key in ("info", "tags", "externalDocs", "security", "x-top"):
        assert out[key] == KITCHEN_SINK[key]
    assert out["paths"]["x-paths-ext"] == {"kept": True}
    get = out["paths"]["/pets"]["get"]
    assert get["x-op-ext"] == "kept"
    assert get["responses"]["x-resp-ext"] == 1
    assert get["parameters"][1]["x-internal"] is True


@pytest.mark.parametrize(
    ("fields", "urls"),
    [
        ({}, ["/"]),
        ({"basePath": "/v1"}, ["/v1"]),
        ({"basePath": "/v1", "schemes": ["http"]}, ["/v1"]),
        ({"host": "h.io"}, ["https://h.io"]),
        ({"host": "h.io", "basePath": "/v1"}, ["https://h.io/v1"]),
        ({"host": "h.io", "basePath": "v1"}, ["https://h.io/v1"]),
        ({"host": "h.io", "schemes": ["http"]}, ["http://h.io"]),
        ({"host": "h.io", "schemes": ["http", "https"]}, ["https://h.io", "http://h.io"]),
        (
            {"host": "h.io:8080", "schemes": ["wss", "http"]},
            ["wss://h.io:8080", "http://h.io:8080"],
        ),
        ({"host": "h.io", "schemes": []}, ["https://h.io"]),
    ],
)
def test_servers_from_host_base_path_and_schemes(fields: dict[str, Any], urls: list[str]) -> None:
    assert [s["url"] for s in convert(swagger(**fields))["servers"]] == urls


def test_operation_schemes_become_operation_servers_when_they_differ() -> None:
    doc = swagger(host="h.io", schemes=["https"])
    doc["paths"] = {
        "/a": {"get": {"schemes": ["http"], "responses": OK}},
        "/b": {"get": {"schemes": ["https"], "responses": OK}},
    }
    out = convert(doc)
    assert out["paths"]["/a"]["get"]["servers"] == [{"url": "http://h.io"}]
    assert "servers" not in out["paths"]["/b"]["get"]
    assert "schemes" not in out["paths"]["/a"]["get"]


def test_no_components_when_nothing_is_reusable() -> None:
    assert "components" not in convert(swagger())


# --- request bodies -------------------------------------------------------------------------


def test_body_parameter_becomes_request_body() -> None:
    body = {
        "name": "pet",
        "in": "body",
        "required": True,
        "description": "the pet",
        "schema": {"$ref": "#/definitions/Pet"},
        "x-examples": {"application/json": {"name": "Rex"}, "text/csv": "name\nRex"},
        "x-extra": 1,
    }
    op, _ = with_op({"parameters": [body], "responses": OK}, definitions={"Pet": {}})
    assert "parameters" not in op
    assert op["requestBody"] == {
        "description": "the pet",
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/Pet"},
                "example": {"name": "Rex"},
            }
        },
        "required": True,
        "x-extra": 1,
        # an example for a media type the operation does not consume is not lost
        "x-examples": {"text/csv": "name\nRex"},
    }


def test_request_body_media_types_come_from_consumes() -> None:
    body = {"name": "b", "in": "body", "schema": {"type": "string"}}
    op, _ = with_op(
        {"parameters": [body], "responses": OK}, consumes=["text/plain", "application/xml"]
    )
    assert list(op["requestBody"]["content"]) == ["text/plain", "application/xml"]
    op, _ = with_op({"consumes": ["a/b"], "parameters": [body], "responses": OK}, consumes=["c/d"])
    assert list(op["requestBody"]["content"]) == ["a/b"]
    # an empty operation list clears the global one: back to the default
    op, _ = with_op({"consumes": [], "parameters": [body], "responses": OK}, consumes=["c/d"])
    assert list(op["requestBody"]["content"]) == ["application/json"]


def test_form_parameters_become_urlencoded_object() -> None:
    params = [
        {"name": "name", "in": "formData", "type": "string", "required": True, "description": "d"},
        {"name": "age", "in": "formData", "type": "integer", "minimum": 0},
        {"name": "ids", "in": "formData", "type": "array", "items": {"type": "integer"}},
        {
            "name": "tags",
            "in": "formData",
            "type": "array",
            "items": {"type": "string"},
            "collectionFormat": "multi",
        },
    ]
    op, _ = with_op({"parameters": params, "responses": OK})
    assert op["requestBody"] == {
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string", "description": "d"},
                        "age": {"type": "integer", "minimum": 0},
                        "ids": {"type": "array", "items": {"type": "integer"}},
                        "tags": {"type": "array", "items": {"type": "string"}},
                    },
                    "required": ["name"],
                },
                "encoding": {
                    "ids": {"style": "form", "explode": False},
                    "tags": {"style": "form", "explode": True},
                },
            }
        },
        "required": True,
    }


def test_file_parameter_makes_a_multipart_body() -> None:
    params = [{"name": "f", "in": "formData", "type": "file"}]
    op, _ = with_op({"parameters": params, "responses": OK})
    assert op["requestBody"] == {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"f": {"type": "string", "format": "binary"}},
                }
            }
        }
    }


def test_form_media_types_follow_consumes() -> None:
    params = [{"name": "x", "in": "formData", "type": "string"}]
    both = ["multipart/form-data", "application/x-www-form-urlencoded"]
    op, _ = with_op({"consumes": both, "parameters": params, "responses": OK})
    assert list(op["requestBody"]["content"]) == both
    op, _ = with_op({"consumes": ["multipart/form-data"], "parameters": params, "responses": OK})
    assert list(op["requestBody"]["content"]) == ["multipart/form-data"]


def test_top_level_body_parameter_is_a_reusable_request_body() -> None:
    out = convert(KITCHEN_SINK)
    assert out["components"]["requestBodies"]["petBody"] == {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
        "required": True,
    }
    post = out["paths"]["/pets"]["post"]
    assert post["requestBody"] == {"$ref": "#/components/requestBodies/petBody"}
    assert "parameters" not in post
    assert "petBody" not in out["components"]["parameters"]


def test_referenced_body_with_other_media_types_is_inlined() -> None:
    doc = swagger(parameters={"B": {"name": "b", "in": "body", "schema": {"type": "string"}}})
    doc["paths"] = {
        "/p": {
            "post": {
                "consumes": ["text/plain"],
                "parameters": [{"$ref": "#/parameters/B"}],
                "responses": OK,
            }
        }
    }
    body = convert(doc)["paths"]["/p"]["post"]["requestBody"]
    assert body == {"content": {"text/plain": {"schema": {"type": "string"}}}}


def test_referenced_form_parameters_are_inlined() -> None:
    doc = swagger(parameters={"F": {"name": "f", "in": "formData", "type": "string"}})
    doc["paths"] = {"/p": {"post": {"parameters": [{"$ref": "#/parameters/F"}], "responses": OK}}}
    out = convert(doc)
    body = out["paths"]["/p"]["post"]["requestBody"]
    assert body["content"]["application/x-www-form-urlencoded"]["schema"]["properties"] == {
        "f": {"type": "string"}
    }
    assert "components" not in out  # formData definitions have no 3.0 component


def test_path_level_body_moves_into_each_operation_and_can_be_overridden() -> None:
    shared = {"name": "b", "in": "body", "schema": {"type": "string"}}
    own = {"name": "b", "in": "body", "schema": {"type": "integer"}}
    doc = swagger(
        paths={
            "/p": {
                "parameters": [shared],
                "put": {"responses": OK},
                "post": {"parameters": [own], "responses": OK},
            }
        }
    )
    item = convert(doc)["paths"]["/p"]
    assert "parameters" not in item
    assert item["put"]["requestBody"]["content"]["application/json"]["schema"] == {"type": "string"}
    assert item["post"]["requestBody"]["content"]["application/json"]["schema"] == {
        "type": "integer"
    }


# --- parameters -----------------------------------------------------------------------------


def test_query_parameter_keywords_move_into_schema() -> None:
    param = {
        "name": "q",
        "in": "query",
        "description": "d",
        "required": False,
        "allowEmptyValue": True,
        "type": "integer",
        "format": "int32",
        "default": 3,
        "minimum": 1,
        "maximum": 9,
        "exclusiveMaximum": True,
        "multipleOf": 1,
        "enum": [1, 3, 9],
        "x-nullable": True,
        "x-ext": "kept",
    }
    op, _ = with_op({"parameters": [param], "responses": OK}, method="get")
    assert op["parameters"] == [
        {
            "name": "q",
            "in": "query",
            "description": "d",
            "required": False,
            "allowEmptyValue": True,
            "x-ext": "kept",
            "schema": {
                "type": "integer",
                "format": "int32",
                "default": 3,
                "minimum": 1,
                "maximum": 9,
                "exclusiveMaximum": True,
                "multipleOf": 1,
                "enum": [1, 3, 9],
                "nullable": True,
            },
        }
    ]


def test_string_and_array_keywords_move_into_schema() -> None:
    param = {
        "name": "q",
        "in": "query",
        "type": "array",
        "minItems": 1,
        "maxItems": 3,
        "uniqueItems": True,
        "items": {
            "type": "string",
            "pattern": "^a",
            "minLength": 1,
            "maxLength": 5,
            "collectionFormat": "csv",
        },
    }
    op, _ = with_op({"parameters": [param], "responses": OK}, method="get")
    assert op["parameters"][0]["schema"] == {
        "type": "array",
        "minItems": 1,
        "maxItems": 3,
        "uniqueItems": True,
        # a nested array format has no 3.0 style: recorded, not dropped
        "items": {
            "type": "string",
            "pattern": "^a",
            "minLength": 1,
            "maxLength": 5,
            "x-collectionFormat": "csv",
        },
    }


@pytest.mark.parametrize(
    ("location", "collection_format", "expected"),
    [
        ("query", None, {"style": "form", "explode": False}),
        ("query", "csv", {"style": "form", "explode": False}),
        ("query", "ssv", {"style": "spaceDelimited", "explode": False}),
        ("query", "pipes", {"style": "pipeDelimited", "explode": False}),
        ("query", "multi", {"style": "form", "explode": True}),
        ("query", "tsv", {"style": "form", "explode": False, "x-collectionFormat": "tsv"}),
        ("path", None, {"style": "simple", "explode": False}),
        ("path", "csv", {"style": "simple", "explode": False}),
        ("header", "csv", {"style": "simple", "explode": False}),
        ("header", "pipes", {"style": "simple", "explode": False, "x-collectionFormat": "pipes"}),
    ],
)
def test_collection_format_becomes_style(
    location: str, collection_format: str | None, expected: dict[str, Any]
) -> None:
    param: dict[str, Any] = {
        "name": "a",
        "in": location,
        "type": "array",
        "items": {"type": "string"},
    }
    if location == "path":
        param["required"] = True
    if collection_format is not None:
        param["collectionFormat"] = collection_format
    op, _ = with_op({"parameters": [param], "responses": OK}, path="/{a}", method="get")
    converted = op["parameters"][0]
    assert {
        k: converted[k] for k in converted if k in ("style", "explode", "x-collectionFormat")
    } == expected
    assert "collectionFormat" not in converted


def test_parameter_refs_point_to_components_and_path_level_parameters_stay() -> None:
    out = convert(KITCHEN_SINK)
    components = out["components"]["parameters"]
    assert components["limit"] == {
        "name": "limit",
        "in": "query",
        "schema": {"type": "integer", "maximum": 100},
    }
    assert components["tags"]["style"] == "pipeDelimited"
    item = out["paths"]["/pets"]
    assert item["parameters"] == [{"$ref": "#/components/parameters/limit"}]
    assert item["get"]["parameters"][0] == {"$ref": "#/components/parameters/tags"}
    assert out["paths"]["/pets/{id}/photo"]["parameters"][0]["schema"] == {"type": "string"}


def test_parameter_ref_elsewhere_is_inlined() -> None:
    doc = swagger(
        **{"x-specgen-files": {"p.yaml": {"name": "n", "in": "header", "type": "string"}}}
    )
    doc["paths"] = {
        "/p": {"get": {"parameters": [{"$ref": "#/x-specgen-files/p.yaml"}], "responses": OK}}
    }
    out = convert(doc)
    assert out["paths"]["/p"]["get"]["parameters"] == [
        {"name": "n", "in": "header", "schema": {"type": "string"}}
    ]
    assert out["x-specgen-files"] == doc["x-specgen-files"]


# --- responses ------------------------------------------------------------------------------


def test_response_schema_headers_and_examples() -> None:
    out = convert(KITCHEN_SINK)
    ok = out["paths"]["/pets"]["get"]["responses"]["200"]
    items = {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}
    assert ok == {
        "description": "pets",
        "headers": {"X-Rate": {"schema": {"type": "integer", "format": "int32"}}},
        "content": {
            "application/json": {"schema": items, "example": [{"name": "Rex"}]},
            "application/xml": {"schema": items},
        },
    }


def test_example_for_unlisted_media_type_and_examples_without_schema() -> None:
    responses = {
        "200": {"description": "a", "schema": {"type": "string"}, "examples": {"text/plain": "hi"}},
        "201": {"description": "b", "examples": {"text/plain": "hi"}},
        "204": {"description": "c"},
    }
    op, _ = with_op({"responses": responses}, method="get")
    assert op["responses"]["200"]["content"] == {
        "application/json": {"schema": {"type": "string"}},
        "text/plain": {"schema": {"type": "string"}, "example": "hi"},
    }
    assert op["responses"]["201"]["content"] == {"text/plain": {"example": "hi"}}
    assert "content" not in op["responses"]["204"]


def test_response_refs_and_components() -> None:
    out = convert(KITCHEN_SINK)
    assert out["components"]["responses"]["NotFound"] == {
        "description": "nope",
        "content": {
            m: {"schema": {"$ref": "#/components/schemas/Error"}}
            for m in ("application/json", "application/xml")
        },
    }
    assert out["paths"]["/pets"]["get"]["responses"]["404"] == {
        "$ref": "#/components/responses/NotFound"
    }
    # the operation produces something else than the component: inlined with its own types
    photo = out["paths"]["/pets/{id}/photo"]["put"]["responses"]
    assert photo["404"] == {
        "description": "nope",
        "content": {"image/png": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    assert photo["200"]["content"] == {
        "image/png": {"schema": {"type": "string", "format": "binary"}}
    }


def test_file_response_schema_becomes_binary_string() -> None:
    op, _ = with_op(
        {
            "produces": ["image/png"],
            "responses": {"200": {"description": "ok", "schema": {"type": "file"}}},
        },
        method="get",
    )
    assert op["responses"]["200"]["content"] == {
        "image/png": {"schema": {"type": "string", "format": "binary"}}
    }


def test_yaml_integer_response_codes_become_strings() -> None:
    op, _ = with_op({"responses": {200: {"description": "ok"}}}, method="get")
    assert op["responses"] == {"200": {"description": "ok"}}


def test_response_header_arrays_get_a_style() -> None:
    header = {
        "type": "array",
        "items": {"type": "integer"},
        "collectionFormat": "csv",
        "description": "d",
    }
    op, _ = with_op(
        {"responses": {"200": {"description": "ok", "headers": {"X": header}}}}, method="get"
    )
    assert op["responses"]["200"]["headers"]["X"] == {
        "description": "d",
        "schema": {"type": "array", "items": {"type": "integer"}},
        "style": "simple",
        "explode": False,
    }


# --- security -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        (
            {"type": "basic", "description": "d"},
            {"type": "http", "scheme": "basic", "description": "d"},
        ),
        (
            {"type": "apiKey", "name": "k", "in": "query"},
            {"type": "apiKey", "name": "k", "in": "query"},
        ),
        (
            {
                "type": "oauth2",
                "flow": "implicit",
                "authorizationUrl": "https://a",
                "scopes": {"s": "d"},
            },
            {
                "type": "oauth2",
                "flows": {"implicit": {"authorizationUrl": "https://a", "scopes": {"s": "d"}}},
            },
        ),
        (
            {"type": "oauth2", "flow": "password", "tokenUrl": "https://t", "scopes": {}},
            {"type": "oauth2", "flows": {"password": {"tokenUrl": "https://t", "scopes": {}}}},
        ),
        (
            {
                "type": "oauth2",
                "flow": "application",
                "tokenUrl": "https://t",
                "scopes": {},
                "x-e": 1,
            },
            {
                "type": "oauth2",
                "x-e": 1,
                "flows": {"clientCredentials": {"tokenUrl": "https://t", "scopes": {}}},
            },
        ),
        (
            {
                "type": "oauth2",
                "flow": "accessCode",
                "authorizationUrl": "https://a",
                "tokenUrl": "https://t",
                "scopes": {"s": "d"},
            },
            {
                "type": "oauth2",
                "flows": {
                    "authorizationCode": {
                        "authorizationUrl": "https://a",
                        "tokenUrl": "https://t",
                        "scopes": {"s": "d"},
                    }
                },
            },
        ),
    ],
)
def test_security_definitions_become_security_schemes(
    scheme: dict[str, Any], expected: dict[str, Any]
) -> None:
    out = convert(swagger(securityDefinitions={"s": scheme}, security=[{"s": []}]))
    assert out["components"]["securitySchemes"] == {"s": expected}
    assert out["security"] == [{"s": []}]


# --- schema dialect and $refs ---------------------------------------------------------------


def test_schema_dialect_is_rewritten_recursively() -> None:
    schema = {
        "type": "object",
        "discriminator": "kind",
        "x-nullable": True,
        "properties": {
            "file": {"type": "file"},
            "list": {"type": "array", "items": {"type": "string", "x-nullable": True}},
            "map": {"type": "object", "additionalProperties": {"type": "file"}},
            "all": {"allOf": [{"x-nullable": False}, {"discriminator": "d"}]},
            "not": {"not": {"type": "file", "format": "byte"}},
            "closed": {"type": "object", "additionalProperties": False},
        },
        "example": {"x-nullable": True, "type": "file"},  # data: left alone
    }
    out = convert(swagger(definitions={"S": schema}))
    assert out["components"]["schemas"]["S"] == {
        "type": "object",
        "discriminator": {"propertyName": "kind"},
        "nullable": True,
        "properties": {
            "file": {"type": "string", "format": "binary"},
            "list": {"type": "array", "items": {"type": "string", "nullable": True}},
            "map": {
                "type": "object",
                "additionalProperties": {"type": "string", "format": "binary"},
            },
            "all": {"allOf": [{"nullable": False}, {"discriminator": {"propertyName": "d"}}]},
            "not": {"not": {"type": "string", "format": "binary"}},
            "closed": {"type": "object", "additionalProperties": False},
        },
        "example": {"x-nullable": True, "type": "file"},
    }


def test_definition_refs_are_rewritten_with_pointer_escaping() -> None:
    out = convert(KITCHEN_SINK)
    schemas = out["components"]["schemas"]
    assert schemas["Cat"]["allOf"][0] == {"$ref": "#/components/schemas/Pet"}
    assert "a/b~c" in schemas
    ok = out["paths"]["/weird/{a~b}"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/a~1b~0c"}


def test_refs_into_definitions_and_percent_encoded_refs() -> None:
    defs = {
        "A B": {"type": "object", "properties": {"p": {"type": "string"}}},
        "C": {"$ref": "#/definitions/A%20B/properties/p"},
        "D": {"$ref": "#/definitions/A B"},
    }
    schemas = convert(swagger(definitions=defs))["components"]["schemas"]
    assert schemas["C"] == {"$ref": "#/components/schemas/A B/properties/p"}
    assert schemas["D"] == {"$ref": "#/components/schemas/A B"}


def test_embedded_files_are_kept_and_their_reachable_schemas_converted() -> None:
    out = convert(KITCHEN_SINK)
    pet = out["components"]["schemas"]["Pet"]
    assert pet["properties"]["owner"] == {"$ref": "#/x-specgen-files/common.yaml/definitions/Owner"}
    embedded = out["x-specgen-files"]["common.yaml"]["definitions"]
    assert embedded["Owner"]["properties"] == {
        "pet": {"$ref": "#/components/schemas/Pet"},
        "doc": {"type": "string", "nullable": True},
        "friend": {"$ref": "#/x-specgen-files/common.yaml/definitions/Owner"},
    }
    # not reachable as a schema: left exactly as it was
    assert (
        embedded["Unused"]
        is KITCHEN_SINK["x-specgen-files"]["common.yaml"]["definitions"]["Unused"]
    )


def test_embedded_bare_schema_file_and_chains_between_files() -> None:
    files = {
        "pet.yaml": {
            "type": "object",
            "properties": {"tag": {"$ref": "#/x-specgen-files/tag.yaml"}},
        },
        "tag.yaml": {"type": "file", "x-nullable": True},
    }
    doc = swagger(
        definitions={"Pet": {"$ref": "#/x-specgen-files/pet.yaml"}}, **{"x-specgen-files": files}
    )
    out = convert(doc)
    assert out["components"]["schemas"]["Pet"] == {"$ref": "#/x-specgen-files/pet.yaml"}
    assert out["x-specgen-files"]["tag.yaml"] == {
        "type": "string",
        "format": "binary",
        "nullable": True,
    }
    validate(out, cls=OpenAPIV30SpecValidator)


def test_schema_refs_to_other_places_are_hoisted_into_components() -> None:
    response = {
        "description": "r",
        "schema": {
            "type": "object",
            "properties": {"self": {"$ref": "#/responses/R/schema"}, "f": {"type": "file"}},
        },
    }
    doc = swagger(responses={"R": response}, definitions={"responses_R_schema": {"type": "string"}})
    doc["paths"] = {
        "/p": {
            "get": {
                "responses": {
                    "200": {"description": "x", "schema": {"$ref": "#/responses/R/schema"}}
                }
            }
        }
    }
    out = convert(doc)
    schemas = out["components"]["schemas"]
    # the name derived from the pointer is taken by a definition: a suffix keeps both
    assert schemas["responses_R_schema_2"] == {
        "type": "object",
        "properties": {
            "self": {"$ref": "#/components/schemas/responses_R_schema_2"},
            "f": {"type": "string", "format": "binary"},
        },
    }
    get = out["paths"]["/p"]["get"]["responses"]["200"]
    assert get["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/responses_R_schema_2"
    }
    validate(out, cls=OpenAPIV30SpecValidator)


def test_circular_schemas_convert() -> None:
    defs = {"Node": {"type": "object", "properties": {"next": {"$ref": "#/definitions/Node"}}}}
    out = convert(swagger(definitions=defs))
    assert out["components"]["schemas"]["Node"]["properties"]["next"] == {
        "$ref": "#/components/schemas/Node"
    }


def test_path_item_ref_is_followed() -> None:
    files = {"paths.yaml": {"get": {"responses": OK}}}
    doc = swagger(
        paths={"/p": {"$ref": "#/x-specgen-files/paths.yaml"}}, **{"x-specgen-files": files}
    )
    assert convert(doc)["paths"]["/p"] == {"get": {"responses": OK}}


def test_yaml_float_version_is_accepted() -> None:
    assert convert(swagger(swagger=2.0))["openapi"] == "3.0.3"


# --- errors ---------------------------------------------------------------------------------


def _op(**op: Any) -> dict[str, Any]:
    return swagger(paths={"/p": {"post": {"responses": OK, **op}}})


ERRORS: dict[str, tuple[Any, str, str]] = {
    "not an object": ([], "", "must be an object"),
    "no swagger": ({"info": {}}, "", "not a Swagger 2.0"),
    "openapi 3": (swagger(swagger="3.0"), "/swagger", "not a Swagger 2.0"),
    "paths list": (swagger(paths=[]), "/paths", "'paths' must be an object"),
    "operation string": (
        swagger(paths={"/a~b/c": {"get": "x"}}),
        "/paths/~1a~0b~1c/get",
        "operation must be an object",
    ),
    "path item list": (swagger(paths={"/p": []}), "/paths/~1p", "path item must be an object"),
    "parameters object": (_op(parameters={}), "/paths/~1p/post/parameters", "must be a list"),
    "parameter without in": (
        _op(parameters=[{"name": "x"}]),
        "/paths/~1p/post/parameters/0",
        "no 'in'",
    ),
    "parameter bad in": (
        _op(parameters=[{"name": "x", "in": "cookie"}]),
        "/paths/~1p/post/parameters/0/in",
        "location",
    ),
    "parameter without name": (
        _op(parameters=[{"in": "query", "type": "string"}]),
        "/paths/~1p/post/parameters/0",
        "'name'",
    ),
    "body without schema": (
        _op(parameters=[{"name": "b", "in": "body"}]),
        "/paths/~1p/post/parameters/0",
        "no 'schema'",
    ),
    "body schema not object": (
        _op(parameters=[{"name": "b", "in": "body", "schema": 3}]),
        "/paths/~1p/post/parameters/0/schema",
        "schema must be an object",
    ),
    "two bodies": (
        _op(
            parameters=[
                {"name": "a", "in": "body", "schema": {}},
                {"name": "b", "in": "body", "schema": {}},
            ]
        ),
        "/paths/~1p/post/parameters/1",
        "only one body",
    ),
    "body and form": (
        _op(
            parameters=[
                {"name": "a", "in": "body", "schema": {}},
                {"name": "b", "in": "formData", "type": "string"},
            ]
        ),
        "/paths/~1p/post/parameters/1",
        "body and formData",
    ),
    "dangling ref": (
        _op(parameters=[{"$ref": "#/parameters/nope"}]),
        "/paths/~1p/post/parameters/0/$ref",
        "does not resolve",
    ),
    "remote ref": (
        _op(parameters=[{"$ref": "other.yaml#/x"}]),
        "/paths/~1p/post/parameters/0/$ref",
        "only local",
    ),
    "schema ref to non-schema": (
        swagger(definitions={"A": {"type": "string"}, "B": {"$ref": "#/definitions/A/type"}}),
        "/definitions/B/$ref",
        "does not point to a schema",
    ),
    "ref not string": (
        swagger(definitions={"A": {"$ref": 1}}),
        "/definitions/A/$ref",
        "must be a string",
    ),
    "circular parameter ref": (
        swagger(parameters={"A": {"$ref": "#/parameters/B"}, "B": {"$ref": "#/parameters/A"}}),
        "/parameters/B/$ref",
        "circular",
    ),
    "responses list": (
        _op(responses=[]),
        "/paths/~1p/post/responses",
        "'responses' must be an object",
    ),
    "response string": (
        _op(responses={"200": "ok"}),
        "/paths/~1p/post/responses/200",
        "response must be an object",
    ),
    "examples list": (
        _op(responses={"200": {"description": "", "examples": [1]}}),
        "/paths/~1p/post/responses/200/examples",
        "examples",
    ),
    "headers list": (
        _op(responses={"200": {"description": "", "headers": []}}),
        "/paths/~1p/post/responses/200/headers",
        "must be an object",
    ),
    "definitions list": (swagger(definitions=[]), "/definitions", "must be an object"),
    "properties list": (
        swagger(definitions={"A": {"properties": []}}),
        "/definitions/A/properties",
        "properties",
    ),
    "tuple items": (swagger(definitions={"A": {"items": [{}]}}), "/definitions/A/items", "tuple"),
    "allOf object": (swagger(definitions={"A": {"allOf": {}}}), "/definitions/A/allOf", "allOf"),
    "items not object": (
        _op(parameters=[{"name": "q", "in": "query", "type": "array", "items": 1}]),
        "/paths/~1p/post/parameters/0/items",
        "'items'",
    ),
    "consumes string": (swagger(consumes="application/json"), "/consumes", "list of strings"),
    "schemes string": (swagger(schemes="https"), "/schemes", "list of strings"),
    "host number": (swagger(host=1), "/host", "'host'"),
    "security type": (
        swagger(securityDefinitions={"s": {"type": "digest"}}),
        "/securityDefinitions/s/type",
        "unknown security",
    ),
    "oauth flow": (
        swagger(securityDefinitions={"s": {"type": "oauth2", "flow": "magic"}}),
        "/securityDefinitions/s/flow",
        "oauth2 flow",
    ),
    "deep schema": (
        swagger(definitions={"A": json.loads('{"items":' * 300 + "{}" + "}" * 300)}),
        "/definitions/A" + "/items" * 201,
        "too deeply",
    ),
}


@pytest.mark.parametrize(("doc", "pointer", "fragment"), ERRORS.values(), ids=ERRORS.keys())
def test_unconvertible_input_raises_one_located_spec_error(
    doc: Any, pointer: str, fragment: str
) -> None:
    err = error(doc)
    assert err.pointer == pointer, str(err)
    assert fragment in err.message
    assert "\n" not in err.message


# --- fuzzing: odd structures never escape as anything but SpecError -------------------------

_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
)
_keys = st.sampled_from(
    [
        "$ref",
        "type",
        "in",
        "name",
        "schema",
        "items",
        "properties",
        "allOf",
        "paths",
        "get",
        "parameters",
        "responses",
        "headers",
        "examples",
        "x-nullable",
        "discriminator",
        "200",
        "collectionFormat",
        "consumes",
        "produces",
        "flow",
        "scopes",
        "definitions",
        "x-a",
    ]
) | st.text(max_size=5)
_json = st.recursive(
    _scalars
    | st.sampled_from(
        [
            "#/definitions/Pet",
            "#/parameters/limit",
            "#/responses/NotFound",
            "#/",
            "#",
            "#/paths",
            "#/x-specgen-files/common.yaml",
            "file",
            "body",
            "formData",
            "array",
        ]
    ),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_keys, children, max_size=4),
    max_leaves=20,
)


def _locations(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _locations(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _locations(value, (*path, i))
    return found


_SINK_LOCATIONS = _locations(KITCHEN_SINK)[1:]


def _check(doc: Any) -> None:
    before = copy.deepcopy(doc)
    try:
        out = convert_swagger2(doc, file="f")
    except SpecError as err:
        assert err.file == "f" and isinstance(err.pointer, str)
    else:
        assert isinstance(out, dict) and out["openapi"] == "3.0.3"
        json.dumps(out, default=str)  # plain data, no cycles
    assert doc == before


_FUZZ = settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


@_FUZZ
@given(st.lists(st.tuples(st.sampled_from(_SINK_LOCATIONS), _json), min_size=1, max_size=3))
def test_fuzz_replacing_parts_of_a_valid_document(
    changes: list[tuple[tuple[Any, ...], Any]],
) -> None:
    doc = copy.deepcopy(KITCHEN_SINK)
    for path, value in changes:
        node: Any = doc
        for step in path[:-1]:
            if not isinstance(node, dict | list):
                break
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                break
        else:
            if isinstance(node, dict) or (
                isinstance(node, list) and isinstance(path[-1], int) and path[-1] < len(node)
            ):
                node[path[-1]] = value
    _check(doc)


@_FUZZ
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "paths",
                "definitions",
                "parameters",
                "responses",
                "securityDefinitions",
                "host",
                "basePath",
                "schemes",
                "consumes",
                "produces",
                "x-specgen-files",
            ]
        ),
        _json,
        max_size=6,
    )
)
def test_fuzz_random_documents(fields: dict[str, Any]) -> None:
    _check({"swagger": "2.0", **fields})


# --- the @readme/oas-examples 2.0 corpus ----------------------------------------------------


def _example_files() -> list[Path]:
    if not EXAMPLES.is_dir():
        return []
    return sorted(p for p in EXAMPLES.glob("*/*") if p.suffix in (".json", ".yaml", ".yml"))


@pytest.mark.corpus
@pytest.mark.skipif(
    not EXAMPLES.is_dir(), reason=f"corpus not installed ({EXAMPLES}); run `make corpus`"
)
@pytest.mark.parametrize("path", _example_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_examples_convert_to_valid_openapi_30(path: Path) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    input_valid = valid_v2(copy.deepcopy(doc))
    out = convert(doc)
    try:
        validate(out, cls=OpenAPIV30SpecValidator)
        output_valid = True
    except Exception as exc:
        output_valid = False
        reason = str(exc).splitlines()[0]
    # Invalid 2.0 input may convert to invalid 3.0; valid input must not.
    assert output_valid == input_valid, reason if not output_valid else "invalid input became valid"


def test_corpus_has_examples_when_installed() -> None:
    if not EXAMPLES.is_dir():
        pytest.skip(f"corpus not installed ({EXAMPLES}); run `make corpus`")
    assert len(_example_files()) >= 10
