"""Reading pact files of every version: data-driven cases (``cases/*.json``) and bad input.

Each ``cases/<name>.json`` is read and described as JSON; the description must equal
``cases/<name>.expected.json``. After a deliberate change, rewrite the expectations with
``SPECGEN_UPDATE_SNAPSHOTS=1`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from specgen.errors import SourceError, SpecgenError
from specgen.pact import (
    Body,
    Category,
    HttpInteraction,
    MatcherPath,
    MessageInteraction,
    Pact,
    PactError,
    parse_pact,
    read_pact,
)
from specgen.pact.matchers import Integer, RuleGroup, Type

CASES = Path(__file__).parent / "cases"
GOOD = sorted(p for p in CASES.glob("*.json") if not p.name.endswith(".expected.json"))
BAD = json.loads((CASES / "bad" / "expected.json").read_text())


def _body(body: Body) -> dict[str, Any]:
    return {
        "kind": body.kind.value,
        "content": body.content,
        "content_type": body.content_type,
        "encoded": body.encoded,
        "hint": body.content_type_hint,
        "pointer": body.pointer,
    }


def describe(pact: Pact) -> dict[str, Any]:
    """The whole model as JSON, for snapshot comparison."""
    interactions: list[dict[str, Any]] = []
    for i in pact.interactions:
        states = [[s.name, None if s.params is None else s.params.value] for s in i.provider_states]
        if isinstance(i, MessageInteraction):
            interactions.append(
                {
                    "kind": "message",
                    "type": i.type,
                    "description": i.description,
                    "states": states,
                    "pointer": i.pointer,
                }
            )
            continue
        req, res = i.request, i.response
        interactions.append(
            {
                "kind": "http",
                "description": i.description,
                "pointer": i.pointer,
                "states": states,
                "pending": i.pending,
                "comments": None if i.comments is None else i.comments.value,
                "request": {
                    "pointer": req.pointer,
                    "method": req.method,
                    "path": req.path,
                    "query": {k: list(v) for k, v in req.query.items()},
                    "headers": {k: list(v) for k, v in req.headers.items()},
                    "body": _body(req.body),
                    "rules": req.matching_rules.to_v3(),
                    "generators": None if req.generators is None else req.generators.value,
                },
                "response": {
                    "pointer": res.pointer,
                    "status": res.status,
                    "headers": {k: list(v) for k, v in res.headers.items()},
                    "body": _body(res.body),
                    "rules": res.matching_rules.to_v3(),
                    "generators": None if res.generators is None else res.generators.value,
                },
            }
        )
    return {
        "consumer": pact.consumer,
        "provider": pact.provider,
        "spec_version": pact.spec_version,
        "metadata": pact.metadata.value,
        "interactions": interactions,
    }


@pytest.mark.parametrize("path", GOOD, ids=[p.stem for p in GOOD])
def test_case(path: Path) -> None:
    got = describe(read_pact(path))
    expected_file = path.with_suffix(".expected.json")
    if os.environ.get("SPECGEN_UPDATE_SNAPSHOTS") == "1":
        expected_file.write_text(
            json.dumps(got, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        )
    assert got == json.loads(expected_file.read_text())


def test_every_case_has_an_expectation_and_every_version_is_covered() -> None:
    assert all(p.with_suffix(".expected.json").exists() for p in GOOD)
    versions = {read_pact(p).spec_version for p in GOOD}
    assert versions == {"1.0.0", "1.1.0", "2.0.0", "3.0.0", "4.0"}


def test_v2_jsonpath_rules_land_in_categories() -> None:
    pact = read_pact(CASES / "v2_jsonpath.json")
    rules = pact.http_interactions[0].response.matching_rules
    assert rules.best_for(Category.BODY, ["orders", 3, "id"]) == RuleGroup((Type(),))
    assert rules.best_for(Category.BODY, ["orders"]) == RuleGroup((Type(min=1),))
    assert rules[(Category.BODY, MatcherPath.of("orders", "[*]", "odd key"))].matchers[
        0
    ].to_json() == {
        "match": "regex",
        "regex": "[a-z]",
    }
    request_rules = pact.http_interactions[0].request.matching_rules
    assert {category for category, _ in request_rules} == {
        Category.PATH,
        Category.HEADER,
        Category.QUERY,
    }


def test_messages_are_kept_as_messages_with_pointers() -> None:
    pact = read_pact(CASES / "v4.json")
    messages = pact.message_interactions
    assert [(m.type, m.pointer) for m in messages] == [
        ("Asynchronous/Messages", "/interactions/3"),
        ("Synchronous/Messages", "/interactions/4"),
    ]
    assert len(pact.http_interactions) == 3
    v3 = read_pact(CASES / "v3_message.json")
    assert [(m.type, m.pointer, m.provider_states[0].name) for m in v3.message_interactions] == [
        ("Message", "/messages/0", "an order exists")
    ]


def test_headers_are_case_insensitive_and_split_like_pact() -> None:
    request = read_pact(CASES / "v1.json").http_interactions[0].request
    assert request.headers["accept"] == ("application/json", "text/plain")
    assert request.headers.first("x-request-id") == "abc, def"  # not a list header: not split
    assert "ACCEPT" in request.headers
    assert request.query["tag"] == ("a b", "c d")
    assert request.query["flag"] == ("",)
    assert request.method == "GET"


def test_bodies_keep_missing_null_empty_and_present_apart() -> None:
    pact = read_pact(CASES / "v4.json")
    http = pact.http_interactions
    kinds = [(i.request.body.kind.value, i.response.body.kind.value) for i in http]
    assert kinds == [("present", "present"), ("present", "present"), ("empty", "null")]
    image = http[0].request.body
    assert image.encoded == "base64" and image.raw().startswith(b"\x89PNG")
    assert http[1].response.body.content == {"a": [1, 2]}  # "encoded": "json" is decoded
    assert not read_pact(CASES / "v1.json").http_interactions[1].request.body.is_present


def test_pointers_locate_every_part() -> None:
    pact = read_pact(CASES / "v3.json")
    doc = json.loads((CASES / "v3.json").read_text())
    from specgen.spec.pointer import resolve

    interaction = pact.http_interactions[0]
    assert isinstance(interaction, HttpInteraction)
    assert resolve(doc, interaction.pointer or "")["description"] == "a payment"
    assert resolve(doc, interaction.request.pointer or "")["method"] == "POST"
    assert resolve(doc, interaction.response.body.pointer or "")["id"] == "p1"


def test_equality_ignores_pointers_and_file() -> None:
    data = json.loads((CASES / "v3.json").read_text())
    assert parse_pact(data, "a.json") == parse_pact(data, "b.json")
    assert hash(parse_pact(data, "a.json")) == hash(parse_pact(data))


def test_v3_rules_read_with_or() -> None:
    pact = read_pact(CASES / "v3.json")
    group = pact.http_interactions[0].request.matching_rules.best_for(Category.BODY, ["amount"])
    assert group is not None and group.combine.value == "OR" and Integer() in group.matchers


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_one_located_error(name: str) -> None:
    path = CASES / "bad" / name
    expected = BAD[name]
    with pytest.raises(SpecgenError) as info:
        read_pact(path)
    error = info.value
    assert type(error).__name__ == expected["error"]
    assert error.file == str(path)
    assert error.pointer == expected["pointer"]
    assert expected["message"] in error.message
    assert str(error).startswith(str(path))


def test_every_bad_case_file_is_listed() -> None:
    files = {p.name for p in (CASES / "bad").glob("*.json")} - {"expected.json"}
    assert files == set(BAD)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        read_pact(tmp_path / "nope.json")
    with pytest.raises(SourceError, match="is a directory"):
        read_pact(tmp_path)


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"interactions": [], "pad": "x" * 1000}))
    with pytest.raises(SourceError, match="more than the limit"):
        read_pact(path, max_bytes=100)


def test_parse_pact_errors_carry_the_name() -> None:
    with pytest.raises(PactError) as info:
        parse_pact({"consumer": {"name": "c"}, "interactions": []}, "mem.json")
    assert (info.value.file, info.value.pointer) == ("mem.json", "/provider")


def test_headers_and_query_take_single_strings_too() -> None:
    from specgen.pact import Headers, Query

    assert Headers({"Accept": "a/b"}) == Headers({"Accept": ("a/b",)})
    assert Headers([("X", "1"), ("x", ["2"])])["X"] == ("1", "2")
    assert Query({"q": "1"})["q"] == ("1",)
    assert Headers({"A": ("1",)}) != Headers({"a": ("1",)})  # names keep their case
