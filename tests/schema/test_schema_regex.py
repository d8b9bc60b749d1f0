"""Regexes for primitive schemas, and the pattern machinery under them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from schema_support import schema_api

from specgen.schema import string_form, string_regex
from specgen.schema.intrange import int_regex
from specgen.schema.pattern_strings import pattern_strings
from specgen.schema.patterns import PatternError, fullmatch_regex, parse

# Constructs Java or Rust regex engines lack (or read differently).
UNPORTABLE = re.compile(r"\(\?[=!<>P]|\\[AZzk]|[*+?}]\+|\(\?[a-z]*[msx]")


def regex_of(raw: Any, **kw: Any) -> str | None:
    api, schema = schema_api(raw, **kw)
    found = string_regex(api, schema)
    if found is not None:
        assert found.startswith("^") and found.endswith("$")
        assert not UNPORTABLE.search(found), found
    return found


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"type": "string", "pattern": "^[a-z]+$"}, "^[a-z]+$"),
        ({"type": "string", "pattern": "^[a-z]+$", "maxLength": 8}, "^[a-z]{1,8}$"),
        ({"type": "string", "pattern": "^usr_[0-9a-z]{8}$", "minLength": 12}, "^usr_[0-9a-z]{8}$"),
        ({"type": "string", "pattern": "abc"}, r"^[\s\S]*abc[\s\S]*$"),
        ({"type": "string", "pattern": "^abc"}, r"^abc[\s\S]*$"),
        ({"type": "string", "pattern": r"\d$"}, r"^[\s\S]*[0-9]$"),
        ({"type": "string", "minLength": 2, "maxLength": 4}, r"^[\s\S]{2,4}$"),
        ({"type": "string", "enum": ["a.b", "c|d"]}, r"^(?:a\.b|c\|d)$"),
        ({"type": "string", "enum": ["ok", "no"], "maxLength": 2, "nullable": True}, "^(?:ok|no)$"),
        ({"type": "integer"}, "^(?:0|-?[1-9][0-9]*)$"),
        ({"type": "integer", "minimum": 0}, "^(?:[0-9]|[1-9][0-9]{1,})$"),
        ({"type": "integer", "minimum": 1, "maximum": 12}, "^(?:[1-9]|1[0-2])$"),
        ({"type": "number", "minimum": 0}, r"^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$"),
        ({"type": "boolean"}, "^(?:true|false)$"),
        (
            {"type": "string", "format": "date"},
            "^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$",
        ),
        (
            {"type": "string", "format": "uuid"},
            "^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$",
        ),
    ],
)
def test_regexes(raw: dict[str, Any], expected: str) -> None:
    assert regex_of(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        {"type": "object"},
        {"type": "array", "items": {"type": "string"}},
        {},
        {"type": "string", "pattern": r"^(?=.*\d)\w+$"},  # lookahead: Rust has none
        {"type": "string", "pattern": "^a", "maxLength": 3},  # unanchored end and a limit
        {"type": "string", "pattern": "^[a-z]+$", "format": "email"},
        {"type": "string", "format": "ipv6"},
        {"type": "number", "maximum": 3},
        {"type": "integer", "multipleOf": 5},
        {"not": {"type": "string"}},
    ],
)
def test_no_exact_regex(raw: dict[str, Any]) -> None:
    assert regex_of(raw) is None


def test_refs_and_nullable_refs_are_followed() -> None:
    code = {"type": "string", "pattern": "^[A-Z]{3}$"}
    assert regex_of({"$ref": "#/components/schemas/Code"}, Code=code) == "^[A-Z]{3}$"
    assert (
        regex_of({"$ref": "#/components/schemas/Code", "nullable": True}, Code=code) == "^[A-Z]{3}$"
    )
    assert (
        regex_of({"allOf": [{"$ref": "#/components/schemas/Code"}], "maxLength": 3}, Code=code)
        is None
    )


def test_one_of_distinct_types() -> None:
    assert regex_of(
        {"oneOf": [{"type": "boolean"}, {"type": "integer", "minimum": 0, "maximum": 9}]}
    ) == ("^(?:(?:true|false)|[0-9])$")


def test_string_forms() -> None:
    assert string_form("x") == "x"
    assert string_form(True) == "true"
    assert string_form(3) == "3"
    assert string_form(1.5) == "1.5"
    assert string_form(None) is None
    assert string_form([1]) is None


# -- patterns -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ecma", "portable"),
    [
        (r"^\d{3}-\w+$", r"^[0-9]{3}-[A-Za-z0-9_]+$"),
        (r"^(?<year>\d{4})$", r"^[0-9]{4}$"),
        (r"[^]", r"[\s\S]"),
        (r"^[\w- ]*$", r"^[A-Za-z0-9_\- ]*$"),
        (r"[[a]]", r"[\[a]\]"),
        (r"(?i)^ab$", r"(?i)^ab$"),
        (r"^\/api$", r"^/api$"),
    ],
)
def test_patterns_are_emitted_portably(ecma: str, portable: str) -> None:
    assert parse(ecma).portable == portable


def test_unicode_property_classes_are_widened_and_inexact() -> None:
    parsed = parse(r"^\p{L}+$")
    assert not parsed.exact
    assert re.search(parsed.usable, "Ölçü")


def test_a_pattern_python_cannot_read_is_an_error() -> None:
    with pytest.raises(PatternError):
        parse("(unclosed")


PATTERN_TEXTS = [
    r"abc",
    r"^abc",
    r"abc$",
    r"^a|b$",
    r"^(foo|bar)\d+$",
    r"x{2,}",
    r"(?i)AB",
    r"^$",
    r"a.c",
]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PATTERN_TEXTS), st.text("abcxyzABfo0r1\n ", max_size=8))
def test_fullmatch_regex_means_search(pattern: str, text: str) -> None:
    parsed = parse(pattern)
    regex = fullmatch_regex(parsed)
    assert regex is not None
    if text.endswith("\n"):  # Python's `$` also matches before a final newline
        return
    assert bool(re.search(parsed.python, text)) == bool(re.fullmatch(regex, text))


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from([*PATTERN_TEXTS, r"^[a-z]{3,5}$", r"^\+?[1-9]\d{1,14}$"]),
    st.integers(0, 12),
    st.integers(0, 5),
)
def test_pattern_strings_match(pattern: str, low: int, seed: int) -> None:
    parsed = parse(pattern)
    found = list(pattern_strings(parsed, min_length=low, seed=seed))
    assert found == list(pattern_strings(parsed, min_length=low, seed=seed))  # deterministic
    matching = [s for s in found if re.search(parsed.python, s)]
    _shortest, longest = parsed.tree.getwidth()
    if pattern != "^$" and (pattern[-1] != "$" or longest >= low):
        assert matching and all(len(s) >= low for s in matching)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.none(), st.integers(-(10**6), 10**6)),
    st.one_of(st.none(), st.integers(0, 10**6)),
    st.integers(-(10**7), 10**7),
)
def test_int_regex_is_exact(low: int | None, span: int | None, value: int) -> None:
    high = None if span is None else (low or 0) + span
    regex = int_regex(low, high)
    assert regex is not None
    inside = (low is None or value >= low) and (high is None or value <= high)
    assert bool(re.fullmatch(f"(?:{regex})", str(value))) == inside
    for bad in ("-0", "01", "+1", "", "1.0"):
        assert not re.fullmatch(f"(?:{regex})", bad)
