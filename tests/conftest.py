"""Shared fixtures: writing small specs to temporary files, running the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("PACT_DO_NOT_TRACK", "true")


def minimal_spec(**extra: Any) -> dict[str, Any]:
    """A small valid OpenAPI 3.0 document, with ``extra`` top-level fields merged in."""
    doc: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "Mini", "version": "1.0.0"},
        "paths": {
            "/users/{id}": {
                "get": {
                    "operationId": "getUser",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/User"}
                                }
                            },
                        },
                        "404": {"description": "missing"},
                    },
                }
            }
        },
        "components": {
            "schemas": {"User": {"type": "object", "properties": {"id": {"type": "string"}}}}
        },
    }
    doc.update(extra)
    return doc


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, Any], Path]:
    """Write text, or data as YAML/JSON by the file's suffix, under a temporary folder."""

    def _write(name: str, content: Any) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        elif name.endswith(".json"):
            path.write_text(json.dumps(content), encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
        return path

    return _write


@dataclass
class Run:
    """A finished CLI run."""

    code: int
    out: str
    err: str
    seconds: float


@pytest.fixture
def cli() -> Callable[..., Run]:
    """Run ``python -m specgen ARGS`` in a subprocess, as a user would."""

    def _run(
        *args: str,
        stdin: bytes | None = None,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> Run:
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "specgen", *args],
            input=stdin,
            capture_output=True,
            cwd=cwd or ROOT,
            env={**os.environ, **(env or {})},
            timeout=120,
        )
        return Run(
            proc.returncode, proc.stdout.decode(), proc.stderr.decode(), time.perf_counter() - start
        )

    return _run
