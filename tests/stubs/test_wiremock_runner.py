"""A real WireMock standalone (the jar from ``make npm-tools``) started, fed and stopped."""

from __future__ import annotations

import gc
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from specgen.errors import SpecgenError
from specgen.stubs.wiremock import (
    JAR_ENV,
    ToolNotFoundError,
    WireMock,
    WireMockError,
    find_java,
    find_wiremock_jar,
)

needs_java = pytest.mark.skipif(
    shutil.which("java") is None, reason="java is not installed: WireMock needs Java 11+"
)
HELLO = {
    "request": {"method": "GET", "url": "/hello"},
    "response": {"status": 200, "jsonBody": {"greeting": "hi"}},
}
BAD = {
    "request": {"method": "GET", "url": "/bad", "bodyPatterns": [{"nope": 1}]},
    "response": {"status": 200},
}


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@needs_java
@pytest.mark.timeout(60)
def test_serves_added_mappings_and_reports_refused_ones() -> None:
    with WireMock() as wiremock:
        assert wiremock.base_url == f"http://127.0.0.1:{wiremock.port}"
        assert wiremock.admin_url == f"{wiremock.base_url}/__admin"
        added = wiremock.add_mapping(HELLO)
        assert added.accepted and added.status == 201 and added.stub_id
        assert get(wiremock.port, "/hello") == (200, b'{"greeting":"hi"}')

        results = wiremock.add_mappings([BAD, {**HELLO, "bogus": 1}])
        assert [r.status for r in results] == [422, 422]
        assert [(e.pointer, e.detail) for e in results[0].errors] == [
            ("/request/bodyPatterns/0", '{"nope":1} is not a valid match operation')
        ]
        assert results[1].errors[0].pointer == "/bogus"
        assert "Unrecognized field" in results[1].errors[0].detail
        assert len(wiremock.mappings()) == 1

        # An import is all or nothing; the error points into the import document.
        refused = wiremock.import_mappings({"mappings": [HELLO, BAD]})
        assert not refused.accepted
        assert refused.errors[0].pointer == "/mappings/1/request/bodyPatterns/0"
        assert len(wiremock.mappings()) == 1
        # Half-given importOptions crash WireMock (500) unless completed for it.
        options = {"duplicatePolicy": "IGNORE"}
        assert wiremock.import_mappings({"mappings": [HELLO], "importOptions": options}).accepted

        assert get(wiremock.port, "/nowhere")[0] == 404
        assert [r["request"]["url"] for r in wiremock.requests()] == ["/nowhere", "/hello"]
        wiremock.reset()
        assert wiremock.mappings() == [] and wiremock.requests() == []


@needs_java
@pytest.mark.timeout(60)
def test_serves_the_mapping_files_of_its_root_dir(tmp_path: Path) -> None:
    (tmp_path / "mappings").mkdir()
    (tmp_path / "__files").mkdir()
    (tmp_path / "__files" / "note.txt").write_text("from a file")
    mapping = {"request": {"url": "/note"}, "response": {"status": 200, "bodyFileName": "note.txt"}}
    (tmp_path / "mappings" / "note.json").write_text(json.dumps(mapping))
    with WireMock(root_dir=tmp_path, request_journal=False) as wiremock:
        assert get(wiremock.port, "/note") == (200, b"from a file")
        with pytest.raises(WireMockError, match="request journal is off"):
            wiremock.requests()
        wiremock.reset()  # reloads the files
        assert get(wiremock.port, "/note")[0] == 200


@needs_java
@pytest.mark.timeout(60)
def test_a_bad_mapping_file_fails_the_start_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "mappings").mkdir()
    (tmp_path / "mappings" / "good.json").write_text(json.dumps(HELLO))
    (tmp_path / "mappings" / "broken.json").write_text(json.dumps(BAD))
    wiremock = WireMock(root_dir=tmp_path)
    with pytest.raises(WireMockError) as caught:
        wiremock.start()
    error = caught.value
    assert isinstance(error, SpecgenError)
    assert error.file is not None and error.file.endswith("broken.json")
    assert "MappingFileException" in str(error)
    assert "not a valid match operation" in str(error)
    assert "\tat " not in str(error)  # the Java stack is left out
    assert not group_alive(wiremock.pid)


@needs_java
@pytest.mark.timeout(60)
def test_a_taken_port_fails_the_start_clearly() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        wiremock = WireMock(port=taken.getsockname()[1])
        with pytest.raises(WireMockError, match="Failed to bind"):
            wiremock.start()
    assert not group_alive(wiremock.pid)


@needs_java
@pytest.mark.timeout(90)
def test_no_jvm_is_left_behind() -> None:
    with WireMock() as wiremock:
        pgid = wiremock.pid
        assert group_alive(pgid) and os.getpgid(pgid) == pgid
        assert wiremock.start_seconds is not None and wiremock.start_seconds < 30
    assert not group_alive(pgid)

    with pytest.raises(ZeroDivisionError), WireMock() as wiremock:
        pgid = wiremock.pid
        _ = 1 / 0
    assert not group_alive(pgid)

    forgotten = WireMock().start()
    pgid = forgotten.pid
    del forgotten
    gc.collect()
    assert not group_alive(pgid)


@needs_java
@pytest.mark.timeout(90)
def test_a_server_left_running_is_stopped_at_interpreter_exit() -> None:
    script = "from specgen.stubs.wiremock import WireMock\nw = WireMock().start()\nprint(w.pid)"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=80, check=True
    )
    assert not group_alive(int(done.stdout))


def test_a_jar_setting_pointing_nowhere_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(JAR_ENV, str(tmp_path / "missing.jar"))
    with pytest.raises(ToolNotFoundError) as caught:
        find_wiremock_jar()
    message = str(caught.value)
    assert isinstance(caught.value, SpecgenError) and "\n" not in message
    assert JAR_ENV in message and "npm install wiremock@3.13.2" in message
    assert "make npm-tools" in message
    with pytest.raises(ToolNotFoundError, match="is not a file"):
        WireMock(jar=tmp_path / "other.jar").start()


def test_the_jar_is_found_in_the_checkout(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(JAR_ENV, raising=False)
    jar = find_wiremock_jar(cwd=tmp_path)
    assert jar.name.startswith("wiremock-standalone-") and jar.suffix == ".jar"


def test_missing_java_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(ToolNotFoundError, match=r"java was not found .*Java 11 or newer"):
        find_java()
    with pytest.raises(ToolNotFoundError, match="java was not found"):
        WireMock().start()


def test_an_old_java_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "java"
    fake.write_text("#!/bin/sh\necho 'openjdk version \"1.8.0_392\"' >&2\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(ToolNotFoundError, match="is Java 8; WireMock needs Java 11 or newer"):
        find_java()
