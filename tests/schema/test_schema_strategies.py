"""Strategies: values drawn for the demo specs' schemas and for each format validate."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from specgen.schema import Direction, check_format, strategy_for, violations
from specgen.schema.strategies import FORMAT_STRATEGIES
from specgen.spec.loader import load_spec

SPECS = Path(__file__).resolve().parents[2] / "specs"
API = load_spec(SPECS / "order-service" / "openapi.yaml")
BODIES = [
    (op.label, media.schema, direction)
    for op in API.operations
    for media, direction in [
        *((m, Direction.REQUEST) for m in (op.request_body.content if op.request_body else ())),
        *(
            (m, Direction.RESPONSE)
            for r in op.responses
            for m in r.content
            if r.status.startswith("2")
        ),
    ]
    if media.schema is not None
]


@pytest.mark.parametrize(
    ("label", "schema", "direction"), BODIES, ids=[f"{b[0]}-{b[2]}" for b in BODIES]
)
def test_demo_schema_values_are_valid(label: str, schema: object, direction: Direction) -> None:
    strategy = strategy_for(API, schema, direction)
    assert strategy_for(API, schema, direction) is strategy  # built once per API

    @settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(strategy)
    def check(value: object) -> None:
        assert violations(API, schema, value, direction) == []

    check()


@settings(max_examples=30, deadline=None)
@given(
    st.sampled_from(sorted(FORMAT_STRATEGIES)).flatmap(
        lambda f: st.tuples(st.just(f), FORMAT_STRATEGIES[f])
    )
)
def test_format_strategies_satisfy_the_format_checker(case: tuple[str, str]) -> None:
    fmt, value = case
    assert check_format(fmt, value)
