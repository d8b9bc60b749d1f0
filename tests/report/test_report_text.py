"""Behaviour of the text renderer and the report format registry."""

from __future__ import annotations

import re

import pytest

from specgen.errors import UsageError
from specgen.findings import Finding, Location, Severity
from specgen.report import FORMATS, RENDERERS, ReportContext, get_renderer, render_text
from specgen.report.text import safe_text, summary_line

ANSI = re.compile("\x1b\\[")

FINDINGS = [
    Finding(
        code="request.body.incompatible",
        severity=Severity.ERROR,
        message="Request body is incompatible with the schema",
        location=Location(
            operation="POST /users",
            spec_pointer="/paths/~1users/post/requestBody",
            source_file="web-app.json",
            source_pointer="/interactions/2/request/body",
            interaction="create a user",
        ),
        expected="object",
        actual="array",
        details=(("schema", "#/components/schemas/User"),),
    ),
    Finding(
        code="response.status.unknown",
        severity=Severity.ERROR,
        message="Status 418 is not defined",
        location=Location(operation="GET /users/{id}"),
    ),
    Finding(
        code="response.header.unknown",
        severity=Severity.WARNING,
        message="Header X-Trace is not in the spec",
        location=Location(operation="GET /users/{id}"),
    ),
]


def render(findings: list[Finding], **kwargs: object) -> str:
    return render_text(findings, title="specgen check: api.yaml vs web-app.json", **kwargs)  # type: ignore[arg-type]


def test_text_contains_title_codes_messages_and_locations() -> None:
    out = render(FINDINGS)
    assert out.startswith("specgen check: api.yaml vs web-app.json\n")
    for finding in FINDINGS:
        assert finding.code in out
        assert finding.message in out
    for part in (
        "expected: object",
        "actual: array",
        "spec: /paths/~1users/post/requestBody",
        "source: web-app.json /interactions/2/request/body",
        "interaction: create a user",
        "schema: #/components/schemas/User",
    ):
        assert part in out


def test_text_groups_by_operation_in_order() -> None:
    out = render(FINDINGS)
    assert out.count("GET /users/{id}\n") == 1
    assert out.index("GET /users/{id}\n") < out.index("POST /users\n")
    assert out.index("response.status.unknown") < out.index("response.header.unknown")


def test_findings_without_operation_come_last() -> None:
    extra = Finding("spec.note", Severity.INFO, "spec-wide", Location())
    out = render([extra, *FINDINGS])
    assert out.index("POST /users") < out.index("(no operation)") < out.index("spec-wide")


def test_summary_line_counts_per_severity() -> None:
    out = render(FINDINGS)
    assert out.endswith("2 errors, 1 warning, 0 info\n")


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((0, 0, 0), "0 errors, 0 warnings, 0 info"),
        ((1, 1, 1), "1 error, 1 warning, 1 info"),
        ((2, 3, 4), "2 errors, 3 warnings, 4 info"),
    ],
)
def test_summary_line_plurals(counts: tuple[int, int, int], expected: str) -> None:
    assert summary_line(dict(zip(Severity, counts, strict=True))) == expected


def test_no_findings_says_so() -> None:
    out = render([])
    assert "No findings." in out
    assert out.endswith("0 errors, 0 warnings, 0 info\n")


def test_plain_output_has_no_ansi_or_trailing_spaces_and_fits_width() -> None:
    out = render(FINDINGS, width=60)
    assert not ANSI.search(out)
    assert all(line == line.rstrip() for line in out.splitlines())
    assert max(len(line) for line in out.splitlines()) <= 60


def test_color_output_has_ansi_styles() -> None:
    assert ANSI.search(render(FINDINGS, color=True))


def test_output_ignores_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = render(FINDINGS)
    for name, value in {
        "FORCE_COLOR": "1",
        "TTY_COMPATIBLE": "1",
        "COLUMNS": "20",
        "LINES": "3",
        "TERM": "dumb",
        "NO_COLOR": "1",
    }.items():
        monkeypatch.setenv(name, value)
    assert render(FINDINGS) == expected


def test_output_does_not_depend_on_input_order() -> None:
    assert render(FINDINGS) == render(list(reversed(FINDINGS)))


def test_special_characters_are_shown_safely() -> None:
    nasty = Finding(
        code="x.y",
        severity=Severity.ERROR,
        message="a <b> & 'c' \"d\" [bold]not markup[/bold] :smile: ünïcødé ✓ 漢字",
        location=Location(operation="GET /\x1b[2J\u202eevil"),
        expected="tab\there\x07bell\rcr\x00nul\x9bcsi",
    )
    out = render([nasty], width=200)
    assert nasty.message in out
    assert "GET /\\x1b[2J\\u202eevil" in out
    assert "tab\\x09here\\x07bell\\x0dcr\\x00nul\\x9bcsi" in out
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]", out)


def test_safe_text_keeps_newlines_and_printable_text() -> None:
    assert safe_text("a\nb ü") == "a\nb ü"
    assert safe_text("\x1b\u2028") == "\\x1b\\u2028"


# --- format registry -------------------------------------------------------------------


def test_formats_and_renderers() -> None:
    assert FORMATS == ("text", "json", "junit")
    assert tuple(RENDERERS) == FORMATS
    ctx = ReportContext(
        title="suite", tool_version="0.1.0", subject={"spec": "a.yaml"}, cases=["GET /x"]
    )
    outputs = {name: get_renderer(name)(FINDINGS, ctx) for name in FORMATS}
    assert outputs["text"] == render_text(FINDINGS, title="suite")
    assert outputs["json"].startswith('{\n  "specgen": "0.1.0"')
    assert '<testcase classname="suite" name="GET /x" />' in outputs["junit"]


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="choose from text, json, junit"):
        get_renderer("html")
