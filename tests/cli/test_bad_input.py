"""Bad input: one line on stderr, exit 2, no traceback, within a second."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, minimal_spec

BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
)


def _assert_one_line_error(run: Run, *fragments: str) -> None:
    assert run.code == 2, (run.code, run.err)
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith("specgen: error: ")
    assert "Traceback" not in run.err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    assert run.seconds < 1.0 + 0.5  # a second, plus interpreter start under load
    assert run.out == ""


CASES: dict[str, tuple[Any, tuple[str, ...]]] = {
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00", ("binary content",)),
    "empty": ("   \n", ("empty file",)),
    "invalid_yaml": ("openapi: 3.0.0\ninfo: [unclosed\n", ("invalid YAML at line",)),
    "invalid_json.json": ('{"openapi": "3.0.0",', ("invalid JSON at line",)),
    "alias_bomb": (BOMB, ("alias bomb",)),
    "not_openapi": ({"hello": "world"}, ("not an OpenAPI document",)),
    "bad_version": ({"openapi": "4.0.0", "info": {}, "paths": {}}, (":/openapi:", "unsupported")),
    "no_paths": ({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}}, ("no 'paths'",)),
    "ref_cycle": (
        minimal_spec(
            components={
                "schemas": {
                    "User": {"$ref": "#/components/schemas/Other"},
                    "Other": {"$ref": "#/components/schemas/User"},
                }
            }
        ),
        ("$ref cycle",),
    ),
    "unresolvable_ref": (
        minimal_spec(components={"schemas": {}}),
        ("does not resolve", "#/components/schemas/User"),
    ),
    "remote_ref": (
        minimal_spec(components={"schemas": {"User": {"$ref": "https://example.com/user.yaml"}}}),
        ("remote $ref", "--allow-remote-refs", ":/components/schemas/User"),
    ),
    "missing_file_ref": (
        minimal_spec(components={"schemas": {"User": {"$ref": "./nowhere.yaml#/User"}}}),
        ("nowhere.yaml", "no such file"),
    ),
    "comment_only.yaml": ("# only a comment with * and &\n", ("not an OpenAPI object",)),
    "bad_server_url": (minimal_spec(servers=[{"url": "http://localhost:8[081/v1"}]),
                       (":/servers/0/url:", "not a valid URL")),
    "bad_operation": (
        minimal_spec(paths={"/x": {"get": "not an object"}}),
        (":/paths/~1x/get:", "must be an object"),
    ),
    "bad_parameter": (
        minimal_spec(
            paths={
                "/x": {
                    "get": {
                        "parameters": [{"name": "q"}],
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            }
        ),
        (":/paths/~1x/get/parameters/0:", "'in' must be"),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_one_line_exit_2(
    name: str, write: Callable[[str, Any], Path], cli: Callable[..., Run]
) -> None:
    content, fragments = CASES[name]
    filename = name if "." in name else f"{name}.yaml"
    path = write(filename, content)
    run = cli("inspect", str(path))
    if name.startswith("bad_") and name != "bad_version":
        # a broken operation is reported, the rest is listed: the listing goes to stdout
        assert run.code == 2 and "Traceback" not in run.err
        assert all(f in run.err for f in fragments), run.err
        return
    _assert_one_line_error(run, str(path), *fragments)


def test_missing_file(cli: Callable[..., Run], tmp_path: Path) -> None:
    _assert_one_line_error(cli("inspect", str(tmp_path / "nope.yaml")), "no such file")


def test_directory(cli: Callable[..., Run], tmp_path: Path) -> None:
    _assert_one_line_error(cli("inspect", str(tmp_path)), "is a directory")


def test_oversize_input_respects_the_limit(
    write: Callable[[str, Any], Path], cli: Callable[..., Run]
) -> None:
    path = write("big.yaml", minimal_spec())
    _assert_one_line_error(
        cli("inspect", "--max-spec-size", "100", str(path)), "more than the limit of 100 bytes"
    )
    env_run = cli("inspect", str(path), env={"SPECGEN_MAX_SPEC_BYTES": "100"})
    _assert_one_line_error(env_run, "more than the limit of 100 bytes")
    assert cli("inspect", "--max-spec-size", "100000", str(path)).code == 0


def test_debug_shows_a_traceback(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli("--debug", "inspect", str(tmp_path / "nope.yaml"))
    assert run.code != 0
    assert "Traceback" in run.err


def test_stdin(cli: Callable[..., Run]) -> None:
    run = cli(
        "inspect",
        "--format",
        "json",
        "-",
        stdin=b'{"openapi": "3.1.0", '
        b'"info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": '
        b'{"responses": {"200": {"description": "ok"}}}}}}',
    )
    assert run.code == 0, run.err
    assert '"path": "/a"' in run.out


def test_usage_error_exits_2(cli: Callable[..., Run]) -> None:
    run = cli("inspect", "--format", "xml", "x.yaml")
    assert run.code == 2
    assert "invalid choice" in run.err
