"""Generated stubs served by a real WireMock keep the spec: spec-generated requests get the
success response, requests the spec rejects never get a 2xx, and every response validates
with openapi-core (status declared, headers, content type, body).

One WireMock (JVM) serves the stubs of all four demo specs, loaded from mapping files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from stubgen_support import (
    SPECS,
    WIREMOCK_UNMATCHED,
    Request,
    example,
    load,
    needs_java,
    request_errors,
    requests,
    response_errors,
    send,
    start_wiremock,
    success_status,
)

from specgen.generate.examples import preferred_media
from specgen.spec.model import ParameterLocation
from specgen.stubs import errors
from specgen.stubs.generate import generate_stubs
from specgen.stubs.wiremock import WireMock

pytestmark = [needs_java, pytest.mark.timeout(300)]
EXAMPLES_PER_SPEC = 300


@pytest.fixture(scope="module")
def wiremock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WireMock]:
    server = start_wiremock(tmp_path_factory.mktemp("stubs"))
    try:
        yield server
    finally:
        server.stop()


def check_conforms(spec: str, request: Request, wiremock: WireMock) -> tuple[int, str]:
    api = load(spec)
    reply = send(wiremock, api, request)
    assert WIREMOCK_UNMATCHED not in reply.body, (request, reply)
    problems = response_errors(api, request, reply)
    assert not problems, (request.op.key, reply.status, reply.stub, problems, reply.body[:300])
    return reply.status, reply.stub


@pytest.mark.parametrize("spec", SPECS)
def test_spec_generated_requests_get_the_success_response(wiremock: WireMock, spec: str) -> None:
    api = load(spec)
    ops = [op for op in api.operations if errors.success(op) is not None]
    seen: set[str] = set()
    # Every operation gets its share of the requests, so none goes untested by chance.
    per_operation = max(20, EXAMPLES_PER_SPEC // len(ops))

    for op in ops:

        @settings(
            max_examples=per_operation,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(requests(api, op))
        def check(request: Request) -> None:
            # openapi-core is the provider here: what it rejects is no valid request. It
            # disagrees with specgen's formats on a few calendar details (leap seconds).
            assume(not request_errors(api, request))
            status, stub = check_conforms(spec, request, wiremock)
            assert status == success_status(request.op), (request, stub)
            seen.add(request.op.key)

        check()
    assert seen == {op.key for op in ops}


def violations(spec: str) -> Iterator[tuple[str, Request]]:
    """Requests that break the spec, each from a valid example: a path parameter of the
    wrong pattern or type, a required query parameter left out, a required body property
    left out, a body of the wrong media type, no body where one is required."""
    api = load(spec)
    for op in api.operations:
        valid = example(api, op)
        for param in op.parameters:
            if param.location is ParameterLocation.PATH:
                for bad in ("not%20an%20id", "12345", "x"):
                    path = op.path.replace("{" + param.name + "}", bad)
                    yield f"{op.label}: path {param.name}={bad}", replace(valid, path=path)
            if param.location is ParameterLocation.QUERY and param.required:
                query = tuple(p for p in valid.query if p[0] != param.name)
                yield f"{op.label}: no query {param.name}", replace(valid, query=query)
            if param.location is ParameterLocation.HEADER and param.required:
                yield f"{op.label}: no header {param.name}", valid.without_header(param.name)
        media = preferred_media(op.request_body.content) if op.request_body else None
        if op.request_body and media and valid.body and valid.content_type:
            body = json.loads(valid.body) if "json" in valid.content_type else None
            for name in sorted(body) if isinstance(body, dict) else ():
                smaller = {k: v for k, v in body.items() if k != name}
                bad = replace(valid, body=json.dumps(smaller).encode())
                if request_errors(api, bad):  # `name` is required
                    yield f"{op.label}: body without {name}", bad
            headers = {**valid.headers, "Content-Type": "text/plain"}
            yield (
                f"{op.label}: text body",
                replace(valid, headers=headers, content_type="text/plain"),
            )
            if op.request_body.required:
                yield f"{op.label}: no body", replace(valid, body=None)


@pytest.mark.parametrize("spec", SPECS)
def test_requests_that_break_the_spec_never_succeed(wiremock: WireMock, spec: str) -> None:
    api = load(spec)
    checked = 0
    for label, request in violations(spec):
        if not request_errors(api, request):
            continue  # e.g. "12345" is a fine value for that parameter
        reply = send(wiremock, api, request)
        assert not 200 <= reply.status < 300, (label, reply.status, reply.stub)
        op = request.op
        documented = errors.invalid(op) or errors.not_found(op)
        if documented is not None:  # the spec's own error, never WireMock's 404
            assert WIREMOCK_UNMATCHED not in reply.body, label
            assert not response_errors(api, request, reply), label
            assert reply.stub.endswith(("-invalid", "-not-found")), (label, reply.stub)
        checked += 1
    assert checked >= 10


def test_path_parameters_pick_not_found_and_bodies_pick_invalid(wiremock: WireMock) -> None:
    api = load("user-service.yaml")
    update = api.operation("updateUser")
    assert update is not None
    valid = example(api, update)
    assert send(wiremock, api, valid).status == 200
    reply = send(wiremock, api, replace(valid, path="/users/nobody"))
    assert (reply.status, reply.stub) == (404, "updateUser-404-not-found")
    bad_body = replace(valid, body=b'{"unknown": 1}')
    reply = send(wiremock, api, bad_body)
    assert (reply.status, reply.stub) == (400, "updateUser-400-invalid")
    assert json.loads(reply.body)["status"] == 400  # problem details say what is served


@pytest.mark.parametrize("spec", SPECS)
def test_missing_credentials_get_the_documented_401(wiremock: WireMock, spec: str) -> None:
    api = load(spec)
    for op in api.operations:
        if not op.security or errors.unauthorized(op) is None:
            continue
        valid = example(api, op)
        for header in ("Authorization", "X-API-Key"):
            if header in valid.headers:
                bare = valid.without_header(header)
                status, stub = check_conforms(spec, bare, wiremock)
                assert status == 401, (op.key, stub)
                assert stub.endswith("-401-unauthorized")


@pytest.mark.parametrize("spec", SPECS)
def test_prefer_selects_each_documented_response(wiremock: WireMock, spec: str) -> None:
    api = load(spec)
    for op in api.operations:
        valid = example(api, op)
        for chosen in errors.selectable(op, errors.success(op)):
            request = replace(valid, headers={**valid.headers, "Prefer": f"code={chosen.status}"})
            status, stub = check_conforms(spec, request, wiremock)
            assert status == chosen.status, (op.key, stub)


def test_single_file_import_serves_the_same_stubs(wiremock: WireMock, tmp_path: Path) -> None:
    api = load("payment-service.yaml")
    stubs = generate_stubs(api)
    document = json.loads(stubs.write_document(tmp_path / "stubs.json").read_text())
    assert document == stubs.document()
    try:
        wiremock.reset()
        before = len(wiremock.mappings())
        # Same ids as the files: the import replaces them instead of adding copies.
        assert wiremock.import_mappings(document).accepted
        assert len(wiremock.mappings()) == before
        for op in api.operations:
            request = example(api, op)
            assert check_conforms("payment-service.yaml", request, wiremock)[0] == (
                success_status(op)
            )
    finally:
        wiremock.reset()  # back to the mapping files
