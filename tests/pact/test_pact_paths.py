"""Matcher paths: parsing, formatting, and Pact's weighting (cases from pact_models)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from specgen.pact.base import PactError
from specgen.pact.paths import ROOT, STAR, STAR_INDEX, MatcherPath, field, index


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("", ()),
        ("$", (ROOT,)),
        ("$.a", (ROOT, field("a"))),
        ("a.b", (ROOT, field("a"), field("b"))),
        ("$.user_id.user-id", (ROOT, field("user_id"), field("user-id"))),
        ("$.id:test.#text.@val", (ROOT, field("id:test"), field("#text"), field("@val"))),
        ("$.*", (ROOT, STAR)),
        ("$.a.*.c", (ROOT, field("a"), STAR, field("c"))),
        ("$['val@1.'].c", (ROOT, field("val@1."), field("c"))),
        ("$.a[1].c", (ROOT, field("a"), index(1), field("c"))),
        ("$.a[*].c", (ROOT, field("a"), STAR_INDEX, field("c"))),
        ("$['it\\'s']", (ROOT, field("it's"))),
        ("$[0][12]", (ROOT, index(0), index(12))),
    ],
)
def test_parse(text: str, tokens: tuple[object, ...]) -> None:
    assert MatcherPath.parse(text).tokens == tokens


@pytest.mark.parametrize(
    "text",
    [
        "$adsj",
        "$.",
        "$.a.b.c.",
        "$.abc!",
        "$.a.}",
        "$[",
        "$['",
        "$['unterminated",
        "$['']",
        "$['t'.b",
        "$['t'",
        "$['t']b",
        "$[a]",
        "!a",
        "$[1",
    ],
)
def test_parse_errors_are_located(text: str) -> None:
    with pytest.raises(PactError) as info:
        MatcherPath.parse(text, pointer="/x")
    assert info.value.pointer == "/x"
    assert text in info.value.message


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (MatcherPath.of("a", "[*]", "b"), "$.a[*].b"),
        (MatcherPath.of("odd key", 0), "$['odd key'][0]"),
        (MatcherPath.of("X-Trace"), "$['X-Trace']"),
        (MatcherPath.of("*"), "$.*"),
        (MatcherPath.of("it's"), "$['it\\'s']"),
        (MatcherPath(), ""),
    ],
)
def test_format(path: MatcherPath, text: str) -> None:
    assert str(path) == text
    assert MatcherPath.parse(text) == path


steps = st.lists(
    st.one_of(st.text(min_size=1, max_size=6), st.integers(0, 20), st.sampled_from(["*", "[*]"])),
    max_size=5,
)


@given(steps)
def test_format_then_parse_is_identity(path_steps: list[str | int]) -> None:
    path = MatcherPath.of(*path_steps)
    assert MatcherPath.parse(str(path)) == path


@pytest.mark.parametrize(
    ("rule", "location", "matches"),
    [
        ("$.name", ["name"], True),
        ("$['name']", ["name"], True),
        ("$.name", ["other"], False),
        ("$.name", ["name", "other"], True),  # cascades to children
        ("$.other", ["name", "other"], False),
        ("$.name.other", ["name"], False),
        ("$[0]", [0], True),
        ("$.name[1]", ["name", 1], True),
        ("$.name[1]", ["name", 0], False),
        ("$[1].name", ["name", 1], False),
        ("$[*]", [0], True),
        ("$[*]", ["name"], False),
        ("$.*", ["name"], True),
        ("$.*.name", ["some", "name"], True),
        ("$.name[*].name", ["name", 1, "name"], True),
        ("$", [], True),
        ("", [], False),
    ],
)
def test_matches(rule: str, location: list[str | int], matches: bool) -> None:
    assert MatcherPath.parse(rule).matches(location) is matches


def test_weight_prefers_the_most_specific_path() -> None:
    location = ["items", 3, "id"]
    weights = {
        text: MatcherPath.parse(text).weight(location)
        for text in ("$", "$.items", "$.items[*]", "$.items[*].id", "$.items[3].id", "$.*[*].id")
    }
    assert weights["$.items[3].id"] > weights["$.items[*].id"] > weights["$.*[*].id"]
    assert weights["$.items[*].id"] > weights["$.items[*]"] > weights["$.items"] > weights["$"]
    assert MatcherPath.parse("$.items[*].id").matches_exactly(location)
    assert not MatcherPath.parse("$.items").matches_exactly(location)


def test_first_field_names_header_and_query_rules() -> None:
    assert MatcherPath.of("Content-Type").first_field == "Content-Type"
    assert MatcherPath.root().first_field is None
