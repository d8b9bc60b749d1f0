"""The operation model built from documents: parameters, responses, security, servers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from specgen.errors import SpecError
from specgen.spec.loader import load_spec, load_spec_data
from specgen.spec.model import Dialect, ParameterLocation
from tests.conftest import ROOT, minimal_spec

Write = Callable[[str, Any], Path]


def test_yaml_status_keys_and_dates_are_strings(write: Write) -> None:
    spec = write(
        "api.yaml",
        """
openapi: 3.0.3
info: {title: t, version: 1.0}
paths:
  /a:
    get:
      responses:
        200:
          description: ok
          content:
            application/json:
              example: {when: 2024-01-31}
""",
    )
    api = load_spec(spec)
    op = api.operations[0]
    assert op.statuses() == ("200",)
    assert op.responses[0].content[0].examples[0].value == {"when": "2024-01-31"}
    assert api.version == "1.0"


def test_parameters_merge_path_level_and_operation_level() -> None:
    doc = minimal_spec()
    item = doc["paths"]["/users/{id}"]
    item["parameters"] = [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
        {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
    ]
    item["get"]["parameters"].append(
        {
            "name": "tags",
            "in": "query",
            "style": "form",
            "explode": False,
            "schema": {"type": "array"},
        }
    )
    op = load_spec_data(doc).operations[0]
    assert [(p.location.value, p.name) for p in op.parameters] == [
        ("path", "id"),
        ("header", "X-Trace"),
        ("query", "tags"),
    ]
    assert op.parameter(ParameterLocation.PATH, "id").schema.raw == {"type": "string"}
    assert op.parameter(ParameterLocation.HEADER, "x-trace") is not None
    tags = op.parameter(ParameterLocation.QUERY, "tags")
    assert (tags.style, tags.explode, tags.required) == ("form", False, False)
    header = op.parameter(ParameterLocation.HEADER, "X-Trace")
    assert (header.style, header.explode) == ("simple", False)


def test_response_for_prefers_exact_then_range_then_default() -> None:
    doc = minimal_spec()
    doc["paths"]["/users/{id}"]["get"]["responses"].update(
        {"4XX": {"description": "client"}, "default": {"description": "other"}}
    )
    op = load_spec_data(doc).operations[0]
    assert op.statuses() == ("200", "404", "4XX", "default")
    assert op.response_for(404).status == "404"
    assert op.response_for(409).status == "4XX"
    assert op.response_for(500).status == "default"
    assert op.response_for(200).status == "200"


def test_security_is_inherited_unless_overridden() -> None:
    doc = minimal_spec(security=[{"bearer": []}])
    doc["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    doc["paths"]["/public"] = {"get": {"security": [], "responses": {"200": {"description": "ok"}}}}
    api = load_spec_data(doc)
    assert api.operation("getUser").security[0].schemes == (("bearer", ()),)
    assert api.operation("GET /public").security == ()
    assert api.security_schemes["bearer"].scheme == "bearer"


def test_server_base_paths_and_variables() -> None:
    doc = minimal_spec(
        servers=[
            {
                "url": "https://{host}/api/{version}",
                "variables": {
                    "host": {"default": "example.com"},
                    "version": {"default": "v2", "enum": ["v1", "v2"]},
                },
            }
        ]
    )
    api = load_spec_data(doc)
    assert api.servers[0].base_path == "/api/v2"
    found = api.match("GET", "/api/v2/users/7")
    assert found is not None and found.path_params == {"id": "7"}
    assert api.match("GET", "/users/7") is not None  # a path without the base path


def test_webhooks_and_callbacks(write: Write) -> None:
    doc = minimal_spec(
        openapi="3.1.0",
        webhooks={
            "newUser": {
                "post": {"operationId": "onNewUser", "responses": {"200": {"description": "ok"}}}
            }
        },
    )
    doc["paths"]["/users/{id}"]["get"]["callbacks"] = {
        "ping": {"{$request.query.url}": {"post": {"responses": {"204": {"description": "ok"}}}}}
    }
    api = load_spec_data(doc)
    assert api.dialect is Dialect.OAS31
    assert [op.operation_id for op in api.webhooks] == ["onNewUser"]
    callback = api.operation("getUser").callbacks[0]
    assert (callback.name, callback.expression) == ("ping", "{$request.query.url}")
    assert callback.operations[0].method == "POST"


def test_one_broken_operation_does_not_fail_the_others() -> None:
    doc = minimal_spec()
    doc["paths"]["/broken"] = {"get": {"responses": {"abc": {"description": "?"}}}}
    api = load_spec_data(doc)
    assert [op.operation_id for op in api.operations] == ["getUser"]
    assert len(api.problems) == 1
    assert api.problems[0].pointer == "/paths/~1broken/get/responses/abc"


def test_strict_mode_reports_structural_errors() -> None:
    doc = minimal_spec()
    doc["paths"]["/users/{id}"]["get"]["responses"]["200"].pop("description")
    assert load_spec_data(doc).operations  # lenient by default
    with pytest.raises(SpecError, match=r"invalid openapi-3\.0") as info:
        load_spec_data(doc, strict=True)
    assert info.value.pointer == "/paths/~1users~1{id}/get/responses/200"


@pytest.mark.parametrize(
    "spec",
    [
        "user-service.yaml",
        "order-service/openapi.yaml",
        "payment-service.yaml",
        "notification-service.yaml",
    ],
)
def test_demo_specs_load_cleanly_and_strictly(spec: str) -> None:
    api = load_spec(ROOT / "specs" / spec, strict=True)
    assert api.operations and not api.problems
    for op in api.operations:
        assert op.operation_id and op.responses
