"""Matchers and matching rules: every form Pact writes, one model, one serialisation per format."""

from __future__ import annotations

from typing import Any

import pytest

from specgen.pact.base import JsonBlob, PactError
from specgen.pact.matcher_json import MATCHER_NAMES, parse_matcher
from specgen.pact.matchers import (
    ArrayContains,
    ArrayVariant,
    Boolean,
    Combine,
    ContentType,
    Date,
    Decimal,
    EachKey,
    EachValue,
    Equality,
    Include,
    Integer,
    Matcher,
    NotEmpty,
    Null,
    Number,
    Regex,
    RuleGroup,
    Semver,
    StatusCode,
    Time,
    Timestamp,
    Type,
    Unknown,
    Values,
)
from specgen.pact.paths import MatcherPath
from specgen.pact.rules import Category, MatchingRules, named

PARSE_CASES: list[tuple[dict[str, Any], Matcher]] = [
    ({"match": "equality"}, Equality()),
    ({"match": "regex", "regex": "\\d+"}, Regex("\\d+")),
    ({"regex": "\\d+"}, Regex("\\d+")),  # v2: no "match"
    ({"match": "type"}, Type()),
    ({"match": "type", "min": 1}, Type(min=1)),
    ({"match": "type", "min": "2", "max": 5.0}, Type(2, 5)),
    ({"match": "type", "min": -1, "max": "x"}, Type()),  # the core ignores such bounds
    ({"min": 0}, Type(min=0)),
    ({"max": 3}, Type(max=3)),
    ({"match": "min-type", "min": 1}, Type(min=1)),
    ({"match": "max-type", "max": 1}, Type(max=1)),
    ({"match": "min", "min": 2}, Type(min=2)),
    ({"match": "max", "max": 2}, Type(max=2)),
    ({"match": "integer"}, Integer()),
    ({"match": "decimal"}, Decimal()),
    ({"match": "real"}, Decimal()),
    ({"match": "number"}, Number()),
    ({"match": "boolean"}, Boolean()),
    ({"match": "null"}, Null()),
    ({"match": "values"}, Values()),
    ({"match": "notEmpty"}, NotEmpty()),
    ({"match": "not-empty"}, NotEmpty()),
    ({"match": "semver"}, Semver()),
    ({"match": "include", "value": "x"}, Include("x")),
    ({"match": "timestamp", "timestamp": "yyyy"}, Timestamp("yyyy")),
    ({"match": "datetime", "format": "yyyy"}, Timestamp("yyyy")),
    ({"timestamp": "yyyy"}, Timestamp("yyyy")),
    ({"match": "date", "date": "yyyy-MM-dd"}, Date("yyyy-MM-dd")),
    ({"match": "date"}, Date("")),
    ({"match": "time", "format": "HH:mm"}, Time("HH:mm")),
    ({"match": "contentType", "value": "image/png"}, ContentType("image/png")),
    ({"match": "content-type", "value": "image/png"}, ContentType("image/png")),
    ({"match": "statusCode", "status": "clientError"}, StatusCode("clientError")),
    ({"match": "status-code", "status": [200, "201"]}, StatusCode((200, 201))),
    ({"match": "statusCode"}, StatusCode("success")),
    ({"pact:matcher:type": "integer", "value": 1}, Integer()),
    (
        {"match": "eachKey", "rules": [{"match": "regex", "regex": "a"}], "value": "{}"},
        EachKey((Regex("a"),), "{}"),
    ),
    ({"match": "each-key", "rules": [{"match": "type"}]}, EachKey((Type(),))),
    ({"match": "eachValue", "rules": [{"match": "integer"}]}, EachValue((Integer(),))),
    ({"match": "each-value", "rules": [{"match": "type"}]}, EachValue((Type(),))),
    ({"match": "array-contains", "variants": []}, ArrayContains(())),
    (
        {
            "match": "arrayContains",
            "variants": [{"index": 1, "rules": {"$.a": {"matchers": [{"match": "integer"}]}}}],
        },
        ArrayContains((ArrayVariant(1, ((MatcherPath.of("a"), RuleGroup((Integer(),))),)),)),
    ),
    (
        {"match": "x-plugin", "flavour": "strict"},
        Unknown("x-plugin", JsonBlob.of({"flavour": "strict"})),
    ),
]


@pytest.mark.parametrize(("data", "matcher"), PARSE_CASES)
def test_parse_matcher(data: dict[str, Any], matcher: Matcher) -> None:
    assert parse_matcher(data, "/m") == matcher


def test_every_matcher_name_has_a_parse_case() -> None:
    named = {data.get("match", data.get("pact:matcher:type")) for data, _ in PARSE_CASES}
    assert named >= MATCHER_NAMES


@pytest.mark.parametrize(
    "matcher",
    [
        Equality(),
        Regex("a+"),
        Type(),
        Type(min=1, max=3),
        Integer(),
        Decimal(),
        Number(),
        Boolean(),
        Null(),
        Values(),
        NotEmpty(),
        Semver(),
        Include("x"),
        Timestamp("yyyy"),
        Date(""),
        Time("HH"),
        ContentType("image/png"),
        StatusCode("error"),
        StatusCode((200, 204)),
        EachKey((Regex("[a-z]"),), '{"a":1}', JsonBlob.of({"type": "RandomString"})),
        EachValue((Integer(),)),
        ArrayContains(
            (
                ArrayVariant(
                    0,
                    ((MatcherPath.root(), RuleGroup((Type(),))),),
                    JsonBlob.of({"$": {"type": "Uuid"}}),
                ),
            )
        ),
        Unknown("x-plugin", JsonBlob.of({"a": [1]})),
    ],
)
def test_to_json_then_parse_is_identity(matcher: Matcher) -> None:
    assert parse_matcher(matcher.to_json(), "/m") == matcher


def test_matchers_of_different_kinds_are_never_equal() -> None:
    assert Integer() != Decimal()
    assert Timestamp("x") != Date("x")
    assert EachKey(()) != EachValue(())
    assert len({Integer(), Decimal(), Number(), Null(), Boolean()}) == 5


def test_since_names_the_first_spec_version() -> None:
    assert (Regex("a").since, Integer().since, ArrayContains(()).since) == (2, 3, 4)


@pytest.mark.parametrize(
    ("data", "pointer", "message"),
    [
        ([1], "/m", "a matcher must be an object"),
        ({"match": "regex"}, "/m", "needs 'regex'"),
        ({"match": "include"}, "/m", "needs 'value'"),
        ({"match": "min-type", "min": -1}, "/m/min", "non-negative whole number"),
        ({"match": "max-type", "max": "x"}, "/m/max", "non-negative whole number"),
        ({"match": "min-type"}, "/m", "needs 'min'"),
        ({"match": "statusCode", "status": "fine"}, "/m", "statusCode status"),
        ({"match": 3}, "/m", "'match' must be a string"),
        ({"flavour": 1}, "/m", "no 'match'"),
        ({"match": "arrayContains"}, "/m/variants", "'variants' must be an array"),
        ({"match": "eachKey", "rules": [{"match": "regex"}]}, "/m/rules/0", "needs 'regex'"),
    ],
)
def test_bad_matchers_are_located(data: object, pointer: str, message: str) -> None:
    with pytest.raises(PactError) as info:
        parse_matcher(data, "/m")
    assert info.value.pointer == pointer
    assert message in info.value.message


V2 = {
    "$.body.items": {"min": 1, "match": "type"},
    "$.body.items[*].id": {"match": "integer"},
    "$.body": {"match": "type"},
    "$.headers.Content-Type": {"regex": "application/json.*"},
    "$.headers['X Odd']": {"match": "type"},
    "$.query.q": {"regex": "a|b"},
    "$.path": {"regex": "/items/\\d+"},
}
V3 = {
    "body": {
        "$.items": {"matchers": [{"match": "type", "min": 1}], "combine": "AND"},
        "$.items[*].id": {"matchers": [{"match": "integer"}], "combine": "AND"},
        "$": {"matchers": [{"match": "type"}], "combine": "AND"},
    },
    "header": {
        "Content-Type": {
            "matchers": [{"match": "regex", "regex": "application/json.*"}],
            "combine": "AND",
        },
        "X Odd": {"matchers": [{"match": "type"}], "combine": "AND"},
    },
    "query": {"q": {"matchers": [{"match": "regex", "regex": "a|b"}], "combine": "AND"}},
    "path": {"matchers": [{"match": "regex", "regex": "/items/\\d+"}], "combine": "AND"},
}


def test_v2_and_v3_read_into_one_model() -> None:
    from_v2 = MatchingRules.from_json(V2, "/r")
    from_v3 = MatchingRules.from_json(V3, "/r")
    assert from_v2 == from_v3
    assert hash(from_v2) == hash(from_v3)
    assert from_v2[(Category.BODY, MatcherPath.parse("$.items"))] == RuleGroup((Type(min=1),))
    assert from_v2[(Category.HEADER, named("X Odd"))] == RuleGroup((Type(),))
    assert from_v2[(Category.PATH, MatcherPath())] == RuleGroup((Regex("/items/\\d+"),))


def test_one_serialisation_point_per_format() -> None:
    rules = MatchingRules.from_json(V3, "/r")
    assert rules.to_v3() == V3
    assert rules.to_v4() == V3
    assert rules.to_v2() == {
        "$.body": {"match": "type"},
        "$.body.items": {"match": "type", "min": 1},
        "$.body.items[*].id": {"match": "integer"},
        "$.headers['Content-Type']": {"match": "regex", "regex": "application/json.*"},
        "$.headers['X Odd']": {"match": "type"},
        "$.query.q": {"match": "regex", "regex": "a|b"},
        "$.path": {"match": "regex", "regex": "/items/\\d+"},
    }
    assert MatchingRules.from_json(rules.to_v2(), "/r") == rules


def test_status_rules_read_in_both_forms_and_write_as_the_core_does() -> None:
    group = {"matchers": [{"match": "statusCode", "status": "success"}], "combine": "AND"}
    short = MatchingRules.from_v3({"status": group}, "/r")
    keyed = MatchingRules.from_v3({"status": {"$": group}}, "/r")
    assert short == keyed
    assert keyed.to_v3() == {"status": {"$": group}}
    assert keyed.best_for(Category.STATUS) == RuleGroup((StatusCode("success"),))


def test_or_groups_and_merging_of_duplicate_paths() -> None:
    rules = MatchingRules.from_v2(
        {"$.body.a": {"match": "integer"}, "$.body['a']": {"match": "number"}}, "/r"
    )
    assert rules[(Category.BODY, MatcherPath.of("a"))] == RuleGroup((Integer(), Number()))
    ored = MatchingRules.from_v3(
        {"body": {"$.a": {"matchers": [{"match": "integer"}], "combine": "or"}}}, "/r"
    )
    assert ored[(Category.BODY, MatcherPath.of("a"))].combine is Combine.OR


def test_best_for_follows_pact_weighting() -> None:
    rules = MatchingRules.from_json(
        V3 | {"body": V3["body"] | {"$.items[*].*": {"matchers": [{"match": "type"}]}}}, "/r"
    )
    assert rules.best_for(Category.BODY, ["items", 0, "id"]) == RuleGroup((Integer(),))
    assert rules.best_for(Category.BODY, ["items", 0, "name"]) == RuleGroup((Type(),))
    assert rules.best_for(Category.BODY, ["items"]) == RuleGroup((Type(min=1),))
    assert rules.best_for(Category.BODY, ["other", "deep"]) == RuleGroup((Type(),))  # $ cascades
    assert rules.best_for(Category.HEADER, ["content-type"]) == RuleGroup(
        (Regex("application/json.*"),)
    )
    assert rules.best_for(Category.QUERY, ["Q"]) is None  # query names are case-sensitive
    assert rules.best_for(Category.STATUS) is None
    assert MatchingRules().best_for(Category.BODY, ["a"]) is None


@pytest.mark.parametrize(
    ("data", "pointer", "message"),
    [
        ({"body": []}, "/r/body", "must be an object"),
        ({"bogus": {}}, "/r/bogus", "unknown matching rule category 'bogus'"),
        (
            {"body": {"$.a": {"matchers": {}}}},
            "/r/body/$.a/matchers",
            "'matchers' must be an array",
        ),
        ({"$.headers": {"match": "type"}}, "/r/$.headers", "names no header"),
        ({"$": {"match": "type"}}, "/r/$", "names no category"),
    ],
)
def test_bad_rules_are_located(data: dict[str, Any], pointer: str, message: str) -> None:
    with pytest.raises(PactError) as info:
        MatchingRules.from_json(data, "/r")
    assert info.value.pointer == pointer
    assert message in info.value.message
