"""Fuzz the cross-check: bytes -> JSON pact -> ``specgen.check.engine.check_pact`` against
each demo spec (loaded once).

    python fuzz/check_pact.py -runs=100000 [CORPUS_DIR]

Seeds: pacts generated from the demo specs (v3 and v4) and the pacts of the cross-check
cases under ``tests/check/cases``. The first byte picks the spec; input that is not JSON is
skipped; for JSON, anything but a ``SpecgenError`` is a crash.
"""

from __future__ import annotations

import json

import atheris
from _harness import ROOT, run

with atheris.instrument_imports(include=["specgen.check", "specgen.pact"]):
    from specgen import load_spec
    from specgen.check.engine import check_pact
    from specgen.errors import SpecgenError
    from specgen.pact.generate import generate_pact
    from specgen.pact.reader import parse_pact

DEMO = (
    "specs/user-service.yaml",
    "specs/order-service/openapi.yaml",
    "specs/payment-service.yaml",
    "specs/notification-service.yaml",
)
APIS = [load_spec(ROOT / path) for path in DEMO]


def test_one_input(data: bytes) -> None:
    """Check ``data``, read as a pact file, against one demo spec; only SpecgenError may
    escape."""
    if not data:
        return
    api = APIS[data[0] % len(APIS)]
    try:
        doc = json.loads(data[1:])
    except (ValueError, RecursionError):
        return
    try:
        pact = parse_pact(doc, "fuzz.json")
        result = check_pact(api, pact)
    except SpecgenError:
        return
    for finding in result.findings:
        str(finding.message)


def seeds() -> list[bytes]:
    found = []
    for index, api in enumerate(APIS):
        for version in (3, 4):
            text = generate_pact(api, consumer="Fuzz", provider="P", pact_spec=version).text
            found.append(bytes([index]) + text.encode())
    cases = ROOT / "tests" / "check" / "cases"
    for path in sorted(cases.glob("*/pact.json")):
        found.append(b"\x00" + path.read_bytes())
    return found


if __name__ == "__main__":
    run("check_pact", test_one_input, seeds())
