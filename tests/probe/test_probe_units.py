"""The pure parts of the probe: drafts, shrinking, the byte decoder, leaf schemas, the
comparison-operand dictionary, credentials and redaction, curl commands, check selection."""

from __future__ import annotations

import os
import random
import subprocess
import types
from typing import Any

import pytest
from things_app import SPEC

import specgen
from specgen.errors import UsageError
from specgen.probe.checks import fingerprint, select_checks
from specgen.probe.credentials import Credentials, Redactor, env_name
from specgen.probe.decoder import SEPARATOR, build, harvest
from specgen.probe.flows import resource_flows
from specgen.probe.leaves import fits, leaves
from specgen.probe.messages import Draft, ProbeRequest, ProbeResponse
from specgen.probe.minted import minted_fields, minted_parameters
from specgen.probe.reproducers import curl_command, pytest_file, reproducer_name, shell_secrets
from specgen.probe.shrink import shrink
from specgen.probe.strategies import Generator
from specgen.probe.validation import path_parameters
from tests.conftest import ROOT

ORDERS = specgen.load_spec(ROOT / "specs" / "order-service" / "openapi.yaml")
THINGS = specgen.load_spec_data(SPEC)
ORDER_BODY = {
    "customerId": "usr_8f3k2m9q",
    "currency": "EUR",
    "items": [{"sku": "BK-ENG-0042", "quantity": 2}],
    "shipping": {"method": "pickup", "storeId": "st_0042"},
}


def order_draft(**body: Any) -> Draft:
    return Draft(
        "POST /orders", body={**ORDER_BODY, **body}, has_body=True, media_type="application/json"
    )


def test_drafts_and_requests_round_trip_through_json() -> None:
    draft = Draft("POST /x", {"id": 1}, {"q": ["a", "b"]}, body=b"\x00\xff", has_body=True)
    assert Draft.from_json(draft.to_json()) == draft
    request = ProbeRequest("POST", "/x", "a=1", (("A", "b"),), b"\x00\xff")
    assert ProbeRequest.from_json(request.to_json()) == request
    assert request.target == "/x?a=1" and request.header("a") == "b"


def test_shrink_finds_a_local_minimum() -> None:
    draft = Draft("POST /x", body={"a": 100, "b": "long text", "c": [1, 2, 3]}, has_body=True)
    fails = lambda d: isinstance(d.body, dict) and d.body.get("a", 0) >= 5  # noqa: E731
    small, attempts = shrink(draft, fails, budget=200)
    assert small.body == {"a": 5}
    assert attempts <= 200
    unchanged, _ = shrink(draft, lambda d: False, budget=10)
    assert unchanged == draft


def test_render_applies_style_base_path_and_credentials() -> None:
    gen = Generator(
        ORDERS, "/v1", credentials={"GET /orders": ((("Authorization", "Bearer s"),), (), ())}
    )
    op = ORDERS.operation("listOrders")
    assert op is not None
    draft = Draft(op.key, query={"customerId": "usr_8f3k2m9q", "status": "paid,shipped"})
    request = gen.render(draft)
    assert (request.method, request.path) == ("GET", "/v1/orders")
    assert request.query == "customerId=usr_8f3k2m9q&status=paid%2Cshipped"
    assert request.header("authorization") == "Bearer s"
    assert gen.render(draft, with_credentials=False).header("authorization") is None


def test_cursor_like_parameters_are_minted() -> None:
    op = ORDERS.operation("listOrders")
    assert op is not None
    assert minted_parameters(ORDERS, op) == {("query", "cursor")}
    notifications = specgen.load_spec(ROOT / "specs" / "notification-service.yaml")
    unsubscribe = notifications.operation("unsubscribe")
    assert unsubscribe is not None
    assert minted_fields(notifications, unsubscribe) == {("body", "token")}


def test_leaves_carry_their_schema_and_fits_checks_it() -> None:
    op = ORDERS.operation("createOrder")
    assert op is not None
    found = {path: nodes for path, _, nodes in leaves(ORDERS, op, order_draft())}
    sku = found[("body", ("items", 0, "sku"))]
    assert all(fits("SKU-FUZZ-42", n) for n in sku)
    assert not all(fits("sku fuzz", n) for n in sku)
    quantity = found[("body", ("items", 0, "quantity"))]
    assert all(fits(99, n) for n in quantity) and not all(fits(0, n) for n in quantity)
    store = found[("body", ("shipping", "storeId"))]  # the oneOf branch the value takes
    assert all(fits("st_0001", n) for n in store) and not all(fits("x", n) for n in store)
    assert fits(None, {"type": "string", "nullable": True})
    assert not fits(1.5, {"type": "integer"}) and fits(2.0, {"type": "integer"})
    assert not fits(5, {"exclusiveMaximum": 5}) and not fits(
        5, {"maximum": 5, "exclusiveMaximum": True}
    )


def test_decoder_overrides_leaves_only_with_values_that_fit() -> None:
    decoder = build(ORDERS, [("POST /orders", [order_draft()])])
    head = b"\x00\x00"
    assert decoder.decode(b"\x00") is None
    assert decoder.decode(head).body == ORDER_BODY
    magic = decoder.decode(head + SEPARATOR.join([b"", b"", b"SKU-FUZZ-42"]))
    assert magic is not None and magic.body["items"][0]["sku"] == "SKU-FUZZ-42"
    assert magic.origin == "fuzzer"
    refused = decoder.decode(head + SEPARATOR.join([b"not an id", b"eur"]))
    assert refused is not None and refused.body == ORDER_BODY
    [seed] = decoder.seed_inputs()
    assert decoder.decode(seed).body == ORDER_BODY


def test_mutate_puts_a_fitting_word_into_one_leaf() -> None:
    decoder = build(ORDERS, [("POST /orders", [order_draft()])])
    [seed] = decoder.seed_inputs()
    rng = random.Random(1)
    words = [b"SKU-FUZZ-42", b"lowercase words", b"7"]
    bodies = [decoder.decode(decoder.mutate(seed, rng, words) or seed) for _ in range(300)]
    skus = {b.body["items"][0]["sku"] for b in bodies if b is not None}
    assert "SKU-FUZZ-42" in skus
    assert all(b is not None and "lowercase words" not in str(b.body) for b in bodies)


def test_harvest_collects_comparison_operands(tmp_path: Any) -> None:
    source = tmp_path / "handlers_mod.py"
    source.write_text(
        'MAGIC = "SKU-FUZZ-42"\nNOT_COMPARED = "unused"\n'
        "def handle(sku, n, kind):\n"
        "    if sku == MAGIC or n >= 100 or kind in ('a', 'b'):\n"
        "        return 1\n"
        '    return "just a result"\n',
        encoding="utf-8",
    )
    module = types.ModuleType("handlers_mod")
    module.__file__ = str(source)
    exec(compile(source.read_text(), str(source), "exec"), vars(module))
    words = harvest([module])
    assert {b"SKU-FUZZ-42", b"100", b"a", b"b"} <= set(words)
    assert b"unused" not in words and b"just a result" not in words


def test_credentials_follow_each_operations_security() -> None:
    creds = Credentials.from_args(["X-Trace: 1"], "TOKEN", {"TOKEN": "s3cret"})
    op = ORDERS.operation("listOrders")
    assert op is not None
    headers, _query, _cookies = creds.for_operation(ORDERS, op)
    assert headers == (("X-Trace", "1"), ("Authorization", "Bearer s3cret"))
    payments = specgen.load_spec(ROOT / "specs" / "payment-service.yaml")
    secured = next(o for o in payments.operations if o.security)
    assert ("X-API-Key", "s3cret") in creds.for_operation(payments, secured)[0]
    line = Credentials.from_args([], "T", {"T": "X-Api-Key: abc"})
    assert line.for_operation(ORDERS, op)[0] == (("X-Api-Key", "abc"),)
    with pytest.raises(UsageError):
        Credentials.from_args([], "MISSING", {})


def test_redaction_placeholders_and_curl_quoting() -> None:
    creds = Credentials.from_args(["X-Api-Key: hdr-secret", "X-Trace: 1"], "T", {"T": "tok3n"})
    redact = creds.redactor()
    assert redact("a tok3n b hdr-secret 1") == "a ${T} b ${SPECGEN_HEADER_X_API_KEY} 1"
    assert Credentials.from_args([], "T", {"T": "abc"}).redactor()("abc") == "abc"  # too short
    assert not Redactor() and env_name("X-Api-Key") == "SPECGEN_HEADER_X_API_KEY"
    op = ORDERS.operation("listOrders")
    assert op is not None
    assert creds.display().for_operation(ORDERS, op)[0] == (
        ("X-Api-Key", "${SPECGEN_HEADER_X_API_KEY}"),
        ("X-Trace", "1"),
        ("Authorization", "Bearer ${T}"),
    )
    line = Credentials.from_args([], "L", {"L": "X-Key: v4lue"}).display()
    assert line.for_operation(ORDERS, op)[0] == (("X-Key", "${L#*: }"),)
    request = ProbeRequest(
        "POST",
        "/v1/x",
        "q=it's",
        (("Authorization", "Bearer ${T}"), ("X-Key", "${L#*: }")),
        b'{"a": "it\'s"}',
    )
    command = shell_secrets(curl_command(request, "http://127.0.0.1:1"))
    printed = subprocess.run(
        ["bash", "-c", command.replace("curl -sS -i", "printf '%s\\n'", 1)],
        capture_output=True,
        text=True,
        env={**os.environ, "T": "tok3n", "L": "X-Key: v4lue"},
        check=True,
    ).stdout.splitlines()
    assert printed == [
        "-X", "POST", "http://127.0.0.1:1/v1/x?q=it's",
        "-H", "Authorization: Bearer tok3n", "-H", "X-Key: v4lue",
        "--data-binary", '{"a": "it\'s"}',
    ]  # fmt: skip
    binary = curl_command(ProbeRequest("PUT", "/b", body=b"\x00\xff'"), None)
    assert "$'\\x00\\xff\\''" in binary and "SPECGEN_BASE_URL" in binary
    name = reproducer_name("createOrder", "fuzz.server-error", 2)
    assert name == "test_fuzz_server_error_createOrder_2"


def test_check_selection() -> None:
    assert set(select_checks()) == {c for c in select_checks(["all"])}
    assert list(select_checks(["server-error,fuzz.status-undeclared"])) == [
        "fuzz.server-error",
        "fuzz.status-undeclared",
    ]
    assert "fuzz.response-time" not in select_checks([], ["response-time"])
    with pytest.raises(UsageError, match="unknown check"):
        select_checks(["nope"])


def test_fingerprint_blurs_numbers_and_ids() -> None:
    one = ProbeResponse(500, (("Content-Type", "text/plain"),), b"order 3f6c1f2e8a4b failed at 12")
    two = ProbeResponse(500, (("Content-Type", "text/plain"),), b"order 9a8b7c6d5e4f failed at 7")
    assert fingerprint(one) == fingerprint(two) == "500 text/plain order # failed at #"


def test_path_parameters_and_resource_flows() -> None:
    op = THINGS.operation("getThing")
    assert op is not None
    assert path_parameters(op, "/api/things/a%2Fb", "/api") == {"thingId": "a/b"}
    [flow] = resource_flows(THINGS.operations)
    assert (flow.create.operation_id, flow.param) == ("createThing", "thingId")
    assert flow.delete is not None and flow.delete.operation_id == "deleteThing"
    assert flow.read is not None and flow.read.operation_id == "getThing"


def test_a_reproducer_finds_its_spec_through_specgen_spec(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A reproducer saved by CI runs in another checkout: SPECGEN_SPEC overrides the
    recorded absolute path."""
    text = pytest_file(
        name="test_x",
        summary="fuzz.server-error on x",
        curl="curl http://127.0.0.1/x",
        spec="/ci/runner/work/specs/api.yaml",
        target={"app": "m:app", "factory": False, "url": None, "base_path": ""},
        credentials={"auth_env": None, "headers": [], "secret_headers": []},
        check="fuzz.server-error",
        draft={"operation": "GET /x"},
        flow=None,
    )
    recorded: dict[str, Any] = {}
    exec(compile(text, "reproducer.py", "exec"), recorded)  # module level only
    assert recorded["SPEC"] == "/ci/runner/work/specs/api.yaml"
    monkeypatch.setenv("SPECGEN_SPEC", "specs/api.yaml")
    moved: dict[str, Any] = {}
    exec(compile(text, "reproducer.py", "exec"), moved)
    assert moved["SPEC"] == "specs/api.yaml"


def test_operation_servers_do_not_hide_a_routed_request() -> None:
    """Regression: only the top-level servers were replaced for openapi-core, so an
    operation or path item with its own absolute server made every request 'ServerNotFound'."""
    from specgen.probe.validation import Validator

    api = specgen.load_spec_data(
        {
            "openapi": "3.0.3",
            "info": {"title": "Servers", "version": "1"},
            "servers": [{"url": "https://api.example.com/v1"}],
            "paths": {
                "/files/{id}": {
                    "servers": [{"url": "https://files.example.com/store"}],
                    "get": {
                        "servers": [{"url": "https://cdn.example.com/"}],
                        "parameters": [
                            {"name": "id", "in": "path", "required": True,
                             "schema": {"type": "integer"}}
                        ],
                        "responses": {"200": {"description": "ok"}},
                    },
                }
            },
        }
    )
    op = api.operations[0]
    validator = Validator(api)
    assert validator.request_problems(op, ProbeRequest("GET", "/files/7"), "") == []
    wrong = validator.request_problems(op, ProbeRequest("GET", "/files/x"), "")
    assert [p.kind for p in wrong] == ["parameter"]
