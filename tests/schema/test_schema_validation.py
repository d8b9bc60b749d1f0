"""Validation: every violation, located in the instance and in the API document; formats."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from schema_support import api_for, component, schema_api

from specgen.schema import Direction, Violation, check_format, validator_for, violations
from specgen.spec.loader import load_spec

RES = Direction.RESPONSE
SPECS = Path(__file__).resolve().parents[2] / "specs"

ORDER = {
    "type": "object",
    "required": ["id", "lines"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "lines": {"type": "array", "items": {"$ref": "#/components/schemas/Line"}},
        "note": {"type": "string", "maxLength": 3, "nullable": True},
        "ref": {"$ref": "#/components/schemas/Line", "nullable": True},
    },
}
LINE = {
    "type": "object",
    "required": ["qty"],
    "properties": {"qty": {"type": "integer", "minimum": 1}},
}


def test_every_violation_is_reported_and_located() -> None:
    api = api_for({"Order": ORDER, "Line": LINE})
    instance = {"id": "nope", "lines": [{"qty": 0}, {}], "note": "long"}
    found = violations(api, component(api, "Order"), instance, RES)
    assert [(v.instance_pointer, v.schema_pointer, v.keyword) for v in found] == [
        ("/id", "/components/schemas/Order/properties/id/format", "format"),
        ("/lines/0/qty", "/components/schemas/Line/properties/qty/minimum", "minimum"),
        ("/lines/1", "/components/schemas/Line/required", "required"),
        ("/note", "/components/schemas/Order/properties/note/maxLength", "maxLength"),
    ]
    assert all(isinstance(v, Violation) and v.message for v in found)


def test_valid_instances_have_no_violations() -> None:
    api = api_for({"Order": ORDER, "Line": LINE})
    instance = {
        "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "lines": [],
        "note": None,
        "ref": None,
    }
    assert violations(api, component(api, "Order"), instance, RES) == []


def test_a_nullable_wrapper_reports_why_the_value_failed() -> None:
    api = api_for({"Order": ORDER, "Line": LINE})
    instance = {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "lines": [], "ref": {"qty": "x"}}
    [found] = violations(api, component(api, "Order"), instance, RES)
    assert found.instance_pointer == "/ref/qty"
    assert found.keyword == "type"
    assert found.schema_pointer == "/components/schemas/Line/properties/qty/type"


def test_violations_point_into_the_bundled_document_of_a_multi_file_spec() -> None:
    api = load_spec(SPECS / "order-service" / "openapi.yaml")
    op = api.operation("createOrder")
    assert op is not None and op.request_body is not None
    schema = op.request_body.content[0].schema
    found = violations(api, schema, {"items": "x"}, Direction.REQUEST)
    assert found
    for v in found:
        file, pointer = api.locate(v.schema_pointer)
        assert file.endswith(".yaml")
        assert pointer.startswith("/")


def test_violation_is_a_frozen_value() -> None:
    v = Violation("", "/x", "m", "type")
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.message = "other"  # type: ignore[misc]


def test_validators_are_compiled_once_per_api() -> None:
    api, schema = schema_api({"type": "string"})
    assert validator_for(api, schema, RES) is validator_for(api, schema, RES)


@pytest.mark.parametrize(
    ("fmt", "good", "bad"),
    [
        ("date", "2024-02-29", "2023-02-29"),
        ("date-time", "2024-01-01T12:00:00.5+01:00", "2024-01-01 12:00:00"),
        ("time", "23:59:60Z", "12:00"),
        ("email", "ada.lovelace+x@example.co.uk", "ada@"),
        ("uuid", "3FA85F64-5717-4562-b3fc-2c963f66afa6", "3fa85f64571745622b3fc2c963f66afa6"),
        ("uri", "https://example.com/a?b=c#d", "/relative"),
        ("uri-reference", "/relative?x=%20", "has space"),
        ("ipv4", "192.0.2.255", "192.0.2.256"),
        ("ipv6", "2001:db8::1", "2001:db8::g"),
        ("hostname", "api.example.com", "-bad-.example.com"),
        ("byte", "ZXhhbXBsZQ==", "ZXhhbXBsZQ="),
        ("base64", "", "abc"),
        ("int32", 2**31 - 1, 2**31),
        ("int64", -(2**63), -(2**63) - 1),
        ("regex", "^[a-z]+$", "(unclosed"),
    ],
)
def test_formats(fmt: str, good: object, bad: object) -> None:
    assert check_format(fmt, good)
    assert not check_format(fmt, bad)
    kind = "integer" if isinstance(good, int) else "string"
    api, schema = schema_api({"type": kind, "format": fmt})
    assert validator_for(api, schema, RES).is_valid(good)
    assert not validator_for(api, schema, RES).is_valid(bad)


def test_formats_ignore_other_types_and_unknown_names() -> None:
    assert check_format("email", 3)
    assert check_format("int32", "a string")
    assert check_format("x-whatever", "anything")
    assert not check_format("hostname", "a" * 63 + "." + "b" * 63 + "." + "c" * 63 + "." + "d" * 63)
