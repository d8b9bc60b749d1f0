"""``make demo`` end to end: the same script, on a temporary output folder. It must exit 0,
show every step's result, write the artifacts it names, and leave no process running."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.timeout(400)]


def processes_mentioning(text: str) -> list[str]:
    """Command lines of running processes that contain ``text``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if text in cmdline:
            found.append(cmdline)
    return found


def test_demo_runs_the_whole_loop(tmp_path: Path) -> None:
    out = tmp_path / "demo-out"
    done = subprocess.run(
        [sys.executable, "-m", "examples.demo", "--out", str(out)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=360,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    text = done.stdout
    for step in range(1, 6):
        assert f"[{step}/5]" in text

    # 1: a pact per pair, stubs per provider
    pacts = {p.name: json.loads(p.read_text()) for p in (out / "pacts").glob("*.json")}
    assert set(pacts) == {
        "WebFrontend-UserService.json",
        "OrderService-PaymentService.json",
        "PaymentService-NotificationService.json",
        "OrderService-UserService.json",
    }
    assert all(p["interactions"] for p in pacts.values())
    for service in ("user-service", "order-service", "payment-service", "notification-service"):
        assert list((out / "stubs" / service / "mappings").glob("*.json")), service

    # 2: the consumer got its answers from the stubs
    assert "POST /payments/pay_" in text and "capture  200  captured" in text
    assert "400  application/problem+json" in text

    # 3: clean matrix first, then WebFrontend breaks on the changed User Service
    first, _, second = text.partition("The identity team's next spec")
    assert "FAIL" not in first.split("[3/5]")[1]
    webfrontend = next(line for line in second.splitlines() if line.strip().startswith("WebFront"))
    assert "FAIL" in webfrontend
    order_row = next(line for line in second.splitlines() if line.strip().startswith("OrderServ"))
    assert "FAIL" not in order_row
    assert "request.body.incompatible" in second
    assert (out / "reports" / "matrix-next.xml").is_file()

    # 4: the planted bugs, with reproducers that fail while the bugs are there
    fuzz = json.loads((out / "reports" / "fuzz.json").read_text())
    found = {(f["location"]["operation"], f["code"]) for f in fuzz["findings"]}
    assert ("createOrder", "fuzz.negative-data-accepted") in found
    assert list((out / "reproducers").glob("test_*.py"))
    assert "failed" in text.split("The reproducers fail")[1]

    # 5: nothing left running
    assert "nothing left running" in text
    assert processes_mentioning(str(out)) == []
