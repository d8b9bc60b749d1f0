"""Generated pacts against the reference providers, through the real Pact verifier (Rust core).

For every demo spec, in Pact v3 and v4: the faithful provider passes; a provider that gives a
required field the wrong type, leaves one out, or answers an undeclared status fails, each
for the reason planted. Error interactions made from triggers pass too.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from examples.providers import PROVIDERS
from specgen.pact.generate import GeneratedPact, generate_pact
from tests.support.pact_verifier import VerificationResult, verify_pact
from tests.support.servers import serve_wsgi

pytest.importorskip("pact")

#: The one precondition the payment spec does not state: only captured payments refund.
STATES: dict[str, dict[str, Any]] = {
    "payment": {
        "createRefund": {
            "name": "payment {paymentId} is captured",
            "params": {"paymentId": "{paymentId}", "status": "captured"},
        }
    }
}
#: The field each bug breaks (examples/providers/README.md, "Bugs for tests").
WRONG_TYPE = {"user": "$.name", "order": "$.customerId", "payment": "$.amount"}
MISSING = {"user": "status", "order": "paymentId", "payment": "capturedAmount"}
MISSING["notification"] = "channel"
WRONG_TYPE["notification"] = "$.recipient"


def _verify(generated: GeneratedPact, folder: Path, key: str, bugs: frozenset[str]) -> Any:
    path = generated.write(folder)
    provider = PROVIDERS[key]
    with serve_wsgi(provider.make_app(bugs)) as url:
        return verify_pact(
            path,
            url,
            provider_name=provider.title,
            states_url=f"{url}/_pact/provider-states",
            teardown=True,  # the providers reset their store: every interaction starts clean
        )


def _pact(key: str, version: int) -> GeneratedPact:
    provider = PROVIDERS[key]
    return generate_pact(
        provider.spec,
        consumer="Consumer",
        provider=provider.title,
        pact_spec=3 if version == 3 else 4,
        states=STATES.get(key),
    )


def _failures(result: VerificationResult) -> str:
    return "\n".join(f"{f.description}: {f.mismatches}" for f in result.failures())


@pytest.mark.parametrize("version", [3, 4])
@pytest.mark.parametrize("key", sorted(PROVIDERS))
def test_faithful_provider_passes(key: str, version: int, tmp_path: Path) -> None:
    generated = _pact(key, version)
    assert generated.interactions >= 4
    result = _verify(generated, tmp_path, key, frozenset())
    assert result.passed, _failures(result)
    assert len(result.interactions) == generated.interactions


@pytest.mark.parametrize("version", [3, 4])
@pytest.mark.parametrize("key", sorted(PROVIDERS))
def test_broken_providers_fail(key: str, version: int, tmp_path: Path) -> None:
    generated = _pact(key, version)
    wrong_type = _verify(generated, tmp_path, key, frozenset({"wrong-type"}))
    assert not wrong_type.passed
    lines = [m for f in wrong_type.failures() for m in f.mismatches]
    assert any(WRONG_TYPE[key] in m for m in lines), lines

    missing = _verify(generated, tmp_path, key, frozenset({"missing-field"}))
    assert not missing.passed
    lines = [m for f in missing.failures() for m in f.mismatches]
    assert any("missing the following keys: " + MISSING[key] in m for m in lines), lines

    status = _verify(generated, tmp_path, key, frozenset({"wrong-status"}))
    assert not status.passed
    lines = [m for f in status.failures() for m in f.mismatches]
    assert any(m.startswith("StatusMismatch") for m in lines), lines


def _user_spec_with_triggers(folder: Path) -> Path:
    """A copy of the user spec with an x-specgen-state on two error responses and a
    request example paired by name with a 400 example."""
    shutil.copytree(Path(PROVIDERS["user"].spec).parent, folder / "specs")
    path = folder / "specs" / "user-service.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    item = doc["paths"]["/users/{userId}"]["get"]["responses"]["404"]
    item["x-specgen-state"] = {
        "name": "no user usr_00000000 exists",
        "params": {"userId": "usr_00000000"},
    }
    post = doc["paths"]["/users"]["post"]
    post["responses"]["409"]["x-provider-state"] = {
        "name": "a user with e-mail {email} exists",
        "params": {"email": "taken@example.com"},
    }
    post["requestBody"]["content"]["application/json"]["examples"]["badEmail"] = {
        "value": {"email": "not-an-e-mail", "name": "Nobody"}
    }
    problem = post["responses"]["400"]["content"]["application/problem+json"]
    problem["examples"] = {"badEmail": {"value": problem.pop("example")}}
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("version", [3, 4])
def test_triggered_error_interactions_pass(version: int, tmp_path: Path) -> None:
    spec = _user_spec_with_triggers(tmp_path)
    generated = generate_pact(
        spec, consumer="Web", provider="UserService", pact_spec=3 if version == 3 else 4
    )
    by_description = {i.description: i for i in generated.pact.http_interactions}
    missing = by_description["getUser returns 404 (no user usr_00000000 exists)"]
    assert missing.request.path == "/api/v1/users/usr_00000000"
    taken = by_description["createUser returns 409 (a user with e-mail taken@example.com exists)"]
    assert taken.request.body.content["email"] == "taken@example.com"
    assert taken.provider_states[0].params is not None
    assert taken.provider_states[0].params.value == {"email": "taken@example.com"}
    bad = by_description["createUser returns 400 (badEmail)"]
    assert bad.request.body.content == {"email": "not-an-e-mail", "name": "Nobody"}
    skipped = {(s.operation, s.status) for s in generated.skipped}
    assert ("getUser", "404") not in skipped and ("getUser", "401") in skipped
    result = _verify(generated, tmp_path, "user", frozenset())
    assert result.passed, _failures(result)
    assert len(result.interactions) == 8


def test_the_pact_file_is_what_the_verifier_read(tmp_path: Path) -> None:
    generated = _pact("order", 4)
    path = generated.write(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert {i["type"] for i in data["interactions"]} == {"Synchronous/HTTP"}
    assert data["metadata"]["pactSpecification"] == {"version": "4.0"}
