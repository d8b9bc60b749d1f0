"""Example requests and responses are valid against the spec (checked with openapi-core)."""

from __future__ import annotations

import json
import urllib.parse

import pytest
from openapi_core.testing import MockRequest, MockResponse

from specgen.generate.examples import example_request, example_response, is_json
from specgen.spec.loader import load_spec
from specgen.spec.openapi_core import openapi_for
from tests.conftest import ROOT

SPECS = [
    "user-service.yaml",
    "order-service/openapi.yaml",
    "payment-service.yaml",
    "notification-service.yaml",
]


@pytest.mark.parametrize("spec", SPECS)
def test_examples_validate_with_openapi_core(spec: str) -> None:
    api = load_spec(ROOT / "specs" / spec)
    openapi = openapi_for(api)
    url = api.servers[0].default_url
    parts = urllib.parse.urlsplit(url)
    host = f"{parts.scheme}://{parts.netloc}" if parts.netloc else "http://localhost"
    for op in api.operations:
        req = example_request(api, op)
        assert req == example_request(api, op)  # deterministic
        body = (
            json.dumps(req.body).encode()
            if req.has_body and req.media_type and is_json(req.media_type)
            else None
        )
        if req.has_body and body is None:
            body = urllib.parse.urlencode(req.body).encode()
        headers = dict(req.headers)
        for scheme in api.security_schemes.values():
            if scheme.location == "header" and scheme.parameter_name:
                headers[scheme.parameter_name] = "key"
        headers["Authorization"] = "Bearer token"
        request = MockRequest(
            host,
            op.method.lower(),
            api.base_path + req.path,
            args=dict(req.query),
            headers=headers,
            data=body,
            content_type=req.media_type or "application/json",
        )
        errors = [str(e) for e in openapi.iter_request_errors(request)]
        assert not errors, (op.key, errors)
        for response in op.responses:
            ex = example_response(api, response)
            if not ex.has_body or not ex.media_type or not is_json(ex.media_type):
                continue
            mock = MockResponse(
                json.dumps(ex.body).encode(),
                status_code=ex.status,
                headers=dict(ex.headers),
                content_type=ex.media_type,
            )
            errors = [str(e) for e in openapi.iter_response_errors(request, mock)]
            assert not errors, (op.key, response.status, errors)
