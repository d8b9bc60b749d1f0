"""The coverage-guided engine: atheris (libFuzzer) instruments the provider's package and
steers a spec-aware decoder with coverage and comparison feedback.

The parent (this module) generates templates (valid drafts, preferring ones the provider
accepted), writes them and seed inputs into the corpus folder, and runs ``--workers``
fuzzer processes (``specgen.probe.atheris_worker``) for the time budget; they share the
corpus folder (libFuzzer reloads it), so a nightly job resumes where the last stopped.
Each failure a worker reports is sent again here, to the parent's own app, and only the
ones that reproduce are recorded: they are then shrunk and reported like any other.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from specgen.errors import UsageError
from specgen.probe.atheris_worker import CREDENTIALS_ENV
from specgen.probe.decoder import build
from specgen.probe.engine_hypothesis import drive
from specgen.probe.events import Note, PhaseStarted
from specgen.probe.messages import Draft
from specgen.probe.session import Session
from specgen.probe.targets import instrumented_packages, load_app
from specgen.spec.model import Operation

#: Templates per operation, and how many positive drafts are tried to find them.
TEMPLATES, CANDIDATES = 6, 24
_DONE = re.compile(r"Done (\d+) runs in (\d+) second")


def templates(session: Session, op: Operation, seeds: Sequence[Draft]) -> list[Draft]:
    """Valid drafts for ``op``: accepted (2xx) ones first. Each candidate is sent (and
    checked) once here."""
    accepted: list[Draft] = []
    others: list[Draft] = []

    def consider(draft: Draft) -> bool:
        ex = session.probe(op, draft)
        ok = ex is not None and 200 <= ex.response.status < 300
        (accepted if ok else others).append(draft)
        return len(accepted) >= TEMPLATES

    for draft in seeds:
        consider(draft)
    if len(accepted) < TEMPLATES:
        strategy = session.generator.drafts(op, "positive")
        drive(
            session,
            op,
            strategy,
            max_examples=CANDIDATES,
            label="templates",
            deadline=None,
            until=consider,
        )
    return (accepted + others)[:TEMPLATES]


def _corpus(session: Session, payload: str) -> tuple[Path, tempfile.TemporaryDirectory[str] | None]:
    digest = hashlib.sha256(payload.encode()).hexdigest()[:12]
    if session.options.corpus is not None:
        folder = session.options.corpus / f"atheris-{digest}"
        folder.mkdir(parents=True, exist_ok=True)
        return folder, None
    tmp = tempfile.TemporaryDirectory(prefix="specgen-corpus-")
    return Path(tmp.name), tmp


def run(session: Session, operations: Sequence[Operation], seeds: dict[str, list[Draft]]) -> None:
    """Fuzz ``operations`` with atheris for the session's time budget."""
    target = session.target
    assert target.app_ref is not None
    try:
        import atheris  # noqa: F401
    except ImportError:
        raise UsageError(
            "--engine atheris needs the atheris package (pip install atheris)"
        ) from None
    plan = []
    for op in operations:
        session.emit(PhaseStarted(op.label, "atheris templates"))
        plan.append((op.key, templates(session, op, seeds.get(op.key, []))))
    plan = [(key, drafts) for key, drafts in plan if drafts]
    if not plan:
        session.emit(Note("warning", "atheris: no valid request could be generated"))
        return
    payload = json.dumps([[k, [d.to_json() for d in ds]] for k, ds in plan], sort_keys=True)
    corpus, tmp = _corpus(session, payload)
    try:
        for index, data in enumerate(build(session.api, plan).seed_inputs()):
            seed_file = corpus / f"seed-{index:04d}"
            if not seed_file.exists():
                seed_file.write_bytes(data)
        _fuzz(session, corpus, plan)
    finally:
        if tmp is not None:
            tmp.cleanup()


def _fuzz(session: Session, corpus: Path, plan: list[tuple[str, list[Draft]]]) -> None:
    options, target = session.options, session.target
    assert target.app_ref is not None
    budget = max(1, int(options.time_budget or 60))
    app = load_app(target.app_ref, factory=target.factory)
    with tempfile.TemporaryDirectory(prefix="specgen-atheris-") as work:
        outputs, logs, procs = [], [], []
        document = Path(work) / "document.json"
        document.write_text(json.dumps(session.api.document), encoding="utf-8")
        config = {
            "document": str(document),
            "name": session.api.name,
            "app": target.app_ref,
            "factory": target.factory,
            "base_path": target.base_path,
            "instrument": instrumented_packages(target.app_ref, app),
            "templates": [[k, [d.to_json() for d in ds]] for k, ds in plan],
            "checks": sorted(session.checks),
            "max_response_time": options.max_response_time,
            "seed": options.seed,
        }
        env = {**os.environ, CREDENTIALS_ENV: json.dumps(session.generator.credentials)}
        env["PYTHONPATH"] = os.pathsep.join([str(Path.cwd()), *sys.path[1:]])
        session.emit(PhaseStarted("(all operations)", f"atheris, {budget}s"))
        fuzz_started = time.monotonic()
        for worker in range(options.workers):
            output = Path(work) / f"found-{worker}.jsonl"
            logs_dir = corpus.parent if options.corpus is not None else Path(work)
            log = logs_dir / f"{corpus.name}.log-{worker}.txt"
            config_file = Path(work) / f"config-{worker}.json"
            config_file.write_text(json.dumps({**config, "output": str(output)}), encoding="utf-8")
            output.touch()
            args = [
                sys.executable,
                "-m",
                "specgen.probe.atheris_worker",
                str(config_file),
                f"-max_total_time={budget}",
                f"-seed={options.seed + worker + 1}",
                "-use_value_profile=1",
                "-timeout=10",
                "-max_len=4096",
                "-print_final_stats=1",
                str(corpus),
            ]
            with log.open("wb") as sink:
                procs.append(subprocess.Popen(args, stdout=sink, stderr=subprocess.STDOUT, env=env))
            outputs.append(output)
            logs.append(log)
        for proc in procs:
            try:
                proc.wait(timeout=budget + 120)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        _collect(session, outputs, logs, fuzz_started)


def _collect(session: Session, outputs: list[Path], logs: list[Path], fuzz_started: float) -> None:
    runs, lost = 0, 0
    for log in logs:
        text = log.read_text(encoding="utf-8", errors="replace")
        done = _DONE.findall(text)
        runs += int(done[-1][0]) if done else 0
        if not done and "ERROR" in text:
            tail = text.strip().splitlines()[-1:] or [""]
            session.emit(Note("warning", f"atheris worker stopped early: {tail[0][:200]}"))
    for output in outputs:
        for line in output.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            op_key, code, cause = item["key"]
            op = session.api.operation(op_key)
            draft = Draft.from_json(item["draft"])
            if op is None:
                continue
            if session.recheck(op, draft, code, cause) is None:
                lost += 1
                continue
            found_after = fuzz_started - session.started + float(item.get("seconds", 0.0))
            session.probe(op, draft, found_after=found_after)
            session.emit(
                Note(
                    "info",
                    f"atheris found {code} on {op.label} after "
                    f"{item.get('executions')} executions ({item.get('seconds', 0):.1f}s)",
                )
            )
    session.emit(Note("info", f"atheris: {runs} executions"))
    if lost:
        session.emit(Note("warning", f"atheris: {lost} failures did not reproduce in a fresh app"))
