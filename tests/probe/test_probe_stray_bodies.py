"""Negative mode sends a few bodies, of unexpected content types, to operations that take
none: a provider that crashes on them is found (with a reproducer that sends the body
again); one that ignores or refuses them is not reported (neither is outside the spec)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import bodiless_app
import pytest

import specgen
from specgen.probe.checks import select_checks
from specgen.probe.runner import FuzzResult, fuzz
from specgen.probe.session import FuzzOptions
from specgen.probe.strategies import Generator
from specgen.probe.stray_bodies import BODIES, stray_bodies
from specgen.probe.targets import Target


def run(app: Any, **options: Any) -> FuzzResult:
    api = specgen.load_spec_data(bodiless_app.SPEC)
    settings = {"max_examples": 5, "shrink_budget": 10, **options}
    return fuzz(
        api,
        Target("/api", app=app),
        api.operations,
        spec="status.json",
        checks=select_checks(["all"]),
        options=FuzzOptions(**settings),
    )


def test_a_crash_on_a_stray_body_is_a_server_error_with_a_replaying_reproducer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(bodiless_app.crashing)
    assert {(f.location.operation, f.code) for f in result.findings} == {
        ("getStatus", "fuzz.server-error")
    }
    # one per media type: the crash message names it, so each is a crash of its own
    assert len(result.findings) == len(BODIES)
    [details] = [f.detail_map for f in result.findings if "multipart" in f.detail_map["cause"]]
    assert details["origin"] == "hypothesis/stray-body"
    assert "'Content-Type: multipart/form-data'" in details["curl"]
    assert "--data-binary" in details["curl"]
    name = details["reproducer"]
    text = result.files[name]
    spec = tmp_path / "status.json"
    spec.write_text(json.dumps(bodiless_app.SPEC), encoding="utf-8")
    monkeypatch.setenv("SPECGEN_SPEC", str(spec))
    monkeypatch.setenv("SPECGEN_APP", "bodiless_app:crashing")
    namespace: dict[str, Any] = {}
    exec(compile(text, name, "exec"), namespace)
    assert namespace["DRAFT"]["media_type"] == "multipart/form-data"
    assert namespace["DRAFT"]["body"]
    test = namespace[name.removesuffix(".py")]
    with pytest.raises(AssertionError, match="server error 500"):
        test()
    monkeypatch.setenv("SPECGEN_APP", "bodiless_app:ignoring")
    test()  # passes once the provider is fixed


@pytest.mark.parametrize("app", [bodiless_app.ignoring, bodiless_app.refusing])
def test_an_ignored_or_refused_stray_body_is_no_finding(app: Any) -> None:
    result = run(app)
    assert result.findings == []
    summary = result.summaries[0]
    if app is bodiless_app.refusing:
        assert 415 in summary.statuses  # the stray bodies were sent and refused


def test_stray_bodies_only_in_negative_mode() -> None:
    assert run(bodiless_app.crashing, modes=("positive",)).findings == []


def test_stray_bodies_are_few_deterministic_and_sent_as_drafted() -> None:
    api = specgen.load_spec_data(bodiless_app.SPEC)
    [op] = api.operations
    base = specgen.load_spec_data(bodiless_app.SPEC)  # another load: same drafts
    first, again = stray_bodies(op, 0), stray_bodies(base.operations[0], 0)
    assert first == again
    assert 1 <= len(first) <= 3
    assert {d.origin for d in first} == {"stray-body"}
    assert any(d.media_type == "multipart/form-data" for d in first)
    generator = Generator(api, "/api")
    for draft in first:
        request = generator.render(draft)
        assert request.method == "GET"
        assert request.header("content-type") == draft.media_type
        assert request.body == draft.body.encode()
