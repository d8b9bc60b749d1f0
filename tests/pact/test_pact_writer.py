"""Writing pacts: deterministic text, the v3 and v4 shapes, and read(write(p)) == p."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import HealthCheck, given, settings
from pact_strategies import pacts

from specgen.pact import Pact, parse_pact, read_pact, write_pact_json
from specgen.pact.base import JsonBlob
from specgen.pact.matchers import Integer, RuleGroup, Type
from specgen.pact.model import (
    Body,
    BodyKind,
    Headers,
    HttpInteraction,
    ProviderState,
    Query,
    Request,
    Response,
)
from specgen.pact.paths import MatcherPath
from specgen.pact.rules import Category, MatchingRules

CASES = Path(__file__).parent / "cases"


def small_pact() -> Pact:
    body = Body(BodyKind.PRESENT, {"id": 1, "name": "Ann"}, "application/json")
    return Pact(
        consumer="Web",
        provider="Users",
        spec_version="3.0.0",
        interactions=(
            HttpInteraction(
                description="get a user",
                provider_states=(ProviderState("a user", JsonBlob.of({"id": 1})),),
                request=Request(
                    "GET",
                    "/users/1",
                    Query({"expand": ("roles",)}),
                    Headers({"Accept": ("application/json",)}),
                ),
                response=Response(
                    200,
                    Headers({"Content-Type": ("application/json",)}),
                    body,
                    MatchingRules({(Category.BODY, MatcherPath.of("id")): RuleGroup((Integer(),))}),
                ),
            ),
        ),
    )


V3_TEXT = """{
  "consumer": {
    "name": "Web"
  },
  "interactions": [
    {
      "description": "get a user",
      "providerStates": [
        {
          "name": "a user",
          "params": {
            "id": 1
          }
        }
      ],
      "request": {
        "headers": {
          "Accept": "application/json"
        },
        "method": "GET",
        "path": "/users/1",
        "query": {
          "expand": [
            "roles"
          ]
        }
      },
      "response": {
        "body": {
          "id": 1,
          "name": "Ann"
        },
        "headers": {
          "Content-Type": "application/json"
        },
        "matchingRules": {
          "body": {
            "$.id": {
              "combine": "AND",
              "matchers": [
                {
                  "match": "integer"
                }
              ]
            }
          }
        },
        "status": 200
      }
    }
  ],
  "metadata": {
    "pactSpecification": {
      "version": "3.0.0"
    },
    "specgen": {
      "version": "0.1.0"
    }
  },
  "provider": {
    "name": "Users"
  }
}
"""


def test_v3_text_is_pinned() -> None:
    assert write_pact_json(small_pact(), 3, metadata={"specgen": {"version": "0.1.0"}}) == V3_TEXT


def test_v4_shape() -> None:
    doc = json.loads(write_pact_json(small_pact(), 4))
    interaction = doc["interactions"][0]
    assert interaction["type"] == "Synchronous/HTTP"
    assert interaction["pending"] is False
    assert "key" not in interaction
    assert interaction["request"]["headers"] == {"Accept": ["application/json"]}
    assert interaction["response"]["body"] == {
        "content": {"id": 1, "name": "Ann"},
        "contentType": "application/json",
        "encoded": False,
    }
    assert doc["metadata"] == {"pactSpecification": {"version": "4.0"}}


@pytest.mark.parametrize(
    ("body", "v4"),
    [
        (
            Body(BodyKind.PRESENT, "hi", "text/plain"),
            {"content": "hi", "contentType": "text/plain", "encoded": False},
        ),
        (
            Body(BodyKind.PRESENT, "AAE=", "image/png", "base64"),
            {"content": "AAE=", "contentType": "image/png", "encoded": "base64"},
        ),
        (
            Body(BodyKind.PRESENT, {"a": 1}, "application/x-thing"),
            {"content": '{"a": 1}', "contentType": "application/x-thing", "encoded": "json"},
        ),
        (Body(BodyKind.EMPTY, ""), {"content": "", "encoded": False}),
        (Body(BodyKind.NULL), {"content": None}),
    ],
)
def test_v4_bodies(body: Body, v4: dict[str, object]) -> None:
    pact = dataclasses.replace(
        small_pact(),
        interactions=(
            dataclasses.replace(small_pact().interactions[0], response=Response(200, body=body)),
        ),
    )
    written = json.loads(write_pact_json(pact, 4))
    assert written["interactions"][0]["response"]["body"] == v4
    assert parse_pact(written).http_interactions[0].response.body == body


def test_output_is_deterministic_and_sorted() -> None:
    pact = read_pact(CASES / "v3.json")
    first = write_pact_json(pact, 3)
    assert first == write_pact_json(read_pact(CASES / "v3.json"), 3)
    assert first.endswith("}\n") and not first.endswith("\n\n")
    assert (
        first == json.dumps(json.loads(first), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    )
    reordered = json.loads(
        (CASES / "v3.json").read_text(), object_pairs_hook=lambda pairs: dict(reversed(pairs))
    )
    assert write_pact_json(parse_pact(reordered), 3) == first


def test_metadata_keeps_the_pacts_own_and_replaces_old_version_keys() -> None:
    pact = read_pact(CASES / "v1.json")
    metadata = json.loads(write_pact_json(pact, 3, metadata={"specgen": {"version": "9"}}))[
        "metadata"
    ]
    assert metadata == {
        "pact-gem": {"version": "1.0.9"},
        "pactSpecification": {"version": "3.0.0"},
        "specgen": {"version": "9"},
    }


def test_v3_adds_the_body_content_type_header_it_needs() -> None:
    body = Body(BodyKind.PRESENT, "AAE=", "application/octet-stream", "base64")
    interaction = dataclasses.replace(
        small_pact().interactions[0], response=Response(200, body=body)
    )
    pact = dataclasses.replace(small_pact(), interactions=(interaction,))
    read_back = parse_pact(json.loads(write_pact_json(pact, 3)))
    assert read_back.http_interactions[0].response.body == body


def test_messages_need_v4() -> None:
    pact = read_pact(CASES / "v4.json")
    with pytest.raises(ValueError, match="cannot be written to a v3 file"):
        write_pact_json(pact, 3)
    assert parse_pact(json.loads(write_pact_json(pact, 4))) == pact
    with pytest.raises(ValueError, match="3 or 4"):
        write_pact_json(pact, 2)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["v1", "v1_1", "v2_jsonpath", "v3", "no_metadata", "v4"])
@pytest.mark.parametrize("version", [3, 4])
def test_cases_survive_writing_in_either_version(name: str, version: Literal[3, 4]) -> None:
    pact = read_pact(CASES / f"{name}.json")
    if pact.message_interactions and version == 3:
        pytest.skip("v3 files cannot hold messages")
    again = parse_pact(json.loads(write_pact_json(pact, version)))
    assert again.interactions == pact.interactions
    assert again.spec_version == {3: "3.0.0", 4: "4.0"}[version]


def test_v2_rules_are_written_in_v3_categories() -> None:
    doc = json.loads(write_pact_json(read_pact(CASES / "v2_jsonpath.json"), 3))
    rules = doc["interactions"][0]["response"]["matchingRules"]
    assert rules["body"]["$.orders"] == {
        "combine": "AND",
        "matchers": [{"match": "type", "min": 1}],
    }
    assert set(doc["interactions"][0]["request"]["matchingRules"]) == {"header", "path", "query"}
    assert RuleGroup((Type(min=1),)).to_json() == rules["body"]["$.orders"]


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(pacts(3))
def test_v3_round_trip(pact: Pact) -> None:
    text = write_pact_json(pact, 3)
    assert parse_pact(json.loads(text)) == pact
    assert write_pact_json(parse_pact(json.loads(text)), 3) == text


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(pacts(4))
def test_v4_round_trip(pact: Pact) -> None:
    text = write_pact_json(pact, 4)
    assert parse_pact(json.loads(text)) == pact
    assert write_pact_json(parse_pact(json.loads(text)), 4) == text
