"""The matching rules accept every response the schema allows and reject what it forbids,
as far as Pact can say it, judged by the real Pact verifier.

Each case is one operation with one response schema, a list of bodies the schema allows
(every one must pass) and a list it forbids (every one must fail). A tiny provider answers
each operation's path with the body of the current round.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from specgen.pact.generate import generate_pact
from specgen.spec.loader import load_spec_data
from tests.support.pact_verifier import verify_pact
from tests.support.servers import serve_wsgi

pytest.importorskip("pact")


def obj(required: list[str], **props: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": props}


STRING = {"type": "string"}
CASES: dict[str, tuple[Any, list[Any], list[Any]]] = {
    "nullable_string": (
        obj(["v"], v={"type": ["string", "null"], "pattern": "^[a-m]+$"}),
        [{"v": "abc"}, {"v": None}, {"v": "lm", "extra": [1]}],
        [{"v": 5}, {}, {"v": "ABC"}],
    ),
    "nullable_object": (
        obj(["o"], o={"oneOf": [{"$ref": "#/components/schemas/Thing"}, {"type": "null"}]}),
        [{"o": None}, {"o": {"id": 1}}],
        [{"o": "x"}, {"o": [1]}, {}],
    ),
    "discriminated": (
        obj(["s"], s={"$ref": "#/components/schemas/Shipping"}),
        [
            {"s": {"method": "pickup", "storeId": "st_1"}},
            {"s": {"method": "delivery", "address": "Main St 1"}},
        ],
        [{"s": {"method": "drone"}}, {"s": {}}, {"s": "pickup"}],
    ),
    "any_of_primitives": (
        obj(["v"], v={"anyOf": [STRING, {"type": "integer"}]}),
        [{"v": "a"}, {"v": 3}],
        [{"v": True}, {"v": {}}, {"v": [1]}],
    ),
    "all_of": (
        {"$ref": "#/components/schemas/ValidationProblem"},
        [
            {"title": "Bad", "status": 400, "errors": [{"field": "/a"}]},
            {"title": "Bad", "status": 422, "errors": [{"field": "/a"}, {"field": "/b"}]},
        ],
        [
            {"title": "Bad", "status": 400},
            {"title": "Bad", "status": 400, "errors": []},
            {"title": "Bad", "status": "400", "errors": [{"field": "/a"}]},
            {"title": "Bad", "status": 99, "errors": [{"field": "/a"}]},
        ],
    ),
    "array_bounds": (
        obj(["a"], a={"type": "array", "maxItems": 3, "items": {"type": "integer"}}),
        [{"a": []}, {"a": [1, 2, 3]}],
        [{"a": [1, "a"]}, {"a": [1, 2, 3, 4]}, {"a": {}}],
    ),
    "enum": (
        obj(["c"], c={"type": "string", "enum": ["red", "green"]}),
        [{"c": "red"}, {"c": "green"}],
        [{"c": "blue"}, {"c": 1}],
    ),
    "formats": (
        obj(
            ["when", "id", "mail", "day", "link"],
            when={"type": "string", "format": "date-time"},
            id={"type": "string", "format": "uuid"},
            mail={"type": "string", "format": "email"},
            day={"type": "string", "format": "date"},
            link={"type": "string", "format": "uri"},
        ),
        [
            {
                "when": "2024-05-14T09:21:07.5+02:00",
                "id": "3f6c1f2e-8a4b-4c1d-9e2f-5b7a0c9d1e23",
                "mail": "ada@example.com",
                "day": "2024-02-29",
                "link": "https://example.com/a?b=c",
            }
        ],
        [
            {"when": "yesterday", "id": "x", "mail": "ada", "day": "2024-13-01", "link": "/a"},
        ],
    ),
    "integers": (
        obj(["n"], n={"type": "integer", "minimum": 1, "maximum": 99}),
        [{"n": 1}, {"n": 99}],
        [{"n": 0}, {"n": 100}, {"n": 1.5}, {"n": "5"}],
    ),
    "numbers": (obj(["x"], x={"type": "number"}), [{"x": 1}, {"x": 1.5}], [{"x": "1"}]),
    "boolean": (obj(["b"], b={"type": "boolean"}), [{"b": True}, {"b": False}], [{"b": "true"}]),
    "map": (
        obj(["m"], m={"type": "object", "additionalProperties": STRING}),
        [{"m": {}}, {"m": {"a": "b"}}],
        [{"m": "x"}, {"m": []}],
    ),
    "root_array": (
        {"type": "array", "items": obj(["id"], id=STRING)},
        [[], [{"id": "a"}, {"id": "b", "more": 1}]],
        [[{"id": 1}], {}, [{}]],
    ),
    "recursive": (
        {"$ref": "#/components/schemas/Node"},
        [{"name": "a", "children": []}, {"name": "a", "children": [{"name": "b", "children": []}]}],
        [{"name": "a"}, {"name": 1, "children": []}],
    ),
    # Pact cannot check what is not in the body: optional properties are not checked.
    "optional": (obj([], o=STRING), [{}, {"o": "x"}, {"o": 5}], [[]]),
}
COMPONENTS = {
    "Thing": obj(["id"], id={"type": "integer"}),
    "Pickup": obj(["method", "storeId"], method={"const": "pickup"}, storeId=STRING),
    "Delivery": obj(["method", "address"], method={"const": "delivery"}, address=STRING),
    "Shipping": {
        "oneOf": [
            {"$ref": "#/components/schemas/Pickup"},
            {"$ref": "#/components/schemas/Delivery"},
        ],
        "discriminator": {"propertyName": "method"},
    },
    "Error": obj(["title", "status"], title=STRING, status={"type": "integer", "minimum": 100}),
    "ValidationProblem": {
        "allOf": [
            {"$ref": "#/components/schemas/Error"},
            obj(
                ["errors"],
                errors={"type": "array", "minItems": 1, "items": obj(["field"], field=STRING)},
            ),
        ]
    },
    "Node": obj(
        ["name", "children"],
        name=STRING,
        children={"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
    ),
}


def spec() -> dict[str, Any]:
    paths = {
        f"/{name}": {
            "get": {
                "operationId": name,
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": schema}},
                    }
                },
            }
        }
        for name, (schema, _, _) in CASES.items()
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Rules", "version": "1"},
        "paths": paths,
        "components": {"schemas": COMPONENTS},
    }


def _run(pact: Path, bodies: dict[str, Any]) -> dict[str, list[str]]:
    """Verify with each path answering ``bodies[path]``; the failures by operation."""

    def app(environ: dict[str, Any], start: Any) -> Iterable[bytes]:
        path = environ["PATH_INFO"].strip("/")
        if path.startswith("_pact"):
            start("200 OK", [("Content-Type", "application/json")])
            return [b"{}"]
        start("200 OK", [("Content-Type", "application/json")])
        return [json.dumps(bodies[path]).encode()]

    with serve_wsgi(app) as url:
        result = verify_pact(pact, url, provider_name="Rules", states_url=f"{url}/_pact")
    return {
        r.description.split(" ", 1)[0]: r.mismatches for r in result.interactions if not r.passed
    }


@pytest.mark.parametrize("version", [3, 4])
def test_rules_accept_what_the_schema_allows(version: int, tmp_path: Path) -> None:
    generated = generate_pact(
        load_spec_data(spec()), consumer="C", provider="Rules", pact_spec=3 if version == 3 else 4
    )
    assert generated.skipped == () and generated.interactions == len(CASES)
    pact = generated.write(tmp_path)
    rounds = max(len(valid) for _, valid, _ in CASES.values())
    for i in range(rounds):
        bodies = {name: valid[i % len(valid)] for name, (_, valid, _) in CASES.items()}
        assert _run(pact, bodies) == {}, (i, bodies)


@pytest.mark.parametrize("version", [3, 4])
def test_rules_reject_what_the_schema_forbids(version: int, tmp_path: Path) -> None:
    generated = generate_pact(
        load_spec_data(spec()), consumer="C", provider="Rules", pact_spec=3 if version == 3 else 4
    )
    pact = generated.write(tmp_path)
    rounds = max(len(invalid) for _, _, invalid in CASES.values())
    for i in range(rounds):
        bodies: dict[str, Any] = {}
        bad: set[str] = set()
        for name, (_, valid, invalid) in CASES.items():
            bodies[name] = invalid[i] if i < len(invalid) else valid[0]
            if i < len(invalid):
                bad.add(name)
        failed = _run(pact, bodies)
        assert set(failed) == bad, (i, {n: bodies[n] for n in bad ^ set(failed)}, failed)


def test_only_required_fields_and_typed_matchers() -> None:
    generated = generate_pact(load_spec_data(spec()), consumer="C", provider="Rules")
    by_op = {i.description.split(" ", 1)[0]: i.response for i in generated.pact.http_interactions}
    assert by_op["optional"].body.content == {}
    assert set(by_op["formats"].body.content) == {"when", "id", "mail", "day", "link"}
    rules = json.loads(generated.text)["interactions"]
    formats = next(i for i in rules if i["description"].startswith("formats"))
    body_rules = formats["response"]["matchingRules"]["body"]
    assert [m["match"] for m in body_rules["$.id"]["matchers"]] == ["type", "regex"]
    integers = next(i for i in rules if i["description"].startswith("integers"))
    matchers = integers["response"]["matchingRules"]["body"]["$.n"]["matchers"]
    assert matchers[0] == {"match": "integer"}
    assert re.fullmatch(matchers[1]["regex"], "99") and not re.fullmatch(matchers[1]["regex"], "0")
    arrays = next(i for i in rules if i["description"].startswith("array_bounds"))
    assert arrays["response"]["matchingRules"]["body"]["$.a"]["matchers"] == [
        {"match": "type", "min": 0, "max": 3}
    ]
    nullable = next(i for i in rules if i["description"].startswith("nullable_object"))
    group = nullable["response"]["matchingRules"]["body"]["$.o"]
    assert group["combine"] == "OR" and nullable["response"]["body"] == {"o": None}
