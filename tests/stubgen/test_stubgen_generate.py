"""Stub generation without a server: determinism, priorities, names, metadata, selection,
located problems, writing, the body-schema budget, and path regexes over encoded text."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from specgen.errors import UsageError
from specgen.schema import Direction, strategy_for, string_form, string_regex
from specgen.spec import pointer as jp
from specgen.spec.loader import load_spec, load_spec_data
from specgen.stubs.bodyschema import body_schema
from specgen.stubs.generate import generate_stubs
from specgen.stubs.operation import specificity
from specgen.stubs.urlregex import RAW_OK, encoded_regex
from tests.conftest import ROOT, minimal_spec

USER = ROOT / "specs" / "user-service.yaml"


def by_name(stubs: Any) -> dict[str, dict[str, Any]]:
    return {m.name: m.to_json() for m in stubs.mappings}


def test_same_input_same_output_and_seed_only_varies_examples() -> None:
    api = load_spec(USER)
    first, again = generate_stubs(api), generate_stubs(load_spec(USER))
    assert first.files() == again.files()
    other = generate_stubs(api, seed=7)
    assert [m.name for m in other.mappings] == [m.name for m in first.mappings]
    assert [m.request for m in other.mappings] == [m.request for m in first.mappings]
    assert other.files() != first.files()  # synthesised bodies differ (updateUser has none)


def test_names_roles_and_metadata() -> None:
    api = load_spec(USER)
    stubs = by_name(generate_stubs(api))
    assert set(stubs) >= {
        "getUser-200",
        "getUser-401-unauthorized",
        "getUser-404-not-found",
        "getUser-404-selected",
        "createUser-400-invalid",
        "deleteUser-400-invalid",  # from `default`: no 400 or 422 documented
    }
    meta = stubs["getUser-404-not-found"]["metadata"]["specgen"]
    assert meta == {
        "api": "User Service",
        "operationId": "getUser",
        "operation": "GET /users/{userId}",
        "response": f"{api.name}#/paths/~1users~1{{userId}}/get/responses/404",
        "status": "404",
        "role": "not-found",
    }
    assert "description" in jp.resolve(api.document, meta["response"].split("#", 1)[1])
    assert len({m["id"] for m in stubs.values()}) == len(stubs)


def test_priorities_follow_routing_and_roles() -> None:
    spec = minimal_spec()
    ops = spec["paths"]["/users/{id}"]
    spec["paths"]["/users/me"] = {"get": {**ops["get"], "operationId": "me", "parameters": []}}
    ops["get"]["responses"]["400"] = {"description": "bad"}
    stubs = by_name(generate_stubs(load_spec_data(spec, name="mini.yaml")))
    prio = {name: m["priority"] for name, m in stubs.items()}
    assert max(v for k, v in prio.items() if k.startswith("me-")) < min(
        v for k, v in prio.items() if k.startswith("getUser-")
    )
    order = ["getUser-400-selected", "getUser-200", "getUser-400-invalid", "getUser-404-not-found"]
    assert sorted(order, key=prio.__getitem__) == order
    assert stubs["getUser-400-invalid"]["request"]["pathParameters"]  # path still checked
    assert "pathParameters" not in stubs["getUser-404-not-found"]["request"]
    assert specificity("/a/{x}/c") > specificity("/a/b/{y}") > specificity("/a/b/c")


def test_base_path_selection_and_unknown_selectors() -> None:
    api = load_spec(USER)
    stubs = generate_stubs(api, include=["tag:users"], exclude=["*User", "GET /users"])
    assert {m.metadata["specgen"]["operationId"] for m in stubs.mappings} == set()
    only = generate_stubs(api, include=["getUser"], base_path="")
    assert {m.request.path_template for m in only.mappings} == {"/users/{userId}"}
    default = generate_stubs(api, include=["getUser"])
    assert {m.request.path_template for m in default.mappings} == {"/api/v1/users/{userId}"}
    with pytest.raises(UsageError, match="matches no operation"):
        generate_stubs(api, include=["nope"])


def test_an_unusable_response_is_left_out_and_located() -> None:
    spec = minimal_spec()
    responses = spec["paths"]["/users/{id}"]["get"]["responses"]
    responses["404"] = {
        "description": "impossible",
        "content": {
            "application/json": {"schema": {"type": "string", "minLength": 3, "maxLength": 1}}
        },
    }
    stubs = generate_stubs(load_spec_data(spec, name="mini.yaml"))
    assert "getUser-200" in by_name(stubs)
    assert not any("404" in m.name for m in stubs.mappings)
    assert stubs.problems and stubs.problems[0].file == "mini.yaml"
    assert "/responses/404" in (stubs.problems[0].pointer or "")


def test_write_replaces_only_this_apis_stale_files(tmp_path: Path) -> None:
    api = load_spec(USER)
    generate_stubs(api).write(tmp_path)
    (tmp_path / "mappings" / "mine.json").write_text('{"request": {}, "response": {}}')
    stale = tmp_path / "mappings" / "removedOperation-200.json"
    stale.write_text(json.dumps({"metadata": {"specgen": {"api": "User Service"}}}))
    other = tmp_path / "mappings" / "otherApi-200.json"
    other.write_text(json.dumps({"metadata": {"specgen": {"api": "Other"}}}))
    written = generate_stubs(api, include=["getUser"]).write(tmp_path)
    names = {p.name for p in (tmp_path / "mappings").iterdir()}
    assert names == {p.name for p in written} | {"mine.json", "otherApi-200.json"}
    assert all(json.loads(p.read_text())["request"]["method"] == "GET" for p in written)


def test_body_schemas_assert_formats_and_fit_the_budget() -> None:
    api = load_spec(USER)
    op = api.operation("createUser")
    assert op and op.request_body
    schema = op.request_body.content[0].schema
    assert schema is not None
    full = body_schema(api, schema)
    valid = {"email": "a@b.example", "name": "Ada"}
    check = jsonschema.Draft202012Validator(full.schema)
    assert not full.cut and check.is_valid(valid)
    assert not check.is_valid({**valid, "email": "not an address"})  # format as pattern
    assert "description" not in json.dumps(full.schema)
    cut = body_schema(api, schema, budget=300)
    assert cut.cut and cut.size < full.size
    loose = jsonschema.Draft202012Validator(cut.schema)
    assert loose.is_valid(valid) and not loose.is_valid({"name": "Ada"})  # still required


PATTERNS = [
    {"type": "string", "pattern": "^[a-z]{2,5}$"},
    {"type": "string", "format": "date-time"},
    {"type": "string", "format": "email"},
    {"type": "string", "minLength": 1, "maxLength": 4},
    {"type": "string", "enum": ["a b", "c/d", "e:f", "g%h", "ü"]},
    {"type": "integer", "minimum": -5, "maximum": 500},
    {"type": "number"},
    {"type": "boolean"},
]


@pytest.mark.parametrize("schema", PATTERNS, ids=lambda s: json.dumps(s))
def test_encoded_path_regexes_accept_every_spelling_of_valid_values(schema: Any) -> None:
    spec = minimal_spec()
    spec["components"]["schemas"]["P"] = schema
    api = load_spec_data(spec, name="p.yaml")
    ref = {"$ref": "#/components/schemas/P"}
    decoded = string_regex(api, ref, pointer="/x")
    assert decoded is not None
    encoded = encoded_regex(decoded)
    assert encoded is not None
    quote: Callable[[str, str], str] = urllib.parse.quote
    sub_delims = "".join(sorted(RAW_OK - set("-._~") - set("0123456789")))

    @settings(max_examples=60, derandomize=True, database=None, deadline=None)
    @given(strategy_for(api, ref, Direction.REQUEST, pointer="/x"), st.text(max_size=6))
    def check(value: Any, junk: str) -> None:
        text = string_form(value)
        assert text is not None
        for spelled in (quote(text, ""), quote(text, sub_delims)):
            assert re.fullmatch(encoded, spelled), (text, spelled, encoded)
        if not re.fullmatch(decoded, junk):
            assert not re.fullmatch(encoded, quote(junk, "")), (junk, encoded)

    check()


def test_constructs_without_a_meaning_on_encoded_text_give_none() -> None:
    assert encoded_regex(r"^\bword$") is None
    assert encoded_regex(r"^(a)\1$") is None
    assert encoded_regex("^a:b$") == "^a(?::|%3[Aa])b$"
