"""Every request and response body schema of the corpus converts and yields a valid example,
or fails with a located ``SpecError``: no other exception, no invalid example."""

from __future__ import annotations

import collections
import time
from collections.abc import Iterator

import pytest
from jsonschema import Draft202012Validator

from specgen.errors import SpecError, SpecgenError
from specgen.schema import Direction, example_value, to_json_schema, validator_for
from specgen.spec.api import API
from specgen.spec.loader import load_spec
from specgen.spec.model import Schema
from tests.corpus import corpus

pytestmark = pytest.mark.corpus

# Distinct body schemas per spec, at most: the two Microsoft Graph specs have 10,000-20,000
# each and would take most of the time budget on their own.
PER_SPEC = 1000
# Conversions also checked against the 2020-12 metaschema, per spec (slow on big schemas).
METASCHEMA_CHECKS = 3


def bodies(api: API) -> Iterator[tuple[Schema, Direction]]:
    """Each operation's request-body and response schemas, each (pointer, direction) once."""
    seen: set[tuple[str, Direction]] = set()
    for op in api.operations:
        found = [
            (m.schema, Direction.REQUEST)
            for m in (op.request_body.content if op.request_body else ())
        ]
        found += [(m.schema, Direction.RESPONSE) for r in op.responses for m in r.content]
        for schema, direction in found:
            if schema is not None and (schema.pointer, direction) not in seen:
                seen.add((schema.pointer, direction))
                yield schema, direction


def test_corpus_examples_are_valid_or_located_spec_errors() -> None:
    if not corpus.available():
        pytest.skip("corpus not installed: run `make corpus`")
    start = time.perf_counter()
    counts: collections.Counter[str] = collections.Counter()
    unexpected: list[str] = []
    load_seconds = 0.0
    samples: dict[str, str] = {}  # one unusable schema per spec, to show
    for path in corpus.selected_specs():
        name = corpus.label(path)
        loading = time.perf_counter()
        try:
            api = load_spec(path)
            load_seconds += time.perf_counter() - loading
        except SpecgenError:
            counts["specs not loadable"] += 1
            continue
        counts["specs"] += 1
        for index, (schema, direction) in enumerate(bodies(api)):
            if index >= PER_SPEC:
                counts["schemas skipped (cap)"] += 1
                continue
            counts["schemas"] += 1
            stage = "convert"
            try:
                converted = to_json_schema(api, schema, direction=direction)
                if index < METASCHEMA_CHECKS:
                    Draft202012Validator.check_schema(converted)
                stage = "example"
                value = example_value(api, schema, direction=direction)
            except SpecError as err:
                assert err.file and err.pointer is not None, str(err)
                counts["unconvertible" if stage == "convert" else "unsatisfiable"] += 1
                samples.setdefault(name, f"{name}: {err.pointer}: {err.message}"[:200])
                continue
            except Exception as exc:  # the point of the test: none of these
                unexpected.append(
                    f"{name} {schema.pointer} {direction}: {type(exc).__name__}: {exc}"[:400]
                )
                continue
            counts["examples"] += 1
            if not validator_for(api, schema, direction).is_valid(value):
                unexpected.append(f"{name} {schema.pointer} {direction}: invalid example")
    seconds = time.perf_counter() - start
    print(f"\nschema corpus: {seconds:.1f} s ({load_seconds:.1f} s of it loading specs)")
    for key in sorted(counts):
        print(f"  {key}: {counts[key]}")
    for line in list(samples.values())[:12]:
        print(f"  e.g. {line}")
    assert not unexpected, "\n".join(unexpected[:30])
    assert counts["examples"] > 0
