"""Laws over generated OpenAPI schemas: examples validate, strategies draw valid values,
regexes accept exactly the string forms of valid values, and all of it is deterministic."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from schema_support import openapi_schemas, primitive_schemas, schema_api

from specgen.schema import (
    Direction,
    example_value,
    strategy_for,
    string_form,
    string_regex,
    to_json_schema,
    validator_for,
    violations,
)
from specgen.schema.formats import FORMAT_SEMANTIC

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
DIRECTIONS = st.sampled_from(list(Direction))
DIALECTS = st.sampled_from([("3.0.3", False), ("3.1.0", True)])


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    openapi, dialect31 = draw(DIALECTS)
    return openapi, draw(openapi_schemas(dialect31=dialect31))


@SETTINGS
@given(cases(), DIRECTIONS, st.integers(0, 5), st.booleans())
def test_examples_are_valid(
    case: tuple[str, dict[str, Any]], direction: Direction, seed: int, optional: bool
) -> None:
    openapi, raw = case
    api, schema = schema_api(raw, openapi=openapi)
    Draft202012Validator.check_schema(to_json_schema(api, schema, direction=direction))
    value = example_value(api, schema, direction=direction, seed=seed, optional=optional)
    assert violations(api, schema, value, direction) == []
    again, schema_again = schema_api(raw, openapi=openapi)  # a fresh API: no shared cache
    assert (
        example_value(again, schema_again, direction=direction, seed=seed, optional=optional)
        == value
    )


@settings(SETTINGS, max_examples=60)
@given(cases(), DIRECTIONS, st.data())
def test_strategy_values_are_valid(
    case: tuple[str, dict[str, Any]], direction: Direction, data: st.DataObject
) -> None:
    openapi, raw = case
    api, schema = schema_api(raw, openapi=openapi)
    value = data.draw(strategy_for(api, schema, direction))
    assert violations(api, schema, value, direction) == []


def _text_for(raw: dict[str, Any]) -> st.SearchStrategy[str]:
    """Strings that may or may not be string forms of valid values."""
    if raw.get("type") == "string":
        return st.text("abcxyzAB019-_.@:+ ", max_size=20)
    return st.one_of(
        st.integers(-2000, 2000).map(str),
        st.floats(-2000, 2000, allow_nan=False).map(json.dumps),
        st.sampled_from(["true", "false", "-0", "01", "1e3", "1.", "abc", ""]),
    )


def _parsed(raw: dict[str, Any], text: str) -> Any:
    """The value ``text`` stands for under ``raw``'s type."""
    if raw.get("type") == "string":
        return text
    return json.loads(text)


@SETTINGS
@given(
    DIALECTS.flatmap(lambda d: st.tuples(st.just(d[0]), primitive_schemas(dialect31=d[1]))),
    st.data(),
)
def test_regex_matches_exactly_the_valid_string_forms(
    case: tuple[str, dict[str, Any]], data: st.DataObject
) -> None:
    openapi, raw = case
    api, schema = schema_api(raw, openapi=openapi)
    regex = string_regex(api, schema)
    if regex is None:
        return
    check = validator_for(api, schema, Direction.REQUEST)
    valid_value = data.draw(strategy_for(api, schema, Direction.REQUEST), label="valid")
    form = string_form(valid_value)
    if form is not None:
        assert re.fullmatch(regex, form), (regex, form)
    text = data.draw(_text_for(raw), label="text")
    if re.fullmatch(regex, text):  # what the regex accepts is valid...
        assert check.is_valid(_parsed(raw, text)), (regex, text)
    elif (
        raw.get("type") == "string"
        and raw.get("format") not in FORMAT_SEMANTIC  # dates may name no real day
        and not text.endswith("\n")  # Python's `$` matches before a final newline
    ):
        # ...and, for strings, what it refuses is invalid
        assert not check.is_valid(text), (regex, text)
    if isinstance(valid_value, str) and valid_value:
        broken = valid_value + "\x00"  # a value no pattern here allows to grow this way
        if not check.is_valid(broken):
            assert not re.fullmatch(regex, broken)
