"""Differential test: PactFlow's comparator (``opc``) on the same cases agrees with specgen,
per interaction, on (severity, code) among PactFlow's codes, except on the cases marked as
deliberate differences, where it must say exactly what the case pins (so a fixed ``opc`` is
noticed) and the difference must be explained in docs/rules.md."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from check_support import Case, all_cases, opc_results, run_specgen, specgen_results

from tests.support.opc import OpcError, opc_missing, run_opc

CASES = all_cases()
RULES_DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
_DEVIATION = re.compile(r"^### Deviation `([a-z0-9-]+)`", re.MULTILINE)


def _ask(group: list[Case]) -> list[tuple[str, list[str] | str]]:
    """``opc`` on cases sharing one spec, in one run; one by one if a pact makes it crash
    (a crash ends the run for every later pact)."""
    try:
        answers = run_opc(group[0].spec, [c.pact for c in group])
        return [(c.name, opc_results(a)) for c, a in zip(group, answers, strict=True)]
    except OpcError:
        if len(group) == 1:
            return [(group[0].name, "crash")]
        return [item for case in group for item in _ask([case])]


@pytest.fixture(scope="module")
def opc_answers() -> dict[str, list[str] | str]:
    """What ``opc`` says on every case (``"crash"`` when it cannot read it)."""
    reason = opc_missing()
    if reason:
        pytest.skip(reason)
    by_spec: dict[bytes, list[Case]] = {}
    for case in CASES:
        by_spec.setdefault(case.spec.read_bytes(), []).append(case)
    with ThreadPoolExecutor(max_workers=2) as pool:
        return {name: said for group in pool.map(_ask, by_spec.values()) for name, said in group}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_opc_agrees_or_the_difference_is_deliberate(
    case: Case, opc_answers: dict[str, list[str] | str]
) -> None:
    said = opc_answers[case.name]
    ours = specgen_results(run_specgen(case))
    pinned = case.expected.get("opc")
    if pinned is None:
        assert said == ours, f"opc: {said}, specgen: {ours}"
    else:
        assert said == pinned["results"], "opc no longer says what the case pins: re-check it"
        assert said != ours, "opc agrees now: drop the deviation from the case"


def documented_deviations() -> set[str]:
    return set(_DEVIATION.findall(RULES_DOC.read_text(encoding="utf-8")))


def test_every_deviation_is_documented_and_used() -> None:
    used = {c.expected["opc"]["deviation"] for c in CASES if "opc" in c.expected}
    documented = documented_deviations()
    assert used - documented == set(), "explain these in docs/rules.md"
    assert documented - used == set(), "these documented differences have no case"


def test_parity_counts(opc_answers: dict[str, list[str] | str]) -> None:
    """Most cases agree: the deliberate differences stay a minority."""
    differ = [c.name for c in CASES if "opc" in c.expected]
    assert len(CASES) - len(differ) >= 3 * len(differ)
    assert len(opc_answers) == len(CASES)
