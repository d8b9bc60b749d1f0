"""Behaviour of the JSON renderer: valid, sorted, deterministic, lossless."""

from __future__ import annotations

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from specgen.findings import Finding, Location, Severity, sort_findings
from specgen.report import render_json

optional_text = st.none() | st.text(max_size=10)
findings = st.builds(
    Finding,
    code=st.text(min_size=1, max_size=16),
    severity=st.sampled_from(Severity),
    message=st.text(max_size=30),
    location=st.builds(Location, operation=optional_text, source_pointer=optional_text),
    expected=optional_text,
    actual=optional_text,
    details=st.dictionaries(st.text(min_size=1, max_size=5), st.text(max_size=5), max_size=2).map(
        lambda d: tuple(d.items())
    ),
)

FINDINGS = [
    Finding("response.header.unknown", Severity.WARNING, "w", Location(operation="GET /a")),
    Finding("spec.note", Severity.INFO, "i"),
    Finding("request.body.incompatible", Severity.ERROR, "e2", Location(operation="POST /b")),
    Finding("request.body.incompatible", Severity.ERROR, "e1", Location(operation="GET /a")),
]
SUBJECT = {"spec": "api.yaml", "pact": "web-app.json", "consumer": "web"}


def render(items: list[Finding]) -> str:
    return render_json(items, tool_version="0.1.0", subject=SUBJECT)


def test_document_shape_and_summary() -> None:
    doc = json.loads(render(FINDINGS))
    assert list(doc) == ["specgen", "subject", "summary", "findings"]
    assert doc["specgen"] == "0.1.0"
    assert doc["summary"] == {"error": 2, "warning": 1, "info": 0 + 1}
    assert list(doc["summary"]) == ["error", "warning", "info"]
    assert list(doc["subject"]) == ["consumer", "pact", "spec"]
    assert doc["subject"] == SUBJECT


def test_findings_are_sorted_and_round_trip() -> None:
    doc = json.loads(render(FINDINGS))
    assert [f["message"] for f in doc["findings"]] == ["e1", "e2", "w", "i"]
    assert [Finding.from_dict(f) for f in doc["findings"]] == sort_findings(FINDINGS)


def test_output_is_indented_ascii_with_trailing_newline() -> None:
    out = render(FINDINGS)
    assert out.endswith("}\n") and not out.endswith("\n\n")
    assert out.startswith('{\n  "specgen": "0.1.0",\n')
    assert out.isascii()


def test_empty_report() -> None:
    doc = json.loads(render([]))
    assert doc["findings"] == []
    assert doc["summary"] == {"error": 0, "warning": 0, "info": 0}


def test_special_characters_survive() -> None:
    text = "<tag> & 'single' \"double\" \\ ünïcødé ✓ 漢字 🚀 \x00\x1b\u2028\t\r\n"
    finding = Finding("x.y", Severity.ERROR, text, Location(operation=text), actual=text)
    out = render([finding])
    assert "\x1b" not in out and "\x00" not in out
    assert Finding.from_dict(json.loads(out)["findings"][0]) == finding


def test_output_is_deterministic() -> None:
    assert render(FINDINGS) == render(list(reversed(FINDINGS)))
    reordered = dict(reversed(list(SUBJECT.items())))
    assert render_json(FINDINGS, tool_version="0.1.0", subject=reordered) == render(FINDINGS)


@settings(database=None, max_examples=200)
@given(st.lists(findings, max_size=6), st.randoms(use_true_random=False))
def test_any_findings_round_trip_through_json(items: list[Finding], rnd: random.Random) -> None:
    out = render(items)
    doc = json.loads(out)
    assert [Finding.from_dict(f) for f in doc["findings"]] == sort_findings(items)
    assert sum(doc["summary"].values()) == len(items)
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert render(shuffled) == out
