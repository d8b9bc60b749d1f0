"""specgen's own atheris harnesses (``fuzz/*.py``): a short libFuzzer run of each, and every
crashing input kept under ``fuzz/regressions/<harness>/`` replayed as a regression test."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytest.importorskip("atheris")

FUZZ = ROOT / "fuzz"
HARNESSES = ("load_spec", "pact_reader", "path_matcher", "check_pact")
#: Crashes found by the harnesses and not fixed yet (in code the probe does not own).
# Inputs that once crashed a harness; each must now load or fail cleanly.
KNOWN: dict[str, str] = {}


def harness(name: str) -> Callable[[bytes], None]:
    if str(FUZZ) not in sys.path:
        sys.path.insert(0, str(FUZZ))
    module = importlib.import_module(name)
    function: Callable[[bytes], None] = module.test_one_input
    return function


@pytest.mark.parametrize("name", HARNESSES)
def test_short_libfuzzer_run(name: str, tmp_path: Path) -> None:
    seeds = [p for p in sorted((ROOT / "specs").rglob("*.yaml"))]
    for index, path in enumerate(seeds):
        (tmp_path / f"seed-{index}").write_bytes(path.read_bytes())
    run = subprocess.run(
        [sys.executable, str(FUZZ / f"{name}.py"), "-runs=300", "-seed=1", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Done 300 runs" in run.stderr


def regression_cases() -> list[object]:
    cases: list[object] = []
    for name in HARNESSES:
        for path in sorted((FUZZ / "regressions" / name).glob("*")):
            marks = []
            if path.name in KNOWN:
                marks.append(pytest.mark.xfail(reason=KNOWN[path.name], strict=True))
            cases.append(pytest.param(name, path, marks=marks, id=f"{name}/{path.name}"))
    return cases


@pytest.mark.parametrize(("name", "path"), regression_cases())
def test_regression_inputs_no_longer_crash(name: str, path: Path) -> None:
    harness(name)(path.read_bytes())
