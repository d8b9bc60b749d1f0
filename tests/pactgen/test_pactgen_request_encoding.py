"""Requests written as the spec says they travel: form bodies by their media type's
``encoding`` (Stripe's ``style: deepObject``), and query keys in path templates
(icons8's ``/search?term={term}``). Each generated pact checks clean against its spec."""

from __future__ import annotations

import urllib.parse
from typing import Any

import pytest

from specgen.check import check_pact
from specgen.findings import Severity
from specgen.pact.generate import generate_pact
from specgen.pact.model import Request
from specgen.spec.api import API
from specgen.spec.loader import load_spec_data

FORM = "application/x-www-form-urlencoded"
DEEP = {"style": "deepObject", "explode": True}
ADDRESS = {
    "type": "object",
    "required": ["city", "line1"],
    "properties": {"city": {"type": "string"}, "line1": {"type": "string"}},
}
CHARGE: dict[str, Any] = {
    "type": "object",
    "required": ["amount", "shipping"],
    "additionalProperties": False,
    "properties": {
        "amount": {"type": "integer"},
        "capture": {"type": "boolean"},
        "expand": {"type": "array", "items": {"type": "string"}},
        "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
        "shipping": {
            "type": "object",
            "required": ["address", "name"],
            "properties": {"address": ADDRESS, "name": {"type": "string"}},
        },
        "tax_ids": {
            "type": "array",
            "items": {"type": "object", "properties": {"value": {"type": "string"}}},
        },
    },
}
EXAMPLE = {
    "amount": 2000,
    "capture": True,
    "expand": ["customer", "invoice"],
    "metadata": {"order": "A-6735", "note": "a&b=c"},
    "shipping": {"address": {"city": "Oslo", "line1": "Karl Johans gate 1"}, "name": "Ada"},
    "tax_ids": [{"value": "NO1"}, {"value": "NO2"}],
}


def _api(path: str, item: dict[str, Any]) -> API:
    for operation in item.values():
        operation.setdefault("responses", {"200": {"description": "ok"}})
    return load_spec_data(
        {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {path: item}}
    )


def _form_api(encoding: dict[str, Any] | None, example: dict[str, Any] = EXAMPLE) -> API:
    media: dict[str, Any] = {"schema": CHARGE, "example": example}
    if encoding is not None:
        media["encoding"] = encoding
    body = {"required": True, "content": {FORM: media}}
    return _api("/v1/charges", {"post": {"operationId": "charge", "requestBody": body}})


def _request(api: API) -> Request:
    (interaction,) = generate_pact(api, consumer="C", provider="P").pact.http_interactions
    return interaction.request


def _errors(api: API) -> list[dict[str, Any]]:
    result = check_pact(api, generate_pact(api, consumer="C", provider="P").pact)
    return [f.to_dict() for f in result.findings if f.severity is Severity.ERROR]


def _fields(request: Request) -> list[tuple[str, str]]:
    assert request.body.content_type == FORM
    assert isinstance(request.body.content, str)
    return urllib.parse.parse_qsl(request.body.content, keep_blank_values=True)


def test_deep_object_form_fields_are_bracketed_not_json() -> None:
    encoding = {name: DEEP for name in ("expand", "metadata", "shipping", "tax_ids")}
    api = _form_api(encoding)
    assert _fields(_request(api)) == [
        ("amount", "2000"),
        ("capture", "true"),
        ("expand[0]", "customer"),
        ("expand[1]", "invoice"),
        ("metadata[order]", "A-6735"),
        ("metadata[note]", "a&b=c"),
        ("shipping[address][city]", "Oslo"),
        ("shipping[address][line1]", "Karl Johans gate 1"),
        ("shipping[name]", "Ada"),
        ("tax_ids[0][value]", "NO1"),
        ("tax_ids[1][value]", "NO2"),
    ]
    assert _errors(api) == []


def test_deep_object_fields_of_a_synthesised_body_check_clean() -> None:
    """No example: the values come from the schema, and still travel as bracketed fields."""
    encoding = {name: DEEP for name in ("expand", "metadata", "shipping")}
    api = _form_api(encoding, example={"amount": "not a number"})  # invalid: not used
    names = [name for name, _ in _fields(_request(api))]
    assert "shipping[address][city]" in names
    assert not any(name == "shipping" for name in names)
    assert _errors(api) == []


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        # style form, explode true (the default once a style field is given): key=value pairs
        ({"explode": True}, [("order", "A-6735"), ("note", "a&b=c")]),
        ({"style": "form", "explode": False}, [("metadata", "order,A-6735,note,a&b=c")]),
        # no style field: the property travels by its content type, JSON for objects
        ({"contentType": "application/json"}, [("metadata", '{"order":"A-6735","note":"a&b=c"}')]),
        (None, [("metadata", '{"order":"A-6735","note":"a&b=c"}')]),
    ],
)
def test_form_fields_follow_the_encoding_style(
    encoding: dict[str, Any] | None, expected: list[tuple[str, str]]
) -> None:
    api = _form_api(None if encoding is None else {"metadata": encoding})
    others = set(CHARGE["properties"]) - {"metadata"}
    fields = _fields(_request(api))
    assert [f for f in fields if f[0].split("[", 1)[0] not in others] == expected


def test_arrays_without_a_style_repeat_their_field() -> None:
    api = _form_api({"expand": {"contentType": "text/plain"}})
    assert [f for f in _fields(_request(api)) if f[0] == "expand"] == [
        ("expand", "customer"),
        ("expand", "invoice"),
    ]


def test_query_keys_in_the_path_template_are_sent_in_the_query() -> None:
    """icons8 declares ``term`` ``in: path`` yet templates it in the query; ``lang`` is
    declared nowhere; ``amount`` is an optional query parameter. All three must be sent,
    or no operation of the spec matches the request."""
    item = {
        "get": {
            "operationId": "search",
            "parameters": [
                {"name": "term", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "amount", "in": "query", "schema": {"type": "integer", "minimum": 5}},
                {"name": "size", "in": "query", "required": True, "schema": {"type": "integer"}},
            ],
        }
    }
    api = _api("/api/v5/search?term={term}&amount={amount}&lang={lang}&v=2", item)
    request = _request(api)
    assert request.path == "/api/v5/search"
    query = dict(request.query.items())
    assert set(query) == {"term", "amount", "lang", "v", "size"}
    assert query["v"] == ("2",)
    assert int(query["amount"][0]) >= 5
    assert all(len(values) == 1 and values[0] for values in query.values())
    assert _errors(api) == []


def test_required_objects_are_not_sent_empty() -> None:
    """``{}`` has no deepObject fields: a required object with no required properties of
    its own would vanish from the form, so the body is filled out instead."""
    profile = {"type": "object", "properties": {"headline": {"type": "string"}}}
    schema = {"type": "object", "required": ["profile"], "properties": {"profile": profile}}
    media = {"schema": schema, "encoding": {"profile": DEEP}}
    body = {"required": True, "content": {FORM: media}}
    api = _api("/v1/profiles", {"post": {"requestBody": body}})
    assert [name for name, _ in _fields(_request(api))] == ["profile[headline]"]
    assert _errors(api) == []
