"""``generate_pact``: what goes into a pact, what is skipped, and that it is deterministic."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any, Literal

import pytest
from openapi_core.testing import MockRequest

import specgen
from specgen.errors import UsageError
from specgen.pact.core import check_with_pact_core
from specgen.pact.generate import generate_pact
from specgen.pact.keyword_regex import enum_regex, fits_rust, integer_regexes, string_regexes
from specgen.pact.reader import parse_pact
from specgen.pact.states import kind_word, singular
from specgen.spec.loader import load_spec, load_spec_data
from specgen.spec.openapi_core import openapi_for
from tests.conftest import ROOT, minimal_spec

SPECS = [
    "user-service.yaml",
    "order-service/openapi.yaml",
    "payment-service.yaml",
    "notification-service.yaml",
]


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("version", [3, 4])
def test_same_input_same_bytes_and_the_core_agrees(spec: str, version: int) -> None:
    path = ROOT / "specs" / spec
    pact_spec: Literal[3, 4] = 3 if version == 3 else 4
    first = generate_pact(path, consumer="C", provider="P", pact_spec=pact_spec)
    again = generate_pact(load_spec(path), consumer="C", provider="P", pact_spec=pact_spec)
    assert first.text == again.text
    assert check_with_pact_core(first.text) == []
    assert parse_pact(json.loads(first.text), "<text>") == first.pact
    other_seed = generate_pact(path, consumer="C", provider="P", seed=7)
    assert other_seed.interactions == first.interactions


@pytest.mark.parametrize("spec", SPECS)
def test_requests_are_valid_for_openapi_core(spec: str) -> None:
    api = load_spec(ROOT / "specs" / spec)
    openapi = openapi_for(api)
    url = api.servers[0].default_url
    parts = urllib.parse.urlsplit(url)
    host = f"{parts.scheme}://{parts.netloc}" if parts.netloc else "http://localhost"
    for interaction in generate_pact(api, consumer="C", provider="P").pact.http_interactions:
        request = interaction.request
        body = request.body
        data = None
        if body.is_present:
            data = json.dumps(body.content).encode() if body.is_json else body.raw()
        mock = MockRequest(
            host,
            request.method.lower(),
            request.path,
            args={k: v[0] for k, v in request.query.items()},
            headers={k: v[0] for k, v in request.headers.items()},
            data=data,
            content_type=body.content_type or "application/json",
        )
        errors = [str(e) for e in openapi.iter_request_errors(mock)]
        assert errors == [], (interaction.description, errors)


def test_metadata_name_and_v4_shape(tmp_path: Path) -> None:
    result = specgen.generate_pact(
        ROOT / "specs/order-service/openapi.yaml",
        consumer="Checkout UI",
        provider="Order/Service",
        pact_spec=4,
    )
    assert result.file_name == "Checkout UI-Order_Service.json"
    data = json.loads(result.text)
    assert data["metadata"]["specgen"] == {
        "version": specgen.__version__,
        "seed": 0,
        "openapi": {"title": "Order Service", "version": "2.3.0"},
    }
    assert data["metadata"]["pactSpecification"] == {"version": "4.0"}
    assert data["provider"] == {"name": "Order/Service"}
    written = result.write(tmp_path / "out")
    assert written.read_text(encoding="utf-8") == result.text
    assert [p.name for p in (tmp_path / "out").iterdir()] == [result.file_name]


def test_requests_states_and_responses_of_the_user_spec() -> None:
    result = generate_pact(ROOT / "specs/user-service.yaml", consumer="Web", provider="Users")
    assert result.operations == ("listUsers", "createUser", "getUser", "deleteUser", "updateUser")
    get = next(i for i in result.pact.http_interactions if i.description == "getUser returns 200")
    assert get.request.path == "/api/v1/users/usr_8f3k2m9q"
    assert dict(get.request.headers) == {
        "Authorization": ("Bearer specgen-placeholder-token",),
        "Accept": ("application/json",),
    }
    assert [(s.name, s.params.value if s.params else None) for s in get.provider_states] == [
        ("user usr_8f3k2m9q exists", {"userId": "usr_8f3k2m9q"})
    ]
    assert get.response.status == 200
    assert set(get.response.body.content) == {"id", "email", "name", "status", "createdAt"}
    created = next(i for i in result.pact.http_interactions if i.description.startswith("createU"))
    assert created.response.headers.first("Location")  # a required response header
    assert created.request.body.content == {
        "email": "grace.hopper@example.com",
        "name": "Grace Hopper",
    }
    assert created.provider_states == ()
    patch = next(i for i in result.pact.http_interactions if i.description.startswith("updateU"))
    assert patch.request.headers.first("Content-Type") == "application/merge-patch+json"
    skipped = {(s.operation, s.status): s.reason for s in result.skipped}
    assert skipped[("getUser", "404")].startswith("no trigger")
    assert ("getUser", "200") not in skipped
    assert len(skipped) == 14


def test_selectors_base_path_and_seed() -> None:
    path = ROOT / "specs/user-service.yaml"
    only = generate_pact(path, consumer="C", provider="P", include=["tag:users"], exclude=["*User"])
    assert only.operations == ("listUsers",)
    glob = generate_pact(path, consumer="C", provider="P", include=["GET /users/*"])
    assert glob.operations == ("getUser",)
    bare = generate_pact(path, consumer="C", provider="P", base_path="", include=["getUser"])
    assert bare.pact.http_interactions[0].request.path == "/users/usr_8f3k2m9q"
    with pytest.raises(UsageError, match="matches no operation"):
        generate_pact(path, consumer="C", provider="P", include=["nope"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"pact_spec": 2}, "must be 3 or 4"),
        ({"consumer": " "}, "consumer name is empty"),
        ({"states": {"noSuchOp": "x"}}, "names no operation"),
        ({"states": {"getUser": {"params": {}}}}, "needs a non-empty 'name'"),
        ({"states": {"getUser 404": 3}}, "a state is a name"),
    ],
)
def test_bad_options(kwargs: dict[str, Any], message: str) -> None:
    options: dict[str, Any] = {"consumer": "C", "provider": "P", **kwargs}
    with pytest.raises(UsageError, match=message):
        generate_pact(ROOT / "specs/user-service.yaml", **options)


def _mini(responses: dict[str, Any], **op: Any) -> specgen.API:
    doc = minimal_spec()
    get = doc["paths"]["/users/{id}"]["get"]
    get["responses"] = responses
    get.update(op)
    return load_spec_data(doc)


def test_status_ranges_need_v4_and_default_is_success_only_alone() -> None:
    ok = {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}
    api = _mini({"2XX": ok, "4XX": {"description": "bad", "x-specgen-state": "bad things"}})
    v3 = generate_pact(api, consumer="C", provider="P")
    assert v3.interactions == 0
    assert {s.status: s.reason for s in v3.skipped}["2XX"].endswith("needs Pact v4")
    v4 = json.loads(generate_pact(api, consumer="C", provider="P", pact_spec=4).text)
    statuses = [i["response"] for i in v4["interactions"]]
    assert [r["status"] for r in statuses] == [200, 400]
    assert statuses[0]["matchingRules"]["status"]["$"]["matchers"] == [
        {"match": "statusCode", "status": "success"}
    ]
    assert statuses[1]["matchingRules"]["status"]["$"]["matchers"][0]["status"] == "clientError"
    only_default = generate_pact(_mini({"default": ok}), consumer="C", provider="P", pact_spec=4)
    assert only_default.interactions == 1
    with_error = _mini({"default": ok, "404": {"description": "no"}, "302": {"description": "go"}})
    skipped = generate_pact(with_error, consumer="C", provider="P", pact_spec=4).skipped
    assert {s.status for s in skipped} == {"default", "404", "302"}


def test_extension_states_and_paired_examples() -> None:
    doc = minimal_spec()
    get = doc["paths"]["/users/{id}"]["get"]
    get["x-specgen-state"] = {"name": "user {id} is active", "params": {"id": "{id}", "on": True}}
    get["parameters"][0]["examples"] = {"here": {"value": "u-1"}, "gone": {"value": "u-gone"}}
    get["responses"]["404"] = {
        "description": "no such user",
        "content": {
            "application/json": {
                "schema": {"type": "object", "required": ["code"], "properties": {"code": {}}},
                "examples": {"gone": {"value": {"code": "E404"}}},
            }
        },
    }
    get["responses"]["400"] = {"description": "bad", "x-specgen-state": ["a", {"nope": 1}]}
    result = generate_pact(load_spec_data(doc), consumer="C", provider="P")
    by_description = {i.description: i for i in result.pact.http_interactions}
    ok = by_description["getUser returns 200"]
    assert ok.provider_states[0].name == "user u-1 is active"
    assert ok.provider_states[0].params is not None
    assert ok.provider_states[0].params.value == {"id": "u-1", "on": True}
    gone = by_description["getUser returns 404 (gone)"]
    assert gone.request.path == "/users/u-gone"
    assert gone.provider_states[0].name == "no user u-gone exists"  # derived for a 404
    assert gone.response.body.content == {"code": "E404"}
    assert {s.status: s.reason for s in result.skipped} == {
        "400": "x-specgen-state: a state needs a non-empty 'name'"
    }


def test_derived_state_words() -> None:
    api = _mini({"200": {"description": "ok"}})
    op = api.operations[0]
    assert kind_word(op, "id") == "user"
    assert kind_word(op, "orderNoteId") == "order note"
    assert kind_word(op, "owner") == "owner"
    assert [singular(w) for w in ("users", "categories", "addresses", "status", "bus")] == [
        "user",
        "category",
        "address",
        "status",
        "bus",
    ]


def test_nullable_and_one_of_in_openapi_30() -> None:
    doc = minimal_spec()
    user = doc["components"]["schemas"]["User"]
    user["required"] = ["id", "manager", "pet"]
    user["properties"]["manager"] = {"$ref": "#/components/schemas/Manager", "nullable": True}
    user["properties"]["pet"] = {
        "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
        "discriminator": {"propertyName": "kind"},
    }
    doc["components"]["schemas"].update(
        Manager={
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string"}},
        },
        Cat={
            "type": "object",
            "required": ["kind", "lives"],
            "properties": {"kind": {"type": "string"}, "lives": {"type": "integer"}},
        },
        Dog={
            "type": "object",
            "required": ["kind", "good"],
            "properties": {"kind": {"type": "string"}, "good": {"type": "boolean"}},
        },
    )
    result = generate_pact(load_spec_data(doc), consumer="C", provider="P")
    response = json.loads(result.text)["interactions"][0]["response"]
    assert response["body"]["manager"] is None
    assert set(response["body"]["pet"]) == {"kind"}  # what both branches require
    rules = response["matchingRules"]["body"]
    assert rules["$.manager"]["combine"] == "OR"
    assert rules["$.pet.kind"]["matchers"][1] == {
        "match": "regex",
        "regex": "^(?:(?:Cat)|(?:Dog))$",
    }


def test_regexes_stay_within_the_pact_cores_limits() -> None:
    assert string_regexes({"maxLength": 2**31 - 1, "minLength": 1}) == (r"^[\s\S]{1,}$",)
    assert string_regexes({"maxLength": 20}) == (r"^[\s\S]{0,20}$",)
    assert string_regexes({"pattern": "^[a-z]{1,30000}$"}) == ()  # too big: dropped
    assert string_regexes({"pattern": "ab"}) == (r"^[\s\S]*ab[\s\S]*$",)  # searched
    assert fits_rust(r"^(?:[a-z]{1,100}){1,100}$") and not fits_rust(r"^(?:a{1,1000}){1,100}$")
    assert integer_regexes({"minimum": 1, "exclusiveMaximum": 100}) == ("^(?:[1-9][0-9]{0,1})$",)
    assert integer_regexes({"minimum": 0, "multipleOf": 5}) == ()
    assert enum_regex(["a.b", 2, None]) == r"^(?:a\.b|2)$"
    assert enum_regex([{"a": 1}]) is None
