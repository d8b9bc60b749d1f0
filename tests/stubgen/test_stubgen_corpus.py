"""Stubs generated for every loadable spec of the corpus sample are accepted by a real
WireMock: one server, mappings imported through the admin API, none refused.

WireMock's stub store makes loading N stubs take time quadratic in N (about 1 s for 5,000,
16 s for 20,000, minutes for Microsoft Graph's 45,000): the store is reset before each
batch of ``BATCH`` mappings, which checks every mapping just the same.
"""

from __future__ import annotations

import collections
import time
from typing import Any

import pytest
from stubgen_support import needs_java

from specgen.errors import SpecgenError
from specgen.spec.loader import load_spec
from specgen.stubs.generate import generate_stubs
from specgen.stubs.wiremock import WireMock
from tests.corpus import corpus

pytestmark = [pytest.mark.corpus, needs_java, pytest.mark.timeout(1800)]
BATCH = 2500


def refused(wiremock: WireMock, batch: list[dict[str, Any]], name: str) -> list[str]:
    """Why WireMock refuses mappings of ``batch``, one line per reason."""
    if wiremock.import_mappings({"mappings": batch}).accepted:
        return []
    found = []
    for mapping in batch:  # one by one, to name the culprits
        result = wiremock.add_mapping(mapping)
        found += [f"{name}: {mapping['name']}: {e}"[:400] for e in result.errors]
    return found or [f"{name}: the import was refused, each mapping alone was accepted"]


def test_corpus_stubs_are_accepted_by_wiremock() -> None:
    if not corpus.available():
        pytest.skip("corpus not installed: run `make corpus`")
    counts: collections.Counter[str] = collections.Counter()
    seconds: collections.Counter[str] = collections.Counter()
    rejected: list[str] = []
    slowest: list[tuple[float, str, int]] = []
    # Full JIT: the server works hard here, and starts once.
    with WireMock(request_journal=False, jvm_args=()) as wiremock:
        for path in corpus.selected_specs():
            name = corpus.label(path)
            start = time.perf_counter()
            try:
                api = load_spec(path)
            except SpecgenError:
                counts["specs not loadable"] += 1
                continue
            loaded = time.perf_counter()
            stubs = generate_stubs(api)
            generated = time.perf_counter()
            mappings = stubs.document()["mappings"]
            for i in range(0, len(mappings), BATCH):
                wiremock.reset()
                rejected += refused(wiremock, mappings[i : i + BATCH], name)
            imported = time.perf_counter()
            seconds["load"] += loaded - start
            seconds["generate"] += generated - loaded
            seconds["import"] += imported - generated
            slowest.append((imported - loaded, name, len(mappings)))
            for problem in stubs.problems:
                assert problem.file and problem.pointer is not None, str(problem)
            counts["specs"] += 1
            counts["operations"] += stubs.operations
            counts["problems (left out, located)"] += len(stubs.problems)
            counts["mappings"] += len(mappings)
            counts["mappings with a cut body schema"] += sum(
                1 for m in stubs.mappings if m.metadata["specgen"].get("bodySchemaCut")
            )
            for mapping in stubs.mappings:
                counts[f"role {mapping.metadata['specgen']['role']}"] += 1
    print("\nstubs for the corpus:", dict(sorted(counts.items())))
    print("seconds:", {k: round(v, 1) for k, v in seconds.items()})
    print("slowest (generate + import):")
    for took, name, n in sorted(slowest, reverse=True)[:5]:
        print(f"  {took:6.1f} s  {n:6d} mappings  {name}")
    assert counts["specs"] > 0
    assert not rejected, "\n".join(rejected[:30])
