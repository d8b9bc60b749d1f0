"""The real Pact core (pact_ffi) accepts what specgen writes and reads it as specgen does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import HealthCheck, given, settings
from pact_strategies import pacts

from specgen.pact import Pact, read_pact, write_pact_json
from specgen.pact.core import check_with_pact_core

pytest.importorskip("pact_ffi")

CASES = Path(__file__).parent / "cases"
GOOD = sorted(p for p in CASES.glob("*.json") if not p.name.endswith(".expected.json"))
#: Where the core knowingly reads a case file differently.
KNOWN = {
    # The core ignores the old ``pactSpecificationVersion`` key (and assumes v3); PactFlow's
    # comparator honours it, as specgen does.
    "v1_1": ["spec version: specgen reads 1.1.0, the core enum 4"],
}


@pytest.mark.parametrize("path", GOOD, ids=[p.stem for p in GOOD])
def test_case_files_read_alike(path: Path) -> None:
    assert check_with_pact_core(path.read_text()) == KNOWN.get(path.stem, [])


@pytest.mark.parametrize("path", GOOD, ids=[p.stem for p in GOOD])
@pytest.mark.parametrize("version", [3, 4])
def test_written_cases_are_accepted(path: Path, version: Literal[3, 4]) -> None:
    pact = read_pact(path)
    if pact.message_interactions and (version == 3 or pact.major_version < 4):
        pytest.skip("this format cannot hold these messages")
    assert (
        check_with_pact_core(write_pact_json(pact, version, metadata={"specgen": {"version": "0"}}))
        == []
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(pacts(3))
def test_generated_v3_pacts_are_accepted(pact: Pact) -> None:
    assert check_with_pact_core(write_pact_json(pact, 3)) == []


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(pacts(4))
def test_generated_v4_pacts_are_accepted(pact: Pact) -> None:
    assert check_with_pact_core(write_pact_json(pact, 4)) == []


def test_rejections_and_disagreements_are_reported() -> None:
    assert check_with_pact_core("not json")[0].startswith("not JSON")
    [rejected] = check_with_pact_core("[1]")
    assert rejected.startswith("the Pact core rejects the pact: Failed to parse Pact JSON")
    # The core loads {} as an empty pact; specgen wants the parties and interactions named.
    assert check_with_pact_core("{}")[0].startswith(
        "specgen cannot read a pact the Pact core accepts"
    )


def _with_rule(matcher: dict[str, object]) -> str:
    doc = json.loads(write_pact_json(read_pact(CASES / "v3.json"), 3))
    doc["interactions"][0]["response"]["matchingRules"]["body"]["$.id"]["matchers"] = [matcher]
    return json.dumps(doc)


@pytest.mark.parametrize(
    "matcher",
    [
        {"min": 1},  # the v2 form without "match", in a v3 file
        {"match": "x-plugin-matcher", "flavour": "strict"},  # kept by both as written
        {"match": "type", "min": -1},  # both ignore a bound that is not a count
        {"match": "regex", "regex": 5},  # both read the pattern "5"
        {"match": "timestamp"},  # both read an empty format
        {"match": "eachKey", "rules": [{"match": "type"}], "value": {"a": 1}},
    ],
)
def test_odd_rules_are_read_alike(matcher: dict[str, object]) -> None:
    assert check_with_pact_core(_with_rule(matcher)) == []


def test_rules_the_core_refuses_fail_the_whole_pact() -> None:
    problems = check_with_pact_core(_with_rule({"match": "statusCode", "status": "teapot"}))
    assert len(problems) == 1 and problems[0].startswith("the Pact core rejects the pact")
    assert "teapot" in problems[0]


def test_floats_the_core_reads_a_bit_off_are_the_same_number() -> None:
    # serde_json (no float_roundtrip) reads this one ULP off; that is not a disagreement.
    doc = json.loads(write_pact_json(read_pact(CASES / "v3.json"), 3))
    doc["interactions"][0]["response"]["body"] = {"x": 1.1579208923731604e77}
    assert check_with_pact_core(json.dumps(doc)) == []
    doc["interactions"][0]["response"]["body"] = {"x": 1.16e77}
    doc_text = json.dumps(doc).replace("1.16e+77", "true")
    assert check_with_pact_core(doc_text) == []  # both read the same changed body
