"""JUnit XML report, for CI systems: one testsuite, one testcase per operation."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence

from specgen.findings import NO_OPERATION, Finding, Severity, group_by_operation

# Characters XML 1.0 cannot carry, even as references, plus CR (which parsers turn into LF).
_NOT_XML = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` with characters XML 1.0 cannot carry replaced by ``\\xNN``/``\\uNNNN``."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _NOT_XML.sub(escape, text)


def _describe(finding: Finding) -> str:
    """Multi-line plain-text description of one finding."""
    loc = finding.location
    source = " ".join(part for part in (loc.source_file, loc.source_pointer) if part)
    fields = [
        ("expected", finding.expected),
        ("actual", finding.actual),
        ("spec", loc.spec_pointer),
        ("source", source or None),
        ("interaction", loc.interaction),
        *finding.details,
    ]
    head = f"{finding.severity.value} {finding.code}: {finding.message}"
    return "\n".join(
        [head, *(f"  {label}: {value}" for label, value in fields if value is not None)]
    )


def _testcase(suite_name: str, name: str, findings: Sequence[Finding]) -> ET.Element:
    case = ET.Element("testcase", {"classname": xml_safe(suite_name), "name": xml_safe(name)})
    errors = [f for f in findings if f.severity is Severity.ERROR]
    others = [f for f in findings if f.severity is not Severity.ERROR]
    if errors:
        # One <failure> per testcase: the JUnit schema allows only one, and some CI tools
        # show only the first. It lists every error finding of the operation.
        codes = list(dict.fromkeys(f.code for f in errors))
        failure = ET.SubElement(
            case,
            "failure",
            {
                "type": xml_safe(", ".join(codes)),
                "message": xml_safe("; ".join(f.message for f in errors)),
            },
        )
        failure.text = xml_safe("\n\n".join(_describe(f) for f in errors))
    if others:
        ET.SubElement(case, "system-out").text = xml_safe("\n\n".join(_describe(f) for f in others))
    return case


def render_junit(
    findings: Iterable[Finding], *, suite_name: str, cases: Sequence[str] | None = None
) -> str:
    """Render findings as JUnit XML (UTF-8 declaration, trailing newline).

    Each operation is a testcase: the names in ``cases`` in their order (passing unless they
    have findings), then operations with findings in name order, then findings without an
    operation under ``(no operation)``. A testcase with error findings fails; warnings and
    info go to its ``<system-out>``.
    """
    grouped = dict(group_by_operation(findings))
    names = list(dict.fromkeys(cases or ()))
    names += [op for op in grouped if op is not None and op not in names]
    by_name: dict[str, list[Finding]] = {name: list(grouped.get(name, [])) for name in names}
    if None in grouped:
        by_name.setdefault(NO_OPERATION, []).extend(grouped[None])
    testcases = [_testcase(suite_name, name, items) for name, items in by_name.items()]
    failures = sum(1 for case in testcases if case.find("failure") is not None)
    suite = ET.Element(
        "testsuite",
        {
            "name": xml_safe(suite_name),
            "tests": str(len(testcases)),
            "failures": str(failures),
            "errors": "0",
            "skipped": "0",
        },
    )
    suite.extend(testcases)
    ET.indent(suite, space="  ")
    body = ET.tostring(suite, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
