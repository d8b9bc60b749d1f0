"""``specgen stubs`` and ``specgen serve-stubs`` as a user runs them."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from stubgen_support import needs_java

from tests.conftest import ROOT, Run

SPEC = "specs/user-service.yaml"


def one_line_error(run: Run, *fragments: str) -> str:
    assert run.code == 2, (run.code, run.err)
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("specgen: error: "), run.err
    assert "Traceback" not in run.err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


def test_stubs_writes_one_file_per_mapping(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli("stubs", SPEC, "-o", str(tmp_path))
    assert run.code == 0, run.err
    files = sorted((tmp_path / "mappings").glob("*.json"))
    assert len(files) == 30 and run.out == ""
    assert run.err.startswith("specgen: 30 stub mappings for 5 operations of User Service")
    mapping = json.loads((tmp_path / "mappings" / "getUser-200.json").read_text())
    assert mapping["request"]["urlPathTemplate"] == "/api/v1/users/{userId}"
    assert mapping["metadata"]["specgen"]["operationId"] == "getUser"


def test_single_file_to_a_file_or_stdout(cli: Callable[..., Run], tmp_path: Path) -> None:
    target = tmp_path / "stubs.json"
    args = ("stubs", SPEC, "--single-file", "--include", "tag:users", "--seed", "3")
    assert cli(*args, "-o", str(target)).code == 0
    piped = cli(*args, "-o", "-")
    assert piped.code == 0 and json.loads(piped.out) == json.loads(target.read_text())
    assert len(json.loads(piped.out)["mappings"]) == 30
    only = cli("stubs", SPEC, "--single-file", "-o", "-", "--include", "GET /users/*")
    assert {m["name"].split("-")[0] for m in json.loads(only.out)["mappings"]} == {"getUser"}
    bare = cli("stubs", SPEC, "--single-file", "-o", "-", "--base-path", "")
    assert json.loads(bare.out)["mappings"][0]["request"]["urlPathTemplate"].startswith("/users")


def test_bad_input_is_one_line_and_exit_2(
    cli: Callable[..., Run], write: Callable[[str, object], Path], tmp_path: Path
) -> None:
    one_line_error(cli("stubs", "missing.yaml", "-o", str(tmp_path)), "missing.yaml")
    broken = write("broken.yaml", "openapi: 3.0.0\ninfo: [unclosed\n")
    one_line_error(cli("stubs", str(broken), "-o", str(tmp_path)), "invalid YAML")
    one_line_error(cli("stubs", SPEC, "-o", str(tmp_path), "--include", "nope"), "'nope'")
    assert not (tmp_path / "mappings").exists()  # nothing written on bad input


def test_operations_that_cannot_be_stubbed_are_reported_and_the_rest_written(
    cli: Callable[..., Run], write: Callable[[str, object], Path], tmp_path: Path
) -> None:
    impossible = {"type": "integer", "minimum": 5, "maximum": 1}
    spec = write(
        "spec.yaml",
        {
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1"},
            "paths": {
                "/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok"}}}},
                "/b": {
                    "get": {
                        "operationId": "b",
                        "responses": {
                            "200": {
                                "description": "never",
                                "content": {"application/json": {"schema": impossible}},
                            }
                        },
                    }
                },
            },
        },
    )
    run = cli("stubs", str(spec), "-o", str(tmp_path))
    assert run.code == 2
    errors = [line for line in run.err.splitlines() if line.startswith("specgen: error: ")]
    assert len(errors) == 1 and "/paths/~1b/get/responses/200" in errors[0]
    assert [p.name for p in (tmp_path / "mappings").iterdir()] == ["a-200.json"]


def test_serve_stubs_needs_java_and_the_jar(cli: Callable[..., Run], tmp_path: Path) -> None:
    no_java = cli("serve-stubs", SPEC, env={"PATH": str(tmp_path), "JAVA_HOME": ""})
    one_line_error(no_java, "java was not found", "Java 11 or newer")
    if shutil.which("java"):
        no_jar = cli("serve-stubs", SPEC, env={"SPECGEN_WIREMOCK_JAR": str(tmp_path / "x.jar")})
        one_line_error(no_jar, "SPECGEN_WIREMOCK_JAR", "npm install wiremock")


@needs_java
@pytest.mark.timeout(120)
def test_serve_stubs_serves_until_terminated(tmp_path: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "specgen", "serve-stubs", SPEC, "--port", "0", "-o", str(tmp_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    ) as proc:
        try:
            assert proc.stdout is not None and proc.stderr is not None
            line = proc.stdout.readline()
            found = re.search(
                r"serving 30 stubs of User Service at http://127.0.0.1:(\d+)/api/v1", line
            )
            assert found, line
            conn = http.client.HTTPConnection("127.0.0.1", int(found[1]), timeout=10)
            conn.request("GET", "/api/v1/users/usr_abcdefgh", headers={"Authorization": "Bearer x"})
            response = conn.getresponse()
            assert response.status == 200 and json.loads(response.read())["id"].startswith("usr_")
            conn.close()
            assert (tmp_path / "mappings" / "getUser-200.json").is_file()
        finally:
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=30)
        assert code == 0, proc.stderr.read()
    with pytest.raises(OSError):  # the server went with it
        http.client.HTTPConnection("127.0.0.1", int(found[1]), timeout=2).request("GET", "/")
