"""The example CI workflows parse, have jobs and steps, and every `specgen` command and
option they run exists in the CLI."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml

from specgen.cli import build_parser
from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / "examples" / "ci").glob("*.yml"))


def _specgen_calls(script: str) -> list[list[str]]:
    calls = []
    for line in script.replace("\\\n", " ").splitlines():
        line = line.strip()
        if line.startswith("specgen "):
            calls.append(shlex.split(line.split("|")[0].split("&&")[0])[1:])
    return calls


def _subparsers() -> dict[str, object]:
    parser = build_parser()
    for action in parser._actions:  # argparse keeps subcommands here
        if action.__class__.__name__ == "_SubParsersAction":
            return dict(action.choices)  # type: ignore[attr-defined]
    return {}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_valid_and_its_commands_exist(workflow: Path) -> None:
    doc = yaml.safe_load(workflow.read_text())
    assert doc.get("name") and (doc.get("on") or doc.get(True))  # `on:` parses as True
    jobs = doc["jobs"]
    assert jobs
    subcommands = _subparsers()
    seen = 0
    for job in jobs.values():
        assert job.get("runs-on") and job.get("steps")
        for step in job["steps"]:
            assert "uses" in step or "run" in step, step
            for argv in _specgen_calls(step.get("run", "")):
                seen += 1
                command = argv[0]
                assert command in subcommands, (
                    f"{workflow.name}: specgen {command} is not a command"
                )
                parser = subcommands[command]
                known = {o for a in parser._actions for o in a.option_strings}  # type: ignore[attr-defined]
                for arg in argv[1:]:
                    if arg.startswith("-"):
                        assert arg.split("=")[0] in known, f"{workflow.name}: {command} {arg}"
    assert seen, f"{workflow.name} runs no specgen command"


def test_there_are_workflows() -> None:
    assert WORKFLOWS
