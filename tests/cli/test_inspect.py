"""`specgen inspect` output, pinned by snapshots of the demo specs."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, Run

SNAPSHOTS = Path(__file__).parent / "snapshots"
SPECS = ["user-service.yaml", "order-service/openapi.yaml", "payment-service.yaml",
         "notification-service.yaml"]
UPDATE = os.environ.get("SPECGEN_UPDATE_SNAPSHOTS") == "1"


def _snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} changed; rerun with SPECGEN_UPDATE_SNAPSHOTS=1 if intended")


@pytest.mark.parametrize("spec", SPECS)
def test_inspect_text_snapshot(spec: str, cli: Callable[..., Run]) -> None:
    run = cli("inspect", f"specs/{spec}")
    assert run.code == 0, run.err
    _snapshot(spec.replace("/", "_") + ".txt", run.out)


@pytest.mark.parametrize("spec", SPECS)
def test_inspect_json_is_valid_and_complete(spec: str, cli: Callable[..., Run]) -> None:
    run = cli("inspect", "--format", "json", f"specs/{spec}")
    assert run.code == 0, run.err
    listing = json.loads(run.out)
    assert listing["problems"] == []
    ops = listing["operations"]
    assert ops and all(op["operationId"] and op["statuses"] for op in ops)
    _snapshot(spec.replace("/", "_") + ".json", run.out)


def test_user_service_lists_its_operations(cli: Callable[..., Run]) -> None:
    listing = json.loads(cli("inspect", "--format", "json", "specs/user-service.yaml").out)
    got = {(op["method"], op["path"], op["operationId"]) for op in listing["operations"]}
    assert {("GET", "/users", "listUsers"), ("POST", "/users", "createUser"),
            ("GET", "/users/{userId}", "getUser")} <= got
    create = next(op for op in listing["operations"] if op["operationId"] == "createUser")
    assert create["statuses"] == ["201", "400", "401", "409"]
    assert listing["format"] == "openapi-3.0"


def test_output_file_is_written(cli: Callable[..., Run], tmp_path: Path) -> None:
    target = tmp_path / "out" / "listing.json"
    run = cli("inspect", "--format", "json", "-o", str(target), "specs/user-service.yaml")
    assert run.code == 0 and run.out == ""
    assert json.loads(target.read_text())["title"] == "User Service"


def test_validate_reports_structural_errors(cli: Callable[..., Run],
                                            write: Callable[[str, object], Path]) -> None:
    assert cli("validate", "specs/order-service/openapi.yaml").code == 0
    bad = write("bad.yaml", {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
                             "paths": {"/a": {"get": {"responses": {"200": {}}}}}})
    run = cli("validate", str(bad))
    assert run.code == 1
    assert f"{bad}:/paths/~1a/get/responses/200:" in run.out


def test_version_and_help(cli: Callable[..., Run]) -> None:
    from specgen import __version__
    from specgen.commands import COMMANDS

    assert cli("--version").out.strip() == f"specgen {__version__}"
    top = cli("--help")
    assert top.code == 0
    for command in COMMANDS:
        assert command in top.out
        assert cli(command, "--help").code == 0
    assert ROOT.exists()
