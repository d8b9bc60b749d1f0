"""Form bodies read back into values (``specgen.check.bodies.parsed_body``): bracketed names
with array indices, properties behind ``anyOf``/``oneOf``, the schema that applies to a key
(``properties``, ``patternProperties``, ``additionalProperties``) and the media type's
``encoding`` (``style``/``explode``/``contentType`` per property, OpenAPI 3.0 and 3.1)."""

from __future__ import annotations

from typing import Any

import pytest

from specgen.check.bodies import FORM, MULTIPART, parsed_body
from specgen.check.params import typing_for
from specgen.pact.model import Body, BodyKind
from specgen.schema import Direction, violations
from specgen.spec.loader import load_spec_data

PRICE = {
    "type": "object",
    "properties": {
        "price": {"type": "string"},
        "quantity": {"type": "integer"},
        "tax_rates": {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"enum": [""]}]},
    },
    "required": ["price"],
}
RENDERING = {  # Stripe: an object, or "" to unset it
    "anyOf": [
        {
            "type": "object",
            "properties": {
                "amount_tax_display": {"type": "string", "enum": ["", "exclude_tax"]},
                "days": {"type": "integer"},
            },
        },
        {"type": "string", "enum": [""]},
    ]
}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/price"}},
        "expand": {"type": "array", "items": {"type": "string"}},
        "rendering": {"$ref": "#/components/schemas/rendering"},
        "picked": {"oneOf": [{"$ref": "#/components/schemas/price"}, {"enum": [""]}]},
        "products": {
            "anyOf": [
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "prices": {"type": "array", "items": {"type": "string"}},
                            "product": {"type": "string"},
                        },
                        "required": ["prices", "product"],
                    },
                },
                {"type": "string", "enum": [""]},
            ]
        },
        "metadata": {
            "anyOf": [
                {"type": "object", "additionalProperties": {"type": "string"}},
                {"type": "string", "enum": [""]},
            ]
        },
        "limits": {
            "type": "object",
            "patternProperties": {"^n_": {"type": "integer"}},
            "additionalProperties": {"type": "string"},
        },
        "filter": {
            "type": "object",
            "properties": {"color": {"type": "string"}, "size": {"type": "integer"}},
        },
        "shape": {
            "type": "object",
            "properties": {"sides": {"type": "integer"}, "name": {"type": "string"}},
        },
        "meta": {"type": "object", "properties": {"source": {"type": "string"}}},
        "notes": {"type": "array", "items": {"type": "object"}},
        "ids": {"type": "array", "items": {"type": "integer"}},
    },
    "additionalProperties": {"type": "string"},
}
ENCODING = {
    name: {"style": "deepObject", "explode": True}
    for name in ("items", "expand", "rendering", "picked", "products", "metadata", "limits")
} | {
    "filter": {"style": "form", "explode": True},
    "shape": {"style": "form", "explode": False},
    "ids": {"style": "pipeDelimited", "explode": False},
}


def _api(media_type: str, version: str) -> Any:
    media = {"schema": SCHEMA, "encoding": ENCODING}
    return load_spec_data(
        {
            "openapi": version,
            "info": {"title": "Forms", "version": "1"},
            "paths": {
                "/x": {
                    "post": {
                        "requestBody": {"content": {media_type: media}},
                        "responses": {"204": {"description": "ok"}},
                    }
                }
            },
            "components": {"schemas": {"price": PRICE, "rendering": RENDERING}},
        }
    )


def _read(
    body: str, media_type: str = FORM, version: str = "3.0.3", sent_type: str | None = None
) -> tuple[Any, list[str]]:
    """The body's value and the schema's complaints about it."""
    api = _api(media_type, version)
    op = api.operation("POST /x")
    assert op is not None and op.request_body is not None
    media = op.request_body.content[0]
    assert media.schema is not None
    typing = typing_for(api, media.schema)
    sent = Body(BodyKind.PRESENT, body, sent_type or media_type)
    value = parsed_body(sent, media.media_type, typing, media.encoding)
    problems = violations(api, media.schema, value, Direction.REQUEST)
    return value, [p.message for p in problems]


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
@pytest.mark.parametrize(
    ("body", "value"),
    [
        (
            "items[0][price]=p1&items[0][quantity]=2",
            {"items": [{"price": "p1", "quantity": 2}]},
        ),
        (
            "items[0][price]=p1&items[1][price]=p2&items[1][quantity]=3",
            {"items": [{"price": "p1"}, {"price": "p2", "quantity": 3}]},
        ),
        ("items[1][price]=b&items[0][price]=a", {"items": [{"price": "a"}, {"price": "b"}]}),
        ("expand[]=a&expand[]=b", {"expand": ["a", "b"]}),
        ("expand[0]=a&expand[1]=b", {"expand": ["a", "b"]}),
        ("expand[10]=k&expand[9]=j", {"expand": ["j", "k"]}),
        (
            "items[][price]=p1&items[][quantity]=1&items[][price]=p2",
            {"items": [{"price": "p1", "quantity": 1}, {"price": "p2"}]},
        ),
        (
            "items[][price]=a&items[][tax_rates][]=t&items[][tax_rates][]=u&items[][price]=b",
            {"items": [{"price": "a", "tax_rates": ["t", "u"]}, {"price": "b"}]},
        ),
        (
            "items[0][price]=p&items[0][tax_rates][0]=t1&items[0][tax_rates][1]=t2",
            {"items": [{"price": "p", "tax_rates": ["t1", "t2"]}]},
        ),
    ],
)
def test_array_indices_pick_the_item(body: str, value: Any, version: str) -> None:
    assert _read(body, version=version) == (value, [])


@pytest.mark.parametrize(
    ("body", "value"),
    [
        ("rendering[amount_tax_display]=", {"rendering": {"amount_tax_display": ""}}),
        ("rendering[days]=30", {"rendering": {"days": 30}}),
        ("rendering=", {"rendering": ""}),
        ("picked[price]=p&picked[quantity]=4", {"picked": {"price": "p", "quantity": 4}}),
        (
            "products[0][prices][0]=a&products[0][product]=b",
            {"products": [{"prices": ["a"], "product": "b"}]},
        ),
        ("products=", {"products": ""}),
        ("items[0][price]=p&items[0][tax_rates]=", {"items": [{"price": "p", "tax_rates": ""}]}),
    ],
)
def test_properties_behind_any_of_and_one_of_are_typed(body: str, value: Any) -> None:
    assert _read(body) == (value, [])


@pytest.mark.parametrize(
    ("body", "value"),
    [
        ("metadata[order]=6735", {"metadata": {"order": "6735"}}),
        ("metadata[flag]=true&metadata[none]=null", {"metadata": {"flag": "true", "none": "null"}}),
        ("limits[n_max]=5&limits[label]=7", {"limits": {"n_max": 5, "label": "7"}}),
        ("extra=12", {"extra": "12"}),  # the body's own additionalProperties
    ],
)
def test_keys_are_typed_by_the_schema_that_applies_to_them(body: str, value: Any) -> None:
    assert _read(body) == (value, [])


def test_a_wrong_value_still_fails() -> None:
    value, problems = _read("items[0][quantity]=x&limits[n_a]=y")
    assert value == {"items": [{"quantity": "x"}], "limits": {"n_a": "y"}}
    assert len(problems) == 3, problems  # price missing, quantity and n_a not integers


@pytest.mark.parametrize(
    ("body", "value"),
    [
        ("color=red&size=3", {"filter": {"color": "red", "size": 3}}),  # form, explode
        ("shape=sides,3,name,tri", {"shape": {"sides": 3, "name": "tri"}}),  # form, no explode
        ("ids=1|2|3", {"ids": [1, 2, 3]}),  # pipeDelimited
        ('meta={"source":"ad"}', {"meta": {"source": "ad"}}),  # objects default to JSON
        ('notes={"a":1}&notes={"b":2}', {"notes": [{"a": 1}, {"b": 2}]}),  # each item JSON
    ],
)
def test_encoding_styles_and_content_types(body: str, value: Any) -> None:
    assert _read(body)[0] == value


def test_form_styles_do_not_apply_to_multipart() -> None:
    body = (
        '--b\r\nContent-Disposition: form-data; name="ids"\r\n\r\n1|2\r\n'
        '--b\r\nContent-Disposition: form-data; name="meta"\r\n\r\n{"source":"ad"}\r\n'
        "--b--\r\n"
    )
    value, _ = _read(body, MULTIPART, sent_type=f"{MULTIPART}; boundary=b")
    assert value == {"ids": ["1|2"], "meta": {"source": "ad"}}


def test_names_that_are_not_bracket_paths_stay_names() -> None:
    value, _ = _read("=x&a[=1&b]=2&c[d]e=3")
    assert value == {"": "x", "a[": "1", "b]": "2", "c[d]e": "3"}
