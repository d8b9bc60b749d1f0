"""Running PactFlow's comparator (``opc``, npm ``@pactflow/openapi-pact-comparator``) in tests.

``run_opc(spec, pacts)`` returns, per pact and in order, the list of results ``opc`` printed
(dicts with ``code``, ``message``, ``type`` and usually ``mockDetails``/``specDetails``).
``opc`` prints one JSON array per pact per line and exits with the number of pacts that have
errors, so the exit status is not a failure; a crash (a pact it cannot parse stops the run
with a stack trace) or a timeout raises :class:`OpcError`. ``require_opc()`` skips the test
when the tool or Node.js is not installed (``make npm-tools``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

OPC = ROOT / "tools" / "npm" / "node_modules" / ".bin" / "opc"

Result = dict[str, Any]


class OpcError(RuntimeError):
    """``opc`` crashed, timed out or printed something that is not one JSON array per pact."""


def opc_missing() -> str | None:
    """Why ``opc`` cannot run here, or None when it can."""
    if not OPC.exists():
        return f"{OPC.relative_to(ROOT)} is not installed (make npm-tools)"
    if shutil.which("node") is None:
        return "node is not on PATH"
    return None


def require_opc() -> Path:
    """The ``opc`` executable; skips the calling test when it cannot run."""
    reason = opc_missing()
    if reason:
        pytest.skip(reason)
    return OPC


def run_opc(
    spec: str | os.PathLike[str],
    pacts: Sequence[str | os.PathLike[str]],
    *,
    timeout: float = 120.0,
) -> list[list[Result]]:
    """``opc --oas SPEC PACT...``: the results for each pact, in the order given."""
    if not pacts:
        return []
    command = [str(OPC), "--oas", os.fspath(spec), *(os.fspath(p) for p in pacts)]
    try:
        proc = subprocess.run(
            command,
            capture_output=True,
            timeout=timeout,
            env={**os.environ, "NO_COLOR": "1"},
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise OpcError(f"opc did not finish within {timeout} s") from None
    except OSError as exc:
        raise OpcError(f"opc could not start: {exc}") from None
    lines = [line for line in proc.stdout.decode("utf-8", "replace").splitlines() if line.strip()]
    stderr = proc.stderr.decode("utf-8", "replace").strip()
    if len(lines) != len(pacts):
        tail = stderr[-2000:] or "(no stderr)"
        raise OpcError(
            f"opc printed {len(lines)} result lines for {len(pacts)} pacts "
            f"(exit {proc.returncode}): {tail}"
        )
    results: list[list[Result]] = []
    for line in lines:
        try:
            parsed = json.loads(line)
        except ValueError:
            raise OpcError(f"opc printed a line that is not JSON: {line[:200]!r}") from None
        if not isinstance(parsed, list) or not all(isinstance(r, dict) for r in parsed):
            raise OpcError(f"opc printed something other than an array of results: {line[:200]!r}")
        results.append(parsed)
    return results


def codes(results: Sequence[Result]) -> list[tuple[str, str]]:
    """``(type, code)`` of each result, sorted: handy for assertions."""
    return sorted((str(r.get("type")), str(r.get("code"))) for r in results)
