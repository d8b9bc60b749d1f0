"""Fuzz the pact reader: bytes -> JSON -> ``specgen.pact.reader.parse_pact``.

    python fuzz/pact_reader.py -runs=100000 [CORPUS_DIR]

Seeds: the pact cases under ``tests/pact/cases``. Input that is not JSON is skipped; for
JSON, anything but a ``SpecgenError`` is a crash.
"""

from __future__ import annotations

import json

import atheris
from _harness import ROOT, run

with atheris.instrument_imports(include=["specgen.pact"]):
    from specgen.errors import SpecgenError
    from specgen.pact.reader import parse_pact


def test_one_input(data: bytes) -> None:
    """Read ``data`` as a pact file; only SpecgenError may escape."""
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        return
    try:
        pact = parse_pact(doc, "fuzz.json")
    except SpecgenError:
        return
    for interaction in pact.http_interactions:
        interaction.request.body.raw()
        interaction.response.body.raw()


def seeds() -> list[bytes]:
    cases = ROOT / "tests" / "pact" / "cases"
    return [p.read_bytes() for p in sorted(cases.rglob("*.json")) if "expected" not in p.name]


if __name__ == "__main__":
    run("pact_reader", test_one_input, seeds())
