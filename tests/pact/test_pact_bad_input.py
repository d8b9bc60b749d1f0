"""Whatever JSON comes in, reading a pact returns a Pact or raises one located SpecgenError."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from specgen.errors import SpecgenError
from specgen.pact import Pact, parse_pact, write_pact_json

CASES = Path(__file__).parent / "cases"
DOCS = [
    json.loads(p.read_text())
    for p in sorted(CASES.glob("*.json"))
    if not p.name.endswith(".expected.json")
]

KEYS = [
    "consumer", "provider", "name", "interactions", "messages", "metadata", "pactSpecification",
    "pact-specification", "pactSpecificationVersion", "version", "description", "type",
    "providerState", "providerStates", "params", "request", "response", "method", "path",
    "query", "headers", "body", "status", "matchingRules", "generators", "content",
    "contentType", "encoded", "contentTypeHint", "pending", "comments", "body", "header",
    "matchers", "combine", "match", "regex", "min", "max", "format", "value", "variants",
    "index", "rules", "$", "$.a", "$.body", "$.body.a[*]", "$.headers.X", "$.query.q",
    "$.path", "$['x']", "Content-Type", "Accept", "a",
]  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 1000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "3.0.0", "4.0", "2.0.0", "1.1", "x", "base64", "json", "AND", "OR", "type",
                     "regex", "arrayContains", "statusCode", "Synchronous/HTTP", "$.a[", "AAE="]),
    st.text(max_size=8),
)  # fmt: skip
odd_json = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=4), inner, max_size=5),
    ),
    max_leaves=30,
)


def _check(data: Any) -> None:
    try:
        pact = parse_pact(data, "odd.json")
    except SpecgenError as exc:
        assert exc.file == "odd.json"
        assert exc.message and "\n" not in exc.message
        assert exc.pointer is None or exc.pointer == "" or exc.pointer.startswith("/")
        return
    assert isinstance(pact, Pact)
    # What was read can be written: v4 holds all of it; v3 may join the values of a header
    # it cannot list, after which writing is stable.
    try:
        v4 = write_pact_json(pact, 4)
    except ValueError:  # only the messages of a v3 message pact have no v4 form
        assert any(m.type == "Message" for m in pact.message_interactions)
    else:
        assert parse_pact(json.loads(v4)).interactions == pact.interactions
    try:
        v3 = write_pact_json(pact, 3)
    except ValueError:
        return  # messages, which v3 cannot hold
    assert write_pact_json(parse_pact(json.loads(v3)), 3) == v3


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(odd_json)
def test_odd_documents(data: Any) -> None:
    _check(data)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*prefix, i))
    return found


@st.composite
def mutated_cases(draw: st.DrawFn) -> Any:
    doc = copy.deepcopy(draw(st.sampled_from(DOCS)))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(doc)))
        replacement = draw(odd_json)
        if not path:
            return replacement
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = replacement
    return doc


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(mutated_cases())
def test_mutated_pacts(data: Any) -> None:
    _check(data)


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    deep: Any = "x"
    for _ in range(5000):
        deep = [deep]
    doc = {
        "consumer": {"name": "c"},
        "provider": {"name": "p"},
        "interactions": [],
        "metadata": {"x": deep},
    }
    with pytest.raises(SpecgenError, match="nested too deeply"):
        parse_pact(doc, "deep.json")
