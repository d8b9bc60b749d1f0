"""The matrix as a report: a consumer x provider table of verdicts, then the findings.

Text puts the table above the usual findings report; JSON adds a ``pairs`` list to the
usual document; JUnit has a testcase per pair and operation (findings are labelled with
their pair), so a pair without findings is a passing testcase.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from specgen.check.matrix import Pair
from specgen.findings import Severity
from specgen.report import RENDERERS, ReportContext
from specgen.report.text import safe_text

_NONE = "-"


def cell(pair: Pair) -> str:
    """One cell: the verdict and counts."""
    errors, warnings = pair.count(Severity.ERROR), pair.count(Severity.WARNING)
    if pair.verdict == "no spec":
        return "NO SPEC"
    if pair.verdict == "no pacts":
        return "no pacts"
    counts = ", ".join(
        part
        for part in (
            f"{errors} error{'s' * (errors != 1)}" if errors else "",
            f"{warnings} warning{'s' * (warnings != 1)}" if warnings else "",
        )
        if part
    )
    head = "ok" if pair.compatible else "FAIL"
    return f"{head} ({counts})" if counts else head


def matrix_table(pairs: Sequence[Pair]) -> str:
    """Consumers down, providers across, a verdict in each cell."""
    consumers = sorted({p.consumer for p in pairs if p.consumer})
    providers = sorted({p.provider for p in pairs})
    cells = {(p.consumer, p.provider): cell(p) for p in pairs}
    rows = [["consumer \\ provider", *providers]]
    for consumer in consumers:
        rows.append([consumer, *(cells.get((consumer, prov), _NONE) for prov in providers)])
    unused = [p.provider for p in pairs if not p.consumer]
    widths = [max(len(safe_text(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(safe_text(v).ljust(w) for v, w in zip(r, widths, strict=True)).rstrip()
        for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if unused:
        lines.append("")
        lines.append("no pact names: " + ", ".join(safe_text(u) for u in sorted(set(unused))))
    return "\n".join(lines) + "\n"


def pairs_json(pairs: Sequence[Pair]) -> list[dict[str, object]]:
    """The pairs as JSON-ready dicts, in matrix order."""
    return [
        {
            "consumer": p.consumer or None,
            "provider": p.provider,
            "spec": p.spec_file,
            "pacts": list(p.pact_files),
            "verdict": p.verdict,
            "errors": p.count(Severity.ERROR),
            "warnings": p.count(Severity.WARNING),
        }
        for p in pairs
    ]


def render_matrix(pairs: Sequence[Pair], fmt: str, ctx: ReportContext) -> str:
    """The matrix report in format ``fmt`` (text, json or junit)."""
    findings = [f for p in pairs for f in p.findings]
    if fmt == "json":
        document = json.loads(RENDERERS["json"](findings, ctx))
        document["pairs"] = pairs_json(pairs)
        return json.dumps(document, indent=2, ensure_ascii=True, allow_nan=False) + "\n"
    if fmt == "junit":
        cases = [p.label for p in pairs if p.consumer and not p.findings]
        return RENDERERS["junit"](findings, replace_cases(ctx, cases))
    return matrix_table(pairs) + "\n" + RENDERERS["text"](findings, ctx)


def replace_cases(ctx: ReportContext, cases: Sequence[str]) -> ReportContext:
    """``ctx`` listing ``cases`` as its testcases."""
    return ReportContext(ctx.title, ctx.tool_version, ctx.subject, cases, ctx.width, ctx.color)
