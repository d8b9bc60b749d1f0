"""Loading benchmark: specgen's loader beside plain `json.load` and openapi-spec-validator
on the ten largest corpus specs (by operation count), each measured in a fresh process.

    python bench/load_specs.py [--runs 3] [--validator-timeout 300] [--only NAME]

Prints, per spec, the median wall time and the peak memory above interpreter start of each,
and the ratios to `json.load`. Then the CLI target: `specgen inspect` on GitHub's spec
against `python -c 'json.load(...)'`, both as whole processes (interpreter start included).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.corpus import corpus

CHILD = r"""
import json, resource, sys, time
kind, path = sys.argv[1], sys.argv[2]
if kind == "specgen":
    from specgen.spec.loader import load_spec
elif kind == "validator":
    from openapi_spec_validator import validate
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
if kind == "json":
    with open(path, "rb") as fh:
        json.load(fh)
elif kind == "specgen":
    load_spec(path).matcher
else:
    with open(path, "rb") as fh:
        validate(json.load(fh))
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base
print(json.dumps({"seconds": seconds, "peak_kb": peak}))
"""


def measure(kind: str, path: Path, runs: int, timeout: float) -> tuple[float, float] | None:
    """Median seconds and median peak MiB of ``runs`` fresh processes (None on timeout)."""
    times, peaks = [], []
    for _ in range(runs):
        try:
            out = subprocess.run(
                [sys.executable, "-c", CHILD, kind, str(path)],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=True,
            )
        except subprocess.TimeoutExpired:
            return None
        result = json.loads(out.stdout)
        times.append(result["seconds"])
        peaks.append(result["peak_kb"] / 1024)
    return statistics.median(times), statistics.median(peaks)


def whole_process(argv: list[str], runs: int) -> float:
    """Median wall time of a whole command."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--validator-runs", type=int, default=1)
    parser.add_argument("--validator-timeout", type=float, default=300.0)
    parser.add_argument("--only", help="run only specs whose name contains this")
    args = parser.parse_args()
    if not corpus.available():
        print("corpus not installed: run `make corpus`", file=sys.stderr)
        return 2
    names = [n for n in corpus.LARGEST if not args.only or args.only in n]
    print(
        f"{'spec':34} {'MB':>5} | {'json.load':>14} | {'specgen':>14} {'ratio':>11} |"
        f" {'spec-validator':>16} {'ratio':>8}"
    )
    print(
        f"{'':34} {'':>5} | {'s':>6} {'MiB':>7} | {'s':>6} {'MiB':>7} {'t':>5} {'mem':>5} |"
        f" {'s':>8} {'MiB':>7} {'t':>8}"
    )
    for name in names:
        path = corpus.DIRECTORY / name
        size = path.stat().st_size / 1e6
        base = measure("json", path, args.runs, 600)
        ours = measure("specgen", path, args.runs, 600)
        validator = measure("validator", path, args.validator_runs, args.validator_timeout)
        assert base and ours
        v_text = (
            f"{validator[0]:8.2f} {validator[1]:7.0f} {validator[0] / base[0]:7.0f}x"
            if validator
            else f"{'timeout':>8} {'':>7} {'':>8}"
        )
        print(
            f"{name:34} {size:5.1f} | {base[0]:6.2f} {base[1]:7.0f} | {ours[0]:6.2f} "
            f"{ours[1]:7.0f} {ours[0] / base[0]:4.1f}x {ours[1] / max(base[1], 1):4.1f}x |"
            f" {v_text}",
            flush=True,
        )
    github = corpus.DIRECTORY / "github.com/api.github.com.json"
    plain = whole_process(
        [sys.executable, "-c", f"import json; json.load(open({str(github)!r}, 'rb'))"], 5
    )
    inspect = whole_process([sys.executable, "-m", "specgen", "inspect", str(github)], 5)
    print(
        f"\nCLI target: `specgen inspect` on GitHub's spec {inspect:.2f} s vs "
        f"`python -c json.load` {plain:.2f} s: {inspect / plain:.2f}x (target <= 2x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
