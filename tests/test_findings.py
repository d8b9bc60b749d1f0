"""Behaviour of specgen.findings: severities, findings as data, round trips, exit codes."""

from __future__ import annotations

import dataclasses
import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from specgen.findings import (
    NO_OPERATION,
    Finding,
    Location,
    Severity,
    count_by_severity,
    exit_code,
    group_by_operation,
    normalize_details,
    sort_findings,
)

optional_text = st.none() | st.text(max_size=12)
locations = st.builds(
    Location,
    operation=optional_text,
    spec_pointer=optional_text,
    source_file=optional_text,
    source_pointer=optional_text,
    interaction=optional_text,
)
findings = st.builds(
    Finding,
    code=st.text(min_size=1, max_size=20),
    severity=st.sampled_from(Severity),
    message=st.text(max_size=40),
    location=locations,
    expected=optional_text,
    actual=optional_text,
    details=st.dictionaries(st.text(min_size=1, max_size=6), st.text(max_size=6), max_size=3).map(
        lambda d: tuple(d.items())
    ),
)


def make(severity: Severity = Severity.ERROR, code: str = "x.y", op: str | None = None) -> Finding:
    return Finding(code=code, severity=severity, message="m", location=Location(operation=op))


# --- Severity -------------------------------------------------------------------------


def test_severity_orders_by_badness_not_alphabet() -> None:
    assert Severity.INFO < Severity.WARNING < Severity.ERROR
    assert Severity.ERROR > Severity.INFO  # alphabetically "error" < "info"
    assert sorted([Severity.WARNING, Severity.ERROR, Severity.INFO]) == [
        Severity.INFO,
        Severity.WARNING,
        Severity.ERROR,
    ]
    assert Severity.ERROR >= Severity.ERROR
    assert not Severity.WARNING >= Severity.ERROR
    assert Severity.WARNING <= Severity.WARNING


def test_severity_compares_with_plain_strings_by_parsing_them() -> None:
    assert Severity.ERROR > "info"
    assert Severity.INFO < "ERROR"
    assert Severity.WARNING >= "warning"
    with pytest.raises(ValueError, match="unknown severity"):
        _ = Severity.ERROR > "fatal"


def test_severity_is_a_str_with_its_value() -> None:
    assert isinstance(Severity.ERROR, str)
    assert {"error": 1}[Severity.ERROR] == 1  # equal to, and hashes like, its value
    assert str(Severity.WARNING) == "warning"
    assert [s.rank for s in (Severity.INFO, Severity.WARNING, Severity.ERROR)] == [0, 1, 2]


def test_severity_parse() -> None:
    assert Severity.parse(" Warning ") is Severity.WARNING
    with pytest.raises(ValueError, match="choose from error, warning, info"):
        Severity.parse("warn")


# --- Finding as data ------------------------------------------------------------------


def test_finding_is_frozen_slotted_and_hashable() -> None:
    finding = make()
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.code = "other"  # type: ignore[misc]
    assert not hasattr(finding, "__dict__")
    assert len({finding, make()}) == 1


def test_finding_coerces_severity_and_normalizes_details() -> None:
    a = Finding("c", "warning", "m", details=(("b", "2"), ("a", "1")))  # type: ignore[arg-type]
    b = Finding("c", Severity.WARNING, "m", details=(("a", "1"), ("b", "2")))
    assert a == b
    assert a.severity is Severity.WARNING
    assert a.details == (("a", "1"), ("b", "2"))
    assert dict(a.detail_map) == {"a": "1", "b": "2"}


@pytest.mark.parametrize(
    "details",
    [(("a", "1"), ("a", "2")), (("", "x"),), (("a", 1),), (("a", "1", "extra"),)],
)
def test_bad_details_are_rejected(details: object) -> None:
    with pytest.raises(ValueError):
        normalize_details(details)  # type: ignore[arg-type]


def test_empty_code_is_rejected() -> None:
    with pytest.raises(ValueError, match="code"):
        Finding("", Severity.ERROR, "m")


def test_to_dict_has_fixed_key_order_and_omits_none() -> None:
    finding = Finding(
        code="request.body.incompatible",
        severity=Severity.ERROR,
        message="bad body",
        location=Location(operation="GET /users/{id}", source_pointer="/interactions/0"),
        actual="",
        details=(("z", "1"), ("a", "2")),
    )
    data = finding.to_dict()
    assert list(data) == ["code", "severity", "message", "location", "actual", "details"]
    assert data["location"] == {"operation": "GET /users/{id}", "source_pointer": "/interactions/0"}
    assert list(data["details"]) == ["a", "z"]  # type: ignore[call-overload]
    assert make().to_dict() == {"code": "x.y", "severity": "error", "message": "m"}


@settings(database=None, max_examples=300)
@given(findings)
def test_from_dict_inverts_to_dict(finding: Finding) -> None:
    assert Finding.from_dict(finding.to_dict()) == finding
    assert Finding.from_dict(json.loads(json.dumps(finding.to_dict()))) == finding


@pytest.mark.parametrize(
    ("data", "match"),
    [
        ({"severity": "error", "message": "m"}, "needs code"),
        ({"code": "c", "severity": "error", "message": "m", "extra": 1}, "unknown keys: extra"),
        ({"code": "c", "severity": "fatal", "message": "m"}, "unknown severity"),
        ({"code": "c", "severity": "error", "message": 3}, "message must be a string"),
        ({"code": "c", "severity": "error", "message": "m", "location": []}, "must be objects"),
        ({"code": "c", "severity": "error", "message": "m", "location": {"op": "x"}}, "unknown"),
        ({"code": "c", "severity": "error", "message": "m", "details": {"k": 1}}, "string"),
    ],
)
def test_from_dict_rejects_bad_input(data: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        Finding.from_dict(data)


# --- Ordering and grouping -------------------------------------------------------------


def test_sort_key_puts_errors_first_then_operation_then_code() -> None:
    items = [
        make(Severity.INFO, "a", "A"),
        make(Severity.ERROR, "b", "B"),
        make(Severity.ERROR, "a", "B"),
        make(Severity.WARNING, "a", "A"),
        make(Severity.ERROR, "z", "A"),
    ]
    got = [(f.severity.value, f.location.operation, f.code) for f in sort_findings(items)]
    assert got == [
        ("error", "A", "z"),
        ("error", "B", "a"),
        ("error", "B", "b"),
        ("warning", "A", "a"),
        ("info", "A", "a"),
    ]


@settings(database=None)
@given(st.lists(findings, max_size=8), st.randoms(use_true_random=False))
def test_sorting_does_not_depend_on_input_order(items: list[Finding], rnd: random.Random) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert sort_findings(shuffled) == sort_findings(items)


def test_none_sorts_apart_from_empty_string() -> None:
    a = Finding("c", Severity.ERROR, "m", expected=None)
    b = Finding("c", Severity.ERROR, "m", expected="")
    assert sort_findings([b, a]) == [a, b]


def test_group_by_operation_sorts_operations_and_puts_none_last() -> None:
    items = [make(op=None), make(op="POST /b"), make(Severity.INFO, op="GET /a"), make(op="GET /a")]
    groups = group_by_operation(items)
    assert [op for op, _ in groups] == ["GET /a", "POST /b", None]
    assert [f.severity for f in groups[0][1]] == [Severity.ERROR, Severity.INFO]
    assert NO_OPERATION == "(no operation)"


def test_count_by_severity_includes_zeros() -> None:
    counts = count_by_severity([make(), make(), make(Severity.INFO)])
    assert counts == {Severity.ERROR: 2, Severity.WARNING: 0, Severity.INFO: 1}
    assert list(counts) == [Severity.ERROR, Severity.WARNING, Severity.INFO]


# --- exit_code -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("present", "fail_on", "expected"),
    [
        ([], Severity.INFO, 0),
        ([Severity.INFO], Severity.INFO, 1),
        ([Severity.INFO], Severity.WARNING, 0),
        ([Severity.WARNING], Severity.WARNING, 1),
        ([Severity.WARNING], Severity.ERROR, 0),
        ([Severity.ERROR], Severity.ERROR, 1),
        ([Severity.ERROR], Severity.INFO, 1),
        ([Severity.INFO, Severity.WARNING], Severity.ERROR, 0),
        ([Severity.INFO, Severity.ERROR], Severity.WARNING, 1),
    ],
)
def test_exit_code_thresholds(present: list[Severity], fail_on: Severity, expected: int) -> None:
    assert exit_code((make(s) for s in present), fail_on) == expected
