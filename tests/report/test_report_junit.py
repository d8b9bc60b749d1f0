"""Behaviour of the JUnit renderer: parseable XML with the right cases and counts."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from specgen.findings import NO_OPERATION, Finding, Location, Severity
from specgen.report import render_junit
from specgen.report.junit import xml_safe

FINDINGS = [
    Finding(
        "request.body.incompatible",
        Severity.ERROR,
        "Request body is incompatible",
        Location(
            operation="POST /users",
            spec_pointer="/paths/~1users/post",
            source_file="web.json",
            source_pointer="/interactions/0/request/body",
            interaction="create a user",
        ),
        expected="object",
        actual="array",
    ),
    Finding(
        "response.header.unknown",
        Severity.WARNING,
        "Header X-Trace is not in the spec",
        Location(operation="GET /users/{id}"),
    ),
    Finding("spec.note", Severity.INFO, "spec-wide note"),
]


def parse(xml: str) -> ET.Element:
    return ET.fromstring(xml)


def cases_by_name(suite: ET.Element) -> dict[str, ET.Element]:
    return {case.attrib["name"]: case for case in suite.iter("testcase")}


def test_suite_counts_and_cases() -> None:
    out = render_junit(FINDINGS, suite_name="specgen check", cases=["DELETE /users/{id}"])
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuite ')
    assert out.endswith("</testsuite>\n")
    suite = parse(out)
    assert suite.tag == "testsuite"
    assert suite.attrib == {
        "name": "specgen check",
        "tests": "4",
        "failures": "1",
        "errors": "0",
        "skipped": "0",
    }
    names = [case.attrib["name"] for case in suite.iter("testcase")]
    assert names == ["DELETE /users/{id}", "GET /users/{id}", "POST /users", NO_OPERATION]
    assert {case.attrib["classname"] for case in suite.iter("testcase")} == {"specgen check"}


def test_errors_fail_and_warnings_go_to_system_out() -> None:
    cases = cases_by_name(parse(render_junit(FINDINGS, suite_name="s", cases=["PUT /x"])))
    failure = cases["POST /users"].find("failure")
    assert failure is not None
    assert failure.attrib == {
        "type": "request.body.incompatible",
        "message": "Request body is incompatible",
    }
    body = failure.text or ""
    for part in ("expected: object", "actual: array", "spec: /paths/~1users/post"):
        assert part in body
    assert "source: web.json /interactions/0/request/body" in body
    warning_case = cases["GET /users/{id}"]
    assert warning_case.find("failure") is None
    assert "Header X-Trace is not in the spec" in (warning_case.findtext("system-out") or "")
    assert "spec-wide note" in (cases[NO_OPERATION].findtext("system-out") or "")
    assert list(cases["PUT /x"]) == []  # passing: no children


def test_several_errors_in_one_operation_make_one_failure() -> None:
    op = Location(operation="GET /a")
    items = [
        Finding("b.code", Severity.ERROR, "second", op),
        Finding("a.code", Severity.ERROR, "first", op),
        Finding("a.code", Severity.ERROR, "third", op),
    ]
    suite = parse(render_junit(items, suite_name="s"))
    assert suite.attrib["tests"] == "1" and suite.attrib["failures"] == "1"
    failures = suite.findall("testcase/failure")
    assert len(failures) == 1
    assert failures[0].attrib["type"] == "a.code, b.code"
    assert failures[0].attrib["message"] == "first; third; second"


def test_empty_report_is_an_empty_suite() -> None:
    suite = parse(render_junit([], suite_name="s"))
    assert (suite.attrib["tests"], suite.attrib["failures"]) == ("0", "0")
    assert list(suite) == []


def test_duplicate_case_names_are_listed_once() -> None:
    suite = parse(render_junit([], suite_name="s", cases=["GET /a", "GET /a", "GET /b"]))
    assert [c.attrib["name"] for c in suite] == ["GET /a", "GET /b"]


def test_special_characters_survive() -> None:
    text = "<tag> & 'single' \"double\" ]]> ünïcødé ✓ 漢字 🚀\nline two"
    finding = Finding("x.y", Severity.ERROR, text, Location(operation=text), actual=text)
    suite = parse(render_junit([finding], suite_name=text))
    assert suite.attrib["name"] == text
    (case,) = suite
    assert case.attrib["name"] == text
    failure = case.find("failure")
    assert failure is not None
    assert failure.attrib["message"] == text
    assert f"actual: {text}" in (failure.text or "")


def test_control_characters_are_escaped_not_emitted() -> None:
    text = "nul\x00 esc\x1b bell\x07 cr\r fffe\ufffe"
    out = render_junit([Finding("x.y", Severity.ERROR, text)], suite_name="s")
    failure = parse(out).find("testcase/failure")
    assert failure is not None
    assert failure.attrib["message"] == "nul\\x00 esc\\x1b bell\\x07 cr\\x0d fffe\\ufffe"


def test_output_is_deterministic() -> None:
    first = render_junit(FINDINGS, suite_name="s", cases=["GET /z"])
    assert render_junit(list(reversed(FINDINGS)), suite_name="s", cases=["GET /z"]) == first


optional_text = st.none() | st.text(max_size=8)
findings = st.builds(
    Finding,
    code=st.text(min_size=1, max_size=10),
    severity=st.sampled_from(Severity),
    message=st.text(max_size=20),
    location=st.builds(Location, operation=st.none() | st.sampled_from(["GET /a", "POST /b"])),
    expected=optional_text,
    actual=st.text(max_size=8),
)


@settings(database=None, max_examples=200)
@given(st.lists(findings, max_size=8), st.lists(st.text(max_size=8), max_size=3))
def test_any_findings_give_parseable_xml_with_matching_counts(
    items: list[Finding], cases: list[str]
) -> None:
    suite = parse(render_junit(items, suite_name="s", cases=cases))
    names = list(dict.fromkeys(xml_safe(c) for c in cases))
    names += sorted({f.location.operation for f in items if f.location.operation} - set(cases))
    if any(f.location.operation is None for f in items) and NO_OPERATION not in names:
        names.append(NO_OPERATION)
    assert [c.attrib["name"] for c in suite] == names
    failing = {f.location.operation or NO_OPERATION for f in items if f.severity is Severity.ERROR}
    assert suite.attrib["tests"] == str(len(names))
    assert suite.attrib["failures"] == str(len(failing))
    assert len(suite.findall("testcase/failure")) == len(failing)
