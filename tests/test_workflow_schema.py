"""The example CI workflows validate against SchemaStore's GitHub Actions workflow schema
(the copy check-jsonschema vendors, so no network)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / "examples" / "ci").glob("*.yml"))


def workflow_schema() -> Any:
    vendored = resources.files("check_jsonschema.builtin_schemas.vendor")
    return json.loads(vendored.joinpath("github-workflows.json").read_text(encoding="utf-8"))


def violations(document: Any) -> list[str]:
    validator = jsonschema.Draft7Validator(workflow_schema())
    errors = validator.iter_errors(document)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def load_workflow(path: Path) -> Any:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["on"] = document.pop(True, document.get("on"))  # YAML 1.1 reads `on:` as True
    return document


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_fits_the_github_schema(workflow: Path) -> None:
    assert violations(load_workflow(workflow)) == []


def test_the_schema_catches_a_broken_workflow() -> None:
    document = load_workflow(WORKFLOWS[0])
    job = next(iter(document["jobs"].values()))
    job["runs-on"] = {"bad": 1}
    job["steps"][0] = {"with": {"x": 1}}  # neither uses nor run
    assert len(violations(document)) >= 1
