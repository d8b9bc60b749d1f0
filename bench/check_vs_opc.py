"""Cross-check benchmark: `specgen check` beside PactFlow's comparator (`opc`) on the same
files: 200 pacts of 5 interactions each against GitHub's spec, then against Stripe's.

    python bench/check_vs_opc.py [--runs 5] [--pacts 200] [--per-pact 5] [--only github]
                                 [--source builder|generator]

The pacts are written here, from the spec (seeded; the same files every run): each picks
operations with a JSON success response and has a request with its path, required query
and header parameters and JSON body, and a response with the documented status, the
``Content-Type`` and a body, all from the spec's own examples or synthesised valid values
(``specgen.schema.example_value``). Each tool runs as a whole process on all the files at
once (interpreter or Node start included), several times; the script prints the median wall
time, CPU time (user + system: steadier than wall time on a busy machine) and peak memory
(max RSS) of each, specgen's ratios to `opc`, and how many pacts each tool found with
errors. ``--source generator`` draws the interactions from `specgen.generate_pact` instead
(its response bodies carry matching rules, which specgen also checks).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from specgen.errors import SpecError
from specgen.schema import Direction, example_value, string_form
from specgen.spec.api import API
from specgen.spec.loader import load_spec
from specgen.spec.model import Operation, ParameterLocation
from tests.corpus import corpus

ROOT = Path(__file__).resolve().parents[1]
OPC = ROOT / "tools" / "npm" / "node_modules" / ".bin" / "opc"
SPECS = {"github": "github.com/api.github.com.json", "stripe": "stripe.com.json"}
SEED = 20261126

# Runs a command and prints its wall time and peak memory (the only child, so its max RSS).
TIMER = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_kb": usage.ru_maxrss, "rc": proc.returncode,
                  "stdout": proc.stdout.decode("utf-8", "replace")}))
"""


def _value(api: API, schema: Any, direction: Direction, seed: int) -> Any:
    return example_value(api, schema, direction=direction, seed=seed)


def interaction(api: API, op: Operation, seed: int) -> dict[str, Any] | None:
    """A valid interaction for ``op`` (None when the spec gives no way to build one)."""
    response = next((r for r in op.responses if r.status.startswith("2") and not r.is_range), None)
    media = (
        next((m for m in response.content if "json" in m.media_type), None) if response else None
    )
    if response is None or media is None or media.schema is None:
        return None
    try:
        path = op.path
        query: dict[str, list[str]] = {}
        headers: dict[str, str] = {"Accept": media.media_type}
        for param in op.parameters:
            if param.schema is None or not (
                param.required or param.location is ParameterLocation.PATH
            ):
                continue
            text = string_form(_value(api, param.schema, Direction.REQUEST, seed))
            if text is None:
                return None
            if param.location is ParameterLocation.PATH:
                path = path.replace("{" + param.name + "}", text or "x")
            elif param.location is ParameterLocation.QUERY:
                query[param.name] = [text]
            elif param.location is ParameterLocation.HEADER:
                headers[param.name] = text
        credentials(api, op, headers, query)
        request: dict[str, Any] = {"method": op.method, "path": path, "headers": headers}
        if query:
            request["query"] = query
        body = op.request_body
        if body is not None and body.required:
            sent = next((m for m in body.content if m.media_type == "application/json"), None)
            if sent is None or sent.schema is None:
                return None
            request["body"] = _value(api, sent.schema, Direction.REQUEST, seed)
            headers["Content-Type"] = "application/json"
        reply = _value(api, media.schema, Direction.RESPONSE, seed)
    except SpecError:
        return None
    return {
        "description": f"{op.label} {seed}",
        "providerStates": [{"name": f"{op.label} works"}],
        "request": request,
        "response": {
            "status": int(response.status),
            "headers": {"Content-Type": media.media_type},
            "body": reply,
        },
    }


def credentials(
    api: API, op: Operation, headers: dict[str, str], query: dict[str, list[str]]
) -> None:
    """Add what the operation's first security requirement asks for."""
    for name, _ in op.security[0].schemes if op.security else ():
        scheme = api.security_schemes.get(name)
        if scheme is None:
            continue
        kind = scheme.type.lower()
        if kind == "apikey" and scheme.location == "header":
            headers[scheme.parameter_name or "X-Api-Key"] = "key"
        elif kind == "apikey" and scheme.location == "query":
            query[scheme.parameter_name or "api_key"] = ["key"]
        elif kind == "apikey" and scheme.location == "cookie":
            headers["Cookie"] = f"{scheme.parameter_name}=key"
        elif kind == "http" and (scheme.scheme or "").lower() == "basic":
            headers["Authorization"] = "Basic dXNlcjpwYXNz"
        elif kind == "http":
            headers["Authorization"] = f"{scheme.scheme} token"
        elif kind in ("oauth2", "openidconnect"):
            headers["Authorization"] = "Bearer token"


def generated_interactions(api: API) -> list[dict[str, Any]]:
    """Every interaction specgen's own generator writes for the spec (v3, with matching
    rules on the response bodies)."""
    from specgen import generate_pact

    document = json.loads(generate_pact(api, consumer="Bench", provider=api.title).text)
    return list(document["interactions"])


def write_generated(api: API, folder: Path, count: int, per_pact: int) -> list[Path]:
    """``count`` pact files of ``per_pact`` interactions drawn (seeded) from the generator's
    pact for the whole spec."""
    rng = random.Random(SEED)
    pool = generated_interactions(api)
    files = []
    for n in range(count):
        chosen = [dict(item) for item in rng.sample(pool, min(per_pact, len(pool)))]
        for i, item in enumerate(chosen):
            item["description"] = f"{item['description']} #{n}-{i}"
        files.append(write_pact(folder, n, api.title, chosen))
    return files


def write_pact(folder: Path, n: int, provider: str, interactions: list[Any]) -> Path:
    """Pact file number ``n`` (Pact v3), consumer ``Consumer{n}``."""
    pact = {
        "consumer": {"name": f"Consumer{n:03d}"},
        "provider": {"name": provider},
        "interactions": interactions,
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }
    path = folder / f"pact-{n:03d}.json"
    path.write_text(json.dumps(pact), encoding="utf-8")
    return path


def write_pacts(api: API, folder: Path, count: int, per_pact: int) -> list[Path]:
    """``count`` pact files of ``per_pact`` interactions each, under ``folder``."""
    rng = random.Random(SEED)
    candidates = [op for op in api.operations if "{" not in op.path or op.parameters]
    built: dict[str, dict[str, Any]] = {}
    files = []
    for n in range(count):
        interactions = []
        while len(interactions) < per_pact:
            op = rng.choice(candidates)
            key = op.key
            if key not in built:
                made = interaction(api, op, 0)
                built[key] = made or {}
            if built[key]:
                item = dict(built[key], description=f"{key} #{n}-{len(interactions)}")
                interactions.append(item)
        files.append(write_pact(folder, n, api.title, interactions))
    return files


def timed(argv: list[str]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", TIMER, *argv], capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def failing_pacts_specgen(report: str) -> int:
    data = json.loads(report)
    files = {f["location"].get("source_file") for f in data["findings"] if f["severity"] == "error"}
    return len(files)


def failing_pacts_opc(stdout: str) -> int:
    lines = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    return sum(1 for results in lines if any(r.get("type") == "error" for r in results))


def bench(name: str, spec: Path, args: argparse.Namespace) -> None:
    api = load_spec(spec)
    with tempfile.TemporaryDirectory(prefix="specgen-bench-") as tmp:
        write = write_generated if args.source == "generator" else write_pacts
        pacts = write(api, Path(tmp), args.pacts, args.per_pact)
        files = [str(p) for p in pacts]
        ours_cmd = [
            sys.executable,
            "-m",
            "specgen",
            "check",
            "--spec",
            str(spec),
            "--format",
            "json",
            *files,
        ]
        opc_cmd = [str(OPC), "--oas", str(spec), *files]
        ours = [timed(ours_cmd) for _ in range(args.runs)]
        theirs = [timed(opc_cmd) for _ in range(args.runs)]
    c_ours = statistics.median(r["cpu"] for r in ours)
    c_opc = statistics.median(r["cpu"] for r in theirs)
    t_ours = statistics.median(r["seconds"] for r in ours)
    t_opc = statistics.median(r["seconds"] for r in theirs)
    m_ours = statistics.median(r["peak_kb"] for r in ours) / 1024
    m_opc = statistics.median(r["peak_kb"] for r in theirs) / 1024
    opc_lines = len([line for line in theirs[0]["stdout"].splitlines() if line.strip()])
    opc_note = "" if opc_lines == len(files) else f" (opc answered for {opc_lines} of them)"
    print(
        f"{name:8} {len(files):4} pacts x {args.per_pact} ({args.source}) | specgen "
        f"{t_ours:6.2f} s wall {c_ours:6.2f} s cpu {m_ours:5.0f} MiB | opc {t_opc:6.2f} s "
        f"wall {c_opc:6.2f} s cpu {m_opc:5.0f} MiB | ratio: wall {t_ours / t_opc:4.2f}x, cpu "
        f"{c_ours / c_opc:4.2f}x, memory {m_ours / m_opc:4.2f}x | pacts with errors: "
        f"specgen {failing_pacts_specgen(ours[0]['stdout'])}, opc "
        f"{failing_pacts_opc(theirs[0]['stdout'])}{opc_note}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pacts", type=int, default=200)
    parser.add_argument("--per-pact", type=int, default=5)
    parser.add_argument("--only", choices=sorted(SPECS))
    parser.add_argument(
        "--source",
        choices=("builder", "generator"),
        default="builder",
        help="pacts from this script's builder (examples, no matching rules) or from "
        "`specgen.generate_pact` (matching rules on every response field)",
    )
    args = parser.parse_args()
    if not corpus.available():
        print("corpus not installed: run `make corpus`", file=sys.stderr)
        return 2
    if not OPC.exists():
        print("opc not installed: run `make npm-tools`", file=sys.stderr)
        return 2
    print(f"median of {args.runs} runs, whole processes; ratio < 1 means specgen is faster")
    for name, rel in SPECS.items():
        if args.only in (None, name):
            bench(name, corpus.DIRECTORY / rel, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
