"""Fuzzing benchmark: `specgen fuzz --app` beside Schemathesis, both in-process on the same
WSGI app (the reference order service), the same spec and the same number of examples.

    python bench/fuzz_vs_schemathesis.py [--runs 3] [--max-examples 100] [--seed 0]
                                         [--timeout 600] [--only planted|clean]

Two apps: the correct order service (``make_app()``) and the one with its planted bugs
(``make_app(frozenset({"planted"}))``). Every run is a fresh process in its own temporary
directory (no Hypothesis database carried over), with the same seed each time:

* specgen: ``specgen fuzz SPEC --app bench_target:APP --factory --auth-env VAR
  --max-examples N --seed S --report json FILE``, its defaults otherwise (both modes,
  examples, flows, every check, shrinking); not ``-q``: its progress lines are timed;
* Schemathesis (its CLI has no ``--app`` since 4.0): a script loading the spec with
  ``schemathesis.openapi.from_path``, setting ``schema.app`` and running
  ``schemathesis.engine.from_schema(schema).execute()`` as ``schemathesis run`` does, with
  its defaults otherwise (phases examples, coverage, fuzzing, stateful; every check; one
  worker; shrinking), ``max_examples`` N, the seed, ``Authorization: Bearer ...``, no database.

``bench_target`` (written here, to the run's directory) wraps the app in a WSGI middleware
that counts requests, adds up the time spent inside the app and notes when the first and the
last request came. Requests per second are counted over that window; what is left of it once
the app's own time is taken out, per request, is the tool's own cost (generation, checks,
transport). Each process's wall and CPU time (user + system: steadier than wall time on a
busy machine; per request, start-up included) are measured too. Times to a finding are taken
from the launch of the process (interpreter start, imports and spec loading included) and
from its first request: for specgen when its progress line ``found CODE on OPERATION``
reaches stderr, for Schemathesis when a check first reports the failure (a wrapper around
its ``run_checks``); ``time.monotonic`` is one clock for every process on Linux. "First
finding" is any finding; "first planted" the first one of a kind (operation, check) the same
tool did not also report on the correct app. "Examples" mean what each tool makes of them:
specgen sends up to N per operation and mode, plus examples, boundary cases and flows;
Schemathesis N per operation and phase: the request counts show it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from specgen.spec.loader import load_spec  # noqa: E402

SPEC = ROOT / "specs" / "order-service" / "openapi.yaml"
TOKEN_VAR = "SPECGEN_BENCH_TOKEN"
TOKEN = "bench-token"
APPS = ("clean", "planted")
TOOLS = ("specgen", "schemathesis")
FOUND_LINE = re.compile(r"^\s*found (\S+) on (\S+) after ")
Kind = tuple[str, str]  # (operation "METHOD /path", check)

# The app each tool is given: the order service behind a request-counting WSGI middleware.
TARGET = r'''
"""Written by bench/fuzz_vs_schemathesis.py: the order service, counting requests."""
import atexit, json, os, time
from examples.providers.order_service import make_app


class Counting:
    def __init__(self, app):
        self.app, self.requests, self.inside, self.first, self.last = app, 0, 0.0, None, None
        atexit.register(self.dump)

    def __call__(self, environ, start_response):
        start = time.monotonic()
        if self.first is None:
            self.first = start
        self.requests += 1
        try:
            return self.app(environ, start_response)
        finally:
            self.last = time.monotonic()
            self.inside += self.last - start

    def dump(self):
        with open(os.environ["BENCH_COUNTS"], "w") as out:
            json.dump({"requests": self.requests, "inside": self.inside, "first": self.first,
                       "last": self.last}, out)


def planted():
    return Counting(make_app(frozenset({"planted"})))


def clean():
    return Counting(make_app())
'''

# Schemathesis in-process on the same app, as `schemathesis run` drives its engine.
SCHEMATHESIS = r"""
import json, sys, time
import schemathesis
import schemathesis.engine._validate as unit
import schemathesis.engine.run.stateful._executor as stateful
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events, from_schema
import bench_target

spec, app, examples, seed, token, out = sys.argv[1:7]
first = {}

def timed(run_checks):
    def wrapper(*, on_failure, **kwargs):
        def noted(name, collected, failure):
            first.setdefault((failure.operation or "(run)", name), time.monotonic())
            on_failure(name, collected, failure)
        return run_checks(on_failure=noted, **kwargs)
    return wrapper

for module in (unit, stateful):
    module.run_checks = timed(module.run_checks)
config = SchemathesisConfig()
config.update(seed=int(seed), max_failures=None)
config.projects.override.update(headers={"Authorization": f"Bearer {token}"}, workers=1)
config.projects.override.generation.update(max_examples=int(examples), database="none")
schema = schemathesis.openapi.from_path(spec, config=config)
schema.app = getattr(bench_target, app)()
found, errors = set(), []
for event in from_schema(schema).execute():
    if isinstance(event, events.ScenarioFinished):
        for checks in event.recorder.checks.values():
            for check in checks:
                if check.failure_info is not None:
                    operation = check.failure_info.failure.operation or event.recorder.label
                    found.add((operation, check.name))
    elif isinstance(event, events.EngineFinished):
        for failure in event.failures:
            found.add((failure.operation or "(run)", (failure.checks or (failure.title,))[0]))
    elif isinstance(event, events.NonFatalError):
        errors.append(f"{event.label}: {event.info.title}: {event.info.message}")
    elif isinstance(event, events.FatalError):
        errors.append(f"fatal: {event.exception!r}")
with open(out, "w") as f:
    json.dump({"first": [[*kind, at] for kind, at in first.items()], "found": sorted(found),
               "errors": errors}, f)
"""


def launch(argv: list[str], folder: Path, timeout: float) -> dict[str, Any] | None:
    """Run ``argv`` in ``folder``: its launch and end times, exit code and timestamped
    stderr lines, or None when it outlived ``timeout`` (its process group is killed)."""
    env = dict(os.environ)
    env.update(
        PYTHONPATH=os.pathsep.join([str(folder), str(ROOT), env.get("PYTHONPATH", "")]),
        BENCH_COUNTS=str(folder / "counts.json"),
        HYPOTHESIS_STORAGE_DIRECTORY=str(folder / ".hypothesis"),
        COLUMNS="1000",  # progress lines unwrapped
        **{TOKEN_VAR: TOKEN},
    )
    lines: list[tuple[float, str]] = []
    cpu = _children_cpu()
    launched = time.monotonic()
    proc = subprocess.Popen(
        argv,
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    stream = proc.stderr
    assert stream is not None

    def read() -> None:
        for line in stream:
            lines.append((time.monotonic(), line.rstrip("\n")))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return None
    ended = time.monotonic()
    reader.join(timeout=10)
    used = _children_cpu() - cpu  # the children run one at a time
    return {
        "launched": launched,
        "ended": ended,
        "cpu": used,
        "rc": proc.returncode,
        "lines": lines,
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def command(tool: str, app: str, args: argparse.Namespace, out: Path) -> list[str]:
    if tool == "specgen":
        return [
            *(sys.executable, "-m", "specgen", "fuzz", str(SPEC), "--app", f"bench_target:{app}"),
            *("--factory", "--auth-env", TOKEN_VAR, "--max-examples", str(args.max_examples)),
            *("--seed", str(args.seed), "--report", "json", str(out)),
        ]
    return [
        *(sys.executable, "-c", SCHEMATHESIS, str(SPEC), app, str(args.max_examples)),
        *(str(args.seed), TOKEN, str(out)),
    ]


def run_once(tool: str, app: str, args: argparse.Namespace, keys: dict[str, str]) -> dict[str, Any]:
    """One fresh process of ``tool`` against ``app``: requests, times and what it found."""
    with tempfile.TemporaryDirectory(prefix="specgen-bench-fuzz-") as tmp:
        folder = Path(tmp)
        (folder / "bench_target.py").write_text(TARGET, encoding="utf-8")
        out = folder / "result.json"
        proc = launch(command(tool, app, args, out), folder, args.timeout)
        if proc is None:
            return {"timed_out": True}
        if proc["rc"] not in ((0, 1) if tool == "specgen" else (0,)) or not out.exists():
            tail = "\n".join(line for _, line in proc["lines"][-20:])
            raise SystemExit(f"{tool} on {app} failed (exit code {proc['rc']}):\n{tail}")
        counts = json.loads((folder / "counts.json").read_text(encoding="utf-8"))
        result = json.loads(out.read_text(encoding="utf-8"))
    first_at: dict[Kind, float] = {}
    if tool == "specgen":
        found = {(keys.get(f["location"]["operation"], "?"), f["code"]) for f in result["findings"]}
        for at, line in proc["lines"]:
            match = FOUND_LINE.match(line)
            if match:
                kind = (keys.get(match[2], match[2]), match[1])
                first_at[kind] = min(at, first_at.get(kind, at))
        errors: list[str] = []
    else:
        found = {(operation, check) for operation, check in result["found"]}
        first_at = {(operation, check): at for operation, check, at in result["first"]}
        errors = result["errors"]
    requests, first, last = counts["requests"], counts["first"], counts["last"]
    window = last - first if first is not None else 0.0
    return {
        "timed_out": False,
        "requests": requests,
        "rps": requests / window if window > 0 else None,
        "tool_ms": 1000 * (window - counts["inside"]) / requests if requests else None,
        "app_ms": 1000 * counts["inside"] / requests if requests else None,
        "wall": proc["ended"] - proc["launched"],
        "cpu": proc["cpu"],
        "cpu_ms": 1000 * proc["cpu"] / requests if requests else None,
        "startup": first - proc["launched"] if first is not None else None,
        "found_after": {k: at - proc["launched"] for k, at in first_at.items() if k in found},
        "found": found,
        "errors": errors,
    }


def median(values: list[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return statistics.median(kept) if kept else None


def fmt(value: float | None, spec: str = ".2f") -> str:
    return "-" if value is None else format(value, spec)


def ratio(ours: float | None, theirs: float | None) -> str:
    return "-" if not ours or not theirs else f"{ours / theirs:.2f}x"


Runs = dict[tuple[str, str], list[dict[str, Any]]]


def measure(apps: list[str], args: argparse.Namespace, keys: dict[str, str]) -> Runs:
    """Every run of every tool on every app, printing the throughput medians as they come."""
    print(
        f"{'app':8} {'tool':13} {'requests':>8} {'req/s':>7} {'tool ms/req':>11} "
        f"{'app ms/req':>10} {'wall s':>7} {'cpu s':>7} {'cpu ms/req':>10} {'1st request s':>13}"
    )
    runs: Runs = {}
    for app in apps:
        for tool in TOOLS:
            every = [run_once(tool, app, args, keys) for _ in range(args.runs)]
            done = runs[app, tool] = [r for r in every if not r["timed_out"]]
            for error in sorted({e for r in done for e in r["errors"]}):
                print(f"  {tool} error: {error[:300]}", file=sys.stderr)
            row = throughput(done)
            late = len(every) - len(done)
            note = f"  {late} of {len(every)} runs timed out (--timeout {args.timeout:g})"
            print(
                f"{app:8} {tool:13} {fmt(row['requests'], '.0f'):>8} {fmt(row['rps'], '.1f'):>7} "
                f"{fmt(row['tool_ms']):>11} {fmt(row['app_ms']):>10} {fmt(row['wall']):>7} "
                f"{fmt(row['cpu']):>7} {fmt(row['cpu_ms']):>10} "
                f"{fmt(row['startup']):>13}{note if late else ''}",
                flush=True,
            )
    return runs


def throughput(done: list[dict[str, Any]]) -> dict[str, float | None]:
    fields = ("requests", "rps", "tool_ms", "app_ms", "wall", "cpu", "cpu_ms", "startup")
    return {key: median([r[key] for r in done]) for key in fields}


def first_finding(run: dict[str, Any], leave_out: set[Kind]) -> tuple[float, float, Kind] | None:
    """Seconds from launch, and from the first request, to the run's first finding of a kind
    not in ``leave_out``, and that kind."""
    times = sorted((at, kind) for kind, at in run["found_after"].items() if kind not in leave_out)
    if not times:
        return None
    at, kind = times[0]
    return at, at - run["startup"], kind


def first_findings(runs: Runs, found: dict[tuple[str, str], Counter[Kind]]) -> None:
    print(
        "\ntime to first finding on the planted app (medians of the runs with one)\n"
        f"{'tool':13} {'finding':8} {'from launch s':>13} {'from 1st request s':>18} "
        f"{'runs':>5}  first (in most runs)"
    )
    firsts: dict[tuple[str, str], tuple[float | None, float | None]] = {}
    for tool in TOOLS:
        done = runs["planted", tool]
        on_clean = set(found.get(("clean", tool), ()))
        for label, leave_out in (("any", set()), ("planted", on_clean)):
            hits = [hit for hit in (first_finding(r, leave_out) for r in done) if hit]
            at = median([hit[0] for hit in hits])
            after = median([hit[1] for hit in hits])
            firsts[tool, label] = at, after
            kinds = Counter(hit[2] for hit in hits).most_common(1)
            kind = " ".join(kinds[0][0]) if kinds else "-"
            print(
                f"{tool:13} {label:8} {fmt(at):>13} {fmt(after):>18} "
                f"{len(hits):>2}/{len(done):<2}  {kind}"
            )
    cells = []
    for label in ("any", "planted"):
        (ours, ours_after), (theirs, theirs_after) = (
            firsts["specgen", label],
            firsts["schemathesis", label],
        )
        cells.append(
            f"{label} {ratio(ours, theirs)} (from the first request "
            f"{ratio(ours_after, theirs_after)})"
        )
    print("ratio specgen / schemathesis: " + ", ".join(cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-examples", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per run")
    parser.add_argument("--only", choices=APPS)
    args = parser.parse_args()
    try:
        import schemathesis
    except ImportError:
        print("schemathesis not installed: pip install schemathesis", file=sys.stderr)
        return 2
    keys = {op.operation_id: op.key for op in load_spec(SPEC).operations if op.operation_id}
    apps = [app for app in APPS if args.only in (None, app)]
    print(
        f"order service in-process (WSGI), {SPEC.relative_to(ROOT)}: {args.max_examples} "
        f"examples per operation, seed {args.seed}, median of {args.runs} fresh processes, "
        f"schemathesis {schemathesis.__version__}\n"
    )
    runs = measure(apps, args, keys)
    print("\nratio specgen / schemathesis (req/s above 1, times below 1: specgen is faster)")
    for app in apps:
        ours, theirs = throughput(runs[app, "specgen"]), throughput(runs[app, "schemathesis"])
        print(
            f"{app:8} req/s {ratio(ours['rps'], theirs['rps'])}, tool ms/req "
            f"{ratio(ours['tool_ms'], theirs['tool_ms'])}, wall "
            f"{ratio(ours['wall'], theirs['wall'])}, cpu {ratio(ours['cpu'], theirs['cpu'])}, "
            f"cpu per request {ratio(ours['cpu_ms'], theirs['cpu_ms'])}"
        )
    found = {key: Counter(k for r in done for k in r["found"]) for key, done in runs.items()}
    if "planted" in apps:
        first_findings(runs, found)
    print("\nfound (operation, check: in how many runs)")
    for app in apps:
        for tool in TOOLS:
            items = sorted(found[app, tool].items()) or [(("nothing", ""), 0)]
            for n, ((operation, check), count) in enumerate(items):
                head = f"{app:8} {tool:13}" if n == 0 else " " * 22
                times = f" {count}/{len(runs[app, tool])}" if count else ""
                print(f"{head} {operation} {check}{times}".rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
