"""Each fuzz check against a small provider with that one bug, and the same provider
without it: the bug is found (deduplicated, with its cause), the clean app gives nothing."""

from __future__ import annotations

from typing import Any

import pytest
from things_app import SPEC, make_app

import specgen
from specgen.findings import Finding
from specgen.probe.checks import select_checks
from specgen.probe.credentials import Credentials
from specgen.probe.runner import FuzzResult, fuzz
from specgen.probe.session import FuzzOptions
from specgen.probe.targets import Target


def run(app: Any, *, checks: str = "all", only: tuple[str, ...] = (), **options: Any) -> FuzzResult:
    api = specgen.load_spec_data(SPEC)
    settings = {"max_examples": 15, "shrink_budget": 30, **options}
    return fuzz(
        api,
        Target("/api", app=app),
        [op for op in api.operations if not only or op.operation_id in only],
        spec="things.yaml",
        checks=select_checks([checks]),
        options=FuzzOptions(**settings),
    )


def codes(findings: list[Finding]) -> set[tuple[str | None, str]]:
    return {(f.location.operation, f.code) for f in findings}


def test_clean_app_gives_no_findings() -> None:
    result = run(make_app())
    assert result.findings == []
    assert result.sent > 100


CREATE, GET, DELETE, LIST = "createThing", "getThing", "deleteThing", "listThings"


@pytest.mark.parametrize(
    ("bug", "only", "expected"),
    [
        ("crash", (CREATE,), (CREATE, "fuzz.server-error")),
        ("teapot", (LIST,), (LIST, "fuzz.status-undeclared")),
        ("text", (LIST,), (LIST, "fuzz.content-type-undeclared")),
        ("schema", (CREATE, GET), (GET, "fuzz.response-schema")),
        ("no-location", (CREATE,), (CREATE, "fuzz.response-header")),
        ("undeleted", (CREATE, GET, DELETE), (GET, "fuzz.use-after-delete")),
        ("strict", (CREATE,), (CREATE, "fuzz.positive-data-rejected")),
        ("lenient", (CREATE,), (CREATE, "fuzz.negative-data-accepted")),
    ],
)
def test_each_bug_is_found_by_its_check(
    bug: str, only: tuple[str, ...], expected: tuple[str, str]
) -> None:
    result = run(make_app(frozenset({bug})), only=only)
    found = codes(result.findings)
    assert expected in found
    assert found <= {expected}, f"{bug}: unexpected {found - {expected}}"


def test_findings_are_deduplicated_and_carry_their_evidence() -> None:
    result = run(make_app(frozenset({"crash"})), checks="server-error", only=(CREATE,))
    [finding] = result.findings
    details = finding.detail_map
    assert finding.severity == "error"
    assert (
        details["cause"]
        == "500 text/plain Unhandled exception in the app: RuntimeError: size # overflows the shelf"
    )
    assert details["curl"].startswith("curl -sS -i -X POST ")
    assert '"size": 10' in details["curl"]
    assert int(details["seen"]) >= 1
    assert finding.location.spec_pointer == "/paths/~1things/post"


def test_response_time_only_with_a_limit() -> None:
    slow = make_app(frozenset({"slow"}))
    quick = {"checks": "response-time", "only": (LIST,), "max_examples": 3, "coverage": False}
    assert run(slow, **quick).findings == []
    result = run(slow, **quick, max_response_time=0.01)
    assert {f.code for f in result.findings} == {"fuzz.response-time"}
    assert all(f.severity == "warning" for f in result.findings)


def test_excluded_checks_do_not_run() -> None:
    api = specgen.load_spec_data(SPEC)
    quiet = fuzz(
        api,
        Target("/api", app=make_app(frozenset({"teapot"}))),
        [op for op in api.operations if op.operation_id == LIST],
        spec="things.yaml",
        checks=select_checks([], ["status-undeclared"]),
        options=FuzzOptions(max_examples=15),
    )
    assert quiet.sent > 20
    assert quiet.findings == []


def test_pact_interactions_are_sent_as_seeds(tmp_path: Any) -> None:
    import json

    from examples.providers.order_service import make_app
    from tests.conftest import ROOT

    pact = {
        "consumer": {"name": "Checkout"},
        "provider": {"name": "OrderService"},
        "interactions": [
            {
                "description": "an order for a legacy SKU",
                "request": {
                    "method": "POST",
                    "path": "/v1/orders",
                    "headers": {"Content-Type": "application/json"},
                    "body": {
                        "customerId": "usr_8f3k2m9q",
                        "currency": "EUR",
                        "items": [{"sku": "SKU-FUZZ-42", "quantity": 1}],
                        "shipping": {"method": "pickup", "storeId": "st_0042"},
                    },
                },
                "response": {"status": 201},
            }
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }
    (tmp_path / "checkout-orders.json").write_text(json.dumps(pact), encoding="utf-8")
    api = specgen.load_spec(ROOT / "specs" / "order-service" / "openapi.yaml")
    result = fuzz(
        api,
        Target("/v1", app=make_app(frozenset({"planted"}))),
        [op for op in api.operations if op.operation_id == "createOrder"],
        spec="orders.yaml",
        checks=select_checks(["server-error"]),
        options=FuzzOptions(max_examples=1, pacts=tmp_path, coverage=False, flows=False),
        credentials=Credentials(headers=(("Authorization", "Bearer t"),)),
    )
    [finding] = result.findings
    assert finding.detail_map["origin"] == "hypothesis/pact"
    assert '"sku": "SKU-FUZZ-42"' in finding.detail_map["curl"]
