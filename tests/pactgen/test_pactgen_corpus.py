"""Pacts (v3 and v4) for every loadable spec of the corpus sample: no unexpected exception,
every file accepted by the Pact core as specgen reads it, every request of a success
interaction valid for openapi-core (where openapi-core can judge it; ``corpus_worker``
lists where it cannot, and why). Specs are spread over two processes, largest first;
larger specs are capped at ``MAX_OPERATIONS`` operations, spread evenly.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

import pytest

from tests.corpus import corpus
from tests.pactgen.corpus_worker import MAX_OPERATIONS, SpecResult, check_spec

pytestmark = pytest.mark.corpus


def test_pacts_for_the_corpus() -> None:
    if not corpus.available():
        pytest.skip("corpus not installed: run `make corpus`")
    pytest.importorskip("pact_ffi")
    specs = sorted(corpus.selected_specs(), key=lambda p: (-p.stat().st_size, str(p)))
    start = time.perf_counter()
    results: list[SpecResult] = []
    context = multiprocessing.get_context("spawn")  # the parent may hold the Rust core
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        names = [corpus.label(p) for p in specs]
        results = list(pool.map(check_spec, [str(p) for p in specs], names, chunksize=1))
    seconds = time.perf_counter() - start
    counts: Counter[str] = Counter()
    for result in results:
        counts.update(result.counts)
    print(f"\npacts for {len(specs)} corpus specs in {seconds:.0f} s (2 processes)")
    print(f"  at most {MAX_OPERATIONS} operations per spec")
    for key in sorted(counts):
        print(f"  {key}: {counts[key]}")
    for seconds_taken, name in sorted(((r.seconds, r.name) for r in results), reverse=True)[:5]:
        print(f"  slowest: {seconds_taken:5.1f} s  {name}")
    unexpected = [line for r in results for line in r.unexpected]
    rejected = [line for r in results for line in r.rejected]
    assert not unexpected, "\n".join(unexpected[:50])
    assert not rejected, "\n".join(rejected[:50])
    assert counts["specs"] > 0 and counts["v3 interactions"] > 0 and counts["v4 interactions"] > 0
