"""The coverage-guided engine finds the planted magic-value bug (a 500 only when a line item's
``sku`` is exactly ``"SKU-FUZZ-42"``) that the hypothesis engine misses in the same budget;
its reproducer fails against the planted provider and passes against the fixed one; the
corpus persists in ``--corpus``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, Run

pytest.importorskip("atheris")

pytestmark = pytest.mark.slow

SPEC = "specs/order-service/openapi.yaml"
BUDGET = "12"
MODULE = "from examples.providers.order_service import make_app\n"
MODULE += "app = make_app(frozenset({'planted'}))\nfixed = make_app()\n"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "magic_orders.py").write_text(MODULE, encoding="utf-8")
    return {"PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]), "TOKEN": "t0ken"}


def fuzz(cli: Callable[..., Run], env: dict[str, str], out: Path, *extra: str) -> set[str]:
    result = cli(
        *f"fuzz {SPEC} --app magic_orders:app --auth-env TOKEN --include createOrder"
        f" --time-budget {BUDGET} --no-flows --report json {out}/fuzz.json"
        f" --reproducers {out}/repro".split(),
        *extra,
        env=env,
    )
    assert result.code in (0, 1), result.err
    report = json.loads((out / "fuzz.json").read_text(encoding="utf-8"))
    return {f["details"]["curl"] for f in report["findings"] if f["code"] == "fuzz.server-error"}


def test_atheris_finds_the_magic_value_hypothesis_misses(
    cli: Callable[..., Run], env: dict[str, str], tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    found = fuzz(cli, env, tmp_path / "atheris", "--engine", "atheris", "--corpus", str(corpus))
    assert len(found) == 1
    assert '"sku": "SKU-FUZZ-42"' in found.pop()
    assert any(p.is_file() for p in corpus.rglob("*")), "the corpus is kept"

    repro = tmp_path / "atheris" / "repro"
    [test_file] = repro.glob("test_fuzz_server_error_createOrder_*.py")

    def reproduce(app: str) -> int:
        run_env = {**os.environ, **env, "SPECGEN_APP": app}
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)]
        return subprocess.run(command, cwd=repro, env=run_env, capture_output=True).returncode

    assert reproduce("magic_orders:app") == 1
    assert reproduce("magic_orders:fixed") == 0

    # Same spec, operation, budget and seed: random generation does not hit the string.
    missed = fuzz(cli, env, tmp_path / "hypothesis", "--max-examples", "1000000")
    assert missed == set()
