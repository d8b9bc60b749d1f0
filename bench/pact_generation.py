"""Pact generation benchmark: ``generate_pact`` on the largest corpus spec (by operations,
Microsoft Graph beta) and a few other large ones, whole (no cap), each in a fresh process.

    python bench/pact_generation.py [--runs 1] [--only NAME] [--pact-spec 3|4]

Prints, per spec, the load time, the generation time (the spec already loaded), the peak
memory above interpreter start, the interactions and skipped responses, and the file size.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.corpus import corpus

SPECS = (
    "microsoft.com/graph-beta.json",
    "github.com/api.github.com.json",
    "stripe.com.json",
)
CHILD = r"""
import json, resource, sys, time
from specgen.pact.generate import generate_pact
from specgen.spec.loader import load_spec
path, version = sys.argv[1], int(sys.argv[2])
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
api = load_spec(path)
loaded = time.perf_counter()
result = generate_pact(api, consumer="Bench", provider="Provider", pact_spec=version)
done = time.perf_counter()
print(json.dumps({
    "load": loaded - start,
    "generate": done - loaded,
    "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base,
    "operations": len(api.operations),
    "interactions": result.interactions,
    "skipped": len(result.skipped),
    "bytes": len(result.text.encode()),
}))
"""


def measure(path: Path, version: int, runs: int) -> dict[str, float]:
    """The median of each figure over ``runs`` fresh processes."""
    rows = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), str(version)],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(out.stdout))
    return {key: statistics.median(row[key] for row in rows) for key in rows[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--only", metavar="NAME")
    parser.add_argument("--pact-spec", type=int, choices=(3, 4), default=4)
    args = parser.parse_args()
    if not corpus.available():
        sys.exit("corpus not installed: run `make corpus`")
    print(f"generate_pact, Pact v{args.pact_spec}, median of {args.runs} fresh process(es)")
    print(
        f"{'spec':34} {'ops':>6} {'load s':>7} {'gen s':>7} {'peak MiB':>9} "
        f"{'interactions':>12} {'skipped':>8} {'MiB':>6}"
    )
    for name in SPECS:
        if args.only and args.only not in name:
            continue
        row = measure(corpus.DIRECTORY / name, args.pact_spec, args.runs)
        print(
            f"{name:34} {row['operations']:6.0f} {row['load']:7.2f} {row['generate']:7.2f} "
            f"{row['peak_kb'] / 1024:9.0f} {row['interactions']:12.0f} {row['skipped']:8.0f} "
            f"{row['bytes'] / 2**20:6.1f}"
        )


if __name__ == "__main__":
    main()
