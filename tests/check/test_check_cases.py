"""Every cross-check case under ``cases/`` gives exactly its expected findings, and the cases
together cover every rule code, both severities, Pact v1-v4 and OpenAPI 3.0, 3.1, Swagger 2.0."""

from __future__ import annotations

import json

import pytest
from check_support import Case, all_cases, as_expected, run_specgen

from specgen.check.registry import rules_for
from specgen.rules import RULES

CASES = all_cases()
#: Codes about a consumer/provider pair as a whole: covered by test_check_matrix.py.
PAIR_CODES = {"request.spec.missing", "pact-broker.no-pacts-found"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case) -> None:
    expected = case.expected
    found = run_specgen(case)
    got = as_expected(found, with_spec=True)
    want = expected["findings"]
    keys = ("code", "severity", "pact")

    def core(items: list[dict[str, str]]) -> list[str]:
        return sorted(json.dumps({k: d.get(k) for k in keys}) for d in items)

    assert core(got) == core(want), "\n".join(f.to_dict().__repr__() for f in found)
    for item in want:
        if "spec" in item:
            same = [g for g in got if all(g.get(k) == item.get(k) for k in keys)]
            assert any(g.get("spec") == item["spec"] for g in same), (item, same)
    for finding in found:  # every finding says where, what and (for pacts) which interaction
        assert finding.message and finding.location.operation
        if finding.location.source_pointer and finding.code != "spec.operation.unusable":
            assert finding.location.interaction is not None


def test_cases_are_many_and_about_something() -> None:
    assert len(CASES) >= 80
    for case in CASES:
        assert case.expected.get("about"), case.name


def _all_findings() -> list[tuple[Case, dict[str, str]]]:
    return [(case, item) for case in CASES for item in case.expected["findings"]]


def test_every_check_rule_has_a_case() -> None:
    codes = {rule.code for rule in RULES.all() if rule.category == "check"}
    covered = {item["code"] for _, item in _all_findings()}
    assert codes - covered - PAIR_CODES == set()
    assert {f.__name__ for f in rules_for("pair")}  # the pair codes exist and are tested elsewhere


def test_both_severities_every_pact_version_and_spec_version() -> None:
    severities = {item["severity"] for _, item in _all_findings()}
    assert {"error", "warning"} <= severities
    pact_versions, spec_kinds = set(), set()
    for case in CASES:
        pact = json.loads(case.pact.read_text())
        meta = pact.get("metadata", {})
        version = (
            meta.get("pactSpecification", {}).get("version")
            or meta.get("pact-specification", {}).get("version")
            or meta.get("pactSpecificationVersion")
            or "3.0.0"
        )
        pact_versions.add(version.split(".")[0])
        text = case.spec.read_text()
        spec_kinds.add("2.0" if "swagger:" in text else "3.1" if "openapi: 3.1" in text else "3.0")
    assert {"1", "2", "3", "4"} <= pact_versions
    assert {"2.0", "3.0", "3.1"} <= spec_kinds
