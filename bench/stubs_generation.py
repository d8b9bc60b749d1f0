"""Stub generation benchmark: WireMock mappings for the largest corpus spec (Microsoft Graph
beta, 22,361 operations), time and peak memory, beside a peer.

    python bench/stubs_generation.py [--runs 3] [--spec microsoft.com/graph-beta.json]
        [--peer-timeout 900] [--no-peer]

specgen is measured twice, each run in a fresh process: ``generate_stubs`` alone on the
loaded API (in-process time, peak memory above the loaded spec), and the whole CLI,
``specgen stubs SPEC -o DIR`` (interpreter start, loading, generating, writing the files).

No tool that writes WireMock mappings from OpenAPI runs here (WireMock.Net's
OpenApiParser needs .NET; WireMock Cloud's import is a hosted service), so the peer is the
nearest one that does: Stoplight Prism (``prism mock SPEC``), which also turns a spec into
a mock server. It is timed from launch until it answers HTTP, with the peak memory of its
Node process; the ratio compares that with specgen's CLI. Prism is looked for in
``$SPECGEN_PRISM``, ``tools/bench/node_modules/.bin/prism`` (``make bench-tools``) and ``PATH``
(``npm install @stoplight/prism-cli@5.16.0``); without it only specgen is measured.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.corpus import corpus  # noqa: E402

CHILD = r"""
import json, resource, sys, time
from specgen.spec.loader import load_spec
from specgen.stubs.generate import generate_stubs
api = load_spec(sys.argv[1])
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
stubs = generate_stubs(api)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base
cut = sum(1 for m in stubs.mappings if m.metadata["specgen"].get("bodySchemaCut"))
print(json.dumps({"seconds": seconds, "peak_kb": peak, "mappings": len(stubs.mappings),
                  "operations": stubs.operations, "problems": len(stubs.problems), "cut": cut}))
"""


def in_process(spec: Path, runs: int) -> dict[str, float]:
    """Median seconds and peak MiB of ``generate_stubs`` over ``runs`` fresh processes."""
    results = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(spec)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            timeout=1800,
        )
        results.append(json.loads(out.stdout))
    return {
        **results[0],
        "seconds": statistics.median(r["seconds"] for r in results),
        "peak_mib": statistics.median(r["peak_kb"] for r in results) / 1024,
    }


def cli(spec: Path, runs: int) -> tuple[float, float, int]:
    """Median wall seconds and peak MiB of ``specgen stubs SPEC -o DIR``; bytes written."""
    times, peaks, size = [], [], 0
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="specgen-bench-") as out:
            start = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-m", "specgen", "stubs", str(spec), "-o", out],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            _, status, usage = os.wait4(proc.pid, 0)
            times.append(time.perf_counter() - start)
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode not in (0, 2):
                raise SystemExit(f"specgen stubs failed with exit code {proc.returncode}")
            peaks.append(usage.ru_maxrss / 1024)
            size = sum(p.stat().st_size for p in Path(out, "mappings").iterdir())
    return statistics.median(times), statistics.median(peaks), size


def find_prism() -> str | None:
    configured = os.environ.get("SPECGEN_PRISM")
    if configured:
        return configured
    local = ROOT / "tools" / "bench" / "node_modules" / ".bin" / "prism"
    return str(local) if local.exists() else shutil.which("prism")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _peak_kib(pid: int) -> int:
    """VmHWM of ``pid`` and its children (Prism's Node may fork)."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(c) for c in children.read_text().split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def prism(binary: str, spec: Path, timeout: float) -> tuple[float | None, float]:
    """Seconds until ``prism mock`` answers HTTP (None: not within ``timeout``) and its
    peak MiB until then."""
    port = _free_port()
    start = time.perf_counter()
    proc = subprocess.Popen(
        [binary, "mock", str(spec), "-p", str(port), "-h", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        peak = 0
        while time.perf_counter() - start < timeout:
            if proc.poll() is not None:
                raise SystemExit(f"prism exited with code {proc.returncode}")
            peak = max(peak, _peak_kib(proc.pid))
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            except urllib.error.HTTPError:
                return time.perf_counter() - start, peak / 1024  # answering: a 404 is fine
            except OSError:
                time.sleep(0.2)
                continue
            return time.perf_counter() - start, peak / 1024
        return None, peak / 1024
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--spec", default=corpus.LARGEST[0], help="a corpus spec name")
    parser.add_argument("--peer-timeout", type=float, default=900.0)
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args()
    if not corpus.available():
        print("corpus not installed: run `make corpus`", file=sys.stderr)
        return 2
    spec = corpus.DIRECTORY / args.spec
    size = spec.stat().st_size / 1e6
    print(f"{args.spec} ({size:.1f} MB), median of {args.runs} fresh processes\n")
    gen = in_process(spec, args.runs)
    print(
        f"specgen generate_stubs (loaded API)  {gen['seconds']:7.1f} s  {gen['peak_mib']:6.0f} MiB"
        f"   {gen['operations']} operations, {gen['mappings']} mappings, "
        f"{gen['cut']} body schemas cut, {gen['problems']} problems"
    )
    ours = cli(spec, args.runs)
    print(
        f"specgen stubs SPEC -o DIR (whole CLI)  {ours[0]:7.1f} s  {ours[1]:6.0f} MiB"
        f"   {ours[2] / 1e6:.0f} MB of mapping files"
    )
    binary = None if args.no_peer else find_prism()
    if binary is None:
        print("\npeer: Prism not found (set SPECGEN_PRISM or npm install @stoplight/prism-cli)")
        return 0
    seconds, peak = prism(binary, spec, args.peer_timeout)
    if seconds is None:
        print(
            f"prism mock SPEC (until it answers)    not within {args.peer_timeout:.0f} s"
            f" ({peak:.0f} MiB by then)"
        )
        print(f"\nratio specgen CLI / Prism: time < {ours[0] / args.peer_timeout:.2f}x")
        return 0
    print(f"prism mock SPEC (until it answers)    {seconds:7.1f} s  {peak:6.0f} MiB")
    print(
        f"\nratio specgen CLI / Prism: time {ours[0] / seconds:.2f}x, "
        f"memory {ours[1] / max(peak, 1):.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
