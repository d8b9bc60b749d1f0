"""Machine-readable report: one deterministic JSON document."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from specgen.findings import Finding, count_by_severity, sort_findings


def render_json(
    findings: Iterable[Finding], *, tool_version: str, subject: Mapping[str, str]
) -> str:
    """Render findings as a JSON document with a trailing newline.

    The shape is ``{"specgen": VERSION, "subject": {...}, "summary": {"error": N,
    "warning": N, "info": N}, "findings": [Finding.to_dict(), ...]}``. Findings are in
    ``Finding.sort_key`` order, subject keys are sorted, and the output is ASCII (non-ASCII
    text is ``\\u``-escaped), so equal inputs give byte-identical output.
    """
    items = sort_findings(findings)
    document = {
        "specgen": tool_version,
        "subject": {key: subject[key] for key in sorted(subject)},
        "summary": {sev.value: n for sev, n in count_by_severity(items).items()},
        "findings": [finding.to_dict() for finding in items],
    }
    return json.dumps(document, indent=2, ensure_ascii=True, allow_nan=False) + "\n"
