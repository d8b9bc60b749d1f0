"""The small pieces under the cross-check rules: media type matching, what a matcher admits,
Java date formats, and the rule registry's view of the check rules."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from specgen.check.matching import admits, java_format_regex, java_format_sample, samples
from specgen.check.media import find_matching_type, is_validatable
from specgen.check.registry import pactflow_codes, rules_for
from specgen.pact import matchers as m
from specgen.rules import RULE_MODULES, RULES


@pytest.mark.parametrize(
    ("wanted", "declared", "chosen"),
    [
        ("application/json", ["text/plain", "application/json"], "application/json"),
        ("application/json; charset=utf-8", ["application/json"], "application/json"),
        ("application/vnd.x+json", ["application/json"], "application/json"),
        (
            "text/html;q=0.5, application/json",
            ["text/html", "application/json"],
            "application/json",
        ),
        ("image/png", ["image/*"], "image/*"),
        ("text/csv", ["*/*"], "*/*"),
        ("*/*", ["application/xml"], "application/xml"),
        ("application/xml", ["application/json"], None),
    ],
)
def test_find_matching_type(wanted: str, declared: list[str], chosen: str | None) -> None:
    assert find_matching_type(wanted, declared) == chosen


def test_validatable_media_types() -> None:
    assert is_validatable("application/problem+json")
    assert is_validatable("multipart/form-data; boundary=x")
    assert not is_validatable("text/plain")


@pytest.mark.parametrize(
    ("matcher", "value", "example", "passes"),
    [
        (m.Type(), "x", "y", True),
        (m.Type(), None, "y", False),
        (m.Type(), 1.5, 1, True),
        (m.Type(min=1, max=2), [1, 2, 3], [1], False),
        (m.Regex("^[a-z]+$"), "abc", "x", True),
        (m.Regex("^[a-z]+$"), "ABC", "x", False),
        (m.Regex("^[0-9]+$"), 42, 1, True),
        (m.Integer(), 1.5, 1, False),
        (m.Decimal(), 1, 1.5, False),
        (m.Include("ab"), "xaby", "ab", True),
        (m.NotEmpty(), "", "x", False),
        (m.Semver(), "1.2.3", "1.0.0", True),
        (m.Date(""), "2024-01-31", "2024-01-01", True),
        (m.Date("dd/MM/yyyy"), "2024-01-31", "01/01/2024", False),
        (m.Values(), {"any": 1}, {}, True),
    ],
)
def test_admits(matcher: object, value: object, example: object, passes: bool) -> None:
    assert admits(matcher, value, example) is passes


def test_samples_are_admitted() -> None:
    for matcher, example in [
        (m.Regex("^(open|paid)-[0-9]{2}$"), "open-01"),
        (m.Timestamp("yyyy-MM-dd'T'HH:mm:ss.SSSXXX"), "2024-01-31T10:00:00.000Z"),
        (m.Integer(), 3),
        (m.Include("needle"), "a needle"),
    ]:
        found = samples(matcher, example)
        assert found and all(admits(matcher, s, example) for s in found), matcher


def test_java_formats() -> None:
    when = dt.datetime(2024, 3, 9, 14, 5, 7, 250000, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert (
        java_format_sample("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", when) == "2024-03-09T14:05:07.250+02:00"
    )
    assert java_format_sample("dd/MM/yy hh:mm a", when) == "09/03/24 02:05 PM"
    regex = java_format_regex("yyyy-MM-dd'T'HH:mm:ssX")
    assert regex and re.match(regex, "2024-03-09T14:05:07Z")
    assert java_format_regex("yyyy-QQQ") is None  # a quarter: not understood, no claim


def test_every_check_rule_is_registered_once_with_a_scope() -> None:
    codes = [r.code for r in RULES.all() if r.category == "check"]
    assert len(codes) == len(set(codes)) >= 30
    scoped = {f for scope in ("interaction", "message", "pair", "spec") for f in rules_for(scope)}
    assert len(scoped) == len(codes)
    assert {"request.body.incompatible", "response.status.unknown"} <= pactflow_codes()
    assert "response.field.optional" not in pactflow_codes()
    assert all(m.startswith("specgen.") for m in RULE_MODULES)
