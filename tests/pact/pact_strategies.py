"""Hypothesis strategies for pact models that a v3 or v4 file can hold exactly.

"Exactly" means ``parse(write(p)) == p``: the strategies respect what the formats normalise
(header values are trimmed and only list headers are split on commas; a v3 file has no
``pending`` or ``comments``; metadata carries the ``pactSpecification`` the writer sets).
"""

from __future__ import annotations

import base64
import string
from typing import Any

from hypothesis import strategies as st

from specgen.pact.base import JsonBlob
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
    Values,
)
from specgen.pact.model import (
    Body,
    BodyKind,
    Headers,
    HttpInteraction,
    Pact,
    ProviderState,
    Query,
    Request,
    Response,
)
from specgen.pact.parts import MULTI_VALUE_HEADERS
from specgen.pact.paths import MatcherPath
from specgen.pact.rules import Category, MatchingRules, named

SPEC_TEXT = {3: "3.0.0", 4: "4.0"}
words = st.text(string.ascii_letters + string.digits + " _-.", min_size=1, max_size=12)
any_text = st.text(max_size=15)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    any_text,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(any_text, inner, max_size=3)
    ),
    max_leaves=12,
)
regexes = st.sampled_from(["\\d+", "[a-z]+", "a|b", "^x.*$", "[A-Z]{3}"])
formats = st.sampled_from(["", "yyyy-MM-dd", "HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ssXXX"])
counts = st.none() | st.integers(0, 5)

simple_matchers: st.SearchStrategy[Matcher] = st.one_of(
    st.just(Equality()),
    regexes.map(Regex),
    st.builds(Type, counts, counts),
    st.sampled_from(
        [Integer(), Decimal(), Number(), Boolean(), Null(), Values(), NotEmpty(), Semver()]
    ),
    words.map(Include),
    formats.map(Timestamp),
    formats.map(Date),
    formats.map(Time),
    st.sampled_from(["image/png", "application/pdf"]).map(ContentType),
)


def body_paths() -> st.SearchStrategy[MatcherPath]:
    step = st.one_of(words, st.integers(0, 3), st.sampled_from(["*", "[*]"]))
    return st.lists(step, max_size=4).map(lambda steps: MatcherPath.of(*steps))


def groups(matchers: st.SearchStrategy[Matcher]) -> st.SearchStrategy[RuleGroup]:
    return st.builds(
        RuleGroup, st.lists(matchers, min_size=1, max_size=3).map(tuple), st.sampled_from(Combine)
    )


def _variant(index: int, rules: list[tuple[MatcherPath, RuleGroup]]) -> ArrayVariant:
    return ArrayVariant(index, tuple(dict(rules).items()))


variants = st.builds(
    _variant,
    st.integers(0, 3),
    st.lists(st.tuples(body_paths(), groups(simple_matchers)), max_size=2),
)
matchers: st.SearchStrategy[Matcher] = st.one_of(
    simple_matchers,
    st.builds(EachKey, st.lists(simple_matchers, max_size=2).map(tuple), st.just("")),
    st.builds(EachValue, st.lists(simple_matchers, max_size=2).map(tuple), st.just("")),
    st.lists(variants, min_size=1, max_size=2).map(lambda v: ArrayContains(tuple(v))),
)
statuses = st.one_of(
    st.sampled_from(["success", "clientError", "error", "nonError"]),
    st.lists(st.integers(100, 599), min_size=1, max_size=3).map(tuple),
)


def rules(categories: list[Category]) -> st.SearchStrategy[MatchingRules]:
    entries: list[st.SearchStrategy[tuple[tuple[Category, MatcherPath], RuleGroup]]] = []
    for category in categories:
        if category is Category.BODY:
            key = body_paths().map(lambda p: (Category.BODY, p))
            entries.append(st.tuples(key, groups(matchers)))
        elif category in (Category.HEADER, Category.QUERY):
            key = st.builds(lambda n, c=category: (c, named(n)), words)
            entries.append(st.tuples(key, groups(simple_matchers)))
        elif category is Category.STATUS:
            entries.append(
                st.tuples(st.just((category, MatcherPath())), groups(statuses.map(StatusCode)))
            )
        else:
            entries.append(
                st.tuples(st.just((category, MatcherPath())), groups(regexes.map(Regex)))
            )
    return st.lists(st.one_of(entries), max_size=5).map(MatchingRules)


@st.composite
def bodies(draw: st.DrawFn, version: int) -> Body:
    kind = draw(st.sampled_from(["missing", "null", "empty", "json", "text", "bytes"]))
    if kind == "missing":
        return Body()
    if kind == "null":
        return Body(BodyKind.NULL)
    if kind == "empty":
        return Body(
            BodyKind.EMPTY, "", draw(st.sampled_from([None, "text/plain", "application/json"]))
        )
    if kind == "json":
        # A bare JSON string is ambiguous in v3 (see specgen.pact.writer); not in v4.
        bare_string_ok = version == 4
        value = draw(
            json_values.filter(
                lambda v: v is not None and v != "" and (bare_string_ok or not isinstance(v, str))
            )
        )
        return Body(
            BodyKind.PRESENT,
            value,
            draw(st.sampled_from(["application/json", "application/hal+json"])),
        )
    if kind == "text":
        return Body(BodyKind.PRESENT, draw(st.text(min_size=1, max_size=20)), "text/plain")
    data = base64.b64encode(draw(st.binary(min_size=1, max_size=12))).decode()
    return Body(BodyKind.PRESENT, data, "application/octet-stream", "base64")


header_names = st.text(string.ascii_letters + string.digits + "-", min_size=1, max_size=10).filter(
    lambda n: n.lower() != "content-type"
)
header_value = (
    st.text(string.ascii_letters + string.digits + " ;=/", min_size=1, max_size=10)
    .map(str.strip)
    .filter(bool)
)


@st.composite
def headers(draw: st.DrawFn, body: Body) -> Headers:
    names = draw(
        st.lists(
            st.one_of(header_names, st.sampled_from(sorted(MULTI_VALUE_HEADERS))),
            max_size=3,
            unique_by=str.lower,
        )
    )
    items: list[tuple[str, tuple[str, ...]]] = []
    for name in names:
        many = name.lower() in MULTI_VALUE_HEADERS
        values = draw(st.lists(header_value, min_size=1, max_size=3 if many else 1))
        items.append((name, tuple(values)))
    if body.content_type:  # the only way a v3 file keeps a body's content type
        items.append(("Content-Type", (body.content_type,)))
    return Headers(items)


queries = st.lists(
    st.tuples(words, st.lists(any_text, min_size=1, max_size=2).map(tuple)),
    max_size=3,
    unique_by=lambda t: t[0],
).map(Query)
params = st.none() | st.dictionaries(words, json_values, max_size=3).map(JsonBlob.of)
states = st.lists(st.builds(ProviderState, words, params), max_size=2).map(tuple)
generators = st.none() | st.just(
    JsonBlob.of({"body": {"$.id": {"type": "RandomInt", "min": 0, "max": 9}}})
)


@st.composite
def requests(draw: st.DrawFn, version: int) -> Request:
    body = draw(bodies(version))
    return Request(
        method=draw(st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE"])),
        path="/" + draw(st.text(string.ascii_letters + string.digits + "/-_", max_size=12)),
        query=draw(queries),
        headers=draw(headers(body)),
        body=body,
        matching_rules=draw(rules([Category.PATH, Category.HEADER, Category.QUERY, Category.BODY])),
        generators=draw(generators),
    )


@st.composite
def responses(draw: st.DrawFn, version: int) -> Response:
    body = draw(bodies(version))
    return Response(
        status=draw(st.integers(100, 599)),
        headers=draw(headers(body)),
        body=body,
        matching_rules=draw(rules([Category.HEADER, Category.BODY, Category.STATUS])),
        generators=draw(generators),
    )


@st.composite
def pacts(draw: st.DrawFn, version: int) -> Pact:
    """A pact of HTTP interactions with unique descriptions that ``version`` holds exactly."""
    descriptions = draw(st.lists(words, max_size=3, unique=True))
    interactions = tuple(
        HttpInteraction(
            description=description,
            request=draw(requests(version)),
            response=draw(responses(version)),
            provider_states=draw(states),
            pending=draw(st.booleans()) if version == 4 else False,
            comments=draw(st.none() | st.just(JsonBlob.of({"text": ["why"]})))
            if version == 4
            else None,
        )
        for description in descriptions
    )
    metadata: dict[str, Any] = {
        "pactSpecification": {"version": SPEC_TEXT[version]},
        "specgen": {"version": "0.1.0"},
    }
    return Pact(draw(words), draw(words), SPEC_TEXT[version], interactions, JsonBlob.of(metadata))
