"""PactFlow's comparator reads specgen-written pacts, v3 and v4 alike (and the opc helper works)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from specgen.pact import write_pact_json
from specgen.pact.model import (
    Body,
    BodyKind,
    Headers,
    HttpInteraction,
    Pact,
    ProviderState,
    Query,
    Request,
    Response,
)
from tests.support.opc import OpcError, codes, require_opc, run_opc

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Items", "version": "1"},
    "paths": {
        "/items": {
            "get": {
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                "responses": {
                    "2XX": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["id", "name"],
                                        "properties": {
                                            "id": {"type": "integer"},
                                            "name": {"type": "string"},
                                        },
                                    },
                                }
                            }
                        },
                    },
                    "default": {"description": "error"},
                },
            }
        }
    },
}
JSON = Headers({"Content-Type": ("application/json",)})


def _get(
    description: str, query: dict[str, tuple[str, ...]], status: int, body: object
) -> HttpInteraction:
    response_body = Body(BodyKind.PRESENT, body, "application/json") if body is not None else Body()
    return HttpInteraction(
        description,
        Request("GET", "/items", Query(query)),
        Response(status, JSON if body is not None else Headers(), response_body),
        provider_states=(ProviderState("items exist"),),
    )


PACT = Pact(
    "Web",
    "Items",
    "3.0.0",
    (
        _get("a subset of the promised fields", {"limit": ("2",)}, 200, [{"id": 1}]),
        _get("a field the spec does not promise", {}, 200, [{"id": 1, "colour": "red"}]),
        _get("an undeclared query parameter", {"debug": ("1",)}, 200, []),
        _get("a status only the default covers", {}, 503, None),
        HttpInteraction("an unknown path", Request("GET", "/things"), Response(200)),
    ),
)


@pytest.fixture
def opc_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    require_opc()
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(SPEC))
    v3, v4 = tmp_path / "v3.json", tmp_path / "v4.json"
    v3.write_text(write_pact_json(PACT, 3))
    v4.write_text(write_pact_json(PACT, 4))
    return spec, v3, v4


def test_results_per_pact_and_codes(opc_files: tuple[Path, Path, Path]) -> None:
    spec, v3, v4 = opc_files
    from_v3, from_v4 = run_opc(spec, [v3, v4])
    assert codes(from_v3) == [
        ("error", "request.path-or-method.unknown"),
        ("error", "response.body.incompatible"),
        ("warning", "request.query.unknown"),
        ("warning", "response.status.default"),
    ]
    assert [(r["code"], r["message"]) for r in from_v3] == [
        (r["code"], r["message"]) for r in from_v4
    ]
    extra = next(r for r in from_v3 if r["code"] == "response.body.incompatible")
    assert extra["message"].endswith("must NOT have additional properties - colour")
    assert extra["mockDetails"]["location"] == "[root].interactions[1].response.body.0"
    assert extra["mockDetails"]["interactionState"] == "[none]"  # opc reads v2 providerState only
    assert extra["specDetails"]["pathName"] == "/items"


def test_a_pact_opc_cannot_parse_is_an_error(
    opc_files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    spec, v3, _ = opc_files
    broken = tmp_path / "broken.json"
    broken.write_text(
        '{"interactions": [{"request": {"method": "GET"}, "response": {"status": 200}}]}'
    )
    with pytest.raises(OpcError, match="Malformed Pact file"):
        run_opc(spec, [broken, v3])
    assert run_opc(spec, []) == []
