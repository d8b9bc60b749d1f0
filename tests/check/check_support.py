"""The cross-check cases: ``cases/<name>/{spec.yaml,pact.json,expected.json}``.

``expected.json``::

    {
      "about": "what the case shows",
      "findings": [{"code": ..., "severity": ..., "pact": POINTER, "spec": POINTER?}, ...],
      "opc": {"deviation": ID, "results": ["0 error request.path-or-method.unknown", ...]}
    }

``findings`` is every finding specgen must report (``spec`` is compared when given).
``opc`` is absent when PactFlow's comparator must agree with specgen on the case: per
interaction, the same (severity, code) pairs among PactFlow's codes. When present, the case
is a deliberate difference: ``deviation`` names it (``docs/rules.md`` lists and explains
each) and ``results`` pins what the comparator says instead (``"crash"``: it cannot read the
pact at all).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from specgen.check import check_pact, check_spec
from specgen.check.registry import pactflow_codes
from specgen.findings import Finding
from specgen.pact import read_pact
from specgen.spec.loader import load_spec

CASES = Path(__file__).resolve().parent / "cases"
_INDEX = re.compile(r"interactions\[(\d+)\]")
_POINTER_INDEX = re.compile(r"^/(?:interactions|messages)/(\d+)")


@dataclass(frozen=True)
class Case:
    """One case folder."""

    name: str
    folder: Path

    @property
    def spec(self) -> Path:
        for name in ("spec.yaml", "spec.json"):
            if (self.folder / name).exists():
                return self.folder / name
        raise FileNotFoundError(f"{self.folder}: no spec.yaml or spec.json")

    @property
    def pact(self) -> Path:
        return self.folder / "pact.json"

    @property
    def expected(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.folder / "expected.json").read_text())
        return data


def all_cases() -> list[Case]:
    """Every case, sorted by name."""
    return [Case(p.name, p) for p in sorted(CASES.iterdir()) if p.is_dir()]


def run_specgen(case: Case) -> list[Finding]:
    """specgen's findings on a case."""
    api = load_spec(case.spec)
    return check_spec(api) + list(check_pact(api, read_pact(case.pact)).findings)


def as_expected(findings: Iterable[Finding], with_spec: bool) -> list[dict[str, str]]:
    """Findings in the ``expected.json`` form, sorted."""
    out = []
    for f in findings:
        item = {"code": f.code, "severity": f.severity.value, "pact": f.location.source_pointer}
        if with_spec:
            item["spec"] = f.location.spec_pointer
        out.append({k: v for k, v in item.items() if v is not None})
    return sorted(out, key=lambda d: json.dumps(d, sort_keys=True))


def specgen_results(findings: Iterable[Finding]) -> list[str]:
    """specgen's findings among PactFlow's codes, as ``"INDEX SEVERITY CODE"``, deduplicated."""
    codes = pactflow_codes()
    out = set()
    for f in findings:
        if f.code not in codes:
            continue
        match = _POINTER_INDEX.match(f.location.source_pointer or "")
        index = match.group(1) if match else "-"
        out.add(f"{index} {f.severity.value} {f.code}")
    return sorted(out)


def opc_results(results: Iterable[dict[str, Any]]) -> list[str]:
    """``opc`` results in the same form."""
    out = set()
    for r in results:
        location = str((r.get("mockDetails") or {}).get("location", ""))
        match = _INDEX.search(location)
        out.add(f"{match.group(1) if match else '-'} {r.get('type')} {r.get('code')}")
    return sorted(out)
